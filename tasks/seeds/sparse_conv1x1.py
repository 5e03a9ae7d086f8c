"""Sparse 1x1 convolution as SpMM: a 90%-sparse CSR weight times NCHW activations (fp32).

y[b, o, p] = sum_{e in row o of W} W.val[e] * x[b, W.col[e], p]     (p = spatial position)
i.e. the dense 1x1 conv y = conv2d(x, W[:, :, None, None]) with W stored in CSR.

Shapes: x (batch, c_in, h, w) float32 = (128, 512, 28, 28); the module holds the weight
as CSR buffers w_crow (c_out + 1,) int32, w_col (nnz,) int32 (sorted within rows),
w_val (nnz,) float32, with c_out = 512 and nnz = 10% of c_out * c_in placed uniformly at
random (unstructured magnitude-pruning pattern, row lengths vary); y is
(batch, c_out, h, w) float32. The reference runs torch's CSR @ dense (cuSPARSE SpMM).
Input families: none — the sparsity pattern is a buffer, not an input, and fp32 accumulation error
scales with x, so no values of x are harder than typical ones.
Memory-bound: 0.2 * c_in flops per output; reading x and writing y dominate.
Source: Elsen, Dukhan, Gale & Simonyan 2020, "Fast Sparse ConvNets" (CVPR).
"""

import warnings

import torch
import torch.nn as nn

warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")

batch = 128
c_in = 512
c_out = 512
h = 28
w = 28
density = 0.1

SHAPES = [
    dict(batch=2, c_in=12, c_out=8, h=5, w=7, density=0.3),
    dict(batch=1, c_in=64, c_out=40, h=8, w=8, density=0.1),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, c_in: int, c_out: int, density: float):
        super().__init__()
        nnz = max(1, int(round(density * c_in * c_out)))
        flat = torch.sort(torch.randperm(c_in * c_out)[:nnz]).values
        rows = flat // c_in
        counts = torch.bincount(rows, minlength=c_out)
        crow = torch.cat([torch.zeros(1, dtype=torch.long), torch.cumsum(counts, 0)])
        self.register_buffer("w_crow", crow.to(torch.int32))
        self.register_buffer("w_col", (flat % c_in).to(torch.int32))
        self.register_buffer("w_val", torch.randn(nnz) / (density * c_in) ** 0.5)
        self.c_out = c_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, hh, ww = x.shape
        wmat = torch.sparse_csr_tensor(self.w_crow, self.w_col, self.w_val, size=(self.c_out, c),
                                       check_invariants=False)
        xm = x.permute(1, 0, 2, 3).reshape(c, b * hh * ww)
        y = wmat @ xm
        return y.view(self.c_out, b, hh, ww).permute(1, 0, 2, 3).contiguous()


def get_inputs():
    return [torch.randn(batch, c_in, h, w)]


def get_init_inputs():
    return [c_in, c_out, density]


def flops(x):
    b, c, hh, ww = x.shape
    return 2.0 * density * c * c_out * b * hh * ww


def bytes_moved(x):
    b, c, hh, ww = x.shape
    nnz = density * c * c_out
    return 4.0 * (x.numel() + b * c_out * hh * ww) + 8.0 * nnz + 4.0 * (c_out + 1)
