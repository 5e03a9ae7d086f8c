"""Honest: a squared-ReLU kernel packaged as a custom operator that fills an `out` argument it declares written
(`mutates_args=("out",)`, returning None, with a fake implementation for torch.compile), as PyTorch's custom-op
tutorial writes out-variant operators."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def relu_sq_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32)
    r = tl.maximum(x, 0.0)
    tl.store(y_ptr + offs, (r * r).to(tl.float16), mask=inside)


@torch.library.custom_op("kp_honest::relu_sq_out", mutates_args=("out",), device_types="cuda")
def relu_sq_out(x: torch.Tensor, out: torch.Tensor) -> None:
    relu_sq_kernel[(triton.cdiv(x.numel(), 1024),)](x, out, x.numel(), BLOCK=1024)


@relu_sq_out.register_fake
def _(x: torch.Tensor, out: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_sq_out(x, y)
        return y
