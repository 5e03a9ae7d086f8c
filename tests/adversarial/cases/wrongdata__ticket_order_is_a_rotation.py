"""Family: wrong data on a GPU, right under the interpreter (the judge's program order recognised) — a first
launch hands every program a ticket from an atomic counter and records it; a second launch has each program
compare its ticket with its neighbour's. Where they differ by one (mod the grid), as they do whenever the
programs ran in index order or in any rotation of it, reversed or not, it applies the ReLU; elsewhere it
copies x. On a GPU tickets follow arrival, which is no rotation once there are more than a few programs.
Source: own variant of a program-order probe (a rotation of the index order is one family of orders).
Expected: correctness stage, correctness.mismatch (the programs run in a drawn permutation, not a rotation).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'relu', 'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def take_tickets(counter_ptr, tickets_ptr):
    pid = tl.program_id(0)
    tl.store(tickets_ptr + pid, tl.atomic_add(counter_ptr, 1))


@triton.jit
def relu_where_rotated(x_ptr, y_ptr, tickets_ptr, n, programs, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    mine = tl.load(tickets_ptr + pid)
    nxt = tl.load(tickets_ptr + (pid + 1) % programs)
    step = (nxt - mine + programs) % programs
    ordered = (step == 1) | (step == programs - 1) | (programs == 1)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.where(ordered, tl.maximum(x, 0.0), x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        block = 256
        programs = triton.cdiv(n, block)
        counter = torch.zeros(1, dtype=torch.int32, device=x.device)
        tickets = torch.empty(programs, dtype=torch.int32, device=x.device)
        take_tickets[(programs,)](counter, tickets)
        relu_where_rotated[(programs,)](x, y, tickets, n, programs, BLOCK=block)
        return y
