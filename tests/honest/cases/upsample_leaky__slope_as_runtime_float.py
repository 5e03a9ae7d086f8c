"""Honest: nearest upsampling fused with a leaky ReLU whose slope is a runtime float argument, one flat index per
element. Source indices as torch computes them: floor(dst * (1 / scale)) in fp32, except where the output is
exactly twice the input, where torch takes dst // 2 whatever the scale factor (2.04 on 20 rows gives 40)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def _up_leaky(x_ptr, y_ptr, H, W, OH, OW, inv_scale_h, inv_scale_w, total, slope, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < total
    ow = offs % OW
    oh = (offs // OW) % OH
    plane = offs // (OW * OH)
    ih = tl.minimum((oh.to(tl.float32) * inv_scale_h).to(tl.int32), H - 1)
    iw = tl.minimum((ow.to(tl.float32) * inv_scale_w).to(tl.int32), W - 1)
    v = tl.load(x_ptr + plane * H * W + ih * W + iw, mask=m)
    tl.store(y_ptr + offs, tl.where(v >= 0, v, v * slope), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, scale_factor, negative_slope):
        x = x.contiguous()
        B, C, H, W = x.shape
        OH, OW = int(H * scale_factor), int(W * scale_factor)
        y = torch.empty((B, C, OH, OW), device=x.device, dtype=x.dtype)
        total = y.numel()
        # an output exactly twice the input is read at dst // 2 (a scale of 1/2), as torch's nearest does
        inv_h = 0.5 if OH == 2 * H else 1.0 / scale_factor
        inv_w = 0.5 if OW == 2 * W else 1.0 / scale_factor
        _up_leaky[(triton.cdiv(total, 1024),)](x, y, H, W, OH, OW, inv_h, inv_w, total,
                                               float(negative_slope), BLOCK=1024)
        return y
