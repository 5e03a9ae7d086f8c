"""Family: wrong data — a leaky ReLU + scale module built as `Model(config)` with its floats in a dict
(`{"negative_slope": 0.1, "scale": 1.5}`). ModelNew accepts the config and ignores it, compiling in
0.1 and 1.5. check_other_init_args builds an extra ModelNew with the constructor's floats moved, but
_other_init_values only moves plain floats, ints, bools and flat tuples/lists of floats: a dict (or any
nested structure, a dataclass, a SimpleNamespace) "has none", so no other configuration is ever built.
Model({"negative_slope": 0.2, "scale": 3.0}) vs ModelNew with the same config disagree everywhere.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_init_args moving floats inside dict/nested constructor args)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/leaky_relu_config.py"}


@triton.jit
def _leaky_scale(x_ptr, y_ptr, n, SLOPE: tl.constexpr, SCALE: tl.constexpr, BLOCK: tl.constexpr):
    o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = o < n
    x = tl.load(x_ptr + o, mask=m)
    tl.store(y_ptr + o, tl.where(x >= 0, x, x * SLOPE) * SCALE, mask=m)


class ModelNew(nn.Module):
    def __init__(self, config: dict):
        super().__init__()
        self.n_keys = len(config)

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _leaky_scale[(triton.cdiv(n, 1024),)](x, y, n, SLOPE=0.1, SCALE=1.5, BLOCK=1024)
        return y
