"""Fixtures for the agent tests: a store in a temp dir, a fake evaluator, a reporter that collects events."""

from __future__ import annotations

import pytest

from kernelpilot.agent.extract import extract_source
from kernelpilot.agent.llm.scripted import ScriptedLLM
from kernelpilot.sandbox.result import EvalResult, TimingInfo, TimingStats, fail


def timed(ms: float) -> EvalResult:
    st = TimingStats(median_ms=ms, p25_ms=ms * 0.95, p75_ms=ms * 1.05, n=3)
    return EvalResult(verdict="pass", stage="timing", check="pass", reason=f"correct; interpreter time {ms} ms",
                      timing=TimingInfo(method="interpreter_wall", shape="small", candidate=st))


class FakeEvaluator:
    """Judges the scripted model's four kernels as the real harness does, by recognising them; counts calls."""

    def __init__(self, task):
        codes = [extract_source(r).source for r in ScriptedLLM(task).replies]
        self.table = {
            codes[0]: fail("correctness", "run.exception", "InterpreterError: AttributeError(\"module 'triton.language' "
                                                           "has no attribute 'exponential'\")"),
            codes[1]: fail("correctness", "correctness.mismatch", "wrong result: output contains 30 NaN"),
            codes[2]: timed(450.0),
            codes[3]: timed(80.0),
        }
        self.calls: list[str] = []

    def __call__(self, source: str) -> EvalResult:
        self.calls.append(source)
        r = self.table.get(source)
        return r.model_copy(deep=True) if r else fail("static", "static.unknown", "not a scripted kernel")


@pytest.fixture
def softmax():
    from kernelpilot.tasks.loader import load_task

    return load_task("softmax")


@pytest.fixture
def store(tmp_path):
    from kernelpilot.agent.store import SQLiteStore

    s = SQLiteStore(tmp_path / "kp.sqlite")
    yield s
    s.close()


@pytest.fixture
def fake_evaluator():
    return FakeEvaluator


@pytest.fixture
def make_ctx(store, softmax):
    """A SearchContext wired to the scripted model (through the recorder), a fake evaluator and a list reporter."""
    from kernelpilot.agent.config import SearchConfig
    from kernelpilot.agent.llm.budget import Budget
    from kernelpilot.agent.llm.recording import RecordedLLM
    from kernelpilot.agent.progress import ListReporter
    from kernelpilot.agent.prompting import system_prompt
    from kernelpilot.agent.search.context import SearchContext

    def make(run_id="run1", llm=None, evaluator=None, budget=None, workspace=None, kind="reduction", **search):
        store.new_run("optimize", {}, ["softmax"], run_id=run_id) if store.get_run(run_id) is None else None
        store.start_task(run_id, "softmax")
        inner = llm or ScriptedLLM(softmax)
        rec = RecordedLLM(inner, store, run_id, "softmax", budget or Budget())
        return SearchContext(run_id=run_id, task=softmax, llm=rec, evaluate=evaluator or FakeEvaluator(softmax),
                             store=store, reporter=ListReporter(), cfg=SearchConfig(**search),
                             system=system_prompt("triton", None, search.get("strategy", "fsr")), workspace=workspace,
                             kind=kind)

    return make
