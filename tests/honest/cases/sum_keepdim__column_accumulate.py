"""Honest: sum(dim=1, keepdim=True), autotune."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[triton.Config({"BLOCK_R": 32, "BLOCK_C": 64}), triton.Config({"BLOCK_R": 64, "BLOCK_C": 128})],
    key=["R", "C"],
)
@triton.jit
def sum_mid_kernel(x_ptr, out_ptr, R, C, BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    pid_b = tl.program_id(0)
    pid_c = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    acc = tl.zeros([BLOCK_R, BLOCK_C], dtype=tl.float32)
    base = x_ptr + pid_b.to(tl.int64) * R * C
    for r in range(0, R, BLOCK_R):
        rows = r + tl.arange(0, BLOCK_R)
        mask = (rows[:, None] < R) & (cols[None, :] < C)
        acc += tl.load(base + rows[:, None] * C + cols[None, :], mask=mask, other=0.0).to(tl.float32)
    s = tl.sum(acc, axis=0)
    tl.store(out_ptr + pid_b.to(tl.int64) * C + cols, s, mask=cols < C)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        shape = list(x.shape)
        d = self.dim % x.dim()
        B = 1
        for s in shape[:d]:
            B *= s
        R = shape[d]
        C = 1
        for s in shape[d + 1:]:
            C *= s
        out_shape = shape[:d] + [1] + shape[d + 1:]
        out = torch.empty(out_shape, device=x.device, dtype=x.dtype)
        grid = lambda meta: (B, triton.cdiv(C, meta["BLOCK_C"]))
        sum_mid_kernel[grid](x, out, R, C)
        return out
