"""Optimisation features that steer the candidates of one round apart, so a round explores N ideas. The ideas
are those of the operator's kind (kinds.py); FEATURES serves an operator of unknown kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    name: str
    hint: str


FEATURES = [
    Feature("tiling", "choose a tile shape so each program reuses data it has loaded; tile sizes as constexprs"),
    Feature("vectorised loads", "wide, contiguous, coalesced loads and stores (128-bit per thread where possible)"),
    Feature("shared-memory staging", "keep the working set on chip (registers/shared memory) so each byte is read from DRAM once"),
    Feature("fusion", "fuse the passes into one kernel launch so intermediates never go to memory"),
    Feature("block-size choices", "pick BLOCK/num_warps for the problem size: fewer, wider programs with enough parallelism"),
    Feature("precision and math", "fp32 accumulation, fast exp2/rsqrt, fewer divisions; keep the result within tolerance"),
]


def features_for_round(round_index: int, n: int, kind: str = "") -> list[Feature]:
    """N ideas for a round; rotating the start means consecutive rounds try different ideas first."""
    from .kinds import IDEAS

    ideas = IDEAS.get(kind, FEATURES)
    start = (round_index * n) % len(ideas)
    return [ideas[(start + i) % len(ideas)] for i in range(n)]
