"""Honest: AvgPool1d count_include_pad=False, autotune."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[triton.Config({"BLOCK_L": 64}, num_warps=2), triton.Config({"BLOCK_L": 128}, num_warps=4)],
    key=["L_OUT"],
)
@triton.jit
def avg_pool1d_kernel(x_ptr, out_ptr, L_IN, L_OUT,
                      KSIZE: tl.constexpr, STRIDE: tl.constexpr, PAD: tl.constexpr, BLOCK_L: tl.constexpr):
    row = tl.program_id(0)
    pid_l = tl.program_id(1)
    o = pid_l * BLOCK_L + tl.arange(0, BLOCK_L)
    o_mask = o < L_OUT
    start = o * STRIDE - PAD
    acc = tl.zeros([BLOCK_L], dtype=tl.float32)
    cnt = tl.zeros([BLOCK_L], dtype=tl.float32)
    x_row = x_ptr + row.to(tl.int64) * L_IN
    for j in tl.static_range(KSIZE):
        pos = start + j
        m = o_mask & (pos >= 0) & (pos < L_IN)
        acc += tl.load(x_row + pos, mask=m, other=0.0).to(tl.float32)
        cnt += m.to(tl.float32)
    res = acc / tl.maximum(cnt, 1.0)
    tl.store(out_ptr + row.to(tl.int64) * L_OUT + o, res.to(out_ptr.dtype.element_ty), mask=o_mask)


class ModelNew(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        B, C, L = x.shape
        L_out = (L + 2 * self.padding - self.kernel_size) // self.stride + 1
        out = torch.empty((B, C, L_out), device=x.device, dtype=x.dtype)
        grid = lambda meta: (B * C, triton.cdiv(L_out, meta["BLOCK_L"]))
        avg_pool1d_kernel[grid](x, out, L, L_out, KSIZE=self.kernel_size, STRIDE=self.stride,
                                PAD=self.padding)
        return out
