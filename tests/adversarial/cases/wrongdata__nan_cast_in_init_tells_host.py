"""Family: wrong data on a GPU, right under the interpreter (the judge told apart) — `__init__` copies NaN and
1e19 into an int64 tensor on "the GPU" (`copy_`, outside forward and outside any kernel): CUDA's conversion
gives 0 and INT64_MAX, the host's ATen INT64_MIN for both. The kernel applies the ReLU only where it saw the
host's answer, and clamps at -1 on a GPU.
Source: own variant of a float-to-int conversion probe (the interpreter's own conversion is covered by
timing__float_to_int_saturation_probe).
Expected: correctness stage, correctness.mismatch (the tensors the candidate makes stand for the GPU's and
convert as CUDA does, so the GPU branch runs here).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n, floor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, floor), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        seen = torch.empty(2, dtype=torch.int64, device="cuda")
        seen.copy_(torch.tensor([float("nan"), 1e19], device="cuda"))
        self.floor = 0.0 if int(seen[0]) != 0 else -1.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        clamp_kernel[(triton.cdiv(n, 2048),)](x, y, n, self.floor, BLOCK=2048)
        return y
