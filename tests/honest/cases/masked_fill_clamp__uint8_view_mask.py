"""Honest: same, mask .view(torch.uint8), tl.clamp, autotune."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(configs=[triton.Config({"BLOCK_SIZE": 1024}, num_warps=4),
                          triton.Config({"BLOCK_SIZE": 2048}, num_warps=8)], key=["n_elements"])
@triton.jit
def masked_fill_clamp_kernel(x_ptr, mask_ptr, out_ptr, n_elements, fill_value, lo, hi,
                             BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    in_bounds = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=in_bounds)
    m = tl.load(mask_ptr + offsets, mask=in_bounds, other=0).to(tl.int1)
    y = tl.where(m, fill_value, x)
    y = tl.clamp(y, lo, hi, propagate_nan=tl.PropagateNan.ALL)
    tl.store(out_ptr + offsets, y, mask=in_bounds)


class ModelNew(nn.Module):
    def __init__(self, min_val, max_val):
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val

    def forward(self, x, mask):
        x = x.contiguous()
        mask_u8 = mask.contiguous().view(torch.uint8)
        out = torch.empty_like(x)
        n = x.numel()
        grid = lambda meta: (triton.cdiv(n, meta["BLOCK_SIZE"]),)
        masked_fill_clamp_kernel[grid](x, mask_u8, out, n, -3.0, self.min_val, self.max_val)
        return out
