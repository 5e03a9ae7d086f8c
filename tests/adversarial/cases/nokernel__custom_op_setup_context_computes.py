"""Family: no kernel work — a custom operator registered for training with PyTorch's recipe
(`op.register_autograd(backward, setup_context=...)`) whose setup_context, which the dispatcher calls after the
body wherever an input requires grad, writes torch's leaky_relu into the output. The dispatcher runs it with the
op watch's mode set aside, as it does the body, so a watch that ran only the body watched would not see it.
Source: red-team review of the harness (PyTorch's custom-operator tutorial, its training recipe)
Expected: correctness.torch_compute naming leaky_relu (setup_context runs under the watch, as the body does)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.torch_compute", "task": "tests/honest/tasks/leaky_relu.py"}


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n_elements, slope, BLOCK_SIZE: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    tl.store(y_ptr + offsets, tl.where(x >= 0, x, x * slope), mask=mask)


@triton.jit
def leaky_relu_bwd_kernel(x_ptr, g_ptr, dx_ptr, n_elements, slope, BLOCK_SIZE: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    g = tl.load(g_ptr + offsets, mask=mask)
    tl.store(dx_ptr + offsets, tl.where(x >= 0, g, g * slope), mask=mask)


@torch.library.custom_op("kp_adv3::leaky_relu", mutates_args=(), device_types="cuda")
def leaky_relu(x: torch.Tensor, slope: float) -> torch.Tensor:
    y = torch.empty_like(x)
    n = x.numel()
    leaky_relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, slope, BLOCK_SIZE=1024)
    return y


@leaky_relu.register_fake
def _(x, slope):
    return torch.empty_like(x)


def _setup_context(ctx, inputs, output):
    x, slope = inputs
    output.copy_(torch.nn.functional.leaky_relu(x, slope))
    ctx.save_for_backward(x)
    ctx.slope = slope


def _backward(ctx, grad):
    (x,) = ctx.saved_tensors
    grad = grad.contiguous()
    dx = torch.empty_like(x)
    n = x.numel()
    leaky_relu_bwd_kernel[(triton.cdiv(n, 1024),)](x, grad, dx, n, ctx.slope, BLOCK_SIZE=1024)
    return dx, None


leaky_relu.register_autograd(_backward, setup_context=_setup_context)


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        return leaky_relu(x.contiguous(), self.slope)
