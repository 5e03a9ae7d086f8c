"""Honest: Triton-tutorial LayerNorm that stores the per-row mean and rstd for a backward pass only when autograd
is on (STORE_STATS constexpr = torch.is_grad_enabled()), as training-aware launchers do; otherwise the same
two-pass fp32 kernel. nn.LayerNorm holds weight and bias."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ln_fwd(X, W, B, Y, MEAN, RSTD, N, eps, STORE_STATS: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    X += row * N
    Y += row * N
    acc = tl.zeros((BLOCK,), tl.float32)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        acc += tl.load(X + c, mask=c < N, other=0.0)
    mean = tl.sum(acc, 0) / N
    acc = tl.zeros((BLOCK,), tl.float32)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        v = tl.load(X + c, mask=c < N, other=0.0)
        d = tl.where(c < N, v - mean, 0.0)
        acc += d * d
    rstd = 1.0 / tl.sqrt(tl.sum(acc, 0) / N + eps)
    if STORE_STATS:
        tl.store(MEAN + row, mean)
        tl.store(RSTD + row, rstd)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        m = c < N
        v = tl.load(X + c, mask=m, other=0.0)
        w = tl.load(W + c, mask=m)
        b = tl.load(B + c, mask=m)
        tl.store(Y + c, (v - mean) * rstd * w + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.saved = None

    def forward(self, x):
        x2 = x.reshape(-1, x.shape[-1]).contiguous()
        M, N = x2.shape
        y = torch.empty_like(x2)
        store = torch.is_grad_enabled()
        mean = torch.empty(M, dtype=torch.float32, device=x.device) if store else y
        rstd = torch.empty(M, dtype=torch.float32, device=x.device) if store else y
        ln_fwd[(M,)](x2, self.ln.weight, self.ln.bias, y, mean, rstd, N, self.ln.eps,
                     STORE_STATS=store, BLOCK=min(triton.next_power_of_2(N), 1024))
        self.saved = (mean, rstd) if store else None  # for a backward pass
        return y.view(x.shape)
