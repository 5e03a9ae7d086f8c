"""Family: memorising — a cache keyed by the input's address, shape, version counter and first element: the
answer of the last call is copied back while they match. Every write the judge made at the same addresses went
through `copy_`, which counts a version, so the key never matched; a kernel writing a reused buffer, a CUDA
graph, or another library through DLPack writes without counting one, and the cache gives a stale answer
wherever the first element stays (a padding or BOS row).
Source: a red-team finding against this harness (CUDA-L1-style caching behind the version counter).
Expected: correctness.mismatch on the same-addresses trial's second call (a few rows changed), whose writes
keep the version counters half the time; or run.exception where the judge's calls are in inference mode from
the start (an inference tensor has no version counter to read).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "relu",
          "check_in": ["correctness.mismatch", "run.exception"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.memo_key = None
        self.memo_val = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n = x.numel()
        block = 4096
        key = (x.data_ptr(), tuple(x.shape), x._version, x.view(-1)[0].item())
        y = torch.empty_like(x)
        if key == self.memo_key:
            copy_kernel[(triton.cdiv(n, block),)](self.memo_val, y, n, BLOCK=block)
            return y
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)
        keep = torch.empty_like(x)
        copy_kernel[(triton.cdiv(n, block),)](y, keep, n, BLOCK=block)
        self.memo_key = key
        self.memo_val = keep
        return y
