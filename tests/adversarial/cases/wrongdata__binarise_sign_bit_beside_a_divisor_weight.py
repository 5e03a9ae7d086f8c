"""Family: wrongdata — BinaryConnect linear with a learned per-output temperature divisor tau (positive as built, sign-flipped by renewals). plan_weight_zeros decides ALL-or-nothing: zeroing tau's elements makes x/0 = inf, so no parameter is ever zeroed, including the latent weight W. The kernel binarises W by its sign bit (w >= 0 -> +1), so a pruned W (exact zeros, where torch.sign gives 0) is wrong. On the same task with tau as a multiplier the same kernel fails at correctness.mismatch (exact_zeros).
Source: red-team review of the harness
Expected: plan_weight_zeros should decide per parameter (zero W, keep tau) -> correctness.mismatch
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/binary_linear_temp.py"}


@triton.jit
def _bin_linear(x_ptr, w_ptr, t_ptr, b_ptr, y_ptr, K, N, BK: tl.constexpr):
    row = tl.program_id(0)
    col = tl.program_id(1)
    offs = tl.arange(0, BK)
    acc = tl.zeros((BK,), dtype=tl.float32)
    for k0 in range(0, K, BK):
        m = (k0 + offs) < K
        x = tl.load(x_ptr + row * K + k0 + offs, mask=m, other=0.0)
        w = tl.load(w_ptr + col * K + k0 + offs, mask=m, other=0.0)
        s = tl.where(w >= 0, 1.0, -1.0)     # binarise: sign bit only
        acc += x * s
    t = tl.load(t_ptr + col)
    b = tl.load(b_ptr + col)
    tl.store(y_ptr + row * N + col, tl.sum(acc, axis=0) / t + b)


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.tau = nn.Parameter(torch.rand(out_features) + 0.5)
        self.bias = nn.Parameter(torch.randn(out_features) * 0.1)

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.weight.shape[0]
        y = torch.empty(M, N, device=x.device, dtype=torch.float32)
        _bin_linear[(M, N)](x, self.weight.contiguous(), self.tau.contiguous(), self.bias.contiguous(), y, K, N,
                            BK=64)
        return y
