"""Honest: MaxPool1d with dilation/padding, return_indices (first max, NaN wins)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def max_pool1d_idx_kernel(x_ptr, val_ptr, idx_ptr, L, L_OUT,
                          K: tl.constexpr, S: tl.constexpr, P: tl.constexpr, DIL: tl.constexpr,
                          BLOCK: tl.constexpr):
    plane = tl.program_id(0).to(tl.int64)
    o = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    om = o < L_OUT
    start = o * S - P
    best = tl.full([BLOCK], float("-inf"), tl.float32)
    best_i = tl.full([BLOCK], -1, tl.int64)
    for j in tl.static_range(K):
        pos = start + j * DIL
        ok = om & (pos >= 0) & (pos < L)
        v = tl.load(x_ptr + plane * L + pos, mask=ok, other=float("-inf")).to(tl.float32)
        # first maximum wins; a NaN always replaces (as PyTorch's kernels do)
        upd = ok & ((v > best) | (v != v) | (best_i < 0))
        best = tl.where(upd, v, best)
        best_i = tl.where(upd, pos.to(tl.int64), best_i)
    tl.store(val_ptr + plane * L_OUT + o, best.to(val_ptr.dtype.element_ty), mask=om)
    tl.store(idx_ptr + plane * L_OUT + o, best_i, mask=om)


class ModelNew(nn.Module):
    def __init__(self, kernel_size, stride, padding, dilation, return_indices):
        super().__init__()
        self.k = kernel_size
        self.s = stride if stride is not None else kernel_size
        self.p = padding
        self.d = dilation
        self.return_indices = return_indices

    def forward(self, x):
        x = x.contiguous()
        N, C, L = x.shape
        L_out = (L + 2 * self.p - self.d * (self.k - 1) - 1) // self.s + 1
        vals = torch.empty((N, C, L_out), device=x.device, dtype=x.dtype)
        idx = torch.empty((N, C, L_out), device=x.device, dtype=torch.int64)
        BLOCK = 128
        grid = (N * C, triton.cdiv(L_out, BLOCK))
        max_pool1d_idx_kernel[grid](x, vals, idx, L, L_out, K=self.k, S=self.s, P=self.p, DIL=self.d, BLOCK=BLOCK)
        if self.return_indices:
            return vals, idx
        return vals
