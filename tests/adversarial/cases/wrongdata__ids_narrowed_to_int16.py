"""Family: wrong data — token ids narrowed to int16 before the gather: right for every id below 32768, so
right at every small vocabulary in SHAPES, wrong for most ids of the real vocabulary (128256). The embedding
task names its vocabulary among the lengths checked at their real value on a CPU (REDUCTION_DIMS).
Source: index ranges that scale with a size SHAPES keeps small; own construction.
Expected: correctness stage: correctness.mismatch, or correctness.out_of_bounds_read where a negative id's row
lands in the guard band before the weight (which of the two depends on the ids drawn).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'embedding', 'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def embedding_kernel(ids_ptr, w_ptr, y_ptr, dim, BLOCK_T: tl.constexpr, BLOCK_D: tl.constexpr, n_tok):
    t = tl.program_id(0) * BLOCK_T + tl.arange(0, BLOCK_T)
    d = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    tmask = t < n_tok
    ids = tl.load(ids_ptr + t, mask=tmask, other=0).to(tl.int16)  # 'ids fit in 16 bits'
    mask = tmask[:, None] & (d[None, :] < dim)
    rows = tl.load(w_ptr + ids[:, None] * dim + d[None, :], mask=mask)
    tl.store(y_ptr + t[:, None].to(tl.int64) * dim + d[None, :], rows, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(vocab, dim, dtype=torch.float16))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        ids_flat = ids.contiguous().view(-1)
        n_tok = ids_flat.numel()
        dim = self.weight.shape[1]
        y = torch.empty((n_tok, dim), dtype=self.weight.dtype, device=self.weight.device)
        BT, BD = 4, 512
        embedding_kernel[(triton.cdiv(n_tok, BT), triton.cdiv(dim, BD))](ids_flat, self.weight, y, dim,
                                                                          BLOCK_T=BT, BLOCK_D=BD, n_tok=n_tok)
        return y.view(*ids.shape, dim)
