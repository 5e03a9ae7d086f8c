import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gram_kernel(x_ptr, a_ptr, n, npad, D, neg_inv_2s2, alpha, BT: tl.constexpr):
    # A = I + alpha * exp(-|xi - xj|^2 / (2 s^2)), padded to npad with the identity
    b = tl.program_id(0).to(tl.int64)
    i = tl.program_id(1) * BT + tl.arange(0, BT)
    j = tl.program_id(2) * BT + tl.arange(0, BT)
    im = i < n
    jm = j < n
    xb = x_ptr + b * n * D
    r2 = tl.zeros([BT, BT], tl.float32)
    for c in range(0, D):
        xi = tl.load(xb + i * D + c, mask=im, other=0.0)
        xj = tl.load(xb + j * D + c, mask=jm, other=0.0)
        diff = xi[:, None] - xj[None, :]
        r2 += diff * diff
    val = tl.where(im[:, None] & jm[None, :], alpha * tl.exp(r2 * neg_inv_2s2), 0.0)
    val += tl.where(i[:, None] == j[None, :], 1.0, 0.0)
    tl.store(a_ptr + b * npad * npad + i[:, None] * npad + j[None, :], val)


@triton.jit
def chol_diag_kernel(a_ptr, npad, jb, NB: tl.constexpr):
    # factor diagonal block jb (left-looking): T = A_jj - sum_k L_jk L_jk^T, then T = L L^T
    b = tl.program_id(0).to(tl.int64)
    base = a_ptr + b * npad * npad
    ar = tl.arange(0, NB)
    rows = jb * NB + ar
    t = tl.load(base + rows[:, None] * npad + rows[None, :])
    for kb in range(0, jb):
        cols = kb * NB + ar
        lk = tl.load(base + rows[:, None] * npad + cols[None, :])
        t -= tl.dot(lk, tl.trans(lk), input_precision="ieee")
    l = tl.zeros([NB, NB], tl.float32)
    for c in range(0, NB):
        col = tl.sum(tl.where(ar[None, :] == c, t, 0.0), axis=1)        # t[:, c]
        dcc = tl.sum(tl.where(ar == c, col, 0.0), axis=0)
        lcol = tl.where(ar >= c, col / tl.sqrt(dcc), 0.0)
        l = tl.where(ar[None, :] == c, lcol[:, None], l)
        t = t - lcol[:, None] * lcol[None, :]
    tl.store(base + rows[:, None] * npad + rows[None, :], l)


@triton.jit
def chol_panel_kernel(a_ptr, npad, jb, NB: tl.constexpr):
    # block (ib, jb) below the diagonal: solve X L_jj^T = A_ij - sum_k L_ik L_jk^T
    b = tl.program_id(0).to(tl.int64)
    ib = jb + 1 + tl.program_id(1)
    base = a_ptr + b * npad * npad
    ar = tl.arange(0, NB)
    rows_i = ib * NB + ar
    rows_j = jb * NB + ar
    t = tl.load(base + rows_i[:, None] * npad + rows_j[None, :])
    for kb in range(0, jb):
        cols = kb * NB + ar
        li = tl.load(base + rows_i[:, None] * npad + cols[None, :])
        lj = tl.load(base + rows_j[:, None] * npad + cols[None, :])
        t -= tl.dot(li, tl.trans(lj), input_precision="ieee")
    ljj = tl.load(base + rows_j[:, None] * npad + rows_j[None, :])
    xs = tl.zeros([NB, NB], tl.float32)
    for c in range(0, NB):
        tc = tl.sum(tl.where(ar[None, :] == c, t, 0.0), axis=1)          # t[:, c]
        lrow = tl.sum(tl.where(ar[:, None] == c, ljj, 0.0), axis=0)      # L_jj[c, :]
        lcc = tl.sum(tl.where(ar == c, lrow, 0.0), axis=0)
        s = tl.sum(xs * lrow[None, :], axis=1)                           # columns >= c of xs are 0
        xs = tl.where(ar[None, :] == c, ((tc - s) / lcc)[:, None], xs)
    tl.store(base + rows_i[:, None] * npad + rows_j[None, :], xs)


@triton.jit
def logdiag_kernel(a_ptr, out_ptr, npad, BLOCK: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    ar = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], tl.float32)
    for s in range(0, npad, BLOCK):
        i = s + ar
        m = i < npad
        acc += tl.where(m, tl.log(tl.load(a_ptr + b * npad * npad + i * npad + i, mask=m, other=1.0)), 0.0)
    tl.store(out_ptr + b, tl.sum(acc, axis=0))


class ModelNew(nn.Module):
    def __init__(self, sigma: float, alpha: float):
        super().__init__()
        self.sigma = sigma
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        bsz, n, d = x.shape
        NB = 32
        nblk = triton.cdiv(n, NB)
        npad = nblk * NB
        a = torch.empty((bsz, npad, npad), dtype=torch.float32, device=x.device)
        gram_kernel[(bsz, nblk, nblk)](x, a, n, npad, d, -1.0 / (2.0 * self.sigma ** 2), self.alpha, BT=NB)
        for jb in range(nblk):
            chol_diag_kernel[(bsz,)](a, npad, jb, NB=NB)
            if jb + 1 < nblk:
                chol_panel_kernel[(bsz, nblk - jb - 1)](a, npad, jb, NB=NB)
        out = torch.empty((bsz,), dtype=torch.float32, device=x.device)
        logdiag_kernel[(bsz,)](a, out, npad, BLOCK=256)
        return out
