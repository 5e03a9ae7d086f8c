"""Honest: a squared ReLU as a custom operator in two launches, through a scratch buffer the body allocates
itself (its own to write, though no argument names it), into the `out` it declares written."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def relu_kernel(x_ptr, r_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(r_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32), 0.0), mask=inside)


@triton.jit
def square_kernel(r_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    r = tl.load(r_ptr + offs, mask=inside, other=0.0)
    tl.store(y_ptr + offs, (r * r).to(tl.float16), mask=inside)


@torch.library.custom_op("kp_honest::relu_sq_two_pass", mutates_args=("out",), device_types="cuda")
def relu_sq_two_pass(x: torch.Tensor, out: torch.Tensor) -> None:
    n = x.numel()
    r = torch.empty(n, dtype=torch.float32, device=x.device)
    grid = (triton.cdiv(n, 1024),)
    relu_kernel[grid](x, r, n, BLOCK=1024)
    square_kernel[grid](r, out, n, BLOCK=1024)


@relu_sq_two_pass.register_fake
def _(x: torch.Tensor, out: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_sq_two_pass(x, y)
        return y
