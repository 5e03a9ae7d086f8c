"""Family: wrong data  (squared distance by |a|^2 + |b|^2 - 2 a.b without the clamp at 0: NaN where x1 meets x2)
Source: the "fast cdist" an LLM writes for a GP kernel (row norms by tl.sum plus the cross term by tl.dot, as
torch.cdist's matmul path does), dropping the clamp_min(0) before the sqrt because every drawn distance is well away from zero.
Expected: correctness.mismatch on the task's shared_points family (half of x2's points are x1's: K(X, X), the
          training covariance of every GP fit)

At r = 0 the expansion's three terms cancel, and since the norms (tl.sum) and the cross term (tl.dot) add
their products in different orders, fp32 rounding leaves a value of either sign: sqrt of a
negative is NaN, so K(X, X) (the training covariance of every Gaussian process, where each diagonal entry
is a point against itself) comes back with NaNs on its diagonal, as do any repeated points (gridded
inputs, ties in categorical features). The task draws x1 and x2 independently from rand(n, 8): at every
checked size the closest pair is far enough apart that the expansion never goes negative, and the
task's docstring rules duplicates out ("Input families: none"). The judge's own families (exact zeros,
one zero row) zero a row of x1 and a row of x2 at once: (0, 0) is the one duplicate pair they make, and
there all three terms are exactly 0, so sqrt(0) = 0 and the kernel is right there too.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "matern32_cov"}


@triton.jit
def matern_kernel(x1_ptr, x2_ptr, ls_ptr, os_ptr, out_ptr, n1, n2, d,
                  BM: tl.constexpr, BN: tl.constexpr, BD: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    rm = pm * BM + tl.arange(0, BM)
    rn = pn * BN + tl.arange(0, BN)
    rd = tl.arange(0, BD)
    mm = rm < n1
    mn = rn < n2
    md = rd < d
    inv = 1.0 / tl.load(ls_ptr + rd, mask=md, other=1.0)
    a = tl.load(x1_ptr + rm[:, None] * d + rd[None, :], mask=mm[:, None] & md[None, :], other=0.0) * inv[None, :]
    b = tl.load(x2_ptr + rn[:, None] * d + rd[None, :], mask=mn[:, None] & md[None, :], other=0.0) * inv[None, :]
    a2 = tl.sum(a * a, 1)
    b2 = tl.sum(b * b, 1)
    ab = tl.dot(a, tl.trans(b), input_precision="ieee")  # the cross term as a GEMM, as cdist's mm path
    d2 = a2[:, None] + b2[None, :] - 2.0 * ab
    z = 1.7320508075688772 * tl.sqrt(d2)
    k = tl.load(os_ptr) * (1.0 + z) * tl.exp(-z)
    tl.store(out_ptr + rm[:, None] * n2 + rn[None, :], k, mask=mm[:, None] & mn[None, :])


class ModelNew(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.lengthscale = nn.Parameter(0.3 + 0.4 * torch.rand(d))
        self.outputscale = nn.Parameter(torch.tensor([1.7]))

    def forward(self, x1, x2):
        x1 = x1.contiguous()
        x2 = x2.contiguous()
        n1, d = x1.shape
        n2 = x2.shape[0]
        out = torch.empty(n1, n2, device=x1.device, dtype=x1.dtype)
        grid = (triton.cdiv(n1, 32), triton.cdiv(n2, 32))
        matern_kernel[grid](x1, x2, self.lengthscale, self.outputscale, out, n1, n2, d,
                            BM=32, BN=32, BD=max(16, triton.next_power_of_2(d)))
        return out
