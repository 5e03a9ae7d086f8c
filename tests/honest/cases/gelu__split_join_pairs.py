"""Honest: tanh-GELU over fp16 pairs, CUDA's half2 idiom written in Triton: (BLOCK, 2) offsets built with
tl.join(2 * p, 2 * p + 1), one masked load of the pairs, tl.split into even and odd halves, a helper jit GELU
(libdevice.tanh from the module-level try/except ImportError) applied to each in fp32, tl.join again for one
store; an odd element count's last element done by a separate one-program scalar tail kernel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

try:
    from triton.language.extra import libdevice
except ImportError:
    from triton.language.extra.cuda import libdevice


@triton.jit
def _gelu(x):
    return 0.5 * x * (1.0 + libdevice.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))


@triton.jit
def gelu_pairs_kernel(x_ptr, y_ptr, n_pairs, BLOCK: tl.constexpr):
    # each program handles BLOCK pairs of fp16 values, deinterleaved with tl.split and re-joined
    pid = tl.program_id(0)
    p = pid * BLOCK + tl.arange(0, BLOCK)
    offs = tl.join(2 * p, 2 * p + 1)          # (BLOCK, 2)
    mask = tl.join(p < n_pairs, p < n_pairs)
    xx = tl.load(x_ptr + offs, mask=mask, other=0.0)
    even, odd = tl.split(xx)
    ye = _gelu(even.to(tl.float32)).to(tl.float16)
    yo = _gelu(odd.to(tl.float32)).to(tl.float16)
    tl.store(y_ptr + offs, tl.join(ye, yo), mask=mask)


@triton.jit
def gelu_tail_kernel(x_ptr, y_ptr, idx):
    x = tl.load(x_ptr + idx).to(tl.float32)
    tl.store(y_ptr + idx, _gelu(x).to(tl.float16))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        n_pairs = n // 2
        BLOCK = 512
        if n_pairs > 0:
            gelu_pairs_kernel[(triton.cdiv(n_pairs, BLOCK),)](x, y, n_pairs, BLOCK=BLOCK)
        if n % 2 == 1:
            gelu_tail_kernel[(1,)](x, y, n - 1)
        return y
