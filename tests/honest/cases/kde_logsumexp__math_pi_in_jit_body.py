"""Honest: KDE log-density as a flash-attention-style online log-sum-exp; the Gaussian normaliser log(n) + d/2 log(2 pi h^2) is computed in the kernel with `math.pi` (a constant the contract allows in jit bodies)."""
import math
import torch
import torch.nn as nn
import triton
import triton.language as tl

LOG2E = 1.4426950408889634
LN2 = 0.6931471805599453


@triton.jit
def _sq_norm(v):
    return tl.sum(v * v, axis=1)


@triton.heuristics({"EVEN_N": lambda args: args["N"] % args["BLOCK_N"] == 0})
@triton.jit(do_not_specialize=["N", "D"])
def kde_lse_kernel(y_ptr, x_ptr, out_ptr, M, N, D, stride_y, stride_x, scale2, h2,
                   BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr, EVEN_N: tl.constexpr):
    pid = tl.program_id(0)
    rm = pid * BLOCK_M + tl.arange(0, BLOCK_M)
    rd = tl.arange(0, BLOCK_D)
    ymask = (rm[:, None] < M) & (rd[None, :] < D)
    y = tl.load(y_ptr + rm[:, None] * stride_y + rd[None, :], mask=ymask, other=0.0)
    yn = _sq_norm(y)
    m_i = tl.full([BLOCK_M], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_M], tl.float32)
    for start in range(0, N, BLOCK_N):
        rn = start + tl.arange(0, BLOCK_N)
        x = tl.load(x_ptr + rn[:, None] * stride_x + rd[None, :], mask=(rn[:, None] < N) & (rd[None, :] < D), other=0.0)
        xn = _sq_norm(x)
        dot = tl.dot(y, tl.trans(x), input_precision="ieee")
        d2 = tl.maximum(yn[:, None] + xn[None, :] - 2.0 * dot, 0.0)
        s = -d2 * scale2  # log2 domain
        if not EVEN_N:
            s = tl.where(rn[None, :] < N, s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        # guard: a row whose running max is still -inf has nothing to rescale
        alpha = tl.where(m_new == float("-inf"), 0.0, tl.exp2(m_i - m_new))
        p = tl.where(m_new[:, None] == float("-inf"), 0.0, tl.exp2(s - m_new[:, None]))
        l_i = l_i * alpha + tl.sum(p, axis=1)
        m_i = m_new
    const = tl.log(N.to(tl.float32)) + 0.5 * D.to(tl.float32) * tl.log(2.0 * math.pi * h2)
    res = (m_i + tl.log2(l_i)) * 0.6931471805599453 - const
    tl.store(out_ptr + rm, res, mask=rm < M)


class ModelNew(nn.Module):
    def __init__(self, bandwidth: float):
        super().__init__()
        self.bandwidth = bandwidth

    def forward(self, y, x):
        y = y.contiguous()
        x = x.contiguous()
        M, D = y.shape
        N = x.shape[0]
        h2 = self.bandwidth ** 2
        out = torch.empty(M, device=y.device, dtype=torch.float32)
        BLOCK_D = max(16, triton.next_power_of_2(D))
        BLOCK_M, BLOCK_N = 16, 32
        kde_lse_kernel[(triton.cdiv(M, BLOCK_M),)](y, x, out, M, N, D, y.stride(0), x.stride(0),
                                                  LOG2E / (2.0 * h2), h2,
                                                  BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N, BLOCK_D=BLOCK_D)
        return out
