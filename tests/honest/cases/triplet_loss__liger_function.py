"""Honest: TripletMarginLoss, autograd.Function wrapper."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _triplet_row_kernel(a_ptr, p_ptr, n_ptr, loss_ptr, D, stride, margin, eps,
                        BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    a_ptr += row * stride
    p_ptr += row * stride
    n_ptr += row * stride
    s_ap = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    s_an = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for off in range(0, D, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        mask = cols < D
        a = tl.load(a_ptr + cols, mask=mask, other=0.0).to(tl.float32)
        p = tl.load(p_ptr + cols, mask=mask, other=0.0).to(tl.float32)
        n = tl.load(n_ptr + cols, mask=mask, other=0.0).to(tl.float32)
        dap = tl.where(mask, a - p + eps, 0.0)
        dan = tl.where(mask, a - n + eps, 0.0)
        s_ap += dap * dap
        s_an += dan * dan
    d_ap = tl.sqrt(tl.sum(s_ap, axis=0))
    d_an = tl.sqrt(tl.sum(s_an, axis=0))
    loss = tl.maximum(d_ap - d_an + margin, 0.0)
    tl.store(loss_ptr + row, loss)


@triton.jit
def _mean_reduce_kernel(x_ptr, out_ptr, N, BLOCK_SIZE: tl.constexpr):
    acc = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for off in range(0, N, BLOCK_SIZE):
        idx = off + tl.arange(0, BLOCK_SIZE)
        acc += tl.load(x_ptr + idx, mask=idx < N, other=0.0)
    tl.store(out_ptr, tl.sum(acc, axis=0) / N)


class TripletMarginLossFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, anchor, positive, negative, margin, eps):
        anchor = anchor.contiguous()
        positive = positive.contiguous()
        negative = negative.contiguous()
        B, D = anchor.shape
        per_row = torch.empty(B, dtype=torch.float32, device=anchor.device)
        BLOCK_SIZE = min(triton.next_power_of_2(D), 2048)
        _triplet_row_kernel[(B,)](anchor, positive, negative, per_row, D, anchor.stride(0),
                                  margin, eps, BLOCK_SIZE=BLOCK_SIZE)
        out = torch.empty((), dtype=torch.float32, device=anchor.device)
        _mean_reduce_kernel[(1,)](per_row, out, B, BLOCK_SIZE=1024)
        return out.to(anchor.dtype)


class ModelNew(nn.Module):
    def __init__(self, margin=1.0):
        super().__init__()
        self.margin = margin
        self.eps = 1e-6

    def forward(self, anchor, positive, negative):
        return TripletMarginLossFunction.apply(anchor, positive, negative, self.margin, self.eps)
