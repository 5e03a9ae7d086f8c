"""Row-wise log-softmax over a language-model vocabulary (fp32 logits).

y[i, j] = x[i, j] - max_k x[i, k] - log(sum_k exp(x[i, k] - max_k x[i, k]))

Shapes: x is (tokens, vocab) float32 with vocab = 50257 (GPT-2's vocabulary, not a power
of two); y has the same shape and dtype. Logits are scaled so that a naive exp overflows.
Input families: large_logits and masked_logits. large_logits: logits 6 * N(0, 1) with each row shifted by
+-150..200 (an exp without the max shift overflows or underflows; |logits| stay below 256 so that the rounding
of max + log(sum) costs an honest kernel < 8e-6, inside the tolerance); masked_logits: a random leading run of
each row, and a quarter of the rest at random, is -inf (banned tokens, masked positions), one random column of
each row finite: the output is -inf there, compared exactly, and a running max that starts at -inf gives
exp(-inf - -inf) = NaN.
Memory-bound: one read and one write of the logits is the floor (a kernel that reads the
row twice pays 1.5x).
Source: the log-probabilities of an LM head (torch.log_softmax), used by sampling and by
cross-entropy / KL losses.
"""

import torch
import torch.nn as nn

tokens = 8192
vocab = 50257

SHAPES = [
    dict(tokens=6, vocab=1000),
    dict(tokens=3, vocab=5003),
]

TOLERANCE = {"float32": {"atol": 2e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(tokens, vocab) * 30.0]


def get_inputs_large_logits():
    # rows alternate in sign (the first at random): one shift shared by all rows fails too
    sign = torch.where(torch.arange(tokens) % 2 == torch.randint(0, 2, ()), 1.0, -1.0)[:, None]
    return [torch.randn(tokens, vocab) * 6.0 + sign * (150.0 + 50.0 * torch.rand(tokens, 1))]


def get_inputs_masked_logits():
    # -inf over a leading run of random length (whole blocks of a row masked) and at random places after it;
    # one random column of each row stays finite, so no row is all -inf
    (x,) = get_inputs()
    cols = torch.arange(vocab)[None, :]
    masked = (cols < torch.randint(0, vocab, (tokens, 1))) | (torch.rand(tokens, vocab) < 0.25)
    masked[torch.arange(tokens), torch.randint(0, vocab, (tokens,))] = False
    return [x.masked_fill(masked, float("-inf"))]


INPUT_CASES = {"large_logits": get_inputs_large_logits, "masked_logits": get_inputs_masked_logits}


def get_init_inputs():
    return []


def flops(x):
    return 4.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
