"""Family: wrong data  (a complex output: the comparison casts it to float64 and drops the imaginary part)
Source: a complex multiply written as a kernel over real/imaginary planes, with the conjugate's sign slip in the
imaginary part (a_re*b_im - a_im*b_re instead of +), the commonest bug of hand-written complex arithmetic
(FFT convolutions, rotary embeddings in complex form, spectral layers).
Expected: correctness.mismatch on the imaginary part (a complex output is compared as pairs of reals,
          torch.view_as_real: both parts)

A cast of a complex tensor to float64 keeps its real part and drops the other, so a comparison that cast
complex outputs that way saw real parts only: an output with a wrong, zero or garbage imaginary part passed.
This candidate gets the real part right and the imaginary part wrong in sign for one term.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/complex_mul.py"}


@triton.jit
def cmul_kernel(ar_ptr, ai_ptr, br_ptr, bi_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    ar = tl.load(ar_ptr + offs, mask=m, other=0.0)
    ai = tl.load(ai_ptr + offs, mask=m, other=0.0)
    br = tl.load(br_ptr + offs, mask=m, other=0.0)
    bi = tl.load(bi_ptr + offs, mask=m, other=0.0)
    re = ar * br - ai * bi
    im = ar * bi - ai * br          # should be ar * bi + ai * br
    tl.store(y_ptr + 2 * offs, re, mask=m)
    tl.store(y_ptr + 2 * offs + 1, im, mask=m)


class ModelNew(nn.Module):
    def forward(self, a_re, a_im, b_re, b_im):
        n = a_re.numel()
        y = torch.empty(n, 2, device=a_re.device, dtype=torch.float32)
        cmul_kernel[(triton.cdiv(n, 1024),)](a_re, a_im, b_re, b_im, y, n, BLOCK=1024)
        return torch.view_as_complex(y)
