"""Family: wrongdata — causal linear attention continuing from a carried state S0 (tests/honest/tasks/
linattn_state.py), which get_inputs gives as zeros (a fresh sequence). The candidate reads only S0's diagonal.
An all-zero square matrix was taken for a diagonal one, and the judge's moved values of that fixed input kept
its off-diagonal entries at zero.
Source: red-team review of the harness
Expected: correctness.mismatch (a matrix of one value is no structure, and a fixed input's moved values keep
none: loader.matrix_structure, judge._moved_value).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/linattn_state.py"}


@triton.jit
def linattn_row_kernel(q_ptr, k_ptr, v_ptr, s_ptr, o_ptr, T, D: tl.constexpr, BLOCK_S: tl.constexpr):
    row = tl.program_id(0)          # (b*h)*T + t
    bh = row // T
    t = row % T
    d = tl.arange(0, D)
    base = bh * T * D
    q = tl.load(q_ptr + base + t * D + d)
    acc = tl.zeros((D,), tl.float32)
    for s0 in range(0, t + 1, BLOCK_S):
        s = s0 + tl.arange(0, BLOCK_S)
        m = s <= t
        kk = tl.load(k_ptr + base + s[:, None] * D + d[None, :], mask=m[:, None], other=0.0)
        vv = tl.load(v_ptr + base + s[:, None] * D + d[None, :], mask=m[:, None], other=0.0)
        sc = tl.sum(kk * q[None, :], axis=1)
        acc += tl.sum(sc[:, None] * vv, axis=0)
    diag = tl.load(s_ptr + bh * D * D + d * D + d)
    tl.store(o_ptr + base + t * D + d, acc + q * diag)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k, v, state):
        q, k, v, state = q.contiguous(), k.contiguous(), v.contiguous(), state.contiguous()
        B, H, T, D = q.shape
        o = torch.empty_like(q)
        linattn_row_kernel[(B * H * T,)](q, k, v, state, o, T, D=D, BLOCK_S=32)
        return o
