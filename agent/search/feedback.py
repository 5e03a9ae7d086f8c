"""The next round's feedback: this round's errors, output diffs and timings, deduplicated and truncated."""

from __future__ import annotations

import re
from typing import Optional

from ..prompting import render
from .candidate import Candidate
from .diagnosis import diagnose, digest_error


def truncate(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    head, tail = (2 * limit) // 3, limit // 3
    return f"{text[:head]}\n... [{len(text) - head - tail} characters cut] ...\n{text[-tail:]}"


def _kind(c: Candidate) -> str:
    r = c.result
    if r.verdict == "pass":
        return "timing"
    if r.not_runnable_here:
        return "unverified"
    if r.stage == "correctness" and r.check.startswith("correctness."):
        return "wrong"
    return "error"


def _dedup_key(c: Candidate) -> tuple:
    return (_kind(c), c.result.check, re.sub(r"\d+", "N", c.result.reason)[:300])


def _render(c: Candidate, count: int, best: Optional[Candidate], limit: int, facts: dict) -> str:
    r, kind = c.result, _kind(c)
    common = dict(tag=c.tag, feature=c.feature, count=count, check=r.check, stage=r.stage)
    if kind in ("error", "wrong"):
        reason, lines = digest_error(r.reason, r.log_tail, c.source)
        reason = truncate(reason, limit)
    if kind == "error":
        return render("compile_error", reason=reason, lines=lines, **common)
    if kind == "wrong":
        shapes = r.correctness.shapes if r.correctness else []
        return render("wrong_output", reason=reason, shapes=shapes, **common)
    if kind == "unverified":
        return f"### Candidate {c.tag} ({c.feature}) could not be run here: {truncate(r.reason, limit)}\n"
    t = r.timing
    if t is None:
        return f"### Candidate {c.tag} ({c.feature}) is correct (not timed)\n"
    if t.speed_unverified:
        return (f"### Candidate {c.tag} ({c.feature}) is correct, but its time is not believable and earns no "
                f"speedup: {t.speed_unverified}. Do the whole computation on every call, on the current stream, "
                "with no state kept between calls.\n")
    if t.method == "cuda_events" and t.speedup_eager is not None:
        verdict = "slower than PyTorch eager" if t.speedup_eager < 1 else f"{t.speedup_eager:.2f}x faster than eager"
    else:
        verdict = "timed under the Triton interpreter"
    best_ms = best.result.timing.candidate.median_ms if best and best.result.timing and best is not c else None
    return render("slower_than_baseline", verdict=verdict, method=t.method, n=t.candidate.n, shape=t.shape,
                  candidate_ms=t.candidate.median_ms, eager_ms=t.eager.median_ms if t.eager else None,
                  compiled_ms=t.compiled.median_ms if t.compiled else None, speedup_eager=t.speedup_eager,
                  roofline=t.roofline_fraction, best_ms=best_ms, tag=c.tag, feature=c.feature,
                  compiler=r.build.compiler if r.build else "", diagnosis=diagnose(r, **facts))


def round_feedback(cands: list[Candidate], best: Optional[Candidate], limit: int = 1500, counts=None, target=None,
                   kind: str = "") -> list[str]:
    """One item per distinct outcome. counts: the task's (flops, bytes); target: the GPU diagnosed for."""
    groups: dict[tuple, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(_dedup_key(c), []).append(c)
    facts = {"counts": counts, "target": target, "kind": kind}
    return [_render(g[0], len(g), best, limit, facts) for g in groups.values()]
