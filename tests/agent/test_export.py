"""`kernelpilot export`: a run's best kernel as a package that imports without kernelpilot and tests itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kernelpilot.agent.export import ExportError, export
from kernelpilot.sandbox.result import EvalResult, TimingInfo, TimingStats, fail

ROOT = Path(__file__).resolve().parents[2]


def passed(ms: float) -> EvalResult:
    st = TimingStats(median_ms=ms, p25_ms=ms, p75_ms=ms, n=3)
    return EvalResult(verdict="pass", stage="timing", check="pass", reason="correct",
                      timing=TimingInfo(method="interpreter_wall", shape="small", candidate=st))


@pytest.fixture
def run(store):
    """A run of two tasks: layernorm with a slow and a fast correct kernel and a wrong one; relu with none."""
    run_id = store.new_run("optimize", {"llm": {"model": "scripted"}}, ["layernorm", "relu"])
    good = (ROOT / "tasks/core/solutions/layernorm_triton.py").read_text()
    store.save_candidate(run_id, "layernorm", "r1/c1", good + "\n# slow\n", {}, passed(90.0))
    store.save_candidate(run_id, "layernorm", "r2/c1", good, {}, passed(30.0))
    store.save_candidate(run_id, "layernorm", "r2/c2", "wrong", {}, fail("correctness", "correctness.mismatch", "no"))
    store.save_candidate(run_id, "relu", "r1/c1", "wrong", {}, fail("correctness", "correctness.mismatch", "no"))
    return run_id


def test_the_best_kernel_is_exported_and_its_test_passes(store, run, tmp_path):
    out = export(store, run[:10], "layernorm", tmp_path / "ln_kernel")
    src = (out / "layernorm_kernel.py").read_text()
    assert "# slow" not in src and "ModelNew" in src  # the fastest correct one
    assert "r2/c1" in (out / "README.md").read_text()
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(out)], capture_output=True,
                       text=True, timeout=300, cwd=tmp_path)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    assert "4 passed" in p.stdout  # two SHAPES x two seeds, on the reference's weights loaded by name
    code = ("import sys, torch; sys.path.insert(0, sys.argv[1]); import ln_kernel as k; "
            "assert 'kernelpilot' not in sys.modules; x = torch.randn(3, 8192); "
            "ref = k.Reference(*k.reference.get_init_inputs()); "
            "m = k.load_weights(k.ModelNew(*k.reference.get_init_inputs()), ref.state_dict()); "
            "torch.testing.assert_close(m(x), ref(x), atol=2e-5, rtol=2e-5); print('ok')")
    p = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.stdout.strip() == "ok", p.stderr[-2000:]


def test_what_cannot_be_exported_is_said(store, run, tmp_path):
    with pytest.raises(ExportError, match="no correct kernel for relu"):
        export(store, run, "relu", tmp_path / "a")
    with pytest.raises(ExportError, match="has no task 'softmax'"):
        export(store, run, "softmax", tmp_path / "b")
    with pytest.raises(ExportError, match="no run 'nope'"):
        export(store, "nope", "relu", tmp_path / "c")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep")
    with pytest.raises(ExportError, match="not empty"):
        export(store, run, "layernorm", busy)
    assert (busy / "mine.txt").read_text() == "keep"
