"""MoE expert GEMM over tokens already sorted by expert: counts[e] tokens (in order) go through W[e].
x: (tokens, k) fp16, counts: (experts,) int64 summing to tokens, W: (experts, k, n) fp16 parameter.

Input families: skewed_routing (one expert takes most tokens, some none: a grid sized for a balanced load
leaves tokens out).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

tokens = 4096
k = 1024
n = 512
experts = 8
SHAPES = [dict(tokens=50, k=32, n=48, experts=8), dict(tokens=64, k=64, n=32, experts=8)]
TOLERANCE = {"float16": {"atol": 1e-2, "rtol": 1e-2, "rel_l2": 2e-3}}


class Model(nn.Module):
    def __init__(self, experts, k, n):
        super().__init__()
        self.weight = nn.Parameter((torch.randn(experts, k, n) / k ** 0.5).half())

    def forward(self, x, counts):
        outs = []
        start = 0
        for e, c in enumerate(counts.tolist()):
            outs.append((x[start:start + c].float() @ self.weight[e].float()).half())
            start += c
        return torch.cat(outs, dim=0)


def get_inputs():
    expert_of_token = torch.randint(0, experts, (tokens,))
    counts = torch.bincount(expert_of_token, minlength=experts)
    return [torch.randn(tokens, k).half(), counts]


def get_inputs_skewed_routing():
    # a router out of balance, as real ones are: one expert takes most tokens, some take none
    weights = torch.rand(experts) ** 4
    weights[torch.randint(0, experts, ())] = float(experts)
    expert_of_token = torch.multinomial(weights / weights.sum(), tokens, replacement=True)
    counts = torch.bincount(expert_of_token, minlength=experts)
    return [torch.randn(tokens, k).half(), counts]


INPUT_CASES = {"skewed_routing": get_inputs_skewed_routing}


def get_init_inputs():
    return [experts, k, n]
