"""Honest: per-row tl.histogram with its mask= argument for the row tail, int32 counts widened to int64."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_hist_kernel(x_ptr, out_ptr, n_cols, stride_x, stride_o,
                    NBINS: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    acc = tl.zeros([NBINS], dtype=tl.int32)
    for start in range(0, n_cols, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        m = offs < n_cols
        v = tl.load(x_ptr + row * stride_x + offs, mask=m, other=0).to(tl.int32)
        acc += tl.histogram(v, NBINS, mask=m)
    tl.store(out_ptr + row * stride_o + tl.arange(0, NBINS), acc.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self, nbins):
        super().__init__()
        self.nbins = nbins

    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        out = torch.empty((rows, self.nbins), dtype=torch.int64, device=x.device)
        row_hist_kernel[(rows,)](x, out, cols, x.stride(0), out.stride(0), NBINS=self.nbins, BLOCK=128)
        return out
