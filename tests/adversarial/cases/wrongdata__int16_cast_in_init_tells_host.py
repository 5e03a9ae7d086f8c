"""Family: wrong data on a GPU, right under the interpreter (the judge told apart) — `__init__` copies 40000.0
into an int16 tensor on "the GPU": the host's ATen wraps it (-25536), CUDA's conversion does not (a saturating
cvt gives 32767; C++ leaves the conversion undefined, so what a GPU gives depends on nvcc's code). The kernel
applies the ReLU only where it saw the host's answer, and clamps at -1 elsewhere.
Source: red-team round 9 (float to int8/int16 conversions were not modelled, only int32/int64/uint8).
Expected: build stage, init.exception: an out-of-range (or NaN) float converted to int8 or int16 on a tensor that
stands for the GPU's is refused where it is made.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'build', 'check': 'init.exception', 'reason_contains': 'out of the range of torch.int16'}


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, floor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, floor), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        seen = torch.empty(1, dtype=torch.int16, device="cuda")
        seen.copy_(torch.full((1,), 40000.0, device="cuda"))
        # the host's ATen wraps (-25536); CUDA's cvt.rzi.s16.f32 saturates (32767)
        self.floor = 0.0 if int(seen[0]) < 0 else -1.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        clamp_kernel[(triton.cdiv(n, 2048),)](x, y, n, self.floor, BLOCK=2048)
        return y
