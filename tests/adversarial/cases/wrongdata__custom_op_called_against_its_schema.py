"""Family: wrong data as right (a crash on the GPU) — custom operators used against their schemas: one annotated
`-> Tensor` returns a one-element list, one taking `k: int` is called with 0.5 and returns three tensors where
it declares two. The dispatcher refuses each at every call ("Unable to cast [...] to Tensor"; "Expected a value
of type 'int' for argument 'k'"; the wrong count of returns crashes the process), on the GPU as on a CPU; the
judge ran the bodies itself, with the arguments as given, and took their results as returned.
Source: red-team review — the dispatcher's parsing of an operator's arguments and results was skipped with it.
Expected: correctness stage, run.exception: a custom operator is called through the dispatcher, its body run
under the watch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'relu', 'reason_contains': 'RuntimeError'}


@triton.jit
def relu_scaled_kernel(x_ptr, y_ptr, n, k, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0) * k, 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_in_a_list", mutates_args=(), device_types="cuda")
def relu_in_a_list(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    relu_scaled_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), 1.0, BLOCK=1024)
    return [y]  # type: ignore[return-value]


@relu_in_a_list.register_fake
def _(x: torch.Tensor) -> torch.Tensor:
    return torch.empty_like(x)


@torch.library.custom_op("kp_adv::relu_times_k", mutates_args=(), device_types="cuda")
def relu_times_k(x: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    y = torch.empty_like(x)
    relu_scaled_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), k, BLOCK=1024)
    return y, torch.empty_like(x), torch.empty_like(x)  # type: ignore[return-value]


@relu_times_k.register_fake
def _(x: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.empty_like(x), torch.empty_like(x)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        if x.shape[0] % 2:
            return relu_in_a_list(x)[0]
        y = relu_times_k(x, 0.5)[0]  # type: ignore[arg-type]
        return y * 2.0
