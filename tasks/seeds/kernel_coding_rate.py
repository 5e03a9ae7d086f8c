"""Kernel coding rate R = 1/2 logdet(I + alpha K) of RBF Gram matrices, batched (fp32).

For each of `batch` feature sets X_b (n points in d dimensions):
  K[i, j] = exp(-||x_i - x_j||^2 / (2 sigma^2))      (RBF Gram matrix, n x n, PSD)
  R_b = 1/2 logdet(I + alpha K) = sum_i log L[i, i],  L = cholesky(I + alpha K)
with sigma^2 = d and alpha = 2. The reference forms squared distances by the expansion
|x_i|^2 + |x_j|^2 - 2 x_i . x_j (clamped at 0), factors with torch.linalg.cholesky
(cuSOLVER potrf) and sums the log-diagonal. I + alpha K is SPD with eigenvalues >= 1.

Shapes: X (batch, n, d) float32 = (8, 4096, 64); output (batch,) float32 (values ~1e3).
A kernel must do a Cholesky (or LU / eigen) factorisation itself: blocked, with tiled
trailing updates. fp32 factorisation error is covered by the tolerance.
Input families: none — I + alpha K has eigenvalues in [1, 1 + alpha n] for any points
(duplicates and clusters included), so no inputs make the factorisation harder than typical ones.
Compute-bound: n^3 / 3 flops per factorisation plus the n^2 d Gram matrix.
Source: the coding-rate objective of MCR^2 (Yu et al. 2020, "Learning Diverse and
Discriminative Representations via the Principle of Maximal Coding Rate Reduction") in
its kernelised form; Gaussian-process log-marginal-likelihood determinants.
"""

import torch
import torch.nn as nn

batch = 8
n = 4096
d = 64
alpha = 2.0

SHAPES = [
    dict(batch=2, n=40, d=5),
    dict(batch=1, n=70, d=16),   # three 32-blocks: exercises the trailing updates
]

# the reduction lengths a CPU checks (tasks/sizes.py): an interpreted blocked Cholesky grows with n^3 (about
# 1.5 s a call at n = 128, 9 s at 256), so n stays far below its real length there; d is the real one
REDUCTION_DIMS = {"n": 128, "d": 64}

TOLERANCE = {"float32": {"atol": 1e-3, "rtol": 2e-6, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, sigma: float, alpha: float):
        super().__init__()
        self.sigma = sigma
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        sq = (x * x).sum(-1)
        d2 = (sq[:, :, None] + sq[:, None, :] - 2.0 * (x @ x.transpose(1, 2))).clamp_min(0.0)
        k = torch.exp(-d2 / (2.0 * self.sigma ** 2))
        eye = torch.eye(x.shape[1], dtype=x.dtype, device=x.device)
        chol = torch.linalg.cholesky(eye + self.alpha * k)
        return torch.log(torch.diagonal(chol, dim1=-2, dim2=-1)).sum(-1)


def get_inputs():
    return [torch.randn(batch, n, d)]


def get_init_inputs():
    return [float(d) ** 0.5, alpha]


def flops(x):
    b, nn_, dd = x.shape
    return b * (nn_ ** 3 / 3.0 + 2.0 * nn_ * nn_ * dd)


def bytes_moved(x):
    return x.numel() * 4.0 + x.shape[0] * 4.0
