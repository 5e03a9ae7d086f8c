"""Honest: Liger-style fused linear cross entropy forward: the token rows processed in chunks by a host loop (so the
full logits matrix never exists), per chunk a Triton GEMM into a chunk-sized fp32 logits scratch reused
across chunks, then an online-softmax CE kernel that adds each row's loss into a scalar with tl.atomic_add;
the count of non-ignored labels is accumulated by the CE kernel too and a last one-program kernel divides."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def chunk_matmul_kernel(x_ptr, w_ptr, out_ptr, M, N, K, sxm, swn, som, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                        BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + rk
        a = tl.load(x_ptr + rm[:, None] * sxm + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(w_ptr + rn[None, :] * swn + kk[:, None], mask=(rn[None, :] < N) & (kk[:, None] < K), other=0.0)
        acc += tl.dot(a, b, input_precision="ieee")
    tl.store(out_ptr + rm[:, None] * som + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


@triton.jit
def ce_rows_kernel(logits_ptr, stride, labels_ptr, loss_sum_ptr, count_ptr, V, ignore_index,
                   BLOCK_V: tl.constexpr):
    row = tl.program_id(0)
    label = tl.load(labels_ptr + row)
    if label != ignore_index:
        base = logits_ptr + row.to(tl.int64) * stride
        m = -float("inf")
        d = 0.0
        for v0 in range(0, V, BLOCK_V):
            cols = v0 + tl.arange(0, BLOCK_V)
            x = tl.load(base + cols, mask=cols < V, other=-float("inf"))
            m_new = tl.maximum(m, tl.max(x, 0))
            d = d * tl.exp(m - m_new) + tl.sum(tl.exp(x - m_new), 0)
            m = m_new
        x_label = tl.load(base + label)
        tl.atomic_add(loss_sum_ptr, m + tl.log(d) - x_label)
        tl.atomic_add(count_ptr, 1)


@triton.jit
def finalize_kernel(loss_sum_ptr, count_ptr, out_ptr):
    tl.store(out_ptr, tl.load(loss_sum_ptr) / tl.load(count_ptr).to(tl.float32))


class ModelNew(nn.Module):
    def __init__(self, hidden, vocab):
        super().__init__()
        self.lm_head = nn.Linear(hidden, vocab, bias=False)

    def forward(self, x, labels):
        x = x.contiguous()
        w = self.lm_head.weight
        BT, H = x.shape
        V = w.shape[0]
        chunk = 16
        logits = torch.empty((chunk, V), dtype=torch.float32, device=x.device)
        loss_sum = torch.zeros((), dtype=torch.float32, device=x.device)
        count = torch.zeros((), dtype=torch.int32, device=x.device)
        for start in range(0, BT, chunk):
            rows = min(chunk, BT - start)
            xc = x[start:start + rows]
            lc = labels[start:start + rows]
            chunk_matmul_kernel[(triton.cdiv(rows, 16), triton.cdiv(V, 64))](xc, w, logits, rows, V, H, xc.stride(0),
                                                                             w.stride(0), logits.stride(0),
                                                                             BLOCK_M=16, BLOCK_N=64, BLOCK_K=32)
            ce_rows_kernel[(rows,)](logits, logits.stride(0), lc, loss_sum, count, V, -100, BLOCK_V=128)
        out = torch.empty((), dtype=torch.float32, device=x.device)
        finalize_kernel[(1,)](loss_sum, count, out)
        return out
