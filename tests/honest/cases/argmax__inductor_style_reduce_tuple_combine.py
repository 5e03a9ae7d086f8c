"""Honest: argmax written the way Inductor generates it: xnumel/rnumel, XBLOCK rows x RBLOCK columns per program,
a running (value, index) pair updated by a max_with_index-style jit helper that prefers the lower index on
ties and treats NaN as the maximum, finished with tl.reduce over the (value, index) tuple."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def maximum_with_index(a_value, a_index, b_value, b_index):
    mask = a_value > b_value
    equal = a_value == b_value
    a_isnan = a_value != a_value
    b_isnan = b_value != b_value
    mask |= a_isnan & ~b_isnan
    equal |= a_isnan & b_isnan
    mask |= equal & (a_index < b_index)
    return tl.where(mask, a_value, b_value), tl.where(mask, a_index, b_index)


@triton.jit
def triton_red_fused_argmax_0(in_ptr0, out_ptr0, xnumel, rnumel, XBLOCK: tl.constexpr, RBLOCK: tl.constexpr):
    xoffset = tl.program_id(0) * XBLOCK
    xindex = xoffset + tl.arange(0, XBLOCK)[:, None]
    xmask = xindex < xnumel
    rbase = tl.arange(0, RBLOCK)[None, :]
    x0 = xindex
    _tmp2 = tl.full([XBLOCK, RBLOCK], float("-inf"), tl.float32)
    _tmp2_index = tl.full([XBLOCK, RBLOCK], 9223372036854775807, tl.int64)
    for roffset in range(0, rnumel, RBLOCK):
        rindex = roffset + rbase
        rmask = rindex < rnumel
        r1 = rindex
        tmp0 = tl.load(in_ptr0 + (r1 + (rnumel * x0)), rmask & xmask, eviction_policy="evict_first",
                       other=float("-inf"))
        tmp1 = tl.broadcast_to(tmp0, [XBLOCK, RBLOCK])
        _tmp2_next, _tmp2_index_next = maximum_with_index(_tmp2, _tmp2_index, tmp1, rindex.to(tl.int64))
        _tmp2 = tl.where(rmask & xmask, _tmp2_next, _tmp2)
        _tmp2_index = tl.where(rmask & xmask, _tmp2_index_next, _tmp2_index)
    _, tmp2_tmp = tl.reduce((_tmp2, _tmp2_index), 1, maximum_with_index)
    tmp2 = tmp2_tmp[:, None]
    tl.store(out_ptr0 + x0, tmp2, xmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        xnumel, rnumel = x.shape
        buf0 = torch.empty((xnumel,), device=x.device, dtype=torch.int64)
        XBLOCK, RBLOCK = 2, 256
        triton_red_fused_argmax_0[(triton.cdiv(xnumel, XBLOCK), 1, 1)](x, buf0, xnumel, rnumel,
                                                                       XBLOCK=XBLOCK, RBLOCK=RBLOCK, num_warps=8)
        return buf0
