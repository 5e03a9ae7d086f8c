"""Family: wrong data as right — a linear + scale + offset kernel whose forward scales its fixed `offset` buffer
(loaded once, never drawn anew: the judge renews only the weights it draws) by (1 + 2**-21) in place on every
call after a load that left the buffer out. A load post hook tells the two apart by the buffer's version
counter, so right after a load that included it the factor is exactly 1. Each checked call is within
tolerance; a module that is not reloaded is off by 61% after a million calls, and its state_dict no longer
holds what was loaded.
Source: red-team review — the weights kept were fingerprinted per load, by the names of that load only, so
a trial's renewal (the drawn weights) stopped the watch on everything loaded before it.
Expected: correctness stage, correctness.weight_mutation: every weight loaded since construction must hold,
after every call, what it held once loaded.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.weight_mutation',
          'task': 'tests/honest/tasks/linear_scale.py', 'reason_contains': 'offset'}


@triton.jit
def linear_scale_offset(x_ptr, w_ptr, b_ptr, s_ptr, o_ptr, y_ptr, M, N, K, BLOCK_M: tl.constexpr,
                        BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + rk
        a = tl.load(x_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[:, None] * K + kk[None, :], mask=(rn[:, None] < N) & (kk[None, :] < K), other=0.0)
        acc = tl.dot(a, tl.trans(w), acc, input_precision="ieee")
    cols = rn < N
    acc += tl.load(b_ptr + rn, mask=cols, other=0.0)[None, :]
    scale = tl.load(s_ptr + rn, mask=cols, other=0.0)
    offset = tl.load(o_ptr + rn, mask=cols, other=0.0)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc * scale[None, :] + offset[None, :],
             mask=(rm[:, None] < M) & cols[None, :])


@triton.jit
def scale_in_place(p, factor, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(p + offs, tl.load(p + offs, mask=offs < n) * factor, mask=offs < n)


def note_offset_loaded(module, incompatible):
    module.offset_reloaded = module.offset._version != module.offset_version
    module.offset_version = module.offset._version


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.scale = nn.Parameter(torch.randn(out_features) * 0.5 + 1.0)
        self.register_buffer("offset", torch.linspace(-1, 1, out_features))
        self.offset_version, self.offset_reloaded = -1, True
        self.register_load_state_dict_post_hook(note_offset_loaded)

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.fc.weight.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 16), triton.cdiv(N, 16))
        linear_scale_offset[grid](x, self.fc.weight, self.fc.bias, self.scale, self.offset, y, M, N, K,
                                  BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)
        # exactly 1 right after a load that included the buffer, a drift after any other
        factor = 1.0 if self.offset_reloaded else 1.000000476837158203125
        scale_in_place[(triton.cdiv(N, 128),)](self.offset, factor, N, BLOCK=128)
        return y
