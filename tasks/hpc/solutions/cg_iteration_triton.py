import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cg_matvec_kernel(a_ptr, p_ptr, r_ptr, q_ptr, part_ptr, N, BM: tl.constexpr, BN: tl.constexpr):
    # q = A p for BM rows, plus this block's partial sums of p.q and r.r
    pid = tl.program_id(0)
    rows = pid * BM + tl.arange(0, BM)
    cols = tl.arange(0, BN)
    rmask = rows < N
    acc = tl.zeros([BM, BN], tl.float64)
    for n0 in range(0, N, BN):
        c = n0 + cols
        cmask = c < N
        a = tl.load(a_ptr + rows[:, None].to(tl.int64) * N + c[None, :],
                    mask=rmask[:, None] & cmask[None, :], other=0.0)
        pv = tl.load(p_ptr + c, mask=cmask, other=0.0)
        acc += a * pv[None, :]
    q = tl.sum(acc, axis=1)
    tl.store(q_ptr + rows, q, mask=rmask)
    p_rows = tl.load(p_ptr + rows, mask=rmask, other=0.0)
    r_rows = tl.load(r_ptr + rows, mask=rmask, other=0.0)
    tl.store(part_ptr + pid * 2, tl.sum(p_rows * q, axis=0))
    tl.store(part_ptr + pid * 2 + 1, tl.sum(r_rows * r_rows, axis=0))


@triton.jit
def cg_update_xr_kernel(x_ptr, r_ptr, p_ptr, q_ptr, part_ptr, part2_ptr, out_ptr, N, n_parts,
                        BLOCK: tl.constexpr, BP: tl.constexpr):
    pid = tl.program_id(0)
    # every program reduces the (few) partials itself: deterministic, no atomics
    pi = tl.arange(0, BP)
    pq = tl.zeros([BP], tl.float64)
    rr = tl.zeros([BP], tl.float64)
    for s0 in range(0, n_parts, BP):
        m = s0 + pi < n_parts
        pq += tl.load(part_ptr + (s0 + pi) * 2, mask=m, other=0.0)
        rr += tl.load(part_ptr + (s0 + pi) * 2 + 1, mask=m, other=0.0)
    alpha = tl.sum(rr, axis=0) / tl.sum(pq, axis=0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < N
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    r = tl.load(r_ptr + offs, mask=mask, other=0.0)
    p = tl.load(p_ptr + offs, mask=mask, other=0.0)
    q = tl.load(q_ptr + offs, mask=mask, other=0.0)
    x1 = x + alpha * p
    r1 = r - alpha * q
    tl.store(out_ptr + offs, x1, mask=mask)
    tl.store(out_ptr + N + offs, r1, mask=mask)
    tl.store(part2_ptr + pid, tl.sum(r1 * r1, axis=0))


@triton.jit
def cg_update_p_kernel(p_ptr, part_ptr, part2_ptr, out_ptr, N, n_parts, n_parts2,
                       BLOCK: tl.constexpr, BP: tl.constexpr):
    pid = tl.program_id(0)
    pi = tl.arange(0, BP)
    rr = tl.zeros([BP], tl.float64)
    for s0 in range(0, n_parts, BP):
        rr += tl.load(part_ptr + (s0 + pi) * 2 + 1, mask=s0 + pi < n_parts, other=0.0)
    rr1 = tl.zeros([BP], tl.float64)
    for s0 in range(0, n_parts2, BP):
        rr1 += tl.load(part2_ptr + s0 + pi, mask=s0 + pi < n_parts2, other=0.0)
    beta = tl.sum(rr1, axis=0) / tl.sum(rr, axis=0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < N
    r1 = tl.load(out_ptr + N + offs, mask=mask, other=0.0)
    p = tl.load(p_ptr + offs, mask=mask, other=0.0)
    tl.store(out_ptr + 2 * N + offs, r1 + beta * p, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a, x, r, p):
        a = a.contiguous()
        x = x.contiguous()
        r = r.contiguous()
        p = p.contiguous()
        n = x.shape[0]
        BM, BN, BLOCK, BP = 16, 128, 1024, 512
        n_parts = triton.cdiv(n, BM)
        n_parts2 = triton.cdiv(n, BLOCK)
        q = torch.empty_like(x)
        part = torch.empty((n_parts, 2), dtype=x.dtype, device=x.device)
        part2 = torch.empty((n_parts2,), dtype=x.dtype, device=x.device)
        out = torch.empty((3, n), dtype=x.dtype, device=x.device)
        cg_matvec_kernel[(n_parts,)](a, p, r, q, part, n, BM=BM, BN=BN)
        cg_update_xr_kernel[(n_parts2,)](x, r, p, q, part, part2, out, n, n_parts, BLOCK=BLOCK, BP=BP)
        cg_update_p_kernel[(n_parts2,)](p, part, part2, out, n, n_parts, n_parts2, BLOCK=BLOCK, BP=BP)
        return out
