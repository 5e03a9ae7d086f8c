"""One candidate kernel and what the harness said about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...sandbox.result import EvalResult, fail


@dataclass
class Candidate:
    tag: str
    feature: str
    source: Optional[str]
    result: EvalResult

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def fitness(self) -> float:
        return self.result.fitness()

    def summary(self) -> str:
        r = self.result
        if r.verdict != "pass":
            first = next((line for line in r.reason.splitlines() if line.strip()), "")
            return f"{r.check}: {first[:90]}"
        return fitness_label(r)

    def to_dict(self) -> dict:
        return {"tag": self.tag, "feature": self.feature, "fitness": self.fitness if self.passed else None,
                "summary": self.summary(), "verdict": self.result.verdict}


def fitness_label(r: EvalResult) -> str:
    """Speedup on a GPU; interpreter time, labelled as such, on a CPU."""
    if r.verdict != "pass":
        return f"{r.verdict} at {r.stage}"
    t = r.timing
    if t is None:
        return "correct, not timed"
    if t.speed_unverified:
        return f"correct, speed unverified ({t.candidate.median_ms:.4g} ms: {t.speed_unverified})"
    if t.method == "cuda_events" and t.speedup_eager is not None:
        return f"{t.speedup_eager:.2f}x vs eager ({t.candidate.median_ms:.4g} ms)"
    return f"correct, interpreter time {t.candidate.median_ms:.4g} ms (CPU, not a GPU speedup)"


def better(a: Candidate, b: Optional[Candidate]) -> bool:
    """a beats b by more than 2% (timings are noisy, the interpreter's especially)."""
    if not a.passed:
        return False
    if b is None or not b.passed:
        return True
    return a.fitness > b.fitness + 0.02 * abs(b.fitness)


def reply_failure(check: str, reason: str) -> EvalResult:
    """A reply that never reached the harness (no code in it) recorded as a failed candidate. A call that got no
    reply at all (an LLM error) is no candidate."""
    return fail("static", check, reason)
