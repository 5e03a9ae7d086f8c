"""Honest: split-n reduction into an fp32 workspace cached across calls (in a module-level dict keyed by device
and size, as serving libraries keep their scratch), cleared with `ws.zero_()` each call, summed into with
tl.atomic_add by several programs per output tile, and copied into a fresh output by a second kernel. The
cached workspace is made in whatever autograd mode the first call ran in, inference mode included, and is
written in place by torch in every later call."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

_WORKSPACE: dict = {}


def _workspace(device, numel: int) -> torch.Tensor:
    key = (str(device), numel)
    if key not in _WORKSPACE:
        _WORKSPACE[key] = torch.empty(numel, dtype=torch.float32, device=device)
    return _WORKSPACE[key]


@triton.jit
def split_sum_kernel(x_ptr, ws_ptr, N, D, CHUNK, BLOCK_D: tl.constexpr, BLOCK_N: tl.constexpr):
    b = tl.program_id(0)
    s = tl.program_id(1)
    dt = tl.program_id(2)
    offs_d = dt * BLOCK_D + tl.arange(0, BLOCK_D)
    dmask = offs_d < D
    acc = tl.zeros((BLOCK_D,), dtype=tl.float32)
    start = s * CHUNK
    for n0 in range(start, start + CHUNK, BLOCK_N):
        offs_n = n0 + tl.arange(0, BLOCK_N)
        nmask = (offs_n < N) & (offs_n < start + CHUNK)
        ptrs = x_ptr + b * N * D + offs_n[:, None] * D + offs_d[None, :]
        tile = tl.load(ptrs, mask=nmask[:, None] & dmask[None, :], other=0.0)
        acc += tl.sum(tile, axis=0)
    tl.atomic_add(ws_ptr + b * D + offs_d, acc, mask=dmask)


@triton.jit
def copy_out_kernel(ws_ptr, y_ptr, total, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < total
    tl.store(y_ptr + offs, tl.load(ws_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        B, N, D = x.shape
        ws = _workspace(x.device, B * D)
        ws.zero_()
        splits = 4
        chunk = triton.cdiv(N, splits)
        BLOCK_D = 128
        split_sum_kernel[(B, splits, triton.cdiv(D, BLOCK_D))](x, ws, N, D, chunk, BLOCK_D=BLOCK_D, BLOCK_N=16)
        y = torch.empty((B, D), dtype=torch.float32, device=x.device)
        copy_out_kernel[(triton.cdiv(B * D, 1024),)](ws, y, B * D, BLOCK=1024)
        return y
