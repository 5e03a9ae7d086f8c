import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def dwconv3x3_kernel(x_ptr, w_ptr, b_ptr, y_ptr, C, H, W, BH: tl.constexpr, BW: tl.constexpr):
    plane = tl.program_id(0)  # n * C + c
    c = plane % C
    i = tl.program_id(1) * BH + tl.arange(0, BH)
    j = tl.program_id(2) * BW + tl.arange(0, BW)
    base = plane.to(tl.int64) * H * W
    acc = tl.zeros([BH, BW], tl.float32)
    for u in range(3):
        ii = i + u - 1
        for v in range(3):
            jj = j + v - 1
            m = (ii[:, None] >= 0) & (ii[:, None] < H) & (jj[None, :] >= 0) & (jj[None, :] < W)
            x = tl.load(x_ptr + base + ii[:, None] * W + jj[None, :], mask=m, other=0.0).to(tl.float32)
            wv = tl.load(w_ptr + c * 9 + u * 3 + v).to(tl.float32)
            acc += x * wv
    acc += tl.load(b_ptr + c).to(tl.float32)
    om = (i[:, None] < H) & (j[None, :] < W)
    tl.store(y_ptr + base + i[:, None] * W + j[None, :], acc.to(y_ptr.dtype.element_ty), mask=om)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, groups=channels,
                              bias=True, dtype=torch.float16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n, c, h, w = x.shape
        y = torch.empty_like(x)
        BH, BW = 16, 64
        grid = (n * c, triton.cdiv(h, BH), triton.cdiv(w, BW))
        dwconv3x3_kernel[grid](x, self.conv.weight.contiguous(), self.conv.bias, y, c, h, w, BH=BH, BW=BW)
        return y
