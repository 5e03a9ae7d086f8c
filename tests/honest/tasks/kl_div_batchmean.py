"""KL divergence of log-probabilities against target probabilities, reduction="batchmean" (sum / rows).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

rows = 128
vocab = 4096

SHAPES = [dict(rows=6, vocab=100), dict(rows=3, vocab=513)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, logp: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return F.kl_div(logp, target, reduction="batchmean")


def get_inputs():
    return [torch.log_softmax(torch.randn(rows, vocab), -1), torch.softmax(torch.randn(rows, vocab), -1)]


def get_init_inputs():
    return []
