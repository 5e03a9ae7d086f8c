"""Honest: AvgPool3d k3 s2 p1, three static_range loops."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _avg_pool3d_kernel(x_ptr, y_ptr, D, H, W, OD, OH, OW,
                       KS: tl.constexpr, ST: tl.constexpr, PD: tl.constexpr, BLOCK: tl.constexpr):
    plane = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    total = OD * OH * OW
    valid = offs < total
    ow = offs % OW
    oh = (offs // OW) % OH
    od = offs // (OW * OH)
    d0 = od * ST - PD
    h0 = oh * ST - PD
    w0 = ow * ST - PD
    x_base = x_ptr + plane * D * H * W
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for kd in tl.static_range(KS):
        di = d0 + kd
        okd = (di >= 0) & (di < D)
        for kh in tl.static_range(KS):
            hi = h0 + kh
            okh = okd & (hi >= 0) & (hi < H)
            for kw in tl.static_range(KS):
                wi = w0 + kw
                ok = valid & okh & (wi >= 0) & (wi < W)
                acc += tl.load(x_base + (di * H + hi) * W + wi, mask=ok, other=0.0).to(tl.float32)
    # count_include_pad=True: the window clipped to the padded extent
    dd = tl.minimum(d0 + KS, D + PD) - d0
    hh = tl.minimum(h0 + KS, H + PD) - h0
    ww = tl.minimum(w0 + KS, W + PD) - w0
    div = (dd * hh * ww).to(tl.float32)
    tl.store(y_ptr + plane * total + offs, (acc / div).to(y_ptr.dtype.element_ty), mask=valid)


class ModelNew(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C, D, H, W = x.shape
        k, s, p = self.kernel_size, self.stride, self.padding
        OD = (D + 2 * p - k) // s + 1
        OH = (H + 2 * p - k) // s + 1
        OW = (W + 2 * p - k) // s + 1
        y = torch.empty((N, C, OD, OH, OW), device=x.device, dtype=x.dtype)
        BLOCK = 512
        grid = (N * C, triton.cdiv(OD * OH * OW, BLOCK))
        _avg_pool3d_kernel[grid](x, y, D, H, W, OD, OH, OW, KS=k, ST=s, PD=p, BLOCK=BLOCK)
        return y
