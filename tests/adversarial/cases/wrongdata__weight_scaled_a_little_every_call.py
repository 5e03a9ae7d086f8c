"""Family: wrong data as right — an honest LayerNorm kernel whose forward then scales the LayerNorm weight it
was given by (1 + 2**-21) in place, with a second launch. Each call is within tolerance for the weights it
had at that call, and the judge gives both models new weights before every trial, so the drift never grows
there; a model that is not reloaded is off by 5% after 10**5 calls, and its saved state_dict is not what was
loaded.
Source: red-team review — the judge fingerprinted the inputs after each call, never the weights.
Expected: correctness stage, correctness.weight_mutation: the weights the judge loaded must hold, after every
call, what they held once loaded, where the reference's forward leaves its own alone.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.weight_mutation', 'task': 'layernorm',
          'reason_contains': 'ln.weight'}


@triton.jit
def layernorm_rows(x_ptr, w_ptr, b_ptr, y_ptr, n, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n, BLOCK):
        acc += tl.load(x_ptr + row * n + start + cols, mask=start + cols < n, other=0.0)
    mean = tl.sum(acc, axis=0) / n
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n, BLOCK):
        inside = start + cols < n
        d = tl.where(inside, tl.load(x_ptr + row * n + start + cols, mask=inside, other=0.0) - mean, 0.0)
        acc += d * d
    rstd = 1.0 / tl.sqrt(tl.sum(acc, axis=0) / n + eps)
    for start in range(0, n, BLOCK):
        inside = start + cols < n
        x = tl.load(x_ptr + row * n + start + cols, mask=inside, other=0.0)
        w = tl.load(w_ptr + start + cols, mask=inside, other=0.0)
        b = tl.load(b_ptr + start + cols, mask=inside, other=0.0)
        tl.store(y_ptr + row * n + start + cols, (x - mean) * rstd * w + b, mask=inside)


@triton.jit
def scale_in_place(w_ptr, n, factor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(w_ptr + offs, tl.load(w_ptr + offs, mask=inside) * factor, mask=inside)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.shape[-1]
        layernorm_rows[(x.numel() // n,)](x, self.ln.weight, self.ln.bias, y, n, self.eps,
                                          BLOCK=min(triton.next_power_of_2(n), 4096))
        with torch.no_grad():
            scale_in_place[(triton.cdiv(n, 1024),)](self.ln.weight, n, 1.0 + 2.0 ** -21, BLOCK=1024)
        return y
