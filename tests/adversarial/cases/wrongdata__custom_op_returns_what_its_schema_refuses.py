"""Family: wrong data as right (a crash on the GPU) — two custom operators whose bodies return what their schemas do not allow: one
fills its declared `out` and returns it (an output that is also an input), one is annotated `-> None` and
returns a fresh tensor, which forward uses. The judge ran an operator's body itself, under its watch, and never
through the dispatcher, which refuses both at every call ("The output of this custom operator (1) must not also
be an input ..."; "Expected ... to return None but it returned something else"), on the GPU as on a CPU.
Source: red-team review — the dispatcher's checks of a custom operator's result were skipped with it.
Expected: correctness stage, run.exception: the body's result is checked as the dispatcher checks it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'relu', 'reason_contains': 'RuntimeError'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_returns_its_out", mutates_args=("out",), device_types="cuda")
def relu_returns_its_out(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, out, x.numel(), BLOCK=1024)
    return out


@relu_returns_its_out.register_fake
def _(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    return torch.empty_like(x)


@torch.library.custom_op("kp_adv::relu_said_none", mutates_args=(), device_types="cuda")
def relu_said_none(x: torch.Tensor) -> None:
    y = torch.empty_like(x)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
    return y  # type: ignore[return-value]


@relu_said_none.register_fake
def _(x: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        if x.shape[0] % 2:
            return relu_said_none(x)
        return relu_returns_its_out(x, torch.empty_like(x))
