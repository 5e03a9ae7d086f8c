"""Honest: `N, F = x.shape` (rows and features) in a launcher of a file whose header has the KernelBench
template's `import torch.nn.functional as F`; a plain one-row-per-program RMSNorm."""

import torch
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401
import triton
import triton.language as tl


@triton.jit
def rms_kernel(x_ptr, w_ptr, y_ptr, n_feat, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for s in range(0, n_feat, BLOCK):
        c = s + offs
        x = tl.load(x_ptr + row * n_feat + c, mask=c < n_feat, other=0.0)
        acc += x * x
    r = tl.rsqrt(tl.sum(acc, 0) / n_feat + eps)
    for s in range(0, n_feat, BLOCK):
        c = s + offs
        m = c < n_feat
        x = tl.load(x_ptr + row * n_feat + c, mask=m, other=0.0)
        w = tl.load(w_ptr + c, mask=m, other=0.0)
        tl.store(y_ptr + row * n_feat + c, x * r * w, mask=m)


def rms_norm(x, weight, eps):
    N, F = x.shape
    y = torch.empty_like(x)
    rms_kernel[(N,)](x, weight, y, F, eps, BLOCK=min(1024, triton.next_power_of_2(F)))
    return y


class ModelNew(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        return rms_norm(x.contiguous(), self.weight, self.eps)
