"""Honest: 2-D max pooling with stride and padding on a 3-D grid (plane, output row, block of output columns:
tl.program_id(axis=2)), padding read as -inf through the load's other=, window loops unrolled with
tl.static_range, launch parameters computed by a module-level helper with math.ceil-free integer formulas."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


def pool_out_size(size: int, k: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - k) // stride + 1


@triton.jit
def max_pool2d_kernel(x_ptr, y_ptr, H, W, OH, OW,
                      KH: tl.constexpr, KW: tl.constexpr, STRIDE: tl.constexpr, PAD: tl.constexpr,
                      BLOCK_W: tl.constexpr):
    plane = tl.program_id(axis=0)
    oh = tl.program_id(axis=1)
    ow = tl.program_id(axis=2) * BLOCK_W + tl.arange(0, BLOCK_W)
    out_mask = ow < OW
    acc = tl.full((BLOCK_W,), float("-inf"), dtype=tl.float32)
    x_plane = x_ptr + plane.to(tl.int64) * H * W
    for kh in tl.static_range(KH):
        ih = oh * STRIDE - PAD + kh
        row_ok = (ih >= 0) & (ih < H)
        for kw in tl.static_range(KW):
            iw = ow * STRIDE - PAD + kw
            m = out_mask & row_ok & (iw >= 0) & (iw < W)
            v = tl.load(x_plane + ih * W + iw, mask=m, other=float("-inf"))
            acc = tl.maximum(acc, v)
    tl.store(y_ptr + plane.to(tl.int64) * OH * OW + oh * OW + ow, acc, mask=out_mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.kernel_size, self.stride, self.padding = 3, 2, 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C, H, W = x.shape
        OH = pool_out_size(H, self.kernel_size, self.stride, self.padding)
        OW = pool_out_size(W, self.kernel_size, self.stride, self.padding)
        y = torch.empty((N, C, OH, OW), device=x.device, dtype=x.dtype)
        BLOCK_W = max(16, min(128, triton.next_power_of_2(OW)))
        grid = (N * C, OH, triton.cdiv(OW, BLOCK_W))
        max_pool2d_kernel[grid](x, y, H, W, OH, OW, KH=self.kernel_size, KW=self.kernel_size, STRIDE=self.stride,
                                PAD=self.padding, BLOCK_W=BLOCK_W)
        return y
