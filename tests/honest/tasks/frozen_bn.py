"""A linear feature map followed by a *frozen* BatchNorm2d (a detection-backbone idiom: the BN is put in eval
mode in __init__ so it always normalises by its stored running statistics, loaded from a checkpoint).
Model(...)(x) as built uses the running statistics.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 32
features = 64
height = 16
width = 16


class Model(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(features)
        with torch.no_grad():
            self.bn.running_mean.normal_(0.0, 1.0)
            self.bn.running_var.uniform_(0.5, 2.0)
            self.bn.weight.uniform_(0.5, 1.5)
            self.bn.bias.normal_(0.0, 0.5)
        self.bn.eval()  # frozen: running statistics, always

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn(x)


SHAPES = [{"batch_size": 8, "features": 24, "height": 8, "width": 8}, {"batch_size": 8, "features": 40, "height": 8, "width": 8}]


def get_inputs():
    return [torch.randn(batch_size, features, height, width) * 2.0 + 1.0]


def get_init_inputs():
    return [features]
