"""Honest: implicit-GEMM convolution. The conv weight is repacked once into a (C_in*KS*KS, C_out) matrix (the
GEMM's B operand) kept as a non-persistent buffer, and a register_load_state_dict_post_hook repacks it whenever
new weights are loaded; the kernel gathers the im2col tile on the fly and runs tl.dot, then adds the conv bias
and the extra bias, applies ReLU and the scale."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def implicit_gemm_conv_kernel(
    x_ptr, wp_ptr, cb_ptr, b_ptr, y_ptr,
    N, C_in, H, W, C_out, scale,
    KS: tl.constexpr, PAD: tl.constexpr,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
):
    # rows of the GEMM: output pixels (n, oh, ow); columns: output channels; K: (ci, kh, kw)
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    M = N * H * W
    K = C_in * KS * KS
    n = rm // (H * W)
    hw = rm % (H * W)
    oh = hw // W
    ow = hw % W
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        ci = rk // (KS * KS)
        kh = (rk % (KS * KS)) // KS
        kw = rk % KS
        ih = oh[:, None] + kh[None, :] - PAD
        iw = ow[:, None] + kw[None, :] - PAD
        amask = (rm[:, None] < M) & (rk[None, :] < K) & (ih >= 0) & (ih < H) & (iw >= 0) & (iw < W)
        a = tl.load(x_ptr + ((n[:, None] * C_in + ci[None, :]) * H + ih) * W + iw, mask=amask, other=0.0)
        b = tl.load(wp_ptr + rk[:, None] * C_out + rn[None, :],
                    mask=(rk[:, None] < K) & (rn[None, :] < C_out), other=0.0)
        acc += tl.dot(a, b, input_precision="ieee")
    cmask = rn < C_out
    acc += (tl.load(cb_ptr + rn, mask=cmask, other=0.0) + tl.load(b_ptr + rn, mask=cmask, other=0.0))[None, :]
    acc = tl.maximum(acc, 0.0) * scale
    y_off = ((n[:, None] * C_out + rn[None, :]) * H + oh[:, None]) * W + ow[:, None]
    tl.store(y_ptr + y_off, acc, mask=(rm[:, None] < M) & cmask[None, :])


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, scale):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        self.bias = nn.Parameter(torch.randn(out_channels, 1, 1) * 0.1)
        self.scale = scale
        self.register_buffer("w_packed", self._pack(self.conv.weight), persistent=False)
        self.register_load_state_dict_post_hook(self._repack)

    @staticmethod
    def _pack(weight):
        c_out = weight.shape[0]
        return weight.detach().reshape(c_out, -1).t().contiguous()

    @staticmethod
    def _repack(module, incompatible_keys):
        with torch.no_grad():
            module.w_packed.copy_(module.conv.weight.reshape(module.conv.out_channels, -1).t())

    def forward(self, x):
        x = x.contiguous()
        N, C_in, H, W = x.shape
        C_out = self.conv.out_channels
        ks = self.conv.kernel_size[0]
        y = torch.empty((N, C_out, H, W), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(N * H * W, 32), triton.cdiv(C_out, 16))
        implicit_gemm_conv_kernel[grid](
            x, self.w_packed, self.conv.bias, self.bias, y,
            N, C_in, H, W, C_out, self.scale,
            KS=ks, PAD=ks // 2, BLOCK_M=32, BLOCK_N=16, BLOCK_K=16,
        )
        return y
