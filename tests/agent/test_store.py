"""The store: evaluation cache, LLM call recording and replay (resume), memory."""

from __future__ import annotations

import sqlite3

import pytest

from kernelpilot.agent.evaluator import CachedEvaluator
from kernelpilot.agent.llm.budget import Budget
from kernelpilot.agent.llm.recording import RecordedLLM
from kernelpilot.agent.llm.scripted import ScriptedLLM
from kernelpilot.agent.protocols import LLMRequest
from kernelpilot.agent.search.fsr import run_fsr
from kernelpilot.sandbox.config import EvalConfig


def test_wal_mode_and_tables(store):
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"runs", "candidates", "evaluations", "llm_calls", "memory", "attempts", "events"} <= names


def test_evaluation_cache_never_judges_twice(store, softmax, monkeypatch, fake_evaluator):
    calls = []
    fake = fake_evaluator(softmax)

    def fake_evaluate(task, source, cfg):
        calls.append(source)
        return fake(source)

    monkeypatch.setattr("kernelpilot.sandbox.evaluate.evaluate", fake_evaluate)
    ev = CachedEvaluator(softmax, store, EvalConfig(device="cpu"), "")
    src = list(fake.table)[3]
    first, second = ev(src), ev(src)
    assert len(calls) == 1 and not first.cached and second.cached and second.verdict == "pass"
    other = CachedEvaluator(softmax, store, EvalConfig(device="cpu", trials=5), "")  # other judge settings: new key
    assert other.key(src) != ev.key(src)
    # a verdict from one sandbox is never reused for another, nor from one container image for another
    docker = CachedEvaluator(softmax, store, EvalConfig(device="cpu", sandbox="docker"), "")
    assert docker.key(src) != ev.key(src)
    monkeypatch.setenv("KERNELPILOT_DOCKER_IMAGE", "kernelpilot:other")
    assert CachedEvaluator(softmax, store, EvalConfig(device="cpu", sandbox="docker"), "").key(src) != docker.key(src)


def test_transient_sandbox_failures_are_not_cached(store, softmax, monkeypatch):
    from kernelpilot.sandbox.result import fail

    calls = []
    monkeypatch.setattr("kernelpilot.sandbox.evaluate.evaluate",
                        lambda t, s, c: calls.append(s) or fail("sandbox", "sandbox.timeout", "killed"))
    ev = CachedEvaluator(softmax, store, EvalConfig(device="cpu"), "")
    ev("x"), ev("x")
    assert len(calls) == 2


class Counting:
    def __init__(self, inner):
        self.inner, self.name, self.max_concurrency, self.n = inner, "scripted", 1, 0

    def complete(self, req):
        self.n += 1
        return self.inner.complete(req)


def test_recorded_calls_are_replayed_not_reasked(store, softmax):
    store.new_run("optimize", {}, ["softmax"], run_id="r")
    inner = Counting(ScriptedLLM(softmax))
    llm = RecordedLLM(inner, store, "r", "softmax", Budget())
    req = LLMRequest(messages=[{"role": "user", "content": "hi"}], tag="r0/c0", seq=0)
    a = llm.complete(req)
    b = RecordedLLM(inner, store, "r", "softmax", Budget()).complete(req)
    assert inner.n == 1 and b.replayed and a.text == b.text
    assert store.usage("r")["calls"] == 1


def test_resume_after_interrupted_search_loses_nothing(make_ctx, softmax, store):
    """Kill a search mid-way (after round 1), run it again: round 1 comes from the store, nothing is re-asked."""

    class Dies(Counting):
        def complete(self, req):
            if req.seq >= 2:
                raise KeyboardInterrupt  # the process being killed, as far as the loop can tell
            return super().complete(req)

    dying = Dies(ScriptedLLM(softmax))
    ctx = make_ctx(llm=dying, candidates=2, rounds=3, patience=1)
    try:
        run_fsr(ctx)
    except KeyboardInterrupt:
        pass
    assert dying.n == 2 and store.usage("run1")["calls"] == 2
    again = Counting(ScriptedLLM(softmax))
    ctx2 = make_ctx(llm=again, candidates=2, rounds=3, patience=1)
    out = run_fsr(ctx2)
    assert again.n == 4  # rounds 2 and 3 only
    assert store.usage("run1")["calls"] == 6
    assert out.best is not None and out.best.result.timing.candidate.median_ms == 80.0


def test_replay_another_run(make_ctx, softmax, store):
    run_fsr(make_ctx(run_id="orig", candidates=2, rounds=3, patience=1))
    ctx = make_ctx(run_id="copy", candidates=2, rounds=3, patience=1)
    ctx.llm = RecordedLLM(None, store, "copy", "softmax", Budget(), replay_from="orig")
    out = run_fsr(ctx)
    assert out.best is not None and out.best.passed
    rows = store.llm_calls("copy")
    assert rows and all(r["replayed_from"] == "orig" and r["cost"] == 0 and r["prompt_tokens"] == 0 for r in rows)


def test_memory_recall(store):
    store.remember("softmax", "NVIDIA H100", "online softmax with BLOCK=4096 worked", "worked")
    store.remember("softmax", "", "cpu note", "info")
    store.remember("layernorm", "NVIDIA H100", "Welford single pass", "worked")
    rows = store.recall("softmax", "NVIDIA H100")
    assert rows[0]["gpu"] == "NVIDIA H100" and len(rows) == 2
    assert any("Welford" in r["note"] for r in store.recall("rmsnorm", "", "welford normalisation"))


def test_budget_counts_and_stops():
    import pytest

    from kernelpilot.agent.errors import BudgetExceeded

    b = Budget(max_cost=0.01)
    b.check()
    b.charge(100, 0.02)
    with pytest.raises(BudgetExceeded):
        b.check()


@pytest.mark.parametrize("kill_at", [6, 14])
def test_agent_strategy_resumes_without_reasking(make_ctx, softmax, store, tmp_path, kill_at):
    from kernelpilot.agent.search.agent import run_agent

    class Dies(Counting):
        def complete(self, req):
            if req.seq >= kill_at and not req.tag.endswith("/ask"):
                raise KeyboardInterrupt
            return super().complete(req)

    dying = Dies(ScriptedLLM(softmax))
    try:
        run_agent(make_ctx(llm=dying, strategy="agent", workspace=str(tmp_path / "ws")))
    except KeyboardInterrupt:
        pass
    asked_side_question = kill_at > 10  # step 10 is ask_llm, one extra call
    assert dying.n == kill_at + asked_side_question
    again = Counting(ScriptedLLM(softmax))
    out = run_agent(make_ctx(llm=again, strategy="agent", workspace=str(tmp_path / "ws")))
    assert out.stop_reason == "submitted kernel_fast.py"
    n_steps = len(ScriptedLLM(softmax).steps)
    assert again.n == n_steps - kill_at + (not asked_side_question)
    assert len(store.recall("softmax")) == 1  # the replayed `remember` did not duplicate the note
