"""The FSR loop offline: scripted model, fake evaluator (fast), every feedback path."""

from __future__ import annotations

import json

from kernelpilot.agent.errors import LLMError
from kernelpilot.agent.llm.budget import Budget
from kernelpilot.agent.protocols import LLMReply
from kernelpilot.agent.search.features import features_for_round
from kernelpilot.agent.search.fsr import run_fsr


class Spy:
    """Wraps an LLM and keeps every request."""

    def __init__(self, inner):
        self.inner, self.name, self.max_concurrency, self.requests = inner, inner.name, inner.max_concurrency, []

    def complete(self, req):
        self.requests.append(req)
        return self.inner.complete(req)


def test_fsr_walks_every_feedback_path(make_ctx, softmax):
    from kernelpilot.agent.llm.scripted import ScriptedLLM

    spy = Spy(ScriptedLLM(softmax))
    ctx = make_ctx(llm=spy, candidates=4, rounds=5, patience=2)
    out = run_fsr(ctx)
    assert out.best is not None and out.best.passed
    assert out.best.result.timing.candidate.median_ms == 80.0  # the better kernel, not the slow one
    assert out.stop_reason.startswith("plateau")
    assert out.rounds == 3 and len(spy.requests) == 12
    # round 2's prompts carry round 1's feedback: the best kernel, a compile error, a wrong output and timings
    second = spy.requests[4].messages[1]["content"]
    assert "Best correct kernel so far" in second
    assert "did not build or crashed" in second and "exponential" in second
    assert "gave wrong output" in second and "NaN" in second
    assert "Interpreter time on the CPU" in second and "not GPU performance" in second
    # not an ever-growing transcript: one system and one user message per request
    assert all(len(r.messages) == 2 for r in spy.requests)
    # every candidate is in the store with its verdict
    attempts = sorted(ctx.store.attempts("run1", "softmax"), key=lambda a: a["tag"])
    assert [a["verdict"] for a in attempts[:4]] == ["fail", "fail", "pass", "pass"]
    assert ctx.store.run_tasks("run1")[0]["round_done"] == 2


def test_round_candidates_are_steered_to_different_features(make_ctx, softmax):
    feats = features_for_round(0, 4, "matmul/attention")
    assert len({f.name for f in feats}) == 4
    assert {f.name for f in features_for_round(1, 4, "matmul/attention")}.isdisjoint({f.name for f in feats})
    spy_ctx = make_ctx(candidates=4, rounds=1)
    run_fsr(spy_ctx)
    rows = spy_ctx.store.llm_calls("run1", "softmax")
    assert len({r["messages"] for r in rows}) == 4  # four distinct prompts


def test_feedback_is_deduplicated_and_truncated(make_ctx, softmax):
    from kernelpilot.agent.search.candidate import Candidate
    from kernelpilot.agent.search.feedback import round_feedback
    from kernelpilot.sandbox.result import fail

    long = "error: expected ';' at line 12\n" + "x" * 10_000
    cands = [Candidate(f"r0/c{i}", "tiling", "src", fail("build", "build.compile_error", long.replace("12", str(i))))
             for i in range(3)]
    fb = round_feedback(cands, None, limit=500)
    assert len(fb) == 1 and "same error in 3 candidates" in fb[0]
    assert len(fb[0]) < 1000 and "characters cut" in fb[0]


def test_feedback_of_a_correct_kernel_carries_ptxas_figures():
    from kernelpilot.agent.search.candidate import Candidate
    from kernelpilot.agent.search.feedback import round_feedback
    from kernelpilot.sandbox.result import BuildInfo, EvalResult, TimingInfo, TimingStats

    st = TimingStats(median_ms=40.0, p25_ms=39.0, p75_ms=41.0, n=3)
    r = EvalResult(verdict="pass", stage="timing", reason="ok", backend="triton",
                   timing=TimingInfo(method="interpreter_wall", shape="n=80", candidate=st),
                   build=BuildInfo(compiler="Triton 3.9.0 for sm_90 (ptxas)",
                                   kernels={"softmax_kernel": {"registers": 255, "spill_bytes": 96, "smem_bytes": 16}}))
    (fb,) = round_feedback([Candidate("r0/c0", "tiling", "src", r)], None)
    assert "Triton 3.9.0 for sm_90" in fb and "255 registers" in fb and "96 spill bytes" in fb


