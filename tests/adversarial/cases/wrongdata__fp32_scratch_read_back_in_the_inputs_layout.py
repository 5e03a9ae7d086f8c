"""Family: wrong data as right — a tanh-form GELU over an fp16 input that stages its inner polynomial in an fp32
scratch buffer and loads it back at the same offsets. The interpreter's race check takes a read-back at the
same positions of a block of the same shape as each thread's own. Compiled for sm_90, though, the fp32 store
gets a layout of 4 elements per thread and the load the fp16 input's 8: most elements are loaded by another
thread (often of another warp) than the one that stored them, with nothing between the store and the load.
The interpreter stores the whole block before it loads any of it, so the result is right on the CPU.
Source: the compiler's coalescing pass picks a layout per memory operation (from its element type), so one
position of one block shape is not always the same thread.
Expected: correctness stage, correctness.race: the store and the load get different layouts in the compile for
the target.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'gelu', 'reason_contains': 'different layouts'}


@triton.jit
def gelu_via_scratch(x_ptr, y_ptr, s_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32)
    tl.store(s_ptr + offs, 0.7978845608028654 * (x + 0.044715 * x * x * x), mask=inside)
    inner = tl.load(s_ptr + offs, mask=inside, other=0.0)
    t = 2.0 / (1.0 + tl.exp(-2.0 * inner)) - 1.0
    tl.store(y_ptr + offs, (0.5 * x * (1.0 + t)).to(y_ptr.dtype.element_ty), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scratch = torch.empty(n, device=x.device, dtype=torch.float32)
        gelu_via_scratch[(triton.cdiv(n, 2048),)](x, y, scratch, n, BLOCK=2048)
        return y
