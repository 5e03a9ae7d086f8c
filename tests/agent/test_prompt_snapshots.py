"""The prompts as the model reads them, for three kinds of operator (relu, softmax, matmul), kept as snapshot
files in tests/agent/snapshots/ that a person can read. A change to a prompt shows up here as a diff; after
reading it, rewrite the snapshots with KERNELPILOT_UPDATE_SNAPSHOTS=1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kernelpilot.agent.config import SearchConfig
from kernelpilot.agent.prompting import system_prompt
from kernelpilot.agent.search.agent import first_messages
from kernelpilot.agent.search.candidate import Candidate
from kernelpilot.agent.search.context import SearchContext
from kernelpilot.agent.search.features import features_for_round
from kernelpilot.agent.search.feedback import round_feedback
from kernelpilot.agent.search.fsr import round_messages
from kernelpilot.agent.search.kinds import roofline_counts, task_kind
from kernelpilot.sandbox.result import (BuildInfo, CorrectnessInfo, EvalResult, ShapeCheck, TimingInfo, TimingStats,
                                        fail)
from kernelpilot.tasks.loader import load_task

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("KERNELPILOT_UPDATE_SNAPSHOTS") == "1"
TARGET = {"arch": "sm_90"}  # no GPU attached: the diagnosis is for the GPU compiled for


def stats(ms: float) -> TimingStats:
    return TimingStats(median_ms=ms, p25_ms=ms * 0.98, p75_ms=ms * 1.02, n=100)


def canned_results(source: str, kernel: str, heavy: bool) -> list[EvalResult]:
    """A crash in the launch, a wrong output, a GPU timing and an interpreter timing of the task's solution."""
    n = next(i for i, x in enumerate(source.splitlines(), 1) if f"{kernel}[" in x)
    code = source.splitlines()[n - 1].strip()
    crash = fail("correctness", "run.exception", (
        "InterpreterError: ValueError(\"arange's range must be a power of 2\") (during correctness trial 1 of shape "
        "dim=1000 (inputs: typical))\nTraceback (most recent call last):\n"
        '  File "/venv/lib/python3.11/site-packages/torch/nn/modules/module.py", line 1789, in _call_impl\n'
        "    return forward_call(*args, **kwargs)\n"
        f'  File "/tmp/kp-scratch/candidate.py", line {n}, in forward\n    {code}\n'
        '  File "/venv/lib/python3.11/site-packages/triton/runtime/interpreter.py", line 1515, in __call__\n'
        "    raise InterpreterError(repr(e)) from e\n"
        "triton.runtime.errors.InterpreterError: ValueError(\"arange's range must be a power of 2\")"))
    wrong = fail("correctness", "correctness.mismatch",
                 "wrong result in correctness trial 2 of shape dim=1000 (inputs: typical): 1000 of 5000 elements "
                 "differ, max abs error 0.5 at element 4000 (got 0.5, expected 0)",
                 correctness=CorrectnessInfo(trials=2, shapes=[ShapeCheck(shape="dim=1000", trials=2, max_abs_err=0.5,
                                                                          rel_l2_err=0.2)]))
    figures = {"registers": 128 if heavy else 32, "spill_bytes": 0, "smem_bytes": 65536 if heavy else 0,
               "num_warps": 8 if heavy else 4, "num_stages": 3}
    build = BuildInfo(compiler="Triton 3.9.0 for sm_90 (ptxas)", kernels={f"{kernel} @ real size": figures,
                                                                          f"{kernel} @ dim=1000": {**figures, "registers": 20}})
    gpu = EvalResult(verdict="pass", stage="timing", check="pass", reason="correct; 1.2x vs eager", build=build,
                     timing=TimingInfo(method="cuda_events", shape="real size", candidate=stats(0.5), eager=stats(0.6),
                                       compiled=stats(0.55), speedup_eager=1.2, speedup_compiled=1.1,
                                       roofline_ms=0.3, roofline_fraction=0.6))
    cpu = EvalResult(verdict="pass", stage="timing", check="pass", reason="correct; interpreter time", build=build,
                     timing=TimingInfo(method="interpreter_wall", shape="small", candidate=stats(18.0)))
    return [crash, wrong, gpu, cpu]


