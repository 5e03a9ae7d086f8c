"""A block configured by a dict, as model configs are: y = dropout(x * cfg["scale"], p=cfg["dropout"]).
The config ships with dropout 0.0 (a fine-tuning config that turns dropout off).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

rows = 64
cols = 1024
SHAPES = [dict(rows=3, cols=300), dict(rows=5, cols=1000)]


class Model(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        self.scale = cfg["scale"]
        self.p = cfg["dropout"]

    def forward(self, x):
        return F.dropout(x * self.scale, p=self.p, training=self.training)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [{"scale": 0.5, "dropout": 0.0}]
