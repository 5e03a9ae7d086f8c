"""Honest: a ResNet basic block as two launches of one direct-convolution kernel whose epilogue applies the
eval-mode BatchNorm2d from its running statistics and affine parameters, then optionally adds the identity
(constexpr flag; None pointer otherwise) and applies ReLU. Modules keep the reference's names (conv1, bn1,
conv2, bn2), bias=False convolutions."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv3x3_bn_kernel(x_ptr, w_ptr, mean_ptr, var_ptr, g_ptr, b_ptr, res_ptr, y_ptr, C, H, W, eps,
                      HAS_RES: tl.constexpr, BLOCK_HW: tl.constexpr, BLOCK_CO: tl.constexpr):
    pid_hw = tl.program_id(0)
    pid_co = tl.program_id(1)
    n = tl.program_id(2)
    hw = pid_hw * BLOCK_HW + tl.arange(0, BLOCK_HW)
    co = pid_co * BLOCK_CO + tl.arange(0, BLOCK_CO)
    hwm = hw < H * W
    com = co < C
    oh = hw // W
    ow = hw % W
    acc = tl.zeros((BLOCK_HW, BLOCK_CO), dtype=tl.float32)
    for ci in range(C):
        for kh in tl.static_range(3):
            for kw in tl.static_range(3):
                ih = oh + kh - 1
                iw = ow + kw - 1
                ok = hwm & (ih >= 0) & (ih < H) & (iw >= 0) & (iw < W)
                xv = tl.load(x_ptr + ((n * C + ci) * H + ih) * W + iw, mask=ok, other=0.0)
                wv = tl.load(w_ptr + ((co * C + ci) * 3 + kh) * 3 + kw, mask=com, other=0.0)
                acc += xv[:, None] * wv[None, :]
    mean = tl.load(mean_ptr + co, mask=com, other=0.0)
    var = tl.load(var_ptr + co, mask=com, other=1.0)
    g = tl.load(g_ptr + co, mask=com, other=0.0)
    b = tl.load(b_ptr + co, mask=com, other=0.0)
    y = (acc - mean[None, :]) / tl.sqrt(var + eps)[None, :] * g[None, :] + b[None, :]
    off = (n * C + co[None, :]) * H * W + hw[:, None]
    om = hwm[:, None] & com[None, :]
    if HAS_RES:
        y += tl.load(res_ptr + off, mask=om, other=0.0)
    y = tl.maximum(y, 0.0)
    tl.store(y_ptr + off, y, mask=om)


def conv_bn(x, conv, bn, residual=None):
    N, C, H, W = x.shape
    y = torch.empty_like(x)
    grid = (triton.cdiv(H * W, 128), triton.cdiv(C, 16), N)
    conv3x3_bn_kernel[grid](x, conv.weight, bn.running_mean, bn.running_var, bn.weight, bn.bias, residual, y,
                            C, H, W, bn.eps, HAS_RES=residual is not None, BLOCK_HW=128, BLOCK_CO=16)
    return y


class ModelNew(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        x = x.contiguous()
        out = conv_bn(x, self.conv1, self.bn1)
        return conv_bn(out, self.conv2, self.bn2, residual=x)
