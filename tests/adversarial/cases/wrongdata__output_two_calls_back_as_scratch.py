"""Family: wrong data as right — the module keeps its outputs in a ring of two and uses the older one as
scratch: every call returns a fresh, right tensor, and the output of the call just before is left alone, but
`y1 = m(x1); y2 = m(x2); y3 = m(x3)` leaves y1 overwritten. A check of the previous call's outputs alone, one
call later, never sees it.
Source: double-buffered workspaces written one step further (a red-team variant of earlier_output_as_scratch).
Expected: correctness.earlier_output_changed on the third call of a run at one shape (every earlier output still
alive is fingerprinted after each forward under a salt sent with that call, against the judge's copy, for as long
as the candidate's process holds it).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.earlier_output_changed"}


@triton.jit
def softmax_exp_kernel(x_ptr, w_ptr, d_ptr, n_cols, BLOCK: tl.constexpr):
    # pass 1: row max; pass 2: e = exp(x - max) parked in the workspace, its sum kept per row
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    w_row = w_ptr + row * n_cols
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        m = tl.maximum(m, tl.load(x_row + start + cols, mask=mask, other=float("-inf")))
    row_max = tl.max(m, axis=0)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        e = tl.where(mask, tl.exp(x - row_max), 0.0)
        tl.store(w_row + start + cols, e, mask=mask)
        s += e
    tl.store(d_ptr + row, tl.sum(s, axis=0))


@triton.jit
def softmax_scale_kernel(w_ptr, d_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    d = tl.load(d_ptr + row)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        e = tl.load(w_ptr + row * n_cols + start + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * n_cols + start + cols, e / d, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._ring = []  # the last two outputs: the older is done with by now, the next call's workspace

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        ws = self._ring[0] if len(self._ring) == 2 else None
        if ws is None or ws.shape != x.shape or ws.dtype != x.dtype or ws.device != x.device:
            ws = torch.empty_like(x)
        denom = torch.empty((n_rows,), dtype=torch.float32, device=x.device)
        y = torch.empty_like(x)
        block = min(triton.next_power_of_2(n_cols), 1024)
        softmax_exp_kernel[(n_rows,)](x, ws, denom, n_cols, BLOCK=block)
        softmax_scale_kernel[(n_rows,)](ws, denom, y, n_cols, BLOCK=block)
        self._ring = (self._ring + [y])[-2:]
        return y
