"""Honest: dynamic persistent softmax: a fixed grid of programs takes rows from a global ticket counter with
tl.atomic_add. The counter is an int32 workspace cached in a module-level dict keyed by device, built lazily on the
first call and zeroed with torch's zero_() before every launch. Each row: online max/sum pass, then a normalise pass."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

_WORKSPACE = {}


def _ticket_counter(device):
    key = str(device)
    buf = _WORKSPACE.get(key)
    if buf is None:
        buf = torch.zeros(1, dtype=torch.int32, device=device)
        _WORKSPACE[key] = buf
    return buf


@triton.jit
def softmax_tickets(X, Y, CTR, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.atomic_add(CTR, 1)
    while row < n_rows:
        base = row.to(tl.int64) * n_cols
        m = tl.full((BLOCK,), float("-inf"), tl.float32)
        s = tl.zeros((BLOCK,), tl.float32)
        for st in range(0, n_cols, BLOCK):
            c = st + tl.arange(0, BLOCK)
            v = tl.load(X + base + c, mask=c < n_cols, other=float("-inf"))
            m_new = tl.maximum(m, v)
            alpha = tl.where(m_new == float("-inf"), 0.0, tl.exp(m - m_new))
            s = s * alpha + tl.where(v == float("-inf"), 0.0, tl.exp(v - m_new))
            m = m_new
        mx = tl.max(m, 0)
        tot = tl.sum(tl.where(m == float("-inf"), 0.0, s * tl.exp(m - mx)), 0)
        for st in range(0, n_cols, BLOCK):
            c = st + tl.arange(0, BLOCK)
            v = tl.load(X + base + c, mask=c < n_cols, other=float("-inf"))
            tl.store(Y + base + c, tl.exp(v - mx) / tot, mask=c < n_cols)
        row = tl.atomic_add(CTR, 1)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        ctr = _ticket_counter(x.device)
        ctr.zero_()
        n_prog = min(n_rows, 4)
        softmax_tickets[(n_prog,)](x, y, ctr, n_rows, n_cols, BLOCK=min(triton.next_power_of_2(n_cols), 1024))
        return y
