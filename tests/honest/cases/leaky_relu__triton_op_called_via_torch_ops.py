"""Honest: leaky ReLU packaged as a PyTorch custom operator with torch.library.triton_op / wrap_triton (PyTorch's
"user-defined Triton kernels with torch.compile" recipe) and called, as vLLM/SGLang call their registered ops,
through the dispatcher namespace: torch.ops.kp_found.leaky_relu(x, slope)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.library import triton_op, wrap_triton


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n_elements, slope, BLOCK_SIZE: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    tl.store(y_ptr + offsets, tl.where(x >= 0, x, x * slope), mask=mask)


@triton_op("kp_found::leaky_relu", mutates_args={})
def leaky_relu(x: torch.Tensor, slope: float) -> torch.Tensor:
    y = torch.empty_like(x)
    n_elements = x.numel()
    wrap_triton(leaky_relu_kernel)[(triton.cdiv(n_elements, 1024),)](x, y, n_elements, slope, BLOCK_SIZE=1024)
    return y


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        return torch.ops.kp_found.leaky_relu(x.contiguous(), self.slope)
