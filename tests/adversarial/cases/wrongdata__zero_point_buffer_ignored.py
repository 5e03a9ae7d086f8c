"""Family: wrongdata — an asymmetric W8A16 linear (tests/honest/tasks/w8a16_zp_linear.py) whose int32
zero-point buffer the constructor registers as zeros, as quantised modules do before their checkpoint loads.
The candidate holds the buffer, so it loads, and never reads it: the weight is taken as symmetric, off by
zero_point[o] * scale[o] * sum_i x[:, i] on any real checkpoint. The trials renew floating weights only, and
the integer buffers that differ between two builds; one built as one value repeated kept it for the whole
evaluation.
Source: red-team review of the harness
Expected: correctness.mismatch on the first instance given new weights (judge.constants_moved gives an integer
or bool buffer of one repeated value other values there, where the reference takes them).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/w8a16_zp_linear.py"}


@triton.jit
def w8a16_kernel(x_ptr, w_ptr, s_ptr, y_ptr, M, N, K,
                 sxm, sxk, swn, swk, sym, syn,
                 BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        k = k0 + rk
        x = tl.load(x_ptr + rm[:, None] * sxm + k[None, :] * sxk,
                    mask=(rm[:, None] < M) & (k[None, :] < K), other=0.0)
        wq = tl.load(w_ptr + rn[None, :] * swn + k[:, None] * swk,
                     mask=(rn[None, :] < N) & (k[:, None] < K), other=0)
        acc = tl.dot(x, wq.to(tl.float16), acc)
    s = tl.load(s_ptr + rn, mask=rn < N, other=0.0).to(tl.float32)
    y = acc * s[None, :]
    tl.store(y_ptr + rm[:, None] * sym + rn[None, :] * syn, y.to(tl.float16),
             mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, in_f: int, out_f: int):
        super().__init__()
        self.register_buffer("qweight", torch.zeros((out_f, in_f), dtype=torch.int8))
        self.register_buffer("zero_point", torch.zeros(out_f, dtype=torch.int32))
        self.scale = nn.Parameter(torch.ones(out_f, dtype=torch.float16))

    def forward(self, x):
        M, K = x.shape
        N = self.qweight.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=torch.float16)
        grid = (triton.cdiv(M, 32), triton.cdiv(N, 64))
        w8a16_kernel[grid](x, self.qweight, self.scale, y, M, N, K,
                           x.stride(0), x.stride(1), self.qweight.stride(0), self.qweight.stride(1),
                           y.stride(0), y.stride(1), BLOCK_M=32, BLOCK_N=64, BLOCK_K=64, num_warps=4)
        return y
