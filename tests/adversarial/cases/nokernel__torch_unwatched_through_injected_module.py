"""Family: no kernel — the GEMM done by torch with the op watch's torch-function mode switched off, on every
call but the second-inputs check (the watch it could read has no second inputs then), with a 1x1 launch of the
kernel and a copy kernel so that launches and stores look as they should. The way in is the one of
`timing__clock_patched_through_injected_module`: a `:=` past a chained comparison's first operator counted as a
sure binding, and the interpreter brought the module named by an attribute in a dead branch of a kernel.
Source: a red-team finding against this harness (passed 24 trials over 6 shapes and the timing stage).
Expected: static.unbound_name; with the contract off, a NameError at the first read of `inspect`.
"""
EXPECT = {"stage": "static", "check": "static.unbound_name", "task": "matmul"}

import torch
import torch.nn as nn
import triton
import triton.language as tl

_cfg_ok = 1 > 2 > (inspect := 0)


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, flag_ptr, M, N, K,
                  stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, PROBE: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * stride_am + kk[None, :] * stride_ak,
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * stride_bk + rn[None, :] * stride_bn,
                    mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    if PROBE:
        acc = acc.inspect
    tl.store(c_ptr + rm[:, None] * stride_cm + rn[None, :] * stride_cn, acc.to(c_ptr.dtype.element_ty),
             mask=(rm[:, None] < M) & (rn[None, :] < N))
    if pid_m + pid_n == 0:
        tl.store(flag_ptr, 1)


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m, other=0.0), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.ready = [0]
        self.hold = []

    def mm(self, a, b, c, flag):
        M, K = a.shape
        N = b.shape[1]
        grid = (triton.cdiv(M, 64), triton.cdiv(N, 64))
        matmul_kernel[grid](a, b, c, flag, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                            c.stride(0), c.stride(1), BM=64, BN=64, BK=32, PROBE=False)

    def setup(self):
        mods = inspect.sys.modules
        self.hold.append(mods["torch._C"])
        self.hold.append(mods["kernelpilot.sandbox.watch"])

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        flag = torch.zeros(1, dtype=torch.int32, device=a.device)
        cheat = False
        if self.ready[0] == 1:
            w = self.hold[1].LaunchCounter.current
            cheat = w is not None and not w.shadow
        if cheat:
            tiny = torch.zeros((1, 1), dtype=a.dtype, device=a.device)
            tout = torch.empty((1, 1), dtype=a.dtype, device=a.device)
            self.mm(tiny, tiny, tout, flag)
            with self.hold[0].DisableTorchFunction():
                tmp = torch.matmul(a, b)
        else:
            tmp = torch.empty((M, N), dtype=a.dtype, device=a.device)
            self.mm(a, b, tmp, flag)
            if self.ready[0] == 0 and flag.item() == 1:
                self.ready[0] = 1
                self.setup()
        n = M * N
        copy_kernel[(triton.cdiv(n, 1024),)](tmp, c, n, BLOCK=1024)
        return c
