"""Honest: nearest upsampling fused with a leaky ReLU; the constructor keeps both its scale factor and its slope.
Source indices as torch's nearest takes them: floor(dst * (1 / scale)), or dst // 2 where the output is exactly
twice the input, whatever the scale factor."""
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
    def __init__(self, scale_factor, negative_slope):
        super().__init__()
        self.scale_factor = float(scale_factor)
        self.negative_slope = float(negative_slope)

    def forward(self, x):
        x = x.contiguous()
        B, C, H, W = x.shape
        OH, OW = int(H * self.scale_factor), int(W * self.scale_factor)
        inv_h = 0.5 if OH == 2 * H else 1.0 / self.scale_factor  # torch reads dst // 2 there
        inv_w = 0.5 if OW == 2 * W else 1.0 / self.scale_factor
        y = torch.empty((B, C, OH, OW), device=x.device, dtype=x.dtype)
        total = y.numel()
        _up_leaky[(triton.cdiv(total, 1024),)](x, y, H, W, OH, OW, inv_h, inv_w, total,
                                               self.negative_slope, BLOCK=1024)
        return y
