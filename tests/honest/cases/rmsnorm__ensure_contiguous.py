"""Honest: RMSNorm packaged as Liger-Kernel packages its functions: an ensure_contiguous decorator
(functools.wraps) over autograd.Function.forward that makes every tensor argument contiguous, a
@triton.jit(noinline=True) scalar function for the reciprocal RMS, and tl.static_assert on the block size."""

import functools

import torch
import torch.nn as nn
import triton
import triton.language as tl


def ensure_contiguous(fn):
    @functools.wraps(fn)
    def wrapper(ctx, *args, **kwargs):
        def maybe_to_contiguous(x):
            return x.contiguous() if isinstance(x, torch.Tensor) else x

        args = [maybe_to_contiguous(arg) for arg in args]
        kwargs = {k: maybe_to_contiguous(v) for k, v in kwargs.items()}
        return fn(ctx, *args, **kwargs)

    return wrapper


@triton.jit(noinline=True)
def _rstd(sum_sq, n_cols, eps):
    return 1.0 / tl.sqrt(sum_sq / n_cols + eps)


@triton.jit
def _rms_norm_kernel(X_ptr, W_ptr, Y_ptr, stride, n_cols, eps, BLOCK_SIZE: tl.constexpr):
    tl.static_assert(BLOCK_SIZE >= 16, "BLOCK_SIZE too small")
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_SIZE)
    mask = cols < n_cols
    x = tl.load(X_ptr + row * stride + cols, mask=mask, other=0.0)
    w = tl.load(W_ptr + cols, mask=mask, other=0.0)
    rstd = _rstd(tl.sum(x * x, axis=0), n_cols, eps)
    tl.store(Y_ptr + row * stride + cols, x * rstd * w, mask=mask)


class RMSNormFunction(torch.autograd.Function):
    @staticmethod
    @ensure_contiguous
    def forward(ctx, X, W, eps):
        n_rows, n_cols = X.shape
        Y = torch.empty_like(X)
        BLOCK_SIZE = max(triton.next_power_of_2(n_cols), 16)
        _rms_norm_kernel[(n_rows,)](X, W, Y, X.stride(0), n_cols, eps, BLOCK_SIZE=BLOCK_SIZE)
        return Y


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        return RMSNormFunction.apply(x, self.weight, self.eps)
