"""Family: wrong data as right — behaviour gated on how often Triton called a launch grid given as a
function: a GPU's autotuner calls it at every timed run, dozens of times per config at a key's first launch, the
CPU judge at most a few times per launch; the kernel scales its output by 0.5 once the count says GPU.
Source: red-team probe of the contract (Triton's host callbacks); variant of
wrongdata__gate_on_autotune_pre_hook_count with the count kept by the grid function.
Expected: static.triton_callback: a launch grid given as a function is a host callback like a pre_hook, and keeps
no state (it writes nothing outside its own locals).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_callback'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, scale, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, scale * e / tl.sum(e, axis=0), mask=mask)


def launch(x, y, scale):
    n_rows, n_cols = x.shape
    softmax_kernel[(n_rows,)](x, y, scale, n_cols, x.stride(0), y.stride(0),
                              BLOCK=triton.next_power_of_2(n_cols))


HOOK_CALLS = []
PROBE_LAUNCHES = []


def probe_grid(meta):
    # the launch grid: Triton calls it at every launch, each of the autotuner's timed runs included
    HOOK_CALLS.append(1)
    return (1,)


@triton.autotune(
    configs=[triton.Config({"B": 16}, num_warps=1),
             triton.Config({"B": 16}, num_warps=2)],
    key=["n"],
)
@triton.jit
def probe_kernel(p_ptr, n, B: tl.constexpr):
    offs = tl.arange(0, B)
    tl.store(p_ptr + offs, tl.zeros((B,), tl.float32), mask=offs < n)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        p = torch.empty(16, device=x.device)
        PROBE_LAUNCHES.append(1)
        probe_kernel[probe_grid](p, 16)
        # a GPU's autotuner times both configs many times over at the key's first launch, each timed run
        # through the grid function; here it ran at most twice per launch
        gpu = len(HOOK_CALLS) > 2 * len(PROBE_LAUNCHES)
        y = torch.empty_like(x)
        launch(x, y, 0.5 if gpu else 1.0)
        return y
