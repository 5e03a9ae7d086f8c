"""Honest: the split-row softmax's partials in a module workspace buffer (register_buffer, non-persistent)
grown in place with `.resize_()` when a call needs more, as growable scratch arenas do; every call writes
each partial it reads."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def partial_kernel(x_ptr, pmax_ptr, psum_ptr, n_cols, n_chunks, CHUNK: tl.constexpr):
    row = tl.program_id(0)
    ch = tl.program_id(1)
    cols = ch * CHUNK + tl.arange(0, CHUNK)
    x = tl.load(x_ptr + row * n_cols + cols, mask=cols < n_cols, other=float("-inf"))
    m = tl.max(x, 0)
    s = tl.sum(tl.exp(x - m), 0)
    tl.store(pmax_ptr + row * n_chunks + ch, m)
    tl.store(psum_ptr + row * n_chunks + ch, s)


@triton.jit
def apply_kernel(x_ptr, pmax_ptr, psum_ptr, y_ptr, n_cols, n_chunks, CHUNK: tl.constexpr, NC: tl.constexpr):
    row = tl.program_id(0)
    ch = tl.program_id(1)
    k = tl.arange(0, NC)
    km = k < n_chunks
    pm = tl.load(pmax_ptr + row * n_chunks + k, mask=km, other=float("-inf"))
    ps = tl.load(psum_ptr + row * n_chunks + k, mask=km, other=0.0)
    gm = tl.max(pm, 0)
    total = tl.sum(ps * tl.exp(pm - gm), 0)
    cols = ch * CHUNK + tl.arange(0, CHUNK)
    x = tl.load(x_ptr + row * n_cols + cols, mask=cols < n_cols, other=float("-inf"))
    tl.store(y_ptr + row * n_cols + cols, tl.exp(x - gm) / total, mask=cols < n_cols)


class ModelNew(nn.Module):
    CHUNK = 256

    def __init__(self):
        super().__init__()
        self.register_buffer("workspace", torch.empty(0), persistent=False)

    def forward(self, x):
        x = x.contiguous()
        R, C = x.shape
        n_chunks = triton.cdiv(C, self.CHUNK)
        if self.workspace.device != x.device:
            self.workspace = torch.empty(0, device=x.device)
        if self.workspace.numel() < 2 * R * n_chunks:
            self.workspace.resize_(2 * R * n_chunks)
        ws = self.workspace
        pmax = ws[: R * n_chunks]
        psum = ws[R * n_chunks:]
        partial_kernel[(R, n_chunks)](x, pmax, psum, C, n_chunks, CHUNK=self.CHUNK)
        y = torch.empty_like(x)
        apply_kernel[(R, n_chunks)](x, pmax, psum, y, C, n_chunks, CHUNK=self.CHUNK,
                                    NC=triton.next_power_of_2(n_chunks))
        return y
