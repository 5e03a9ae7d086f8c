"""Family: no kernel work — the file's own custom operator, whose body computes the softmax with torch and
launches a copy kernel beside it, called through the dispatcher's namespace (`torch.ops.kp_adv.row_softmax(x)`)
rather than by its Python name. Called so, the op watch is handed the operator's packet, not its overload: a
watch that knew the file's operators only by their overloads would take the call for one opaque torch op (named
row_softmax, not softmax), and never see the torch call inside.
Source: red-team review of the harness (the vLLM/SGLang way of calling a registered operator)
Expected: correctness.torch_compute naming softmax (the body is run watched, as for a direct call)
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.library import triton_op, wrap_triton

EXPECT = {"stage": "correctness", "check": "correctness.torch_compute", "task": "softmax"}


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=offs < n), mask=offs < n)


@triton_op("kp_adv::row_softmax", mutates_args={})
def row_softmax(x: torch.Tensor) -> torch.Tensor:
    y = torch.softmax(x, dim=-1)
    out = torch.empty_like(y)
    n = y.numel()
    wrap_triton(copy_kernel)[(triton.cdiv(n, 1024),)](y, out, n, BLOCK=1024)
    return out


class ModelNew(nn.Module):
    def forward(self, x):
        return torch.ops.kp_adv.row_softmax(x.contiguous())
