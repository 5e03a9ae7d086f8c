"""A verdict states the versions it holds for: the result's `toolchain`, `eval`'s text and JSON, `doctor`,
and `eval --target-triton PYTHON`, which judges the candidate again with another environment's Triton."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from kernelpilot.sandbox import target_triton, versions
from kernelpilot.sandbox.result import EvalResult

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tasks/core/solutions/softmax_triton.py"


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kernelpilot", *args], capture_output=True, text=True, timeout=600,
                          env=env)


def test_every_result_carries_the_installed_versions():
    r = EvalResult(verdict="pass", stage="correctness", reason="ok")
    assert r.toolchain["triton"] == metadata.version("triton")
    assert r.toolchain["torch"] == metadata.version("torch")
    assert {"nvrtc", "cuda_headers", "python"} <= set(r.toolchain)
    again = EvalResult.model_validate_json(r.model_dump_json())  # as it crosses from the judge
    assert again.toolchain == r.toolchain


def test_a_cpu_verdict_says_it_holds_for_the_installed_triton_only():
    facts = versions.for_verdict("cpu", "sm_80")
    assert facts["gpu_arch"] == "sm_80" and facts["holds_for"] == versions.INSTALLED_ONLY
    assert "holds_for" not in versions.for_verdict("cuda", "sm_90")


def test_eval_states_the_versions_in_json_and_text():
    p = run_cli("eval", "softmax", str(GOOD), "--json", "--trials", "1", "--no-timing", "--gpu-arch", "sm_80")
    assert p.returncode == 0, p.stderr
    tc = json.loads(p.stdout)["toolchain"]
    assert tc["triton"] == metadata.version("triton") and tc["gpu_arch"] == "sm_80"
    assert tc["holds_for"] == versions.INSTALLED_ONLY and tc["nvrtc"]
    p = run_cli("eval", "softmax", str(GOOD), "--trials", "1", "--no-timing")
    assert p.returncode == 0, p.stderr
    text = " ".join(p.stdout.split())  # rich wraps the line
    assert f"toolchain: triton {metadata.version('triton')}" in text and "holds for this Triton and torch only" in text


def test_doctor_states_what_verdicts_hold_for():
    p = run_cli("doctor", "--json")
    assert p.returncode == 0, p.stderr
    facts = json.loads(p.stdout)
    assert metadata.version("triton") in facts["verdicts_hold_for"] and "NVRTC" in facts["verdicts_hold_for"]
    assert "CUDA" in facts["cuda_headers"]
    if not facts["gpu"]:
        assert "loop_vars_as_tensors" in facts["triton_interpreter_semantics"]


# -- --target-triton ---------------------------------------------------------------------------------------

def fake_python(tmp_path: Path, verdict: dict, triton: str = "3.6.0") -> str:
    """A stand-in for another environment's python: says its Triton version, and judges with `verdict`."""
    script = tmp_path / "python"
    script.write_text(f"""#!{sys.executable}
import json, sys
if sys.argv[1] == "-c":
    print({triton!r})
else:
    print("a warning first")
    print(json.dumps({verdict!r}, indent=2))
    sys.exit(1)
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def passed() -> EvalResult:
    return EvalResult(verdict="pass", stage="correctness", reason="correct")


def test_a_pass_that_fails_with_the_target_triton_is_a_fail(tmp_path):
    py = fake_python(tmp_path, {"verdict": "fail", "stage": "build", "check": "target.compile_error",
                                "reason": "Triton's compiler refused the kernel"})
    summary = target_triton.judge_with(py, "softmax", GOOD, gpu_arch="sm_90", trials=1, timeout_s=60)
    assert summary["triton"] == "3.6.0" and summary["verdict"] == "fail"
    r = passed()
    target_triton.merge(r, summary)
    assert r.verdict == "fail" and r.check == "target_triton.target.compile_error" and r.stage == "build"
    assert "3.6.0" in r.reason and "refused" in r.reason and r.target_triton["python"] == py
    assert r.toolchain["target_triton"].startswith("3.6.0")


def test_an_unusable_target_environment_changes_no_verdict(tmp_path):
    for py in (str(tmp_path / "no-such-python"), fake_python(tmp_path, {"not": "a result"})):
        summary = target_triton.judge_with(py, "softmax", GOOD, gpu_arch="sm_90", trials=1, timeout_s=60)
        r = passed()
        target_triton.merge(r, summary)
        assert summary["verdict"] == "unverified" and r.verdict == "pass", summary
    assert summary["check"] == "target_triton.unusable"


def test_target_triton_judges_in_the_other_environment():
    """The plumbing for real, with this environment's own python standing in for the target: the candidate is
    judged again there (interpreter and target compile) and the summary names its Triton."""
    p = run_cli("eval", "softmax", str(GOOD), "--json", "--trials", "1", "--no-timing",
                "--target-triton", sys.executable)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["target_triton"]["verdict"] == "pass" and out["target_triton"]["triton"] == metadata.version("triton")
    assert out["toolchain"]["holds_for"].endswith("(--target-triton)")


@pytest.mark.skipif(not os.environ.get("KP_TARGET_TRITON_PYTHON"),
                    reason="set KP_TARGET_TRITON_PYTHON to a python with another Triton (e.g. .device-venv/bin/python)")
def test_target_triton_with_another_release():
    py = os.environ["KP_TARGET_TRITON_PYTHON"]
    summary = target_triton.judge_with(py, "softmax", GOOD, gpu_arch="sm_90", trials=1, timeout_s=300)
    assert summary["verdict"] == "pass", summary
    assert summary["triton"] != metadata.version("triton")


BLOCK_PTR_COPY = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _copy(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    src = tl.make_block_ptr(x_ptr, shape=(n,), strides=(1,), offsets=(0,), block_shape=(BLOCK,), order=(0,))
    dst = tl.make_block_ptr(y_ptr, shape=(n,), strides=(1,), offsets=(0,), block_shape=(BLOCK,), order=(0,))
    src = tl.advance(src, (tl.program_id(0) * BLOCK,))
    dst = tl.advance(dst, (tl.program_id(0) * BLOCK,))
    x = tl.load(src, boundary_check=(0,), padding_option="zero")
    tl.store(dst, tl.maximum(x, 0.0), boundary_check=(0,))


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        _copy[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
'''


def test_block_pointers_removed_from_this_triton_are_unverified_not_wrong(tmp_path):
    """A block-pointer kernel (the tutorials' matmul, flash-linear-attention) is written for a Triton that has
    them (3.6, the GPU machines'). Where the installed one removed them, it cannot be judged here: unverified,
    saying why and how to judge it, and the target Triton's verdict stands in for it."""
    import triton.language as tl

    from kernelpilot.sandbox.checks import run_static_checks
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate

    assert run_static_checks(BLOCK_PTR_COPY) is None  # tl.advance is in the contract whether or not installed here
    r = evaluate("relu", BLOCK_PTR_COPY, EvalConfig(device="cpu", trials=1, timing=False, target_compile=False))
    try:
        tl.advance
    except AttributeError:
        assert (r.verdict, r.check) == ("unverified", "unverified.triton_version"), r.reason
        assert "block pointers (tl.advance, tl.make_block_ptr)" in r.reason and "--target-triton" in r.reason
    else:  # a Triton that has them judges it like any kernel
        assert r.verdict == "pass", r.reason
        return
    for target, verdict in (({"verdict": "pass", "check": "pass", "reason": "correct on 6 trials"}, "pass"),
                            ({"verdict": "fail", "check": "correctness.mismatch", "stage": "correctness",
                              "reason": "output 0 differs"}, "fail")):
        summary = target_triton.judge_with(fake_python(tmp_path, target), "relu", GOOD, gpu_arch="sm_90", trials=1,
                                           timeout_s=60)
        merged = r.model_copy(deep=True)
        target_triton.merge(merged, summary)
        assert merged.verdict == verdict and "3.6.0" in merged.reason, merged.reason
        assert merged.toolchain["holds_for"] == "Triton 3.6.0 (--target-triton) only"


def test_removed_features_are_named_from_the_code_not_its_docstrings():
    from kernelpilot.sandbox.judge import removed_from_triton

    error = "NotImplementedError: Block pointers have been removed from Triton"
    src = ('"""A block-pointer GEMM: no tl.advance, offsets recomputed."""\nimport triton.language as tl\n'
           "def k(p):\n    # tl.advance would do this\n    return tl.make_block_ptr(p)\n")
    assert removed_from_triton(error, src) == "block pointers (tl.make_block_ptr)"
    both = src + "def j(b):\n    return tl.advance(b, (0, 16))\n"
    assert removed_from_triton(error, both) == "block pointers (tl.advance, tl.make_block_ptr)"
    imported = "from triton.language import make_block_ptr as mbp\ndef k(p):\n    return mbp(p)\n"
    assert removed_from_triton(error, imported) == "block pointers (tl.make_block_ptr)"
    assert removed_from_triton(error, '"""mentions make_block_ptr only"""\n') == ""
    assert removed_from_triton("some other error", src) == ""
