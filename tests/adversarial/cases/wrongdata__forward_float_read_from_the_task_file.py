"""Family: wrong data (a forward scalar argument taken from the task file)
Source: an LLM that reads get_inputs' literal 0.75 and folds it into the kernel as a constant
Expected: correctness.mismatch: each plain float get_inputs passes to forward is moved by a factor drawn once per
          evaluation (judge.move_floats), so alpha is not 0.75

tanh(x) * alpha with the forward argument alpha ignored: the kernel multiplies by the 0.75 that get_inputs passes.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/scaled_tanh_scalar.py"}

@triton.jit
def scaled_tanh_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    t = 2.0 * tl.sigmoid(2.0 * x) - 1.0
    tl.store(y_ptr + offs, t * 0.75, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, alpha: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scaled_tanh_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
