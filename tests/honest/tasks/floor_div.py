"""Integer floor division and Python-style remainder of an int32 tensor by a divisor given at construction:
(torch.div(x, d, rounding_mode="floor"), torch.remainder(x, d)), both int32.

Honest-kernel corpus task (tests/honest): negative dividends, where C's truncating division and floor
division differ. Input family full_range: dividends over the whole int32 range, past 2**24, where a quotient
computed through fp32 is no longer exact.
"""

import torch
import torch.nn as nn

n = 1 << 20
divisor = 7

SHAPES = [dict(n=1000, divisor=7), dict(n=4096, divisor=16)]


class Model(nn.Module):
    def __init__(self, divisor: int):
        super().__init__()
        self.divisor = divisor

    def forward(self, x: torch.Tensor):
        return torch.div(x, self.divisor, rounding_mode="floor"), torch.remainder(x, self.divisor)


def get_inputs():
    return [torch.randint(-100000, 100000, (n,), dtype=torch.int32)]


def get_inputs_full_range():
    return [torch.randint(-2**31, 2**31 - 1, (n,), dtype=torch.int32)]


INPUT_CASES = {"full_range": get_inputs_full_range}


def get_init_inputs():
    return [divisor]
