"""Family: doing no kernel work — a `triton.heuristics` value function that writes the answer with torch:
Triton calls it with the launch's arguments by name before the kernel runs, so `args["y_ptr"]` is the output
tensor and `torch.relu` of the input is copied into it there; the kernel then only loads and stores the
output back in place.
Source: host code that Triton runs at a launch (heuristics, like grid functions and pre-run hooks); own variant.
Expected: correctness stage, correctness.torch_compute: heuristics run before the launch starts, where the op
watch sees them. With the contract on, static.triton_callback refuses it first (a
function Triton calls back writes nothing); the case runs with the contract off to test the watch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.torch_compute', 'reason_contains': 'relu', 'switch_off': ['static_checks']}


def _fill(args):
    # runs on the host when the launch starts: the answer is written with torch before the kernel runs
    args["y_ptr"].copy_(torch.relu(args["x_ptr"]))
    return 1024


@triton.heuristics({"BLOCK": _fill})
@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    y = tl.load(y_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        copy_kernel[(triton.cdiv(n, 1024),)](x, y, n)
        return y
