"""The seams of the search: an LLM, an evaluator and a store. Strategies import these, never concrete classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Protocol, runtime_checkable

from ..sandbox.result import EvalResult


@dataclass
class LLMRequest:
    """One chat call. `tag` names the call uniquely within a task's search (the replay key); `seq` is its
    deterministic position in that search (the scripted model picks its reply by it)."""

    messages: list[dict[str, Any]]
    tag: str
    seq: int = 0
    tools: Optional[list[dict[str, Any]]] = None
    temperature: Optional[float] = None


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text as the model wrote it (may be malformed)


@dataclass
class LLMReply:
    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: Optional[float] = 0.0  # USD; None when the model has no known price (a local server, a new model)
    latency_s: float = 0.0
    model: str = ""
    replayed: bool = False

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@runtime_checkable
class LLM(Protocol):
    name: str
    max_concurrency: int

    def complete(self, request: LLMRequest) -> LLMReply: ...


class Evaluator(Protocol):
    def __call__(self, source: str) -> EvalResult: ...


class Store(Protocol):
    def log_event(self, run_id: str, task: str, kind: str, data: dict) -> None: ...

    def save_candidate(self, run_id: str, task: str, tag: str, source: Optional[str], meta: dict,
                       result: EvalResult) -> None: ...

    def set_task_progress(self, run_id: str, task: str, round_done: int, best: Optional[dict]) -> None: ...

    def recall(self, operator: str, gpu: str = "", query: str = "", limit: int = 5) -> list[dict]: ...

    def remember(self, operator: str, gpu: str, note: str, outcome: str, run_id: str = "") -> None: ...


class Reporter(Protocol):
    """Progress events; the CLI renders them with rich, tests collect them."""

    def event(self, kind: str, **data: Any) -> None: ...
