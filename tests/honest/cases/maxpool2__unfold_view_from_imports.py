"""Honest: Pooling windows as a zero-copy `x.unfold(2, k, s).unfold(3, k, s)` view (6-D, strides passed to the
kernel), output shape from `windows.shape[:4]`; `from triton import jit, cdiv` and
`from triton.language import constexpr` imports with `@jit`; the running max seeded from
`torch.finfo(x.dtype).min` passed as a float."""
import torch
import torch.nn as nn
from triton import cdiv, jit
import triton.language as tl
from triton.language import constexpr


@jit
def window_max_kernel(w_ptr, y_ptr, n_out, OH, OW, C,
                      s0, s1, s2, s3, s4, s5, lowest,
                      KH: constexpr, KW: constexpr, BLOCK: constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n_out
    ow = offs % OW
    t = offs // OW
    oh = t % OH
    t = t // OH
    c = t % C
    n = t // C
    base = n * s0 + c * s1 + oh * s2 + ow * s3
    acc = tl.full([BLOCK], lowest, tl.float32)
    for i in tl.static_range(KH):
        for j in tl.static_range(KW):
            v = tl.load(w_ptr + base + i * s4 + j * s5, mask=mask, other=lowest)
            acc = tl.maximum(acc, v)
    tl.store(y_ptr + offs, acc, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.k = 2
        self.s = 2

    def forward(self, x):
        windows = x.unfold(2, self.k, self.s).unfold(3, self.k, self.s)
        N, C, OH, OW = windows.shape[:4]
        y = torch.empty((N, C, OH, OW), device=x.device, dtype=x.dtype)
        n_out = y.numel()
        BLOCK = 256
        window_max_kernel[(cdiv(n_out, BLOCK),)](windows, y, n_out, OH, OW, C, *windows.stride(),
                                                 float(torch.finfo(x.dtype).min),
                                                 KH=self.k, KW=self.k, BLOCK=BLOCK)
        return y