def render_all(name: str) -> str:
    task = load_task(name)
    source = task.solutions()["triton"].read_text()
    kernel = re.search(r"^def (\w+)\(", source, re.M).group(1)
    kind = task_kind(task)
    ctx = SearchContext(run_id="snap", task=task, llm=None, evaluate=None, store=None, reporter=None,
                        cfg=SearchConfig(strategy="agent"), system=system_prompt("triton", None, "fsr"), kind=kind,
                        counts=roofline_counts(task), target=TARGET)
    results = canned_results(source, kernel, kind == "matmul/attention")
    feats = features_for_round(0, 4, kind)
    cands = [Candidate(f"r0/c{i}", f.name, source, r) for i, (f, r) in enumerate(zip(feats, results))]
    best = cands[2]
    feedback = round_feedback(cands, best, 1500, ctx.counts, TARGET, kind)
    ctx.memory = [{"outcome": "worked", "gpu": "H100", "note": f"{feats[0].name}: 1.31x vs eager (0.21 ms)"},
                  {"outcome": "failed", "gpu": "", "note": "no correct kernel; candidates failed at correctness.mismatch (3)"}]
    first = round_messages(ctx, None, [], feats[0])[1]["content"]
    ctx.memory = ctx.memory[:1]
    later = round_messages(ctx, best, feedback, features_for_round(1, 4, kind)[0])[1]["content"]
    agent = first_messages(ctx, "auto")[1]["content"]
    return (f"<!-- {name}: kind {kind}; rewrite with KERNELPILOT_UPDATE_SNAPSHOTS=1 -->\n"
            f"# FSR, round 0, candidate 0 (user message)\n\n{first}\n"
            f"# FSR, round 1, candidate 0, after a crash, a wrong output and two correct kernels (user message)\n\n"
            f"{later}\n# Agent strategy, first user message\n\n{agent}")


def check(path: Path, text: str) -> None:
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return
    old = path.read_text()
    if old != text:
        import difflib

        diff = "".join(difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(path), "now", n=2))
        pytest.fail(f"{path.name} differs from the prompt rendered now (read the diff; if it is what you meant, run "
                    f"KERNELPILOT_UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name}):\n{diff[:6000]}")


@pytest.mark.parametrize("name", ["relu", "softmax", "matmul"])
def test_task_prompts_match_the_snapshot(name):
    check(SNAPSHOTS / f"{name}.md", render_all(name))


def test_system_prompts_match_the_snapshot():
    from kernelpilot.agent.prompting import render
    from kernelpilot.agent.search.agent import tool_lines

    parts = [f"# System prompt, FSR\n\n{system_prompt('triton', None, 'fsr')}",
             f"# System prompt, agent\n\n{system_prompt('triton', None, 'agent')}"]
    for protocol in ("auto", "native", "text"):
        guide = render("agent_tool_guide", backend_name="Triton", shell_timeout=60, max_steps=30, max_time_s=1800,
                       protocol=protocol, tools=tool_lines())
        parts.append(f"# Agent guide (appended to the agent's system prompt), --tool-protocol {protocol}\n\n{guide}")
    check(SNAPSHOTS / "system.md", "\n".join(parts))


def test_snapshot_contents():
    """What the snapshots must say, whatever the wording: ideas of the operator's kind, the candidate's own lines
    at an error, a diagnosis with occupancy and a limiter."""
    relu, softmax, matmul = (render_all(n) for n in ("relu", "softmax", "matmul"))
    assert "Kind of operator: elementwise" in relu and "warp-level" not in relu.lower()
    assert "Kind of operator: reduction" in softmax and "Kind of operator: matmul/attention" in matmul
    for text in (relu, softmax, matmul):
        assert ">>" in text and "In your code:" in text and "site-packages" not in text
        assert "occupancy on sm_90" in text and "Limiter:" in text and "Bound: " in text
        assert "Roofline: 60%" in text and "How to begin" in text
    assert "Bound: memory" in relu and "Bound: compute" in matmul
