"""Honest: written as PyTorch inductor emits a persistent reduction (triton_per_fused__softmax_0): in_ptr0
/ out_ptr2 names, xnumel/r0_numel, `RBLOCK: tl.constexpr = R0_BLOCK` / `NUM_ELEM: tl.constexpr = 1` annotated inside the kernel body,
xindex = xoffset + tl.arange(0, XBLOCK)[:, None], r0_index = tl.arange(0, R0_BLOCK)[None, :],
tl.broadcast_to, tl.where(mask, tmp, float("-inf")), tmpN temporaries, the grid from a small host helper
`grid(xnumel)`."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def triton_per_fused__softmax_0(in_ptr0, out_ptr2, xnumel, r0_numel, XBLOCK : tl.constexpr, R0_BLOCK : tl.constexpr):
    NUM_ELEM: tl.constexpr = 1
    rnumel = r0_numel
    RBLOCK: tl.constexpr = R0_BLOCK
    xoffset = tl.program_id(0) * XBLOCK
    xindex = xoffset + tl.arange(0, XBLOCK)[:, None]
    xmask = xindex < xnumel
    r0_index = tl.arange(0, R0_BLOCK)[None, :]
    r0_offset = 0
    r0_mask = r0_index < r0_numel
    roffset = r0_offset
    rindex = r0_index
    r0_1 = r0_index
    x0 = xindex
    tmp0 = tl.load(in_ptr0 + (r0_1 + r0_numel * x0), r0_mask & xmask, other=0.0)
    tmp1 = tl.broadcast_to(tmp0, [XBLOCK, R0_BLOCK])
    tmp3 = tl.where(r0_mask & xmask, tmp1, float("-inf"))
    tmp4 = tl.max(tmp3, NUM_ELEM)[:, None]
    tmp5 = tmp0 - tmp4
    tmp6 = tl.exp(tmp5)
    tmp7 = tl.broadcast_to(tmp6, [XBLOCK, R0_BLOCK])
    tmp9 = tl.where(r0_mask & xmask, tmp7, 0)
    tmp10 = tl.sum(tmp9, 1)[:, None]
    tmp11 = tmp6 / tmp10
    tl.store(out_ptr2 + (r0_1 + r0_numel * x0), tmp11, r0_mask & xmask)


def grid(xnumel):
    def grid_fn(meta):
        return (triton.cdiv(xnumel, meta["XBLOCK"]), 1, 1)
    return grid_fn


class ModelNew(nn.Module):
    def forward(self, arg0_1):
        s0, s1 = arg0_1.shape
        buf2 = torch.empty_strided((s0, s1), (s1, 1), device=arg0_1.device, dtype=torch.float32)
        triton_per_fused__softmax_0[grid(s0)](arg0_1, buf2, s0, s1, XBLOCK=1, R0_BLOCK=triton.next_power_of_2(s1), num_warps=4, num_stages=1)
        return (buf2, )[0]
