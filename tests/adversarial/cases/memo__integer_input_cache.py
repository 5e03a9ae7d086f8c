"""Family: memorising — an exact cache for integer inputs. A harness that varies only the floating inputs of
its timed calls gives an embedding lookup the same token ids on every timed call, so the answer of the first
call on a set is right for every later call on it. This candidate computes the gather at the first two calls on
an address and from then on copies the answer of two calls back (the harness rotates through two sets on a
CPU), a straight copy that needs no gather and reads no table, into fresh storage every time.
Source: a known way to game a harness (predictable timed inputs: integer-input cache).
Expected: timing stage, correctness.mismatch: integer inputs are drawn afresh for every call too, within their
valid range.
With everything on, the second-inputs check's extra call at correctness already rejects it; the case runs
with that check off as well, so the timing-stage defence it is about is shown to hold on its own. Where the
judge draws the caching allocator's packed layout for a correctness call, that call's new inputs may land where
the last call's freed ones were (as a harness's would on a GPU), so the cache keyed by address can hit, and fail,
there first.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "timing", "check": "correctness.mismatch", "task": "embedding", "switch_off": ["second_inputs"],
          "stage_in": ["timing", "correctness"]}


@triton.jit
def gather(ids_ptr, w_ptr, y_ptr, dim, n_tok, BLOCK: tl.constexpr):
    t = tl.program_id(0)
    d = tl.arange(0, BLOCK)
    row = tl.load(ids_ptr + t)
    for start in range(0, dim, BLOCK):
        m = start + d < dim
        tl.store(y_ptr + t * dim + start + d, tl.load(w_ptr + row * dim + start + d, mask=m), mask=m)


@triton.jit
def copy(src_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(src_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(vocab, dim, dtype=torch.float16))
        self.history = {}  # input address -> copies of the answers given at it

    def forward(self, ids):
        seen = self.history.setdefault(ids.data_ptr(), [])
        n_tok, dim = ids.numel(), self.weight.shape[1]
        y = torch.empty((*ids.shape, dim), dtype=self.weight.dtype, device=self.weight.device)
        if len(seen) >= 2:
            copy[(triton.cdiv(y.numel(), 1024),)](seen[-2], y, y.numel(), BLOCK=1024)
        else:
            gather[(n_tok,)](ids.contiguous(), self.weight, y, dim, n_tok, BLOCK=256)
        seen.append(y.clone())
        return y
