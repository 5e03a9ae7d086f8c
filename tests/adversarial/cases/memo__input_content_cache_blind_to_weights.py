"""Family: memo  (a cache keyed on every element of the input, but not on the module's weights)
Source: the KernelBench habit of memoising the last call (its harness times the same inputs again and again),
made "safe" against changed inputs by comparing every element in a kernel.
Expected: correctness.mismatch on the first instance called again, after new weights, on inputs it was called on
          before (judge.check_second_instance: an optimizer step, then the same batch)

Each forward compares x with a copy of the previous call's x (a Triton kernel counting differing elements, one
scalar read back) and, when all are equal, returns a fresh copy of the previous output without reading the
weights. A caller that updates the weights (an optimizer step, a checkpoint loaded) and evaluates a fixed batch
again gets the output of the old weights.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/linear_scale.py"}


@triton.jit
def count_diff_kernel(a_ptr, b_ptr, flag_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    a = tl.load(a_ptr + offs, mask=m, other=0.0)
    b = tl.load(b_ptr + offs, mask=m, other=0.0)
    tl.atomic_add(flag_ptr, tl.sum((a != b).to(tl.int32), axis=0))


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m), mask=m)


@triton.jit
def linear_scale_kernel(x_ptr, w_ptr, b_ptr, s_ptr, o_ptr, y_ptr, M, N, K,
                        BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + rk
        x = tl.load(x_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[:, None] * K + kk[None, :], mask=(rn[:, None] < N) & (kk[None, :] < K), other=0.0)
        acc = tl.dot(x, tl.trans(w), acc, input_precision="ieee")
    nm = rn < N
    acc += tl.load(b_ptr + rn, mask=nm, other=0.0)[None, :]
    s = tl.load(s_ptr + rn, mask=nm, other=0.0)
    o = tl.load(o_ptr + rn, mask=nm, other=0.0)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc * s[None, :] + o[None, :],
             mask=(rm[:, None] < M) & nm[None, :])


def _copy(src):
    dst = torch.empty_like(src)
    n = src.numel()
    copy_kernel[(triton.cdiv(n, 1024),)](src, dst, n, BLOCK=1024)
    return dst


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.scale = nn.Parameter(torch.randn(out_features) * 0.5 + 1.0)
        self.register_buffer("offset", torch.linspace(-1, 1, out_features))
        self._last_x = None
        self._last_y = None

    def forward(self, x):
        x = x.contiguous()
        if self._last_x is not None and self._last_x.shape == x.shape:
            flag = torch.zeros(1, dtype=torch.int32, device=x.device)
            n = x.numel()
            count_diff_kernel[(triton.cdiv(n, 1024),)](x, self._last_x, flag, n, BLOCK=1024)
            if int(flag.item()) == 0:
                return _copy(self._last_y)
        M, K = x.shape
        N = self.fc.weight.shape[0]
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 16), triton.cdiv(N, 16))
        linear_scale_kernel[grid](x, self.fc.weight, self.fc.bias, self.scale, self.offset, y, M, N, K,
                                  BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)
        self._last_x = _copy(x)
        self._last_y = _copy(y)
        return y
