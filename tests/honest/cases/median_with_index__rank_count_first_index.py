"""Honest: torch.median(x, dim=-1) values and indices, in Triton: one program per row computes each element's
rank (how many are smaller, how many equal) against the row in chunks, picks the lower median's value and the
first index holding it (NaN rows give NaN and the first NaN's index, as torch does)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_median_kernel(x_ptr, val_ptr, idx_ptr, n_cols, stride_x, BLOCK: tl.constexpr, CHUNK: tl.constexpr):
    row = tl.program_id(0)
    base = x_ptr + row.to(tl.int64) * stride_x
    offs = tl.arange(0, BLOCK)
    mask = offs < n_cols
    x = tl.load(base + offs, mask=mask, other=0.0)
    less = tl.zeros([BLOCK], dtype=tl.int32)
    same = tl.zeros([BLOCK], dtype=tl.int32)
    for j0 in range(0, n_cols, CHUNK):
        cj = j0 + tl.arange(0, CHUNK)
        cm = cj < n_cols
        y = tl.load(base + cj, mask=cm, other=0.0)
        lt = (y[None, :] < x[:, None]) & cm[None, :]
        eq = (y[None, :] == x[:, None]) & cm[None, :]
        less += tl.sum(lt.to(tl.int32), axis=1)
        same += tl.sum(eq.to(tl.int32), axis=1)
    k = (n_cols - 1) // 2
    pick = mask & (less <= k) & (k < less + same)
    first = tl.min(tl.where(pick, offs, BLOCK), axis=0)
    value = tl.sum(tl.where(offs == first, x, 0.0), axis=0)
    isnan = mask & (x != x)
    first_nan = tl.min(tl.where(isnan, offs, BLOCK), axis=0)
    has_nan = first_nan < BLOCK
    value = tl.where(has_nan, float("nan"), value)
    first = tl.where(has_nan, first_nan, first)
    tl.store(val_ptr + row, value)
    tl.store(idx_ptr + row, first.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        n = x.shape[-1]
        if n == 0:
            raise ValueError("median of an empty dimension")
        x2 = x.contiguous().view(-1, n)
        rows = x2.shape[0]
        values = torch.empty(rows, dtype=x.dtype, device=x.device)
        indices = torch.empty(rows, dtype=torch.int64, device=x.device)
        if rows:
            row_median_kernel[(rows,)](x2, values, indices, n, x2.stride(0),
                                       BLOCK=triton.next_power_of_2(n), CHUNK=64)
        return values.view(x.shape[:-1]), indices.view(x.shape[:-1])
