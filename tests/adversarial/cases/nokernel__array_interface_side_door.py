"""Family: doing no kernel work — host memory through a side door: an object exposing
__array_interface__ at the tensor's data_ptr() lets numpy read and write tensor memory with no torch op.
Source: a known bypass class ("data_ptr() plus any object that exposes an array interface"), own variant.
Expected: static stage (the dunder definition and numpy beyond scalars are both outside the contract).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

import numpy as np

EXPECT = {'stage': 'static', 'check': 'static.'}

@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # pass 1: running max and rescaled running sum (online softmax), one block at a time
    # finite start value: (-inf) - (-inf) would turn never-valid lanes into NaN
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    # pass 2: normalise and write
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)
def launch_softmax(x, y):
    n_rows, n_cols = x.shape
    softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=min(triton.next_power_of_2(n_cols), 4096))


class View:
    def __init__(self, t):
        self.t = t

    @property
    def __array_interface__(self):
        return {"data": (self.t.data_ptr(), False), "shape": tuple(self.t.shape), "typestr": "<f4", "version": 3}


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        launch_softmax(x, y)
        a, b = np.asarray(View(x)), np.asarray(View(y))
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        b[...] = e / e.sum(axis=-1, keepdims=True)
        return y
