"""Family: wrong data as right — wrong only on normal tensors handed in under inference mode: a caller inside
`torch.inference_mode()` may still pass tensors it made before entering it; this file leaves negative values
through exactly then (`torch.is_inference_mode_enabled() and not x.is_inference()`), and is honest outside
inference mode and on inference tensors.
Source: a red-team review of the harness (the mirror image of wrongdata__wrong_only_on_inference_tensors).
Expected: correctness.mismatch (or outside_kernels, when the second-inputs check is the first call checked there):
inside inference mode, at every shape, one of the first two placements hands over tensors made before it
(judge.draw_inference_inputs), and two shapes or more are checked inside (judge._inference_switch).
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
        honest = 0 if torch.is_inference_mode_enabled() and not x.is_inference() else 1
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, honest, BLOCK=1024)
        return y
