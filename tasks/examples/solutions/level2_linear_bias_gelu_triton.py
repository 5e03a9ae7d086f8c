import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def linear_bias_gelu_kernel(x_ptr, w_ptr, b_lin_ptr, b_ptr, y_ptr, M, N, K,
                            BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # y[m, n] = gelu(sum_k x[m, k] * w[n, k] + b_lin[n] + b[n]); w is nn.Linear's (out, in) weight
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        rk = k0 + tl.arange(0, BK)
        a = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + rk[:, None], mask=(rn[None, :] < N) & (rk[:, None] < K), other=0.0)
        acc += tl.dot(a, w, input_precision="ieee")
    bias = tl.load(b_lin_ptr + rn, mask=rn < N, other=0.0) + tl.load(b_ptr + rn, mask=rn < N, other=0.0)
    z = acc + bias[None, :]
    # exact (erf) GELU, as torch.nn.functional.gelu's default
    y = 0.5 * z * (1.0 + tl.erf(z * 0.7071067811865476))
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], y, mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features, bias_shape):
        super().__init__()
        # same names and shapes as the reference, so its state_dict loads into this module
        self.linear = nn.Linear(in_features, out_features)
        self.bias = nn.Parameter(torch.zeros(bias_shape))

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.linear.weight.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 32), triton.cdiv(N, 32))
        linear_bias_gelu_kernel[grid](x, self.linear.weight, self.linear.bias, self.bias, y, M, N, K,
                                      BM=32, BN=32, BK=32)
        return y
