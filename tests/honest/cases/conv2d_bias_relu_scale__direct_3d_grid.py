"""Honest: KernelBench level-2 conv epilogue fusion. A direct 3x3 convolution in Triton (grid over output-pixel
blocks, output channels and images; input channels looped, taps unrolled with tl.static_range), with the conv
bias, the extra (C, 1, 1) bias parameter, ReLU and the constructor's scale fused into the store. The nn.Conv2d
submodule only holds the weights, under the reference's names."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv3x3_bias_relu_scale_kernel(
    x_ptr, w_ptr, cb_ptr, b_ptr, y_ptr,
    C_in, H, W, C_out, scale,
    KS: tl.constexpr, PAD: tl.constexpr, BLOCK: tl.constexpr,
):
    pid_hw = tl.program_id(0)
    co = tl.program_id(1)
    n = tl.program_id(2)
    offs = pid_hw * BLOCK + tl.arange(0, BLOCK)
    mask = offs < H * W
    oh = offs // W
    ow = offs % W
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for ci in range(0, C_in):
        x_base = x_ptr + (n * C_in + ci) * H * W
        w_base = w_ptr + (co * C_in + ci) * KS * KS
        for kh in tl.static_range(KS):
            for kw in tl.static_range(KS):
                ih = oh + kh - PAD
                iw = ow + kw - PAD
                valid = mask & (ih >= 0) & (ih < H) & (iw >= 0) & (iw < W)
                xv = tl.load(x_base + ih * W + iw, mask=valid, other=0.0)
                wv = tl.load(w_base + kh * KS + kw)
                acc += xv * wv
    acc += tl.load(cb_ptr + co) + tl.load(b_ptr + co)
    acc = tl.maximum(acc, 0.0) * scale
    tl.store(y_ptr + (n * C_out + co) * H * W + offs, acc, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, scale):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        self.bias = nn.Parameter(torch.randn(out_channels, 1, 1) * 0.1)
        self.scale = scale

    def forward(self, x):
        x = x.contiguous()
        N, C_in, H, W = x.shape
        C_out = self.conv.out_channels
        ks = self.conv.kernel_size[0]
        y = torch.empty((N, C_out, H, W), device=x.device, dtype=x.dtype)
        BLOCK = 256
        grid = (triton.cdiv(H * W, BLOCK), C_out, N)
        conv3x3_bias_relu_scale_kernel[grid](
            x, self.conv.weight, self.conv.bias, self.bias, y,
            C_in, H, W, C_out, self.scale,
            KS=ks, PAD=ks // 2, BLOCK=BLOCK,
        )
        return y
