"""Family: wrongdata — a forward float that get_inputs computes with numpy (np.sqrt(0.5), a
residual gain) is a numpy.float64: a subclass of Python's float, sent to the candidate as a plain float, but
judge._moved_value / _has_floats test `type(v) is float`, so move_floats never moves it and
check_other_floats never runs: every call passes exactly 1/sqrt(2), and this kernel, which ignores `gain` and
multiplies by the literal 0.7071067811865476, passes. The same task with float(np.sqrt(0.5)) fails it
(correctness.mismatch). Wrong for every other gain a caller passes. (The same test skips a numpy float64 in
get_init_inputs: _other_init_values, and one in a tuple or dict.)
Source: red-team review of the harness
Expected: correctness.mismatch: floats are recognised by isinstance(v, float) (bools aside), numpy's float64
          included, and moved like plain ones
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/residual_gain_np.py"}


@triton.jit
def gain_tanh_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    t = 2.0 * tl.sigmoid(2.0 * x) - 1.0
    tl.store(y_ptr + offs, t * 0.7071067811865476, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, gain: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        gain_tanh_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
