"""Honest: vLLM's fused_add_rms_norm written out of place in Triton, one program per row: h = x + residual
added in bf16 (rounded as the reference rounds it) and stored as the second output, the mean square taken in
fp32 from the rounded h, the normalised row rounded to bf16 before the bf16 weight multiply (as HF's
LlamaRMSNorm does); returns the tuple (y, h), num_warps from the block width, the weight a ones Parameter under
the reference's name."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def fused_add_rmsnorm_kernel(x_ptr, res_ptr, w_ptr, y_ptr, h_ptr, stride_row, N, eps,
                             BLOCK_N: tl.constexpr):
    row = tl.program_id(0)
    off = row.to(tl.int64) * stride_row
    cols = tl.arange(0, BLOCK_N)
    mask = cols < N
    x = tl.load(x_ptr + off + cols, mask=mask, other=0.0)
    r = tl.load(res_ptr + off + cols, mask=mask, other=0.0)
    h = x + r  # bf16 add, rounded like the reference
    tl.store(h_ptr + off + cols, h, mask=mask)
    hf = h.to(tl.float32)
    var = tl.sum(hf * hf, axis=0) / N
    normed = (hf * tl.rsqrt(var + eps)).to(tl.bfloat16)
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + off + cols, normed * w, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden, dtype=torch.bfloat16))
        self.eps = eps

    def forward(self, x: torch.Tensor, residual: torch.Tensor):
        x = x.contiguous()
        residual = residual.contiguous()
        M, N = x.shape
        y = torch.empty_like(x)
        h = torch.empty_like(x)
        BLOCK_N = triton.next_power_of_2(N)
        fused_add_rmsnorm_kernel[(M,)](x, residual, self.weight, y, h, x.stride(0), N, self.eps,
                                       BLOCK_N=BLOCK_N, num_warps=min(max(BLOCK_N // 256, 1), 8))
        return y, h