def test_only_what_the_machine_could_not_run_is_kept_as_unverified():
    """A candidate the machine could not run (no GPU, a tool missing) is kept for a GPU machine to judge. One
    after which the judge ran out of memory is not: a candidate holding on to GPU memory could bring that about
    to be reported as "unverified" instead of wrong. The model hears the reason as an error."""
    from kernelpilot.agent.search.candidate import Candidate
    from kernelpilot.agent.search.feedback import round_feedback
    from kernelpilot.sandbox.result import EvalResult

    no_gpu = EvalResult(verdict="unverified", stage="build", check="unverified.no_gpu", reason="needs a GPU")
    oom = EvalResult(verdict="unverified", stage="correctness", check="unverified.judge_out_of_memory",
                     reason="the judge ran out of GPU memory during correctness trial 1")
    assert no_gpu.not_runnable_here and not oom.not_runnable_here and oom.exit_code == 3
    fb = round_feedback([Candidate("r0/c0", "tiling", "src", no_gpu), Candidate("r0/c1", "fusion", "src", oom)], None)
    assert any("could not be run here" in f and "needs a GPU" in f for f in fb)
    assert any("ran out of GPU memory" in f and "could not be run here" not in f for f in fb)


def test_budget_stops_the_search(make_ctx):
    ctx = make_ctx(candidates=2, rounds=5, budget=Budget(max_tokens=3000))
    out = run_fsr(ctx)
    assert "token budget" in out.stop_reason
    assert out.rounds < 5


class Flaky:
    name, max_concurrency = "flaky", 2

    def __init__(self, replies):
        self.replies = replies

    def complete(self, req):
        r = self.replies[req.seq % len(self.replies)]
        if isinstance(r, Exception):
            raise r
        return LLMReply(text=r, prompt_tokens=10, completion_tokens=5)


def test_bad_replies_become_failed_candidates_not_crashes(make_ctx, softmax):
    from kernelpilot.agent.llm.scripted import ScriptedLLM

    good = ScriptedLLM(softmax).replies[3]
    two = good + "\n" + good
    llm = Flaky(["I am sorry, I cannot write kernels.", LLMError("Timeout: request timed out", infra=True), two,
                 "\udcff\x00\x01\x02" * 500, good])
    ctx = make_ctx(llm=llm, candidates=5, rounds=1)
    out = run_fsr(ctx)
    reasons = {a["tag"]: a["reason"] for a in ctx.store.attempts("run1", "softmax")}
    assert "no code" in reasons["r0/c0"]
    assert "r0/c1" not in reasons  # no reply is no candidate: recorded as a failed call, not as a kernel
    assert [e["data"]["tag"] for e in ctx.store.events("run1", kind="llm_error")] == ["r0/c1"]
    assert "2 code blocks" in reasons["r0/c2"]
    assert "not readable" in reasons["r0/c3"] or "no code" in reasons["r0/c3"]
    assert out.best is not None and out.best.tag == "r0/c4"


def test_fatal_llm_error_stops_the_search_as_endpoint_down(make_ctx):
    """A key refused or a model gone mid-run: not an outcome of the search, the run stops (interrupted)."""
    import pytest

    from kernelpilot.agent.errors import EndpointDown

    ctx = make_ctx(llm=Flaky([LLMError("authentication failed", fatal=True)]), candidates=2, rounds=1)
    with pytest.raises(EndpointDown, match="authentication failed"):
        run_fsr(ctx)
    assert ctx.store.attempts("run1", "softmax") == []


def test_cuda_without_gpu_keeps_the_compiled_candidate(make_ctx):
    """Unverified (built, not runnable here) is never 'correct', but the search keeps it and stops on plateau."""
    from kernelpilot.sandbox.result import EvalResult

    def unverified(source):
        return EvalResult(verdict="unverified", stage="build", check="unverified.no_gpu", reason="compiled with NVRTC")

    ctx = make_ctx(evaluator=unverified, candidates=2, rounds=5, patience=2)
    out = run_fsr(ctx)
    assert out.best is None and out.unverified is not None
    assert out.stop_reason.startswith("plateau") and out.rounds == 2


def test_endpoint_errors_are_neither_candidates_nor_feedback(make_ctx, softmax):
    """Round 0: one reply without code and one call the endpoint never answered. The round-1 prompts carry the
    first as feedback and nothing of the second; a round with no answer at all spends no patience."""
    from kernelpilot.agent.llm.scripted import ScriptedLLM

    err = LLMError("cannot reach the LLM server at http://127.0.0.1:1/v1 (connection refused)", infra=True)
    good = ScriptedLLM(softmax).replies[3]
    llm = Flaky(["Let me think about tiling.", err, good, "Still thinking.", err, err])
    ctx = make_ctx(llm=llm, candidates=2, rounds=3, patience=1)
    out = run_fsr(ctx)
    calls = {c["tag"]: c for c in ctx.store.llm_calls("run1", "softmax")}
    r1 = json.dumps(json.loads(calls["r1/c0"]["messages"]))
    assert "no code" in r1 and "cannot reach" not in r1 and "connection refused" not in r1
    assert sorted(a["tag"] for a in ctx.store.attempts("run1", "softmax")) == ["r0/c0", "r1/c0", "r1/c1"]
    assert out.best.tag == "r1/c0"
    # round 2 (both calls failed) is no evidence of a plateau: patience 1 would have stopped it there otherwise
    assert out.candidates == 3 and out.rounds == 3
    assert out.stop_reason == "all rounds done"
