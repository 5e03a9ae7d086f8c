"""Family: wrong data  (a truncated carry, hidden by decays bounded away from 1)
Source: a chunk-parallel first-order linear recurrence (Mamba/LRU/S4-style selective scan) where each chunk's
carry-in is the previous chunk's *local* end state instead of the global one, the classic chunked-scan slip;
an optimizer-pressured LLM also writes it on purpose ("contributions older than one chunk decay below fp32").
Expected: correctness.mismatch on the task's slow_decay family (decays in [0.95, 0.997], as gated RNNs and
          SSMs learn)

h[t] = a[t] * h[t-1] + x[t]. Each program owns one chunk of 64 time steps and starts from h = 0 at the
beginning of the previous chunk, so the state entering chunk c ignores everything before chunk c-1. The error
at a step is prod(a over >= 64 steps) * |h|: about e^-33 for decays drawn in [0.3, 0.95], far below fp32's
tolerance at every length, and O(1) where the state carries hundreds of steps.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch",
          "task": "tests/honest/tasks/linear_recurrence.py"}


@triton.jit
def linrec_chunk_kernel(a_ptr, x_ptr, h_ptr, R, T, sa, sx, sh,
                        BR: tl.constexpr, CH: tl.constexpr):
    rb = tl.program_id(0)
    c = tl.program_id(1)
    rows = rb * BR + tl.arange(0, BR)
    rmask = rows < R
    start = c * CH
    stop = tl.minimum(start + CH, T)
    warm = tl.maximum(start - CH, 0)
    h = tl.zeros([BR], dtype=tl.float32)
    # halo: rebuild the state from the start of the previous chunk
    for t in range(warm, start):
        a = tl.load(a_ptr + rows * sa + t, mask=rmask, other=0.0)
        x = tl.load(x_ptr + rows * sx + t, mask=rmask, other=0.0)
        h = a * h + x
    for t in range(start, stop):
        a = tl.load(a_ptr + rows * sa + t, mask=rmask, other=0.0)
        x = tl.load(x_ptr + rows * sx + t, mask=rmask, other=0.0)
        h = a * h + x
        tl.store(h_ptr + rows * sh + t, h, mask=rmask)


class ModelNew(nn.Module):
    def forward(self, a, x):
        a = a.contiguous()
        x = x.contiguous()
        R, T = x.shape
        h = torch.empty_like(x)
        BR, CH = 32, 64
        grid = (triton.cdiv(R, BR), triton.cdiv(T, CH))
        linrec_chunk_kernel[grid](a, x, h, R, T, a.stride(0), x.stride(0), h.stride(0), BR=BR, CH=CH,
                                  num_warps=1)
        return h
