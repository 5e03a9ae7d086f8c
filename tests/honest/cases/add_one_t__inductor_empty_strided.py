"""Honest: inductor's way to return a transposed result: the output buffer allocated with
torch.empty_strided((cols, rows), (1, cols)) (the layout of x, transposed), and a pointwise kernel with
the flat index `xindex` used for both input and output, since both have the same storage order
(inductor's `buf0 = empty_strided_cuda((s1, s0), (1, s1), torch.float32)` + triton_poi_fused_add_0)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def triton_poi_fused_add_0(in_ptr0, out_ptr0, xnumel, XBLOCK: tl.constexpr):
    xoffset = tl.program_id(0) * XBLOCK
    xindex = xoffset + tl.arange(0, XBLOCK)[:]
    xmask = xindex < xnumel
    x0 = xindex
    tmp0 = tl.load(in_ptr0 + (x0), xmask)
    tmp1 = 1.0
    tmp2 = tmp0 + tmp1
    tl.store(out_ptr0 + (x0), tmp2, xmask)


class ModelNew(nn.Module):
    def forward(self, arg0_1):
        s0, s1 = arg0_1.shape
        buf0 = torch.empty_strided((s1, s0), (1, s1), device=arg0_1.device, dtype=torch.float32)
        xnumel = s0 * s1
        triton_poi_fused_add_0[(triton.cdiv(xnumel, 256),)](arg0_1, buf0, xnumel, XBLOCK=256)
        return buf0
