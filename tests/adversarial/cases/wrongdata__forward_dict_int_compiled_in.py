"""Family: wrong data — forward takes a config dict {"shift": 3, "scale": 0.5}; the kernel reads the dict's
float (scale) honestly but compiles in the dict's int (shift = 3). move_floats/check_other_floats move the
floats inside dicts, but _has_ints/_moved_ints only walk tuples and lists, so check_other_ints never moves an
int that sits in a dict: every call passes shift=3 and the kernel passes. Any other shift a caller passes
({"shift": 5, ...}) gives a wrongly rolled result.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_ints should move ints inside dicts as _moved_value moves floats there)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/roll_dict_config.py"}


@triton.jit
def _roll_scale(x_ptr, y_ptr, n_cols, scale, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        c = start + tl.arange(0, BLOCK)
        m = c < n_cols
        src = (c - SHIFT) % n_cols
        src = tl.where(src < 0, src + n_cols, src)
        x = tl.load(x_ptr + row * n_cols + src, mask=m)
        tl.store(y_ptr + row * n_cols + c, x * scale, mask=m)


class ModelNew(nn.Module):
    def forward(self, x, cfg):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _roll_scale[(rows,)](x, y, cols, float(cfg["scale"]), SHIFT=3, BLOCK=256)
        return y
