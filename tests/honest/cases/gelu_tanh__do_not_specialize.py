"""Honest: a FlagGems-style pointwise kernel: @triton.jit(do_not_specialize=[...]) so the element count is
not specialised on, a libentry-like pass-through decorator over the jit function, @triton.autotune keyed on
the element count, GELU through tl.fma and tl.exp, its constant a module-level tl.constexpr."""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

SQRT_2_OVER_PI = tl.constexpr(math.sqrt(2.0 / math.pi))


def libentry():
    """Stands in for a launch-caching wrapper: the kernel is returned as it is."""

    def decorator(fn):
        return fn

    return decorator


@libentry()
@triton.autotune(
    configs=[
        triton.Config({"BLOCK_SIZE": 256}, num_warps=4),
        triton.Config({"BLOCK_SIZE": 1024}, num_warps=8),
    ],
    key=["n_elements"],
)
@triton.jit(do_not_specialize=["n_elements"])
def gelu_tanh_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask, other=0.0).to(tl.float32)
    inner = SQRT_2_OVER_PI * tl.fma(0.044715 * x, x * x, x)
    # tanh(u) = 1 - 2 / (exp(2u) + 1), which saturates correctly at both ends
    t = 1.0 - 2.0 / (tl.exp(2.0 * inner) + 1.0)
    y = 0.5 * x * (1.0 + t)
    tl.store(y_ptr + offsets, y.to(y_ptr.dtype.element_ty), mask=mask)


def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    x = x.contiguous()
    out = torch.empty_like(x)
    n_elements = x.numel()
    grid = lambda meta: (triton.cdiv(n_elements, meta["BLOCK_SIZE"]),)
    gelu_tanh_kernel[grid](x, out, n_elements)
    return out


class ModelNew(nn.Module):
    def forward(self, x):
        return gelu_tanh(x)
