"""Honest: LayerNorm whose forward computes under `with torch.no_grad():` (an inference-only kernel) and then marks
the output as requiring grad when the input does, keeping nn.LayerNorm as the holder of weight and bias. Guards
around the launch: torch.cuda.is_current_stream_capturing / is_initialized (both only read). Two-pass fp32
mean/variance per row."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ln_fwd(X, W, B, Y, N, eps, BLOCK: tl.constexpr):
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

    def forward(self, x):
        capturing = torch.cuda.is_available() and torch.cuda.is_initialized() and torch.cuda.is_current_stream_capturing()
        with torch.no_grad():
            x2 = x.detach().reshape(-1, x.shape[-1]).contiguous()
            y = torch.empty(x2.shape, dtype=x2.dtype, device=x2.device, requires_grad=False)
            N = x2.shape[1]
            BLOCK = 1024 if capturing else min(triton.next_power_of_2(N), 1024)
            ln_fwd[(x2.shape[0],)](x2, self.ln.weight, self.ln.bias, y, N, self.ln.eps, BLOCK=BLOCK)
        y = y.view(x.shape)
        if x.requires_grad:
            y.requires_grad_()
        return y
