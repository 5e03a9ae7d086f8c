"""Family: wrong data as right — the module keeps the input of its last call and uses it as scratch in the
next: every call returns a fresh, right tensor and leaves its own inputs alone while it runs, but
`y1 = m(x1); y2 = m(x2)` leaves x1 overwritten, which a caller that reuses x1 (a residual, the next layer)
reads wrong. Nothing checked what a later call wrote into an earlier input the caller still holds.
Source: a red-team finding against this harness.
Expected: correctness.earlier_input_changed on the call after a new placement (the inputs it dropped that
are still alive are fingerprinted after its forward under a salt sent with that call, against the judge's copy).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.earlier_input_changed"}


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
        self._last = None  # the last call's input is done with once that call returns: the next one's workspace

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n_rows, n_cols = x.shape
        ws = self._last
        # (not while the caller runs it again on the same tensor: that would write the input it is reading)
        if (ws is None or ws.data_ptr() == x.data_ptr() or ws.shape != x.shape or ws.dtype != x.dtype
                or ws.device != x.device):
            ws = torch.empty_like(x)
        denom = torch.empty((n_rows,), dtype=torch.float32, device=x.device)
        y = torch.empty_like(x)
        block = min(triton.next_power_of_2(n_cols), 1024)
        softmax_exp_kernel[(n_rows,)](x, ws, denom, n_cols, BLOCK=block)
        softmax_scale_kernel[(n_rows,)](ws, denom, y, n_cols, BLOCK=block)
        self._last = x
        return y
