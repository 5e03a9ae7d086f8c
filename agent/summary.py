"""A task's outcome in a run: what the summary table shows, the store keeps and `--json` prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from .search.context import SearchOutcome


class TaskSummary(BaseModel):
    """One task of a run, as it ended. Built once, by `TaskSummary.of`, when the task's search ends; the store keeps
    it as `model_dump()` (run_tasks.summary), the `task_done` and `run_done` events carry it, and a stored one is read
    back with `model_validate`. Every field but task and correct has a default, so that a summary stored before a
    field existed still loads. The fields' order is the keys' order in the store and in --json."""

    task: str = Field(description="the task's name")
    correct: bool = Field(description="a kernel passed every check (its speed may still be unverified)")
    speedup_eager: Optional[float] = Field(None, description="the best kernel against eager PyTorch, on a GPU")
    speedup_compiled: Optional[float] = Field(None, description="the best kernel against torch.compile, on a GPU")
    roofline: Optional[float] = Field(None, description="the best kernel's fraction of the roofline, on a GPU")
    interpreter_ms: Optional[float] = Field(None, description="on a CPU: the best kernel's median time under the "
                                                              "Triton interpreter (no GPU speedup can be drawn from it)")
    method: Optional[str] = Field(None, description="how the best kernel was timed: cuda_events or interpreter_wall")
    tokens: int = Field(0, description="LLM tokens the task used")
    cost: float = Field(0.0, description="USD the task's LLM calls cost, of those with a known price")
    calls: int = Field(0, description="LLM calls the task made")
    unpriced: int = Field(0, description="answered calls of a model with no known price: their cost is unknown")
    stop: str = Field("", description="why the search stopped, or the error that ended the task")
    rounds: int = Field(0, description="rounds (fsr) or steps (agent) the search went through")
    candidates: int = Field(0, description="candidates judged")
    out: Optional[str] = Field(None, description="the file the best kernel was written to")
    best: Optional[str] = Field(None, description="the best kernel's result, in one line")
    error: str = Field("", description="what ended the task before or during its search (an LLM error, a task "
                                       "that cannot be used); empty when the search ran its course")
    unverified: Optional[str] = Field(None, description="with no correct kernel: the file of one that built but "
                                                        "could not be run here (a GPU machine must judge it)")
    speed_unverified: Optional[str] = Field(None, description="correct, but why its time cannot be credited as a "
                                                              "speedup")

    @classmethod
    def of(cls, task_name: str, outcome: Optional[SearchOutcome], usage: dict, out: Optional[Path],
           error: str = "") -> TaskSummary:
        """The summary of a finished task: its search's outcome (None when it failed before one), the LLM usage
        recorded for it, and the file its best (or its unverified) kernel went to."""
        s = cls(task=task_name, correct=False, tokens=usage["tokens"], cost=usage["cost"], calls=usage["calls"],
                unpriced=usage.get("unpriced", 0), stop=outcome.stop_reason if outcome else error,
                rounds=outcome.rounds if outcome else 0, candidates=outcome.candidates if outcome else 0, error=error)
        best = outcome.best if outcome else None
        if (best is None or not best.passed) and outcome is not None and outcome.unverified is not None:
            s.unverified = str(out) if out else None  # built but never run: a GPU machine must judge it
        if best is not None and best.passed:
            t = best.result.timing
            s.correct, s.out, s.best = True, str(out) if out else None, best.summary()
            if t is not None and t.speed_unverified:  # listed apart: correct, with no speedup credited
                s.method, s.speed_unverified = t.method, t.speed_unverified
            elif t is not None:
                s.method, s.speedup_eager, s.speedup_compiled = t.method, t.speedup_eager, t.speedup_compiled
                s.roofline = t.roofline_fraction
                s.interpreter_ms = t.candidate.median_ms if t.method == "interpreter_wall" else None
        return s
