"""Honest: One CG iteration with no host sync: a gemv kernel computes q = A p and atomically accumulates p.q and r.r
into a device scalar buffer (torch.zeros, tl.atomic_add across programs); an update kernel reads the scalars
back, forms alpha, updates x and r and accumulates r1.r1 atomically; a last kernel forms beta and p1;
results written into rows of one (3, n) output."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gemv_dots_kernel(a_ptr, p_ptr, r_ptr, q_ptr, scal_ptr, n, stride_am,
                     BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid = tl.program_id(0)
    rm = pid * BLOCK_M + tl.arange(0, BLOCK_M)
    m_mask = rm < n
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float64)
    for c0 in range(0, n, BLOCK_N):
        rn = c0 + tl.arange(0, BLOCK_N)
        n_mask = rn < n
        a = tl.load(a_ptr + rm[:, None] * stride_am + rn[None, :], mask=m_mask[:, None] & n_mask[None, :], other=0.0)
        pv = tl.load(p_ptr + rn, mask=n_mask, other=0.0)
        acc += a * pv[None, :]
    q = tl.sum(acc, axis=1)
    tl.store(q_ptr + rm, q, mask=m_mask)
    p_rows = tl.load(p_ptr + rm, mask=m_mask, other=0.0)
    r_rows = tl.load(r_ptr + rm, mask=m_mask, other=0.0)
    tl.atomic_add(scal_ptr + 0, tl.sum(p_rows * q, axis=0))
    tl.atomic_add(scal_ptr + 1, tl.sum(r_rows * r_rows, axis=0))


@triton.jit
def update_xr_kernel(x_ptr, r_ptr, p_ptr, q_ptr, out_ptr, scal_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    pq = tl.load(scal_ptr + 0)
    rr = tl.load(scal_ptr + 1)
    alpha = rr / pq
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    r = tl.load(r_ptr + offs, mask=mask, other=0.0)
    p = tl.load(p_ptr + offs, mask=mask, other=0.0)
    q = tl.load(q_ptr + offs, mask=mask, other=0.0)
    x1 = x + alpha * p
    r1 = r - alpha * q
    tl.store(out_ptr + offs, x1, mask=mask)
    tl.store(out_ptr + n + offs, r1, mask=mask)
    tl.atomic_add(scal_ptr + 2, tl.sum(tl.where(mask, r1 * r1, 0.0), axis=0))


@triton.jit
def update_p_kernel(p_ptr, out_ptr, scal_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    beta = tl.load(scal_ptr + 2) / tl.load(scal_ptr + 1)
    r1 = tl.load(out_ptr + n + offs, mask=mask, other=0.0)
    p = tl.load(p_ptr + offs, mask=mask, other=0.0)
    tl.store(out_ptr + 2 * n + offs, r1 + beta * p, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a, x, r, p):
        n = x.shape[0]
        a = a.contiguous()
        q = torch.empty_like(p)
        out = torch.empty((3, n), dtype=x.dtype, device=x.device)
        scal = torch.zeros(3, dtype=torch.float64, device=x.device)
        BM, BN = 16, 64
        gemv_dots_kernel[(triton.cdiv(n, BM),)](a, p, r, q, scal, n, a.stride(0), BLOCK_M=BM, BLOCK_N=BN)
        BLOCK = 128
        grid = (triton.cdiv(n, BLOCK),)
        update_xr_kernel[grid](x, r, p, q, out, scal, n, BLOCK=BLOCK)
        update_p_kernel[grid](p, out, scal, n, BLOCK=BLOCK)
        return out
