"""Honest: rotary embedding decorated the way Unsloth's rope_embedding.py does it: the kernel is a plain `def`
closed by a module-level `pass`, then `_rope_embedding = triton.jit(_rope_embedding)` and
`_rope_embedding = triton.heuristics({...})(_rope_embedding)`; Unsloth's calculate_settings for the block and
warp count, one program per (batch, position)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

MAX_FUSED_SIZE = 65536


def calculate_settings(n: int):
    BLOCK_SIZE = triton.next_power_of_2(n)
    if BLOCK_SIZE > MAX_FUSED_SIZE:
        raise RuntimeError(f"Cannot launch Triton kernel since n = {n} exceeds the maximum CUDA blocksize.")
    num_warps = 4
    if BLOCK_SIZE >= 32768:
        num_warps = 32
    elif BLOCK_SIZE >= 8192:
        num_warps = 16
    elif BLOCK_SIZE >= 2048:
        num_warps = 8
    return BLOCK_SIZE, num_warps


def _rope_embedding(
    Q, Q_row_stride,
    OUT,
    inv_freq,
    seqlen, head_dim,
    BACKWARD_PASS: tl.constexpr,
    BLOCK_SIZE: tl.constexpr,
):
    row_position = tl.program_id(0)
    half_head_dim = head_dim // 2
    col_offsets = tl.arange(0, BLOCK_SIZE)
    mask = col_offsets < half_head_dim

    position = (row_position % seqlen).to(tl.float32)
    theta = position * tl.load(inv_freq + col_offsets, mask=mask, other=0)
    sin1 = tl.sin(theta)
    cos1 = tl.cos(theta)
    if BACKWARD_PASS:
        sin1 = -sin1

    Q1 = tl.load(Q + row_position * Q_row_stride + col_offsets, mask=mask, other=0)
    Q2 = tl.load(Q + row_position * Q_row_stride + half_head_dim + col_offsets, mask=mask, other=0)
    tl.store(OUT + row_position * head_dim + col_offsets, Q1 * cos1 - Q2 * sin1, mask=mask)
    tl.store(OUT + row_position * head_dim + half_head_dim + col_offsets, Q2 * cos1 + Q1 * sin1, mask=mask)
    pass
pass


_rope_embedding = triton.jit(_rope_embedding)
_rope_embedding = triton.heuristics(
    {
        "BACKWARD_PASS": lambda args: bool(args["BACKWARD_PASS"]),
    }
)(_rope_embedding)


def fast_rope_embedding(Q, inv_freq):
    batch, seq_len, head_dim = Q.shape
    Q = Q.reshape(batch * seq_len, head_dim)
    out = torch.empty_like(Q)
    BLOCK_SIZE, num_warps = calculate_settings(head_dim // 2)
    _rope_embedding[(batch * seq_len,)](
        Q, Q.stride(0),
        out,
        inv_freq,
        seq_len, head_dim,
        BACKWARD_PASS=False,
        BLOCK_SIZE=BLOCK_SIZE,
        num_warps=num_warps,
    )
    return out.view(batch, seq_len, head_dim)


class ModelNew(nn.Module):
    def __init__(self, dim: int, base: float):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return fast_rope_embedding(x.contiguous(), self.inv_freq)
