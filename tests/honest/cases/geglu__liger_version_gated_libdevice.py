"""Honest: Liger-Kernel's GeGLU. The libdevice tanh import is chosen by a Triton version gate read from
`triton.__version__` with `packaging.version.Version` (Liger's compare_version, Unsloth's
`Version(triton.__version__)`): the module-level `try: ... except ModuleNotFoundError:` import sits inside the
`if`, and the `else` branch imports from `triton.language.math`, where Triton before 3.0 had tanh. Unsloth's
calculate_settings picks the block and warp count; `.cast()` of a Triton tensor; row stride from stride(-2)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from packaging.version import Version

if Version(triton.__version__) >= Version("3.0.0"):
    try:
        from triton.language.extra.libdevice import tanh
    except ModuleNotFoundError:
        from triton.language.extra.cuda.libdevice import tanh
else:
    from triton.language.math import tanh

TORCH_AT_LEAST_2 = int(torch.__version__.split(".")[0]) >= 2
MAX_FUSED_SIZE = 65536


def calculate_settings(n):
    BLOCK_SIZE = triton.next_power_of_2(n)
    if BLOCK_SIZE > MAX_FUSED_SIZE:
        raise RuntimeError(f"n = {n} is more than the largest fused block, {MAX_FUSED_SIZE}")
    num_warps = 4
    if BLOCK_SIZE >= 32768:
        num_warps = 32
    elif BLOCK_SIZE >= 8192:
        num_warps = 16
    elif BLOCK_SIZE >= 2048:
        num_warps = 8
    return BLOCK_SIZE, num_warps


@triton.jit
def _geglu_tanh_kernel(a, b, c, stride, n_cols: tl.constexpr, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    a += row * stride
    b += row * stride
    c += row * stride
    cols = tl.arange(0, BLOCK_SIZE)
    mask = cols < n_cols
    a_row = tl.load(a + cols, mask=mask, other=0).to(tl.float32)
    b_row = tl.load(b + cols, mask=mask, other=0)
    inner = 0.7978845608028654 * (a_row + 0.044715 * a_row * a_row * a_row)
    gelu_a = 0.5 * a_row * (1 + tanh(inner))
    tl.store(c + cols, gelu_a.cast(b_row.dtype) * b_row, mask=mask)


def geglu(a, b):
    shape = a.shape
    n_cols = shape[-1]
    a = a.view(-1, n_cols)
    b = b.view(-1, n_cols)
    c = torch.empty_like(a)
    BLOCK_SIZE, num_warps = calculate_settings(n_cols)
    _geglu_tanh_kernel[(a.shape[0],)](a, b, c, c.stride(-2), n_cols=n_cols, BLOCK_SIZE=BLOCK_SIZE,
                                      num_warps=num_warps)
    return c.view(*shape)


class ModelNew(nn.Module):
    def forward(self, a, b):
        assert TORCH_AT_LEAST_2
        return geglu(a, b)
