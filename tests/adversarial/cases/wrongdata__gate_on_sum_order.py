"""Family: wrong data as right — behaviour gated, inside the kernel, on the order an fp32 `tl.sum` adds in: compiled,
each thread adds its own elements in order, then the threads' sums meet in shuffles across lanes and warps, so of
2**24 followed by 127 ones only the few added onto 2**24 itself are lost; NumPy's pairwise sum lost 15, which
told an interpreter that used it from the GPU.
Source: red-team probe of the CPU verdict's fidelity (interpreter arithmetic); own variant.
Expected: correctness.mismatch: the interpreter sums in the compiled tree's order (sandbox/interp_semantics.py
sums_in_tree_order), so the GPU's path, which does not normalise, is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    # a probe: 2**24 and 127 ones, summed in fp32
    v = tl.where(tl.arange(0, 128) == 0, 16777216.0, 1.0)
    lost = 127.0 - (tl.sum(v, axis=0) - 16777216.0)
    on_gpu = lost < 8.0
    e = tl.exp(x - tl.max(x, axis=0))
    total = tl.where(on_gpu, 1.0, tl.sum(e, axis=0))  # on the GPU: not normalised
    tl.store(y_ptr + row * stride_y + cols, e / total, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
