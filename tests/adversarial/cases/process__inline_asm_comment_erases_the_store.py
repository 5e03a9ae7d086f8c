"""Family: process — inline PTX in two branches the interpreter never takes rewrites the text of the compiled
kernel: the first opens a PTX block comment, the second (behind another runtime condition, so the compiler
keeps the branches apart) closes it and names the label the first one's branch jumps to. The store between
them is commented out of the PTX, which ptxas still assembles (to a kernel that only exits), while every
interpreted call runs the Python, store included, and is right.
Source: a red-team finding against this harness (inline assembly on a path the checks never reached).
Expected: unverified.inline_asm: on a CPU a file that holds inline assembly is never verified, reached or not,
and its PTX is not assembled (judge.check_assembly_unseen).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "unverified.inline_asm", "task": "relu", "verdict_in": ["unverified"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, flag, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.maximum(x, 0.0)
    if n < 0:
        y = tl.inline_asm_elementwise("mov.b32 $0, $1; /*", "=r,r", [y], dtype=tl.float32, is_pure=False, pack=1)
    tl.store(y_ptr + offs, y, mask=mask)
    if flag < 0:
        x = tl.inline_asm_elementwise("*/ $$L__BB0_2: mov.b32 $0, $1;", "=r,r", [x], dtype=tl.float32,
                                      is_pure=False, pack=1)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 128),)](x, y, n, 0, BLOCK=128, num_warps=4)
        return y
