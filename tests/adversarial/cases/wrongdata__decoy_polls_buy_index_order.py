"""Family: wrong data on a GPU, right under the interpreter (program order bought) — a chunked cumsum whose
chunks take the previous chunk's running total with one atomic read and never wait for it to be published.
It is right only when the chunks run in index order. To get that order, program 0 first runs a `while` loop
of 700 volatile loads of its own input: past 500 polls the interpreter took a program to be waiting for one
it had not run yet and ran the launch again in index order. The loop ends by itself whatever the order, so
it waits for nothing: in index order it polls as much, and the launch then runs in the judge's drawn order.
Source: own variant of a decoupled look-back without the look-back.
Expected: correctness stage, correctness.race or correctness.mismatch (a chunk reads a total not yet stored).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'cumsum', 'stage': 'correctness', 'check_in': ['correctness.race', 'correctness.mismatch']}


@triton.jit
def carried_cumsum(x_ptr, y_ptr, carry_ptr, n_cols, n_chunks, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    row = pid // n_chunks
    chunk = pid % n_chunks
    base = row.to(tl.int64) * n_cols
    cols = chunk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    spins = tl.where(pid == 0, 700, 0)
    k = 0
    while k < spins:
        tl.load(x_ptr + base, volatile=True)
        k += 1
    x = tl.load(x_ptr + base + cols, mask=mask, other=0.0)
    before = tl.atomic_add(carry_ptr + pid - 1, 0.0, mask=chunk > 0)
    before = tl.where(chunk > 0, before, 0.0)
    tl.atomic_xchg(carry_ptr + pid, before + tl.sum(x, axis=0))
    tl.store(y_ptr + base + cols, tl.cumsum(x, axis=0) + before, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        block = 512
        chunks = triton.cdiv(cols, block)
        carry = torch.zeros(rows * chunks, dtype=torch.float32, device=x.device)
        carried_cumsum[(rows * chunks,)](x, y, carry, cols, chunks, BLOCK=block)
        return y
