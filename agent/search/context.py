"""What a strategy gets to work with: the seams (LLM, evaluator, store, reporter) and the task's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..config import SearchConfig
from ..protocols import LLM, Evaluator, Reporter, Store
from .candidate import Candidate


@dataclass
class SearchContext:
    run_id: str
    task: Any  # kernelpilot.tasks.loader.Task or anything with name, doc, source
    llm: LLM
    evaluate: Evaluator
    store: Store
    reporter: Reporter
    cfg: SearchConfig
    system: str  # rendered system prompt
    gpu: str = ""  # GPU name ("" on a CPU) for memory notes
    memory: list[dict] = field(default_factory=list)
    workspace: Optional[str] = None  # agent strategy only
    kind: str = ""  # the operator's kind (kinds.py): chooses the optimisation ideas; "" when unknown
    counts: Optional[tuple] = None  # the task's (flops, bytes) at its own size, for the diagnosis; None: unknown
    target: Optional[dict] = None  # the GPU the diagnosis is for: describe_gpu's dict, or {"arch": "sm_90"} on a CPU


@dataclass
class SearchOutcome:
    best: Optional[Candidate]
    stop_reason: str
    rounds: int
    candidates: int
    unverified: Optional[Candidate] = None  # the last candidate that built but could not be run (no GPU)
