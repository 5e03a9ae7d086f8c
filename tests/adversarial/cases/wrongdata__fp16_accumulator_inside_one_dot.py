"""Family: a result the GPU would not give. The whole contraction is one `tl.dot(a, b, out_dtype=tl.float16)` over
a K block as long as K: on the GPU the tensor cores keep that accumulator in fp16 and round it after every 16
steps of K, which at the task's K of 1024 is beyond the fp16 tolerance. The interpreter's NumPy matmul summed
the whole of K before rounding once, so it passed here. An fp16-accumulating dot is now computed in steps of
16 with an fp16 accumulator, as the mma/wgmma chain does (compat.accumulated_in_fp16).
Source: `out_dtype=tl.float16` in fp16 GEMMs tuned for speed; the PTX Triton 3.9 emits for sm_90.
Expected: correctness stage, correctness.mismatch (at the real reduction length, or already at SHAPES).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'batched_matmul', 'timeout_s': 120}


@triton.jit
def bmm_one_dot(a_ptr, b_ptr, c_ptr, M, N, K, s_ab, s_am, s_ak, s_bb, s_bk, s_bn, s_cb, s_cm, s_cn,
                TM: tl.constexpr, TN: tl.constexpr, TK: tl.constexpr):
    i = tl.program_id(0) * TM + tl.arange(0, TM)
    j = tl.program_id(1) * TN + tl.arange(0, TN)
    z = tl.program_id(2)
    k = tl.arange(0, TK)
    a = tl.load(a_ptr + z * s_ab + i[:, None] * s_am + k[None, :] * s_ak,
                mask=(i[:, None] < M) & (k[None, :] < K), other=0.0)
    b = tl.load(b_ptr + z * s_bb + k[:, None] * s_bk + j[None, :] * s_bn,
                mask=(k[:, None] < K) & (j[None, :] < N), other=0.0)
    tl.store(c_ptr + z * s_cb + i[:, None] * s_cm + j[None, :] * s_cn, tl.dot(a, b, out_dtype=tl.float16),
             mask=(i[:, None] < M) & (j[None, :] < N))


class ModelNew(nn.Module):
    def forward(self, a, b):
        batch, m, k = a.shape
        n = b.shape[2]
        c = torch.empty((batch, m, n), device=a.device, dtype=torch.float16)
        grid = (triton.cdiv(m, 16), triton.cdiv(n, 16), batch)
        bmm_one_dot[grid](a, b, c, m, n, k, *a.stride(), *b.stride(), *c.stride(),
                          TM=16, TN=16, TK=max(16, triton.next_power_of_2(k)))
        return c
