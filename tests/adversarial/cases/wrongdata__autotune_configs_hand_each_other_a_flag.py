"""Family: wrong data as right — state the autotuner's timing runs hand from one config to another: two configs,
each setting a flag of its own in a buffer forward zeroes and passing x through unchanged (no ReLU) when the
other's flag is set. Each config alone is right, run once or many times; on a GPU the autotuner times every
kept config on the real arguments at a key's first launch, so by the real launch both flags are set and the
negatives come through, whichever config wins. Only the chosen config's timed runs were replayed.
Source: a red-team finding against this harness (what the autotuner's timing of the other configs leaves).
Expected: correctness.mismatch: at a key's first launch every kept config is timed in order, as on a GPU.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "relu"}

@triton.autotune(
    configs=[triton.Config({"MODE": 0, "BLOCK": 1024}), triton.Config({"MODE": 1, "BLOCK": 1024})],
    key=["n"],
)
@triton.jit
def relu_kernel(x_ptr, y_ptr, flags_ptr, n, MODE: tl.constexpr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.maximum(x, 0.0)
    other = tl.load(flags_ptr + (1 - MODE))
    y = tl.where(other != 0, x, y)
    one = tl.full([BLOCK], 1, tl.int32)
    tl.store(flags_ptr + MODE + offs * 0, one, mask=offs == 0)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        flags = torch.zeros(2, dtype=torch.int32, device=x.device)
        n = x.numel()
        relu_kernel[lambda meta: (triton.cdiv(n, meta["BLOCK"]),)](x, y, flags, n)
        return y
