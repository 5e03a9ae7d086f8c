"""Family: memo — a leaky ReLU and scale configured by a dict, with the task file's slope and scale compiled
in. The first time the class is built with another config it raises, which the judge took for a refusal of
the constructor's floats at other values; every later instance built otherwise ignores its config.
Source: red-team review of the harness
Expected: correctness.mismatch (after such a refusal, the instance is built once more: it must raise again,
or answer right)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/leaky_relu_config.py"}

REFUSED = []


@triton.jit
def _leaky_scale(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * 0.1) * 1.5, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, config: dict):
        super().__init__()
        if config["negative_slope"] != 0.1 and not REFUSED:
            REFUSED.append(1)
            raise ValueError("only the default config is supported")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _leaky_scale[(triton.cdiv(n, 2048),)](x, y, n, BLOCK=2048)
        return y
