import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def maxpool3s2_kernel(x_ptr, y_ptr, H, W, HO, WO, BLOCK: tl.constexpr):
    plane = tl.program_id(0).to(tl.int64)  # n * C + c
    o = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    omask = o < HO * WO
    oi = o // WO
    oj = o % WO
    x_base = x_ptr + plane * H * W
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    for u in range(3):
        ii = oi * 2 + u - 1
        for v in range(3):
            jj = oj * 2 + v - 1
            valid = omask & (ii >= 0) & (ii < H) & (jj >= 0) & (jj < W)
            x = tl.load(x_base + ii * W + jj, mask=valid, other=float("-inf")).to(tl.float32)
            m = tl.maximum(m, x)
    tl.store(y_ptr + plane * HO * WO + o, m.to(y_ptr.dtype.element_ty), mask=omask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n, c, h, w = x.shape
        ho = (h + 2 - 3) // 2 + 1
        wo = (w + 2 - 3) // 2 + 1
        y = torch.empty((n, c, ho, wo), dtype=x.dtype, device=x.device)
        block = 256
        maxpool3s2_kernel[(n * c, triton.cdiv(ho * wo, block))](x, y, h, w, ho, wo, BLOCK=block)
        return y
