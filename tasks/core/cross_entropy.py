"""Per-token cross-entropy of fp32 LM logits against int64 targets, with ignore_index.

loss[i] = logsumexp_j x[i, j] - x[i, t[i]]    if t[i] != -100,   else 0

Shapes: logits x (tokens, vocab) float32 with vocab = 128256 (Llama-3), targets t (tokens,)
int64 in [0, vocab) with about 5% set to -100 (padding / prompt tokens, ignored);
output loss (tokens,) float32, i.e. F.cross_entropy(..., reduction="none"). Per-token
losses are returned (not the mean) so that every row is checked.
Input families: large_logits, boundary_targets, masked_logits and confident_rows. large_logits: each row shifted by +-150..200
(a logsumexp without the max shift overflows or underflows; |logits| stay below 256, so rounding the shift
costs an honest kernel <1e-5); boundary_targets: about half the targets are class 0 or class vocab-1;
masked_logits: a leading run of each row's vocabulary, of random length up to 4096 (up to a whole block of
4096), and a quarter of the rest at random, is -inf (tokens masked out, as constrained decoding and padded
vocabularies do), never at the row's target: an online logsumexp whose running max starts at -inf gives
exp(-inf - -inf) = NaN there (runs of 8192 and more are not drawn: a chunked logsumexp such as Unsloth's gives
NaN on a wholly masked chunk of that size, an input a training loss hardly sees); confident_rows: one class of
each row (a random one) 110..130 above the typical logits, a confident prediction the target mostly misses
(losses ~120): a kernel that forms the target's probability and returns -log of it gets exp(x_t - max) = 0 in
fp32 and an infinite loss, where logsumexp - x_t stays finite (typical rows span ~40, large_logits shift the
whole row).
Memory-bound: one read of the logits is the floor.
Source: the LM training loss (torch.nn.functional.cross_entropy); fused-CE kernels in
Liger/Unsloth/Megatron target exactly this.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

tokens = 8192
vocab = 128256

SHAPES = [
    dict(tokens=40, vocab=1000),
    dict(tokens=7, vocab=5003),
]

TOLERANCE = {"float32": {"atol": 5e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(x, t, ignore_index=-100, reduction="none")


def get_inputs():
    x = torch.randn(tokens, vocab) * 4.0
    t = torch.randint(0, vocab, (tokens,))
    t = torch.where(torch.rand(tokens) < 0.05, torch.full_like(t, -100), t)
    return [x, t]


def get_inputs_large_logits():
    x, t = get_inputs()
    # rows alternate in sign (the first at random): one shift shared by all rows fails too
    sign = torch.where(torch.arange(tokens) % 2 == torch.randint(0, 2, ()), 1.0, -1.0)[:, None]
    return [x + sign * (150.0 + 50.0 * torch.rand(tokens, 1)), t]


def get_inputs_boundary_targets():
    x, t = get_inputs()
    # about half the targets the first or the last class: a kernel whose class loop or mask loses either end
    # gathers the wrong logit there, and a few random targets among some thousands of classes rarely land on them
    edge = torch.where(torch.rand(tokens) < 0.5, 0, vocab - 1)
    return [x, torch.where((torch.rand(tokens) < 0.5) & (t != -100), edge, t)]


def get_inputs_masked_logits():
    x, t = get_inputs()
    # -inf over a leading run of random length (up to 4096) and at random places after it; the target's logit
    # stays finite (a random column's where the target is ignored), so no row is all -inf
    cols = torch.arange(vocab)[None, :]
    masked = (cols < torch.randint(0, min(vocab, 4096) + 1, (tokens, 1))) | (torch.rand(tokens, vocab) < 0.25)
    masked[torch.arange(tokens), torch.where(t == -100, torch.randint(0, vocab, (tokens,)), t)] = False
    return [x.masked_fill(masked, float("-inf")), t]


def get_inputs_confident_rows():
    x, t = get_inputs()
    # one class per row 110..130 above the rest: a target elsewhere has a probability below fp32's smallest
    # subnormal (exp(-103.3)), its loss still ~120
    top = torch.randint(0, vocab, (tokens, 1))
    return [x.scatter_add(1, top, 110.0 + 20.0 * torch.rand(tokens, 1)), t]


INPUT_CASES = {"large_logits": get_inputs_large_logits, "boundary_targets": get_inputs_boundary_targets,
               "masked_logits": get_inputs_masked_logits, "confident_rows": get_inputs_confident_rows}


def get_init_inputs():
    return []


def flops(x, t):
    return 4.0 * x.numel()


def bytes_moved(x, t):
    return x.numel() * x.element_size() + t.numel() * t.element_size() + x.shape[0] * 4.0
