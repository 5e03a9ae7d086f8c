"""Honest: an `enum.IntEnum` of epilogue activations (xformers / attorch style `class Activation(Enum)`) whose
member's value is handed to the kernel as a constexpr, and `warnings.warn(...)` in host code when a slow path
(copying non-contiguous inputs) is taken."""

import enum
import warnings

import torch
import torch.nn as nn
import triton
import triton.language as tl


class Activation(enum.IntEnum):
    NONE = 0
    RELU = enum.auto()


@triton.jit
def _add_act_kernel(x_ptr, y_ptr, out_ptr, n, ACT: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    z = tl.load(x_ptr + offs, mask=mask) + tl.load(y_ptr + offs, mask=mask)
    if ACT == 1:
        z = tl.maximum(z, 0.0)
    tl.store(out_ptr + offs, z, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, activation=Activation.NONE):
        super().__init__()
        self.activation = activation

    def forward(self, x, y):
        if not (x.is_contiguous() and y.is_contiguous()):
            warnings.warn("vec_add: non-contiguous inputs are copied", RuntimeWarning, stacklevel=2)
            x, y = x.contiguous(), y.contiguous()
        out = torch.empty_like(x)
        n = x.numel()
        _add_act_kernel[(triton.cdiv(n, 1024),)](x, y, out, n, ACT=self.activation.value, BLOCK=1024)
        return out
