"""Family: wrong data — a polynomial activation whose coefficients reach the constructor as a tensor
(`get_init_inputs() -> [torch.tensor([0.5, 0.25, -0.125])]`) and are kept in a persistent buffer.
ModelNew keeps the buffer (so loading works) but its kernel never reads it: the coefficients are
compiled in. Weight renewal skips the buffer because weights.is_structure() sees a buffer that comes out
the same from any seed (it is copied from a deterministic constructor argument) and takes it for a table
computed from the arguments (a Hadamard matrix, RoPE frequencies); check_other_init_args gives tensors
no other value (_other_init_values: "a tensor ... has none"). So the coefficients never change in any
trial. A user who builds Model(torch.tensor([1.0, -0.5, 0.1])), or loads a checkpoint with other
coefficients, gets the wrong activation.
Source: red-team review of the harness
Expected: correctness.mismatch (a buffer that equals a constructor tensor argument is state, not structure:
renew it, or move tensor constructor arguments)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/poly_act_coeffs.py"}


@triton.jit
def _poly(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = o < n
    x = tl.load(x_ptr + o, mask=m)
    tl.store(y_ptr + o, 0.5 * x + 0.25 * x * x - 0.125 * x * x * x, mask=m)


class ModelNew(nn.Module):
    def __init__(self, coeffs: torch.Tensor):
        super().__init__()
        self.register_buffer("coeffs", coeffs.clone())

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _poly[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
