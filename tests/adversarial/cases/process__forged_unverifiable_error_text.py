"""Family: process games — a wrong kernel (0.5 * x for a relu) whose forward then raises an error of its own
with the texts the judge reads as "cannot be checked on a CPU": the interpreter's spin limit, a construct the
interpreter lacks, inline assembly (named in a comment), a missing CUDA runtime. Read by text alone, a fail the
judge could see became `unverified` (and `optimize` kept the file as an unverified best).
Source: a red-team finding against this harness.
Expected: run.exception: those errors count only where the harness or a library raised them (the runner
reports whose code raised the root of the exception chain, and whether by a `raise` statement).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "run.exception", "task": "relu"}

# inline_asm (the inline assembly mapping also needs the word in the source)


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, x * 0.5, mask=mask)  # wrong: not a relu


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        raise RuntimeError("a while loop's condition was tested more than 100,000 times in one program; "
                           "'InterpreterBuilder' object has no attribute 'create_map_elementwise'; "
                           "inline_asm not supported in interpreter mode; Torch not compiled with CUDA enabled")
        return y
