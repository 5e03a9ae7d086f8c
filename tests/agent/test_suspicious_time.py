"""A suspicious time is not a speedup: a kernel timed faster than the roofline allows, or more than 10x faster
than eager, is "correct, speed unverified". It earns no fitness, never wins the search over a believable kernel,
never stops it at the roofline, is never exported as the best, is listed apart and the model is told why."""

from __future__ import annotations

from kernelpilot.agent.config import LLMConfig, RunConfig, SearchConfig
from kernelpilot.agent.extract import extract_source
from kernelpilot.agent.llm.scripted import ScriptedLLM
from kernelpilot.agent.progress import ListReporter, summary_table
from kernelpilot.agent.run import Runner
from kernelpilot.agent.search.candidate import Candidate, better, fitness_label
from kernelpilot.agent.search.feedback import round_feedback
from kernelpilot.agent.search.fsr import run_fsr
from kernelpilot.sandbox.result import EvalResult, TimingInfo, TimingStats, fail


def gpu_timed(ms: float, eager_ms: float, roofline_ms: float | None = None, flags=()) -> EvalResult:
    st = lambda m: TimingStats(median_ms=m, p25_ms=m * 0.98, p75_ms=m * 1.02, n=100)  # noqa: E731
    t = TimingInfo(method="cuda_events", shape="real", candidate=st(ms), eager=st(eager_ms), speedup_eager=eager_ms / ms,
                   speedup_eager_verdict="faster" if ms < eager_ms else "slower", roofline_ms=roofline_ms,
                   roofline_fraction=roofline_ms / ms if roofline_ms else None, flags=list(flags))
    return EvalResult(verdict="pass", stage="timing", check="pass", reason="correct", timing=t)


def test_a_time_below_the_roofline_or_over_10x_earns_nothing():
    honest = gpu_timed(1.0, eager_ms=1.4, roofline_ms=0.5)
    below_roofline = gpu_timed(0.2, eager_ms=1.4, roofline_ms=0.5)
    over_10x = gpu_timed(0.1, eager_ms=1.4)
    flagged = gpu_timed(0.9, eager_ms=1.4, flags=["SUSPICIOUS: something the judge saw"])
    assert honest.timing.speed_unverified is None and honest.fitness() == 1.4
    for r in (below_roofline, over_10x, flagged):
        assert r.timing.speed_unverified.startswith("SUSPICIOUS") and r.fitness() == 0.0
        assert "speed unverified" in fitness_label(r)
    slow_honest = Candidate("a", "f", "src", gpu_timed(2.0, eager_ms=1.4))  # slower than eager, but believable
    cheat = Candidate("b", "f", "src", below_roofline)
    assert better(slow_honest, cheat) and not better(cheat, slow_honest)
    assert better(cheat, Candidate("c", "f", "src", fail("correctness", "correctness.mismatch", "wrong")))


class SuspiciousEvaluator:
    """The scripted model's kernels judged as on a GPU: the fast one (the last) at a time below the roofline."""

    def __init__(self, task):
        codes = [extract_source(r).source for r in ScriptedLLM(task).replies]
        self.table = {codes[0]: fail("build", "build.compile_error", "no"),
                      codes[1]: fail("correctness", "correctness.mismatch", "wrong"),
                      codes[2]: gpu_timed(1.2, eager_ms=1.0, roofline_ms=1.0),    # honest, at 83% of the roofline
                      codes[3]: gpu_timed(0.05, eager_ms=1.0, roofline_ms=1.0)}   # 20x the roofline: skipped work

    def __call__(self, source: str) -> EvalResult:
        return self.table[source].model_copy(deep=True)


def test_the_search_keeps_the_believable_kernel_and_tells_the_model_why(make_ctx, softmax):
    ctx = make_ctx(evaluator=SuspiciousEvaluator(softmax), candidates=4, rounds=3, patience=2, roofline_stop=0.5)
    out = run_fsr(ctx)
    assert out.best.result.timing.candidate.median_ms == 1.2  # not the 0.05 ms one
    # the honest kernel is at 83% of the roofline, over roofline_stop: that stop is allowed; the cheat's
    # 2000% never is
    assert "roofline" in out.stop_reason and "83%" in out.stop_reason
    cheat = Candidate("r0/c3", "f", "src", SuspiciousEvaluator(softmax).table[list(SuspiciousEvaluator(softmax).table)[3]])
    text = "\n".join(round_feedback([cheat], None))
    assert "not believable" in text and "earns no speedup" in text and "roofline" in text


def test_a_suspicious_best_is_listed_apart_and_not_exported_as_the_best(store, softmax, tmp_path, monkeypatch):
    only_cheat = SuspiciousEvaluator(softmax)
    codes = list(only_cheat.table)
    only_cheat.table[codes[2]] = fail("correctness", "correctness.mismatch", "wrong")  # no believable kernel at all
    monkeypatch.setattr("kernelpilot.sandbox.evaluate.evaluate", lambda t, s, c: only_cheat(s))
    cfg = RunConfig(llm=LLMConfig(model="scripted"), search=SearchConfig(candidates=4, rounds=2, roofline_stop=0.5),
                    device="cpu", out=str(tmp_path / "out"))
    run_id = store.new_run("optimize", cfg.model_dump(), ["softmax"])
    summary = Runner(store, cfg, run_id, ListReporter()).run_tasks([softmax], single=False)[0]
    assert summary.correct and summary.speed_unverified.startswith("SUSPICIOUS")
    assert summary.speedup_eager is None and summary.roofline is None  # no speedup credited anywhere
    assert "roofline" not in summary.stop
    assert not (tmp_path / "out" / "softmax_best.py").exists()
    assert (tmp_path / "out" / "softmax_speed_unverified.py").exists()
    table = summary_table([summary])
    assert "speed unverified" in str(table.columns[1]._cells[0])
