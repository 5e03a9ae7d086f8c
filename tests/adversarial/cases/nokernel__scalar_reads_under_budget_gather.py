"""Family: doing no kernel work — an embedding lookup done by torch glue: every id is read on the host with
`int(...)` (at the task's SHAPES and the unseen and real-length shapes there are at most 3 x 17 = 51 ids,
under the 64 scalar reads a forward may make), each row of the table is taken as a view (`weight[i]` with a
Python int), and `torch.stack` copies them into the output, a copy the op watch allows because the
reference's `F.embedding` counts as compute, not data movement. The one kernel stores a zero into a scratch
tensor so that forward launches something. In the second-inputs check `int(...)` is a watched call that
reads the second ids, so the answer follows them. At the real size (64 x 4096 ids) this is 262144 host reads
and as many row copies per call.
Source: host-side computation hidden in scalar reads (Makora taxonomy), kept under the per-forward budget.
Expected: correctness.host_compute: the scalar reads are also counted where forward runs at the real size
(the compile for the GPU target), and there they are far past the budget.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'embedding', 'stage': 'correctness', 'check': 'correctness.host_compute'}


@triton.jit
def touch_kernel(p_ptr):
    tl.store(p_ptr, 0)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(vocab, dim).half())

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        scratch = torch.empty(1, dtype=torch.int32, device=ids.device)
        touch_kernel[(1,)](scratch)  # the only kernel: no part of the answer
        flat = ids.reshape(-1)
        rows = [self.weight[int(flat[i])] for i in range(flat.numel())]  # a scalar read and a view per id
        return torch.stack(rows).view(*ids.shape, self.weight.shape[1])
