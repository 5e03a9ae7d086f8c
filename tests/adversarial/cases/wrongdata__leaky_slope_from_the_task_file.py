"""Family: wrongdata (narrow draw: constructor floats never moved) — a leaky ReLU whose launch passes the
task file's negative slope (0.05) instead of the one its module was built with (`self.slope` is kept and never
read). Right for every model built from get_init_inputs, wrong for any other slope.
Source: red-team review of the harness
Expected: correctness.mismatch — one more ModelNew per evaluation, built with the constructor's floats moved
(judge.check_other_init_args).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/leaky_relu.py"}
SLOPE = 0.05  # the task file's slope


@triton.jit
def leaky_relu_kernel(x_ptr, y_ptr, n_elements, slope, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    tl.store(y_ptr + offsets, tl.where(x >= 0, x, x * slope), mask=mask)


def leaky_relu(x: torch.Tensor, slope: float) -> torch.Tensor:
    x = x.contiguous()
    y = torch.empty_like(x)
    n_elements = y.numel()
    BLOCK_SIZE = 1024
    grid = [triton.cdiv(n_elements, BLOCK_SIZE)]
    leaky_relu_kernel[grid](x, y, n_elements, slope, BLOCK_SIZE=BLOCK_SIZE)
    return y


class ModelNew(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x):
        return leaky_relu(x, SLOPE)
