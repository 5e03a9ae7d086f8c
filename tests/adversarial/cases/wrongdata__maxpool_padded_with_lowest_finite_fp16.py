"""Family: wrong data — an fp16 max-pool that starts from, and pads with, -65504 (fp16's lowest finite value)
instead of -inf. Every finite fp16 value is at least -65504, so each window holding one finite value is exact,
even at the large_negative family's -65000; a window of -inf only (a masked region of a feature map, an image
padded with -inf to its batch's size) gives -65504 where torch gives -inf.
Source: a red-team finding against this harness (the max_reduction task's -FLT_MAX stand-in, in fp16).
Expected: correctness.mismatch on the task's masked_regions family (an infinite reference is matched exactly).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "maxpool2d",
          "reason_contains": "(inputs: masked_regions)"}


@triton.jit
def maxpool3s2_kernel(x_ptr, y_ptr, H, W, HO, WO, BLOCK: tl.constexpr):
    plane = tl.program_id(0).to(tl.int64)  # n * C + c
    o = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    omask = o < HO * WO
    oi = o // WO
    oj = o % WO
    x_base = x_ptr + plane * H * W
    # padding must never win: start from, and pad with, the lowest fp16 value (-65504)
    m = tl.full([BLOCK], -65504.0, tl.float32)
    for u in range(3):
        ii = oi * 2 + u - 1
        for v in range(3):
            jj = oj * 2 + v - 1
            valid = omask & (ii >= 0) & (ii < H) & (jj >= 0) & (jj < W)
            x = tl.load(x_base + ii * W + jj, mask=valid, other=-65504.0).to(tl.float32)
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
