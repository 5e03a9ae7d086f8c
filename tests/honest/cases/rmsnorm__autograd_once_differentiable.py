"""Honest: apex/xformers-style autograd.Function around a Triton RMSNorm: custom_fwd(device_type="cuda"),
ctx.set_materialize_grads(False), ctx.needs_input_grad, attributes stashed on ctx, a backward decorated
with torch.autograd.function.once_differentiable that launches its own kernel. fp32 statistics, the output
rounded to the input's fp16 once."""
# task: suite rmsnorm
import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.autograd.function import once_differentiable


@triton.jit
def rms_fwd(x_ptr, w_ptr, y_ptr, rstd_ptr, N, sx, sy, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    acc = tl.zeros((BLOCK,), tl.float32)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        v = tl.load(x_ptr + row * sx + c, mask=c < N, other=0.0).to(tl.float32)
        acc += v * v
    rstd = 1.0 / tl.sqrt(tl.sum(acc, 0) / N + eps)
    tl.store(rstd_ptr + row, rstd)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        m = c < N
        v = tl.load(x_ptr + row * sx + c, mask=m, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + c, mask=m, other=0.0).to(tl.float32)
        tl.store(y_ptr + row * sy + c, (v * rstd * w).to(tl.float16), mask=m)


@triton.jit
def rms_bwd_dx(dy_ptr, x_ptr, w_ptr, rstd_ptr, dx_ptr, N, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    c = tl.arange(0, BLOCK)
    m = c < N
    dy = tl.load(dy_ptr + row * N + c, mask=m, other=0.0).to(tl.float32)
    x = tl.load(x_ptr + row * N + c, mask=m, other=0.0).to(tl.float32)
    w = tl.load(w_ptr + c, mask=m, other=0.0).to(tl.float32)
    r = tl.load(rstd_ptr + row)
    g = dy * w
    dot = tl.sum(g * x, 0) / N
    tl.store(dx_ptr + row * N + c, (r * g - r * r * r * x * dot).to(tl.float16), mask=m)


class _RMSNorm(torch.autograd.Function):
    @staticmethod
    @torch.amp.custom_fwd(device_type="cuda")
    def forward(ctx, x, weight, eps):
        ctx.set_materialize_grads(False)
        x2 = x.reshape(-1, x.shape[-1])
        T, N = x2.shape
        y = torch.empty_like(x2)
        rstd = torch.empty(T, device=x.device, dtype=torch.float32)
        rms_fwd[(T,)](x2, weight, y, rstd, N, x2.stride(0), y.stride(0), eps, BLOCK=1024)
        ctx.save_for_backward(x2, weight, rstd)
        ctx.N = N
        ctx.shape = x.shape
        return y.view(x.shape)

    @staticmethod
    @once_differentiable
    @torch.amp.custom_bwd(device_type="cuda")
    def backward(ctx, dy):
        if dy is None or not ctx.needs_input_grad[0]:
            return None, None, None
        x2, weight, rstd = ctx.saved_tensors
        dy = dy.contiguous().view(-1, ctx.N)
        dx = torch.empty_like(x2)
        rms_bwd_dx[(x2.shape[0],)](dy, x2.contiguous(), weight, rstd, dx, ctx.N,
                                   BLOCK=triton.next_power_of_2(ctx.N))
        return dx.view(ctx.shape), None, None


class ModelNew(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter((1.0 + 0.5 * torch.randn(hidden)).half())
        self.eps = eps

    def forward(self, x):
        return _RMSNorm.apply(x, self.weight, self.eps)
