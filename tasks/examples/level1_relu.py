import torch
import torch.nn as nn


class Model(nn.Module):
    """
    Simple model that performs a ReLU activation.

    Input families: huge_magnitude (+-1e-30..3e38, log-uniform: (x + |x|) / 2 overflows).
    """
    def __init__(self):
        super(Model, self).__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x)


batch_size = 16
dim = 1000


def get_inputs():
    x = torch.randn(batch_size, dim)
    return [x]


def get_inputs_huge_magnitude():
    sign = torch.where(torch.rand(batch_size, dim) < 0.5, -1.0, 1.0)
    return [sign * 10.0 ** (-30.0 + 68.5 * torch.rand(batch_size, dim))]


INPUT_CASES = {"huge_magnitude": get_inputs_huge_magnitude}


def get_init_inputs():
    return []  # No special initialization inputs needed
