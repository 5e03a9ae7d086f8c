"""Family: memo (key that reads every element but is permutation-invariant)
Source: a "skip recomputation when the activation buffer did not change" cache, as an LLM adds to win the
        benchmark; the checksum (wrapping int64 sum of the elements' bit patterns) sees every element, so the
        judge's fresh refills of rows or single elements always miss it, but a buffer refilled with the same
        values in another order (a shuffled batch written into a reused input buffer) hits and returns the
        previous call's result
Expected: correctness.mismatch on the same-addresses trial's second call, where the judge in turn moves a
          floating input's own rows or elements instead of drawing new ones (judge._few_rows_changed, swap)

ReLU with a result cache keyed by (address, size, an exact checksum of every element computed in a kernel).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "relu"}

@triton.jit
def checksum_kernel(x_ptr, acc_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    bits = tl.load(x_ptr + offs, mask=m, other=0.0).to(tl.int32, bitcast=True).to(tl.int64)
    tl.atomic_add(acc_ptr, tl.sum(tl.where(m, bits, 0), axis=0))


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    tl.store(y_ptr + offs, tl.where(x > 0, x, 0.0), mask=m)


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m, other=0.0), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.cache = {}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n = x.numel()
        BLOCK = 1024
        grid = (triton.cdiv(n, BLOCK),)
        acc = torch.zeros(1, dtype=torch.int64, device=x.device)
        checksum_kernel[grid](x, acc, n, BLOCK=BLOCK)
        key = (x.data_ptr(), tuple(x.shape), int(acc.item()))
        y = torch.empty_like(x)
        hit = self.cache.get(key)
        if hit is not None:
            copy_kernel[grid](hit, y, n, BLOCK=BLOCK)
            return y
        relu_kernel[grid](x, y, n, BLOCK=BLOCK)
        keep = torch.empty_like(y)
        copy_kernel[grid](y, keep, n, BLOCK=BLOCK)
        self.cache = {key: keep}
        return y
