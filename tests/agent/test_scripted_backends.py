"""The scripted model answers in the backend the run asks for: `--backend cuda` gets CUDA C candidates (derived
from the task's CUDA reference solution), never Triton; a task without a CUDA solution is said to have none.

Without a GPU the harness compiles a CUDA candidate with NVRTC and cannot run it: the compile error is a
build failure, the others are `unverified` (exit 3), as for `kernelpilot eval`."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kernelpilot.agent.errors import LLMError
from kernelpilot.agent.extract import extract_source
from kernelpilot.agent.llm.scripted import ScriptedLLM
from kernelpilot.agent.protocols import LLMRequest
from kernelpilot.sandbox.checks import detect_backend
from kernelpilot.tasks.loader import list_tasks, load_task

CUDA_TASKS = [t for t in list_tasks() if {"cuda", "cuda_ext"} & set(t.solutions())]


def codes_of(replies: list[str]) -> list[str]:
    return [extract_source(r).source for r in replies]


def assert_cuda(code: str) -> None:
    assert "@triton.jit" not in code and "import triton" not in code
    assert "__global__" in code
    assert detect_backend(ast.parse(code)) in ("cuda", "cuda_ext")


def test_there_are_cuda_tasks_to_script():
    assert {"softmax", "relu", "layernorm"} <= {t.name for t in CUDA_TASKS}


@pytest.mark.parametrize("task", CUDA_TASKS, ids=[t.name for t in CUDA_TASKS])
def test_cuda_script_is_four_cuda_kernels(task):
    replies = ScriptedLLM(task, "cuda").replies
    assert len(replies) == 4
    codes = codes_of(replies)
    assert all(codes) and len(set(codes)) == 4
    for code in codes:
        ast.parse(code)
        assert_cuda(code)
    assert all("Triton" not in r.split("```")[0] for r in replies)  # the prose speaks of CUDA too
    good = task.solutions().get("cuda") or task.solutions()["cuda_ext"]
    assert codes[3] == good.read_text()
    assert "+ 1" in codes[1] and "forward_once" in codes[2]  # wrong: a bias in the last store; slow: two passes


def test_replies_for_backend_cuda_contain_cuda_not_triton(softmax):
    """softmax has hand-written Triton replies; asked for CUDA it must not replay them."""
    llm = ScriptedLLM(softmax, "cuda")
    texts = [llm.complete(LLMRequest(messages=[], tag=f"r0/c{i}", seq=i)).text for i in range(5)]
    for text in texts:
        assert "@triton.jit" not in text and "import triton" not in text
        assert "__global__" in text
    triton = ScriptedLLM(softmax, "triton").complete(LLMRequest(messages=[], tag="r0/c3", seq=3)).text
    assert "@triton.jit" in triton  # and the default is still Triton


def test_agent_steps_for_backend_cuda_write_cuda(softmax):
    llm = ScriptedLLM(softmax, "cuda")
    written = [s["args"]["content"] for s in llm.steps if s["tool"] == "write_file"]
    assert written and all("__global__" in c and "@triton.jit" not in c for c in written)
    (question,) = [s["args"]["question"] for s in llm.steps if s["tool"] == "ask_llm"]
    assert "CUDA" in question and "Triton" not in question


def test_a_task_without_a_cuda_solution_is_said_to_have_no_cuda_replies():
    argmax = load_task("argmax")
    assert "cuda" not in argmax.solutions()
    with pytest.raises(LLMError) as e:
        ScriptedLLM(argmax, "cuda")
    assert "no CUDA replies" in str(e.value) and "--backend triton" in str(e.value) and not e.value.fatal


def test_a_cuda_only_task_is_said_to_have_no_triton_replies(tmp_path):
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "solutions").mkdir()
    (tmp_path / "relu.py").write_text((root / "tasks/core/relu.py").read_text())
    (tmp_path / "solutions" / "relu_cuda.py").write_text((root / "tasks/core/solutions/relu_cuda.py").read_text())
    task = load_task(str(tmp_path / "relu.py"))
    with pytest.raises(LLMError) as e:
        ScriptedLLM(task, "triton")
    assert "no Triton replies" in str(e.value) and "--backend cuda" in str(e.value)
    assert_cuda(codes_of(ScriptedLLM(task, "cuda").replies)[3])


@pytest.mark.parametrize("name", ["softmax", "relu"])
def test_the_harness_builds_the_cuda_script_and_says_it_was_not_run(name):
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate, gpu_available

    if gpu_available():
        pytest.skip("on a GPU the candidates run; this checks the CPU verdicts")
    task = load_task(name)
    cfg = EvalConfig(device="cpu", trials=1)
    results = [evaluate(task, code, cfg) for code in codes_of(ScriptedLLM(task, "cuda").replies)]
    if results[3].check == "build.no_nvrtc":
        pytest.skip("NVRTC is not installed here")
    ce, *rest = results
    assert ce.verdict == "fail" and ce.check == "build.compile_error" and ce.backend == "cuda"
    for r in rest:
        assert r.verdict == "unverified" and r.check == "unverified.no_gpu" and r.backend == "cuda", r.reason


def test_optimize_with_backend_cuda_on_a_cpu_says_built_not_run(tmp_path):
    from kernelpilot.sandbox.evaluate import gpu_available

    if gpu_available():
        pytest.skip("on a GPU the candidates run; this checks the CPU outcome")
    env = dict(os.environ, KERNELPILOT_DB=str(tmp_path / "kp.sqlite"), COLUMNS="160")
    env.pop("KERNELPILOT_MODEL", None)
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "optimize", "softmax", "--model", "scripted", "--backend",
                        "cuda", "--device", "cpu", "--rounds", "1", "--candidates", "4", "--out", str(tmp_path / "out")],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    out = " ".join((p.stdout + p.stderr).split())  # the table wraps long cells
    if "build.no_nvrtc" in out:
        pytest.skip("NVRTC is not installed here")
    assert p.returncode == 3, out[-3000:]  # README: built, could not run here
    assert "built, not run here" in out and "compiled, not run" in out
    assert not (tmp_path / "out" / "softmax_best.py").exists()
    assert_cuda((tmp_path / "out" / "softmax_unverified.py").read_text())
    import sqlite3

    db = sqlite3.connect(env["KERNELPILOT_DB"])
    try:
        sources = [r[0] for r in db.execute("SELECT source FROM candidates")]
        results = [json.loads(r[0]) for r in db.execute("SELECT result FROM attempts")]
    finally:
        db.close()
    assert len(sources) == 4 and all("@triton.jit" not in s for s in sources)
    assert {r["backend"] for r in results} == {"cuda"}
