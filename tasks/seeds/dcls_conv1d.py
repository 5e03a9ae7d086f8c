"""Depthwise 1-D convolution with learnable spacings (DCLS): kernels built from positions.

Each channel c has K = 6 weights w[c, k] at learned real-valued positions p[c, k], clamped
to [0, L - 1], inside a dilated kernel of length L = 31. The dense kernel is built by linear
interpolation, then applied as a depthwise 'same' convolution (fp32):
  p' = clamp(p, 0, L - 1);  i0 = min(floor(p'), L - 2);  f = p' - i0
  ker[c, i0] += w[c, k] * (1 - f);  ker[c, i0 + 1] += w[c, k] * f      (for every k)
  y[b, c, t] = sum_{l < L} ker[c, l] * x[b, c, t + l - L // 2]          (zero padding)

Shapes: x (batch, channels, time) float32 = (64, 384, 8192); the module holds
parameters `weight` (channels, K) and `positions` (channels, K), float32; y has x's
shape. The reference runs cuDNN with TF32 disabled (exact fp32 semantics). Positions start
spread over [0, L - 1] but for two taps of each channel, one below 0 and one beyond L - 1
(learned positions drift past either end, where the clamp holds them): the judge's weight
renewal keeps each value's sign, so both ends of the clamp are exercised at every trial.
Input families: none — the padding is positional and fp32 accumulation error scales with x (the
kernel is a parameter), so no values of x are harder than typical ones.
Memory-bound: 62 flops per output, one read of x and one write of y.
Source: Khalfaoui-Hassani, Pellegrini & Masquelier 2023, "Dilated Convolution with
Learnable Spacings" (ICLR), and its 1-D audio variant (DCLS for audio tagging, 2023).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 64
channels = 384
time = 8192
kernel_count = 6
dilated_size = 31

SHAPES = [
    dict(batch=2, channels=3, time=50),
    dict(batch=1, channels=4, time=300),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, channels: int, kernel_count: int, dilated_size: int):
        super().__init__()
        self.L = dilated_size
        self.weight = nn.Parameter(torch.randn(channels, kernel_count) / kernel_count ** 0.5)
        p = torch.rand(channels, kernel_count) * (dilated_size - 1)
        p[:, 0] = -0.1 - 2.0 * torch.rand(channels)  # drifted below the kernel's first tap
        p[:, -1] = dilated_size - 1 + 0.1 + 2.0 * torch.rand(channels)  # and past its last
        self.positions = nn.Parameter(p)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        L = self.L
        p = self.positions.clamp(0.0, L - 1.0)
        i0 = torch.floor(p).clamp(max=L - 2)
        f = p - i0
        i0 = i0.long()
        ker = torch.zeros(self.weight.shape[0], L, dtype=x.dtype, device=x.device)
        ker.scatter_add_(1, i0, self.weight * (1.0 - f))
        ker.scatter_add_(1, i0 + 1, self.weight * f)
        with torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
            return F.conv1d(x, ker[:, None, :], padding=L // 2, groups=x.shape[1])


def get_inputs():
    return [torch.randn(batch, channels, time)]


def get_init_inputs():
    return [channels, kernel_count, dilated_size]


def flops(x):
    return 2.0 * dilated_size * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
