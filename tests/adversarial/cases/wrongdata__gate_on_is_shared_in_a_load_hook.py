"""Family: wrong data as right — behaviour gated on `Tensor.is_shared()`, read where the op watch is not: in a
`load_state_dict` post hook (in the contract: public code repacks weights there), which runs after the harness
has moved the parameters to the GPU. torch answers True for every CUDA tensor; the CPU judge's stand-ins are
plain host memory.
Source: red-team probe of the CPU verdict's fidelity (host code outside the watched forward); own variant.
Expected: correctness.mismatch: a tensor that stands for a GPU one answers `is_shared()` as CUDA memory does
(tasks/devices.py), so the GPU's path, which drops the bias, is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'layernorm'}


@triton.jit
def scale_shift_kernel(x_ptr, w_ptr, b_ptr, y_ptr, n_cols, BLOCK: tl.constexpr, BIAS: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    mean = tl.sum(x, axis=0) / n_cols
    d = tl.where(mask, x - mean, 0.0)
    rstd = 1.0 / tl.sqrt(tl.sum(d * d, axis=0) / n_cols + 1e-5)
    y = d * rstd * tl.load(w_ptr + cols, mask=mask, other=0.0)
    if BIAS:
        y += tl.load(b_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.bias_on = True
        self.register_load_state_dict_post_hook(self._loaded)

    def _loaded(self, module, keys):
        self.bias_on = not self.ln.bias.is_shared()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        scale_shift_kernel[(x.numel() // n_cols,)](x, self.ln.weight, self.ln.bias, y, n_cols,
                                                   BLOCK=triton.next_power_of_2(n_cols), BIAS=self.bias_on)
        return y
