"""Honest: a GRU cell step in one kernel. Each program owns a block of batch rows and of hidden units and
computes the three gate pre-activations of both GEMMs (x @ W_ih^T, h @ W_hh^T, gates r, z, n in PyTorch's
order) with tl.dot, then the gate math (sigmoid, tanh via exp) in registers. The nn.GRUCell submodule holds
weight_ih/weight_hh/bias_ih/bias_hh under the reference's names."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _tanh(x):
    e = tl.exp(-2.0 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    return tl.where(x >= 0, t, -t)


@triton.jit
def gru_cell_kernel(x_ptr, h_ptr, wih_ptr, whh_ptr, bih_ptr, bhh_ptr, out_ptr, B, I, H,
                    BLOCK_B: tl.constexpr, BLOCK_H: tl.constexpr, BLOCK_K: tl.constexpr):
    rb = tl.program_id(0) * BLOCK_B + tl.arange(0, BLOCK_B)
    rh = tl.program_id(1) * BLOCK_H + tl.arange(0, BLOCK_H)
    bmask = rb < B
    hmask = rh < H
    gi_r = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    gi_z = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    gi_n = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    for k0 in range(0, I, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        kmask = rk < I
        x = tl.load(x_ptr + rb[:, None] * I + rk[None, :], mask=bmask[:, None] & kmask[None, :], other=0.0)
        wmask = kmask[:, None] & hmask[None, :]
        w_r = tl.load(wih_ptr + rh[None, :] * I + rk[:, None], mask=wmask, other=0.0)
        w_z = tl.load(wih_ptr + (rh[None, :] + H) * I + rk[:, None], mask=wmask, other=0.0)
        w_n = tl.load(wih_ptr + (rh[None, :] + 2 * H) * I + rk[:, None], mask=wmask, other=0.0)
        gi_r += tl.dot(x, w_r, input_precision="ieee")
        gi_z += tl.dot(x, w_z, input_precision="ieee")
        gi_n += tl.dot(x, w_n, input_precision="ieee")
    gh_r = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    gh_z = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    gh_n = tl.zeros((BLOCK_B, BLOCK_H), dtype=tl.float32)
    for k0 in range(0, H, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        kmask = rk < H
        hv = tl.load(h_ptr + rb[:, None] * H + rk[None, :], mask=bmask[:, None] & kmask[None, :], other=0.0)
        wmask = kmask[:, None] & hmask[None, :]
        u_r = tl.load(whh_ptr + rh[None, :] * H + rk[:, None], mask=wmask, other=0.0)
        u_z = tl.load(whh_ptr + (rh[None, :] + H) * H + rk[:, None], mask=wmask, other=0.0)
        u_n = tl.load(whh_ptr + (rh[None, :] + 2 * H) * H + rk[:, None], mask=wmask, other=0.0)
        gh_r += tl.dot(hv, u_r, input_precision="ieee")
        gh_z += tl.dot(hv, u_z, input_precision="ieee")
        gh_n += tl.dot(hv, u_n, input_precision="ieee")
    gi_r += tl.load(bih_ptr + rh, mask=hmask, other=0.0)[None, :]
    gi_z += tl.load(bih_ptr + H + rh, mask=hmask, other=0.0)[None, :]
    gi_n += tl.load(bih_ptr + 2 * H + rh, mask=hmask, other=0.0)[None, :]
    gh_r += tl.load(bhh_ptr + rh, mask=hmask, other=0.0)[None, :]
    gh_z += tl.load(bhh_ptr + H + rh, mask=hmask, other=0.0)[None, :]
    gh_n += tl.load(bhh_ptr + 2 * H + rh, mask=hmask, other=0.0)[None, :]
    r = tl.sigmoid(gi_r + gh_r)
    z = tl.sigmoid(gi_z + gh_z)
    n = _tanh(gi_n + r * gh_n)
    omask = bmask[:, None] & hmask[None, :]
    h_prev = tl.load(h_ptr + rb[:, None] * H + rh[None, :], mask=omask, other=0.0)
    h_new = (1.0 - z) * n + z * h_prev
    tl.store(out_ptr + rb[:, None] * H + rh[None, :], h_new, mask=omask)


class ModelNew(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.cell = nn.GRUCell(input_size, hidden_size)

    def forward(self, x, h):
        x = x.contiguous()
        h = h.contiguous()
        B, I = x.shape
        H = self.cell.hidden_size
        out = torch.empty((B, H), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(B, 16), triton.cdiv(H, 16))
        gru_cell_kernel[grid](x, h, self.cell.weight_ih, self.cell.weight_hh, self.cell.bias_ih, self.cell.bias_hh,
                              out, B, I, H, BLOCK_B=16, BLOCK_H=16, BLOCK_K=16)
        return out
