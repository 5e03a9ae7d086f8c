import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def csr_conv1x1_kernel(crow_ptr, col_ptr, val_ptr, x_ptr, y_ptr, C_IN, C_OUT, HW,
                       BP: tl.constexpr):
    # one output channel o of one image b, BP pixels: y[b, o, p] = sum_e val[e] * x[b, col[e], p]
    o = tl.program_id(0)
    b = tl.program_id(1).to(tl.int64)
    p = tl.program_id(2) * BP + tl.arange(0, BP)
    pmask = p < HW
    start = tl.load(crow_ptr + o)
    end = tl.load(crow_ptr + o + 1)
    x_img = x_ptr + b * C_IN * HW
    acc = tl.zeros([BP], tl.float32)
    for e in range(start, end):
        c = tl.load(col_ptr + e)
        v = tl.load(val_ptr + e)
        acc += v * tl.load(x_img + c * HW + p, mask=pmask, other=0.0)
    tl.store(y_ptr + (b * C_OUT + o) * HW + p, acc, mask=pmask)


class ModelNew(nn.Module):
    def __init__(self, c_in: int, c_out: int, density: float):
        super().__init__()
        nnz = max(1, int(round(density * c_in * c_out)))
        self.register_buffer("w_crow", torch.empty(c_out + 1, dtype=torch.int32))
        self.register_buffer("w_col", torch.empty(nnz, dtype=torch.int32))
        self.register_buffer("w_val", torch.empty(nnz))
        self.c_out = c_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        b, c, h, w = x.shape
        hw = h * w
        y = torch.empty((b, self.c_out, h, w), dtype=x.dtype, device=x.device)
        BP = 256
        grid = (self.c_out, b, triton.cdiv(hw, BP))
        csr_conv1x1_kernel[grid](self.w_crow, self.w_col, self.w_val, x, y, c, self.c_out, hw, BP=BP)
        return y
