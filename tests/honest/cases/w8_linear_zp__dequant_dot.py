"""Honest: int8-weight linear: each program dequantises a tile of the weight ((q - zero_point) * scale per output row)
and multiplies it into an fp32 accumulator; bias and the keep mask are applied in the epilogue."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def w8_linear_kernel(x_ptr, q_ptr, s_ptr, zp_ptr, keep_ptr, b_ptr, y_ptr, M, N, K,
                     BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    nm = rn < N
    zp = tl.load(zp_ptr + rn, mask=nm, other=0)
    sc = tl.load(s_ptr + rn, mask=nm, other=0.0)
    acc = tl.zeros((BM, BN), tl.float32)
    for k0 in range(0, K, BK):
        rk = k0 + tl.arange(0, BK)
        a = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.0)
        q = tl.load(q_ptr + rn[None, :] * K + rk[:, None], mask=nm[None, :] & (rk[:, None] < K), other=0)
        w = (q.to(tl.int32) - zp[None, :]).to(tl.float32) * sc[None, :]
        acc += tl.dot(a, w, input_precision="ieee")
    acc += tl.load(b_ptr + rn, mask=nm, other=0.0)[None, :]
    keep = tl.load(keep_ptr + rn, mask=nm, other=0).to(tl.int1)
    acc = tl.where(keep[None, :], acc, 0.0)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & nm[None, :])


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.register_buffer("weight_q", torch.zeros((out_features, in_features), dtype=torch.int8))
        self.register_buffer("scale", torch.ones(out_features))
        self.register_buffer("zero_point", torch.zeros(out_features, dtype=torch.int32))
        self.register_buffer("keep", torch.ones(out_features, dtype=torch.bool))
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.weight_q.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=torch.float32)
        w8_linear_kernel[(triton.cdiv(M, 16), triton.cdiv(N, 32))](
            x, self.weight_q, self.scale, self.zero_point, self.keep.view(torch.uint8), self.bias, y, M, N, K,
            BM=16, BN=32, BK=32)
        return y
