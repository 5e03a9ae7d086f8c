"""Honest: Eval-mode Conv2d (no bias) + BatchNorm2d (running statistics) + ReLU in one direct-convolution kernel: each
program folds its output channel's running mean/variance and affine weight into a scale and shift epilogue."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv_bn_relu_kernel(x_ptr, w_ptr, rm_ptr, rv_ptr, g_ptr, b_ptr, y_ptr, C_in, H, W, C_out, OH, OW, PAD, eps,
                        KS: tl.constexpr, BLOCK: tl.constexpr):
    n = tl.program_id(0)
    oc = tl.program_id(1)
    offs = tl.program_id(2) * BLOCK + tl.arange(0, BLOCK)
    pm = offs < OH * OW
    oh = offs // OW
    ow = offs % OW
    acc = tl.zeros((BLOCK,), tl.float32)
    for ic in range(0, C_in):
        for kh in tl.static_range(KS):
            for kw in tl.static_range(KS):
                ih = oh + kh - PAD
                iw = ow + kw - PAD
                m = pm & (ih >= 0) & (ih < H) & (iw >= 0) & (iw < W)
                xv = tl.load(x_ptr + ((n * C_in + ic) * H + ih) * W + iw, mask=m, other=0.0)
                acc += xv * tl.load(w_ptr + ((oc * C_in + ic) * KS + kh) * KS + kw)
    scale = tl.load(g_ptr + oc) / tl.sqrt(tl.load(rv_ptr + oc) + eps)
    shift = tl.load(b_ptr + oc) - tl.load(rm_ptr + oc) * scale
    tl.store(y_ptr + (n * C_out + oc) * OH * OW + offs, tl.maximum(acc * scale + shift, 0.0), mask=pm)


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        x = x.contiguous()
        N, C_in, H, W = x.shape
        w = self.conv.weight.contiguous()
        C_out, _, KS, _ = w.shape
        pad = self.conv.padding[0]
        OH, OW = H + 2 * pad - KS + 1, W + 2 * pad - KS + 1
        y = torch.empty((N, C_out, OH, OW), device=x.device, dtype=torch.float32)
        BLOCK = 128
        conv_bn_relu_kernel[(N, C_out, triton.cdiv(OH * OW, BLOCK))](
            x, w, self.bn.running_mean, self.bn.running_var, self.bn.weight, self.bn.bias, y,
            C_in, H, W, C_out, OH, OW, pad, self.bn.eps, KS=KS, BLOCK=BLOCK)
        return y
