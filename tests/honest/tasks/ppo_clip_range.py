"""PPO's clipped surrogate objective per sample, with the clip range handed to forward as a (low, high) pair
(1 - eps, 1 + eps with eps = 0.1): loss = -min(ratio * adv, clamp(ratio, low, high) * adv).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 14
SHAPES = [dict(n=300), dict(n=4097)]


class Model(nn.Module):
    def forward(self, ratio, adv, clip_range):
        low, high = clip_range
        return -torch.min(ratio * adv, ratio.clamp(low, high) * adv)


def get_inputs():
    return [torch.exp(0.2 * torch.randn(n)), torch.randn(n), (0.9, 1.1)]


def get_init_inputs():
    return []
