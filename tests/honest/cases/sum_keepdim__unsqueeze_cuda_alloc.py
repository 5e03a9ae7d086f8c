"""Honest: same, device="cuda" allocation, driver.active.get_active_torch_device(), .unsqueeze,
tl.range(num_stages)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

DEVICE = triton.runtime.driver.active.get_active_torch_device()


@triton.jit
def reduce_middle_kernel(x_ptr, out_ptr, R, C, stride_b, stride_r, stride_c,
                         BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    pid_b = tl.program_id(0)
    pid_c = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    acc = tl.zeros([BLOCK_C], dtype=tl.float32)
    for r in tl.range(0, R, BLOCK_R, num_stages=2):
        rows = r + tl.arange(0, BLOCK_R)
        mask = (rows[:, None] < R) & (cols[None, :] < C)
        ptrs = x_ptr + pid_b.to(tl.int64) * stride_b + rows[:, None] * stride_r + cols[None, :] * stride_c
        acc += tl.sum(tl.load(ptrs, mask=mask, other=0.0).to(tl.float32), axis=0)
    tl.store(out_ptr + pid_b.to(tl.int64) * C + cols, acc, mask=cols < C)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        assert x.dim() == 3 and self.dim == 1
        B, R, C = x.shape
        out = torch.empty((B, C), device="cuda", dtype=x.dtype)
        BLOCK_R, BLOCK_C = 16, 128
        grid = (B, triton.cdiv(C, BLOCK_C))
        reduce_middle_kernel[grid](x, out, R, C, x.stride(0), x.stride(1), x.stride(2),
                                   BLOCK_R=BLOCK_R, BLOCK_C=BLOCK_C)
        return out.unsqueeze(self.dim)
