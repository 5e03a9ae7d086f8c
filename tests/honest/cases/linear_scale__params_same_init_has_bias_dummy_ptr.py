"""Honest: The LLM habit of re-declaring the weights in ModelNew.__init__ by hand, in the reference's order and
names (`self.fc = nn.Linear(...)`, `self.scale = nn.Parameter(...)`, `nn.Buffer`), a HAS_BIAS constexpr with
the weight passed as a dummy pointer when there is no bias, `w.T` of a loaded tile in the kernel
(`tl.dot(x, w.T)`), input_precision="ieee", `tl.range(..., loop_unroll_factor=2)`, `@functools.cached_property`
for the launch block sizes, and host checks (`data_ptr() % 16`, `element_size()`, `dtype.itemsize`,
`is_floating_point()`, `x.device.type`)."""
import functools

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def linear_scale_kernel(x_ptr, w_ptr, b_ptr, s_ptr, o_ptr, y_ptr, M, N, K,
                        stride_xm, stride_wn, stride_ym,
                        HAS_BIAS: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                        BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in tl.range(0, K, BLOCK_K, loop_unroll_factor=2):
        kk = k0 + rk
        x = tl.load(x_ptr + rm[:, None] * stride_xm + kk[None, :],
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[:, None] * stride_wn + kk[None, :],
                    mask=(rn[:, None] < N) & (kk[None, :] < K), other=0.0)
        acc = tl.dot(x, w.T, acc, input_precision="ieee")
    nmask = rn < N
    if HAS_BIAS:
        acc += tl.load(b_ptr + rn, mask=nmask, other=0.0)[None, :]
    s = tl.load(s_ptr + rn, mask=nmask, other=0.0)
    o = tl.load(o_ptr + rn, mask=nmask, other=0.0)
    y = acc * s[None, :] + o[None, :]
    tl.store(y_ptr + rm[:, None] * stride_ym + rn[None, :], y, mask=(rm[:, None] < M) & nmask[None, :])


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.scale = nn.Parameter(torch.randn(out_features) * 0.5 + 1.0)
        self.offset = nn.Buffer(torch.linspace(-1, 1, out_features))

    @functools.cached_property
    def blocks(self):
        return dict(BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)

    def forward(self, x):
        assert x.is_floating_point() and x.device.type in ("cuda", "cpu")
        assert x.element_size() == 4 and x.dtype.itemsize == 4
        assert x.data_ptr() % 16 == 0, "misaligned input"
        x = x.contiguous()
        M, K = x.shape
        w = self.fc.weight
        N = w.shape[0]
        b = self.fc.bias
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        cfg = self.blocks
        grid = (triton.cdiv(M, cfg["BLOCK_M"]), triton.cdiv(N, cfg["BLOCK_N"]))
        linear_scale_kernel[grid](x, w, b if b is not None else w, self.scale, self.offset, y, M, N, K,
                                  x.stride(0), w.stride(0), y.stride(0), HAS_BIAS=b is not None, **cfg)
        return y
