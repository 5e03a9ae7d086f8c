"""Every LLM call goes through here: budget check, record in the store, and replay of calls already recorded.

Replay is what makes --resume lose nothing (a killed run re-walks its recorded calls without asking again,
and the evaluation cache answers for the candidates) and what lets any run be replayed (--model replay:RUN).
"""

from __future__ import annotations

from ..errors import LLMError
from ..protocols import LLM, LLMReply, LLMRequest, ToolCall
from .budget import Budget
from .health import EndpointHealth


def safe_text(text) -> str:
    """Valid UTF-8 whatever the server sent (lone surrogates, NULs), so it can be stored and shown."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text or "")
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


class RecordedLLM:
    def __init__(self, inner: LLM | None, store, run_id: str, task: str, budget: Budget, replay_from: str = "",
                 health: EndpointHealth | None = None):
        self.inner, self.store, self.run_id, self.task, self.budget = inner, store, run_id, task, budget
        self.replay_from = replay_from  # another run whose calls are served (inner may be None then)
        self.health = health or EndpointHealth()  # one per run: an outage stops the run, not one candidate
        if inner is not None and getattr(inner, "health", False) is None:  # the client stops retrying once the
            setattr(inner, "health", self.health)  # endpoint is known down
        self.name = inner.name if inner else f"replay:{replay_from}"
        self.max_concurrency = inner.max_concurrency if inner else 4
        self.context_tokens = getattr(inner, "context_tokens", None)  # the prompt must fit (None: unknown)
        self.max_output_tokens = getattr(inner, "max_output_tokens", 8192)
        self.replayed = 0

    def supports_tools(self):
        """Whether the model calls tools (True/False), None when unknown; a replay follows its recorded replies."""
        ask = getattr(self.inner, "supports_tools", None)
        return ask() if callable(ask) else None

    def _from_row(self, row: dict) -> LLMReply:
        calls = [ToolCall(**c) for c in row["tool_calls"]]
        return LLMReply(text=row["reply"] or "", tool_calls=calls, prompt_tokens=row["prompt_tokens"] or 0,
                        completion_tokens=row["completion_tokens"] or 0, cost=row["cost"],  # None: no known price
                        latency_s=row["latency_s"] or 0.0, model=row["model"] or "", replayed=True)

    def complete(self, req: LLMRequest) -> LLMReply:
        row = self.store.get_llm_call(self.run_id, self.task, req.tag)
        if row is not None:  # resume: this run already paid for this call
            self.replayed += 1
            reply = self._from_row(row)
            self.budget.charge(reply.tokens, reply.cost)
            return reply
        if self.replay_from:
            src = self.store.get_llm_call(self.replay_from, self.task, req.tag)
            if src is None:
                raise LLMError(f"run {self.replay_from} has no recorded call {req.tag!r} for task {self.task}")
            reply = self._from_row(src)
            self._record(req, reply, None, replayed_from=self.replay_from, free=True)  # this run spent nothing
            reply.prompt_tokens = reply.completion_tokens = 0
            reply.cost = 0.0
            return reply
        self.budget.check()
        self.health.check()
        try:
            assert self.inner is not None  # a replayed call was answered above
            reply = self.inner.complete(req)
        except LLMError as e:
            self._record(req, LLMReply(text=""), str(e))  # with its error: never replayed, asked again on resume
            self.health.failed(e)  # EndpointDown past the limit
            raise
        self.health.ok()
        reply.text = safe_text(reply.text)
        self.budget.charge(reply.tokens, reply.cost)
        self._record(req, reply, None)
        return reply

    def _record(self, req: LLMRequest, reply: LLMReply, error, replayed_from=None, free=False) -> None:
        self.store.record_llm_call(
            self.run_id, self.task, req.tag, req.seq, reply.model or self.name, req.messages, req.tools, reply.text,
            [c.__dict__ for c in reply.tool_calls], 0 if free else reply.prompt_tokens,
            0 if free else reply.completion_tokens, 0.0 if free else reply.cost, reply.latency_s, error, replayed_from)
