"""Cross-entropy per row (reduction="none"): logits (N, C) fp32, targets (N,) int64 in [0, C).

loss[i] = logsumexp_j logits[i, j] - logits[i, targets[i]]

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 4096
classes = 32000

SHAPES = [dict(n=5, classes=300), dict(n=3, classes=2048)]


class Model(nn.Module):
    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.cross_entropy(logits, targets, reduction="none")


def get_inputs():
    return [torch.randn(n, classes) * 4.0, torch.randint(0, classes, (n,))]


def get_init_inputs():
    return []
