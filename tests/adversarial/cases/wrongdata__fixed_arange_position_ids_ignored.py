"""Family: wrongdata — RoPE at explicit position_ids (Hugging Face's rotary interface), with
the kernel ignoring position_ids and using each row's index in the sequence. get_inputs passes torch.arange(seq),
the same on every draw: check_other_ints moves only int tensors of at most 2 elements (SMALL_INT_TENSOR), and
the same-addresses call's _integer_values_moved moves sorted rows only by neighbours at least 2 apart, which
arange has none of, so position_ids is never anything but 0..seq-1 and the kernel passes. Wrong at every
decode step (positions start..start+t) and on packed sequences (positions restart). (It raises on odd head
dimensions, a legitimate decline of sizes rotate-half cannot take.)
Source: red-team review of the harness
Expected: correctness.mismatch: an integer tensor every draw gives alike is the task's value at any size
          (check_other_ints moves its elements, or at least adds an offset to a sorted one)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/rope_position_ids.py"}


@triton.jit
def rope_kernel(x_ptr, f_ptr, y_ptr, T, HALF, BLOCK: tl.constexpr):
    row = tl.program_id(0)           # one (batch, position) row
    t = row % T                      # the position: the row's index in the sequence
    offs = tl.arange(0, BLOCK)
    mask = offs < HALF
    f = tl.load(f_ptr + offs, mask=mask, other=0.0)
    ang = t.to(tl.float32) * f
    c = tl.cos(ang)
    s = tl.sin(ang)
    base = row * 2 * HALF
    x1 = tl.load(x_ptr + base + offs, mask=mask, other=0.0)
    x2 = tl.load(x_ptr + base + HALF + offs, mask=mask, other=0.0)
    tl.store(y_ptr + base + offs, x1 * c - x2 * s, mask=mask)
    tl.store(y_ptr + base + HALF + offs, x2 * c + x1 * s, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.register_buffer("inv_freq", 1.0 / (10000.0 ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim)))

    def forward(self, x, position_ids):
        x = x.contiguous()
        y = torch.empty_like(x)
        T, D = x.shape[-2], x.shape[-1]
        if D % 2:
            raise ValueError("rotate-half RoPE needs an even head dimension")
        rows = x.numel() // D
        half = D // 2
        rope_kernel[(rows,)](x, self.inv_freq, y, T, half, BLOCK=triton.next_power_of_2(max(half, 1)))
        return y
