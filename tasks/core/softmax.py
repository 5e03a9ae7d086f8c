"""Row-wise softmax over the last dimension of a 2-D fp32 tensor.

y[i, j] = exp(x[i, j] - max_k x[i, k]) / sum_k exp(x[i, k] - max_k x[i, k])

Shapes: x is (batch_size, dim) float32, y has the same shape and dtype.
The max-subtraction matters: inputs are scaled so that a naive exp overflows.
Input families: large_logits, one_spike, masked_logits and falling_rows. large_logits: 6 * N(0, 1) with each row shifted by
+-150..200 (an exp without the max shift overflows on some rows and underflows to 0/0 on others,
and a fixed shift fails too). one_spike: 2 * N(0, 1) with one element per row, at a random column,
120 above the rest (a max taken over part of the row misses it, and exp overflows). masked_logits: a
random leading run of each row, and a quarter of the rest at random, is -inf (masked positions, as attention
and samplers mask): a running max that starts at -inf gives exp(-inf - -inf) = NaN there. falling_rows:
each row shifted below the one before, from about +200 to -200: a max carried into a later row (a persistent
kernel's row loop that never resets it) gives 0/0 there.
Memory-bound: one read and one write of the tensor is the floor.
Source: the standard attention/classifier normalisation (KernelBench level 1 style).
"""

import torch
import torch.nn as nn

batch_size = 16384
dim = 32768

SHAPES = [
    dict(batch_size=7, dim=300),    # dim not a power of two: masking is exercised
    dict(batch_size=3, dim=2048),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x, dim=-1)


def get_inputs():
    # scale 40: exp() overflows fp32 without the max subtraction
    return [torch.randn(batch_size, dim) * 40.0]


def get_inputs_large_logits():
    # rows alternate in sign (the first at random): one shift shared by all rows fails too
    sign = torch.where(torch.arange(batch_size) % 2 == torch.randint(0, 2, ()), 1.0, -1.0)[:, None]
    return [torch.randn(batch_size, dim) * 6.0 + sign * (150.0 + 50.0 * torch.rand(batch_size, 1))]


def get_inputs_falling_rows():
    # every row shifted below the one before it, from about +200 down to -200 (a random step each): a max
    # carried from one row into a later one, as a persistent kernel's row loop may carry it, underflows to 0/0
    # there, whatever the grid between those rows (alternating signs meet it only on an odd grid)
    steps = torch.rand(batch_size) + 0.5
    shift = 200.0 - 400.0 * torch.cumsum(steps, 0) / steps.sum()
    return [torch.randn(batch_size, dim) * 6.0 + shift[:, None]]


def get_inputs_one_spike():
    # one element per row far above the rest, anywhere in it: the shift must be the whole row's max
    x = torch.randn(batch_size, dim) * 2.0
    x[torch.arange(batch_size), torch.randint(0, dim, (batch_size,))] += 120.0
    return [x]


def get_inputs_masked_logits():
    # -inf over a leading run of random length (whole blocks of a row masked) and at random places after it;
    # one random column of each row stays finite, so no row is all -inf
    x = torch.randn(batch_size, dim) * 4.0
    cols = torch.arange(dim)[None, :]
    masked = (cols < torch.randint(0, dim, (batch_size, 1))) | (torch.rand(batch_size, dim) < 0.25)
    masked[torch.arange(batch_size), torch.randint(0, dim, (batch_size,))] = False
    return [x.masked_fill(masked, float("-inf"))]


INPUT_CASES = {"large_logits": get_inputs_large_logits, "one_spike": get_inputs_one_spike,
               "masked_logits": get_inputs_masked_logits, "falling_rows": get_inputs_falling_rows}


def get_init_inputs():
    return []


def flops(x):
    return 4.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
