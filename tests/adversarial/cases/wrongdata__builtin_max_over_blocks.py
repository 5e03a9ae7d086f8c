"""Family: wrong data as right — Python's builtin `max` over two blocks in a kernel. Compiled Triton maps the
builtin to an elementwise `tl.maximum` (`core.builtin_max`), so on a GPU this kernel computes
max(-0.01 x, relu(x)), which is -0.01 x, not 0, on every negative element. The interpreter runs the builtin as
Python: `b > a` gives a block, a block is always true there (`_get_bool`), and `max(a, b)` returns `b`, the
correct relu. Right where it is checked, wrong on the GPU.
Source: `max(x, 0.0)` in LLM-written Triton (deprecated in Triton 3.9, still compiled to tl.maximum); own variant
that puts the right answer second.
Expected: correctness.mismatch: the interpreter gives builtin min/max over blocks the compiled meaning
(elementwise, as `tl.minimum`/`tl.maximum`).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = max(x * -0.01, tl.maximum(x, 0.0))  # compiled: elementwise; interpreted: the second block
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        BLOCK = 1024
        relu_kernel[(triton.cdiv(n, BLOCK),)](x, y, n, BLOCK=BLOCK)
        return y
