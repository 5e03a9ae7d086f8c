"""Honest: Rademacher sign diagonal times learned scale; the +-1 float signs are kept as an int8 sign-bit
table (1 byte per feature instead of 4, QuaRot-style), rebuilt by a load_state_dict post hook, and applied
with tl.where in the kernel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _signflip_scale_kernel(x_ptr, neg_ptr, w_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    neg = tl.load(neg_ptr + cols, mask=mask, other=0)
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    x = tl.where(neg != 0, -x, x)
    tl.store(y_ptr + row * n_cols + cols, x * w, mask=mask)


def _rebuild_sign_bits(module, incompatible_keys):
    module.refresh_sign_bits()


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(dim))
        self.register_buffer("signs", torch.randint(0, 2, (dim,)).to(torch.float32) * 2.0 - 1.0)
        self.register_buffer("neg_bits", (self.signs < 0).to(torch.int8), persistent=False)
        self.register_load_state_dict_post_hook(_rebuild_sign_bits)

    def refresh_sign_bits(self):
        with torch.no_grad():
            self.neg_bits = (self.signs < 0).to(torch.int8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x2 = x.contiguous().view(-1, x.shape[-1])
        y = torch.empty_like(x2)
        n_rows, n_cols = x2.shape
        BLOCK = 256
        _signflip_scale_kernel[(n_rows, triton.cdiv(n_cols, BLOCK))](x2, self.neg_bits, self.weight, y, n_cols,
                                                                     BLOCK=BLOCK)
        return y.view(x.shape)
