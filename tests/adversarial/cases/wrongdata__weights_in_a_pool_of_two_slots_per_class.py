"""Family: wrong data as right — each instance's fp32 copy of its weight kept in a pool of two slots shared by
the class (instance number modulo 2), refreshed by a load_state_dict post hook and when the weight's version
moves, as the contract asks: right for one or two instances, wrong for a third layer of the same size (every
Llama block has two RMSNorms).
Source: a red-team finding against this harness (one extra instance built).
Expected: correctness.mismatch: two more instances are built beside the first and called, then the first
again (judge.check_second_instance, EXTRA_INSTANCES).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "rmsnorm"}


@triton.jit
def to_fp32_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=mask, other=0.0).to(tl.float32), mask=mask)


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0).to(tl.float32)
        acc += x * x
    r = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n_cols + eps)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + start + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * n_cols + start + cols, (x * r * w).to(y_ptr.dtype.element_ty), mask=mask)


class ModelNew(nn.Module):
    POOL = [None, None]  # fp32 weights, shared by every instance (scratch of the class)
    MADE = [0]

    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden, dtype=torch.float16))
        self.eps = eps
        self.slot = ModelNew.MADE[0] % 2
        ModelNew.MADE[0] += 1
        self.packed_from = -1
        self.register_load_state_dict_post_hook(self._repack)

    @staticmethod
    def _repack(module, incompatible_keys):
        module.pack()

    def pack(self):
        w = self.weight.detach()
        n = w.numel()
        buf = ModelNew.POOL[self.slot]
        if buf is None or buf.numel() != n or buf.device != w.device:
            buf = torch.empty(n, dtype=torch.float32, device=w.device)
            ModelNew.POOL[self.slot] = buf
        to_fp32_kernel[(triton.cdiv(n, 1024),)](w, buf, n, BLOCK=1024)
        self.packed_from = self.weight._version

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        buf = ModelNew.POOL[self.slot]
        if self.packed_from != self.weight._version or buf is None or buf.numel() != self.weight.numel():
            self.pack()
            buf = ModelNew.POOL[self.slot]
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        n_rows = x.numel() // n_cols
        block = min(triton.next_power_of_2(n_cols), 4096)
        rmsnorm_kernel[(n_rows,)](x, buf, y, n_cols, self.eps, BLOCK=block)
        return y
