"""Honest: an MLP of nn.Linear layers run by one fused linear(+ReLU) kernel per layer, whose launcher loops
`for F, layer in zip(self.widths, self.layers)` with `F` the layer's output width, in a file that imports
`torch.nn.functional as F` (KernelBench's header) - a loop-target local named like the module alias."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import triton
import triton.language as tl


@triton.jit
def linear_act_kernel(x_ptr, w_ptr, b_ptr, y_ptr, M, N, K, RELU: tl.constexpr,
                      BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(x_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + kk[:, None], mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, w, input_precision="ieee")
    acc += tl.load(b_ptr + rn, mask=rn < N, other=0.0)[None, :]
    if RELU:
        acc = tl.maximum(acc, 0.0)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, d_in, d_hidden, d_out, num_layers):
        super().__init__()
        dims = [d_in] + [d_hidden] * (num_layers - 1) + [d_out]
        self.widths = dims[1:]
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:])])

    def forward(self, x):
        h = x.contiguous()
        last = len(self.layers) - 1
        for i, (F, layer) in enumerate(zip(self.widths, self.layers)):
            M, K = h.shape
            y = torch.empty((M, F), device=h.device, dtype=torch.float32)
            grid = (triton.cdiv(M, 16), triton.cdiv(F, 16))
            linear_act_kernel[grid](h, layer.weight, layer.bias, y, M, F, K, RELU=i < last, BM=16, BN=16, BK=16)
            h = y
        return h
