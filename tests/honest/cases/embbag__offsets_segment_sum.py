"""Honest: EmbeddingBag sum: one program per (bag, dim block); the bag's [start, end) read from the offsets tensor
(the last bag ends at the index count), a dynamic-bound loop over the bag's indices, int64 row gathers of
the weight; empty bags give zeros."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def embbag_sum_kernel(idx_ptr, off_ptr, w_ptr, out_ptr, n_idx, n_bags, dim, stride_w, stride_o,
                      BLOCK_D: tl.constexpr):
    bag = tl.program_id(0)
    pid_d = tl.program_id(1)
    d = pid_d * BLOCK_D + tl.arange(0, BLOCK_D)
    dm = d < dim
    start = tl.load(off_ptr + bag)
    if bag + 1 < n_bags:
        end = tl.load(off_ptr + bag + 1)
    else:
        end = n_idx.to(tl.int64)
    acc = tl.zeros([BLOCK_D], dtype=tl.float32)
    for j in range(start, end):
        row = tl.load(idx_ptr + j)
        acc += tl.load(w_ptr + row * stride_w + d, mask=dm, other=0.0)
    tl.store(out_ptr + bag.to(tl.int64) * stride_o + d, acc, mask=dm)


class ModelNew(nn.Module):
    def __init__(self, num_embeddings, dim):
        super().__init__()
        self.bag = nn.EmbeddingBag(num_embeddings, dim, mode="sum")

    def forward(self, indices, offsets):
        w = self.bag.weight
        n_bags = offsets.shape[0]
        dim = w.shape[1]
        out = torch.empty((n_bags, dim), dtype=w.dtype, device=w.device)
        BLOCK_D = 32
        embbag_sum_kernel[(n_bags, triton.cdiv(dim, BLOCK_D))](indices, offsets, w, out, indices.shape[0], n_bags,
                                                               dim, w.stride(0), out.stride(0), BLOCK_D=BLOCK_D)
        return out
