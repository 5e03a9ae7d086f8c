"""Family: wrong data as right — state of one layer shared by every layer of its size: the affine weight and
bias packed into one buffer by a load_state_dict post hook, kept in a module-level dict keyed by the width
alone. A transformer has many LayerNorms of one width; each reads the packed weights of whichever was loaded
last. A judge that only ever calls one instance of ModelNew sees the right weights every time.
Source: a red-team finding against this harness (one instance at a time).
Expected: correctness.mismatch: a second instance of the same arguments, with weights of its own, is built
beside the first and called, then the first is called again (judge.check_second_instance).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "layernorm"}


@triton.jit
def layernorm_kernel(x_ptr, wb_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    y_row = y_ptr + row * n_cols
    # pass 1: mean
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        acc += tl.load(x_row + start + cols, mask=mask, other=0.0)
    mean = tl.sum(acc, axis=0) / n_cols
    # pass 2: variance around the mean (no cancellation)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        d = tl.where(mask, tl.load(x_row + start + cols, mask=mask, other=0.0) - mean, 0.0)
        acc += d * d
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
    # pass 3: normalise, affine, store
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0)
        w = tl.load(wb_ptr + start + cols, mask=mask, other=0.0)
        b = tl.load(wb_ptr + n_cols + start + cols, mask=mask, other=0.0)
        tl.store(y_row + start + cols, (x - mean) * rstd * w + b, mask=mask)


_PACKED = {}  # hidden -> (2, hidden) packed [weight; bias]


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)  # parameter container only (weight, bias)
        self.eps = eps
        self.hidden = hidden
        _PACKED[hidden] = torch.stack([self.ln.weight.detach(), self.ln.bias.detach()]).contiguous()
        self.register_load_state_dict_post_hook(self._repack)

    @staticmethod
    def _repack(module, incompatible_keys):
        with torch.no_grad():
            _PACKED[module.hidden] = torch.stack([module.ln.weight.detach(), module.ln.bias.detach()]).contiguous()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        n_rows = x.numel() // n_cols
        block = min(triton.next_power_of_2(n_cols), 4096)
        layernorm_kernel[(n_rows,)](x, _PACKED[self.hidden], y, n_cols, self.eps, BLOCK=block)
        return y
