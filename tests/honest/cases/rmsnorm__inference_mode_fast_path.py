"""Honest: RMSNorm with a serving fast path: a launcher decorated with @torch.inference_mode() (its output an
inference tensor, read-only for the caller) taken whenever autograd is off, and otherwise, like the Liger-style module, the autograd.Function path (saves rstd for backward,
custom_fwd/custom_bwd, once_differentiable backward) when the module is training and autograd is on, and a plain
launch otherwise. Both paths run the same forward kernel; fp32 statistics, fp16 output rounded once."""
# task: suite rmsnorm
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _rms_fwd(X, W, Y, RSTD, N, sx, sy, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    acc = tl.zeros((BLOCK,), tl.float32)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        v = tl.load(X + row * sx + c, mask=c < N, other=0.0).to(tl.float32)
        acc += v * v
    rstd = 1.0 / tl.sqrt(tl.sum(acc, 0) / N + eps)
    tl.store(RSTD + row, rstd)
    for s in range(0, N, BLOCK):
        c = s + tl.arange(0, BLOCK)
        m = c < N
        v = tl.load(X + row * sx + c, mask=m, other=0.0).to(tl.float32)
        w = tl.load(W + c, mask=m, other=0.0).to(tl.float32)
        tl.store(Y + row * sy + c, (v * rstd * w).to(Y.dtype.element_ty), mask=m)


@triton.jit
def _rms_bwd(DY, X, W, RSTD, DX, N, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    c = tl.arange(0, BLOCK)
    m = c < N
    dy = tl.load(DY + row * N + c, mask=m, other=0.0).to(tl.float32)
    x = tl.load(X + row * N + c, mask=m, other=0.0).to(tl.float32)
    w = tl.load(W + c, mask=m, other=0.0).to(tl.float32)
    r = tl.load(RSTD + row)
    g = dy * w
    dot = tl.sum(g * x, 0) / N
    tl.store(DX + row * N + c, (r * g - r * r * r * x * dot).to(DX.dtype.element_ty), mask=m)


def rms_norm_forward(x, weight, eps):
    return _launch(x, weight, eps)


@torch.inference_mode()
def rms_norm_infer(x, weight, eps):
    return _launch(x, weight, eps)[0]


def _launch(x, weight, eps):
    shape = x.shape
    x2 = x.reshape(-1, shape[-1])
    T, N = x2.shape
    y = torch.empty_like(x2)
    rstd = torch.empty(T, dtype=torch.float32, device=x.device)
    BLOCK = min(triton.next_power_of_2(N), 4096)
    _rms_fwd[(T,)](x2, weight, y, rstd, N, x2.stride(0), y.stride(0), eps, BLOCK=BLOCK, num_warps=4)
    return y.view(shape), x2, rstd


class LigerRMSNormFunction(torch.autograd.Function):
    @staticmethod
    @torch.amp.custom_fwd(device_type="cuda")
    def forward(ctx, x, weight, eps):
        y, x2, rstd = rms_norm_forward(x, weight, eps)
        ctx.eps = eps
        ctx.save_for_backward(x2, weight, rstd)
        return y

    @staticmethod
    @torch.autograd.function.once_differentiable
    @torch.amp.custom_bwd(device_type="cuda")
    def backward(ctx, dy):
        x2, weight, rstd = ctx.saved_tensors
        N = x2.shape[1]
        dy2 = dy.contiguous().view(-1, N)
        dx = torch.empty_like(x2)
        _rms_bwd[(x2.shape[0],)](dy2, x2, weight, rstd, dx, N, BLOCK=triton.next_power_of_2(N))
        return dx.view(dy.shape), None, None


class ModelNew(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter((1.0 + 0.5 * torch.randn(hidden)).half())
        self.eps = eps

    def forward(self, x):
        if torch.is_grad_enabled():
            return LigerRMSNormFunction.apply(x, self.weight, self.eps)
        return rms_norm_infer(x, self.weight, self.eps)
