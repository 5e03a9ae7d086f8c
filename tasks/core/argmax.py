"""Index of the maximum over the last dimension (int64 output, first index on ties).

y[i] = argmax_j x[i, j]

Shapes: x is (rows, cols) float32 (e.g. greedy decoding over a 128256-token Llama-3
vocabulary), y is (rows,) int64. Integer output: compared exactly. Typical inputs are
continuous normals, so ties essentially never happen; torch returns the first maximal index.
Input families: ties, masked_rows and mixed_signs. ties: each row's maximum repeated at 1-3 more random columns, before or
after it, across blocks (only the first index on ties passes); masked_rows: a quarter of the rows (at least one)
all -inf, as a fully masked row of logits is (torch gives index 0 there: a kernel that starts its index at a
sentinel such as INT_MAX and updates on a strict `>` returns the sentinel), a quarter (at least one) with every
value below -1e37 (a running max started from, or padded with, a finite stand-in for -inf such as -1e30 never
updates there), and one element in 16 of the others -inf; mixed_signs: logits of both signs, normals of std 4
(an argmax over integer keys of the bits that flips the magnitude bits of every value, right for negatives only,
picks the smallest positive logit instead).
Memory-bound: one read of x is the floor.
Source: greedy decoding / classification prediction (torch.argmax).
"""

import torch
import torch.nn as nn

rows = 8192
cols = 128256

SHAPES = [
    dict(rows=6, cols=1000),
    dict(rows=3, cols=5000),
]

TOLERANCE = {"int64": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.argmax(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) - 10.0]


def get_inputs_ties():
    x = torch.randn(rows, cols) - 10.0
    # exact copies of the row's maximum at random columns: the answer is the first of them
    top, at = x.max(dim=-1, keepdim=True)
    copies = torch.rand(rows, 3) < torch.tensor([1.0, 0.5, 0.5])  # one to three copies per row
    # a copy not made is written where the maximum already is: every write stores the same value
    where = torch.where(copies, torch.randint(0, cols, (rows, 3)), at)
    x.scatter_(1, where, top.expand(-1, 3))
    return [x]


def get_inputs_masked_rows():
    (x,) = get_inputs()
    x = torch.where(torch.rand(rows, cols) < 1 / 16, float("-inf"), x)
    order = torch.randperm(rows)
    quarter = max(1, rows // 4)
    # rows whose values all lie below -1e37 (finite: -1e37 .. -3.1e38), then rows all -inf (their answer is 0)
    x[order[:quarter]] = -1e37 * (1.0 + 30.0 * torch.rand(quarter, cols))
    x[order[quarter:2 * quarter]] = float("-inf")
    return [x]


def get_inputs_mixed_signs():
    return [4.0 * torch.randn(rows, cols)]


INPUT_CASES = {"ties": get_inputs_ties, "masked_rows": get_inputs_masked_rows, "mixed_signs": get_inputs_mixed_signs}


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return x.numel() * x.element_size() + 8.0 * x.shape[0]
