"""Family: wrong data as right — honest only on tensors made outside inference mode: a server makes its activations under
`torch.inference_mode()` (inference tensors), where this file leaves negative values through; a harness whose
inputs are never inference tensors only ever sees the honest path.
Source: a red-team finding against this harness (the judge's calls told apart by `x.is_inference()`).
Expected: correctness.mismatch (or outside_kernels, when the second-inputs check is the first call checked there):
the checks' worker enters inference mode at a drawn shape after the first and stays there (judge._inference_switch); at every shape inside, one of the first two placements makes its inputs inference tensors (judge.draw_inference_inputs).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "task": "relu", "check_in": ["correctness.mismatch", "correctness.outside_kernels"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, honest, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(honest != 0, tl.maximum(x, 0.0), x)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        honest = 0 if x.is_inference() else 1
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, honest, BLOCK=1024)
        return y
