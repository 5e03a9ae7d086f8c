import torch
import torch.nn as nn


class Model(nn.Module):
    """
    Linear layer, then a bias add, then GELU (KernelBench level-2 style: a small fused chain with parameters).

    Input families: none — all in fp32, where the erf GELU has no overflow and matmul error scales with
    the inputs; typical values already tell the erf GELU from its tanh approximation.
    """
    def __init__(self, in_features, out_features, bias_shape):
        super(Model, self).__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.bias = nn.Parameter(torch.randn(bias_shape) * 0.02)

    def forward(self, x):
        x = self.linear(x)
        x = x + self.bias
        return torch.nn.functional.gelu(x)


batch_size = 24
in_features = 40
out_features = 56
bias_shape = (out_features,)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features, bias_shape]
