"""What a terminal shows: run ids are never cut, long reasons are shortened at word boundaries, an ambiguous id
prefix is a usage error that lists the matches."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from kernelpilot.agent.report import gist, render_runs
from kernelpilot.agent.store import AmbiguousRunId

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {"llm": {"model": "openai/some-rather-long-model-name"}, "search": {"strategy": "fsr"}}


@pytest.mark.parametrize("width", [80, 120, 160])
def test_run_ids_are_whole_at_any_width(store, width):
    ids = [store.new_run("batch", CONFIG, ["softmax", "relu", "gelu", "layernorm"]) for _ in range(2)]
    out = io.StringIO()
    render_runs(store.list_runs(), Console(file=out, width=width))
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines)
    for run_id in ids:
        assert any(run_id in line for line in lines), (run_id, out.getvalue())


def test_reasons_are_shortened_at_word_boundaries():
    reason = "wrong result in correctness trial 2 of shape rows=7 (inputs: large_logits): output contains inf " * 3
    short = gist(reason, 60)
    assert len(short) <= 60 and short.endswith(" ...") and reason.startswith(short[:-4])
    assert reason[len(short) - 4] == " "  # the cut falls between words
    assert gist("first line\nsecond line") == "first line"


def test_an_ambiguous_prefix_lists_the_matches(store, tmp_path):
    a = store.new_run("optimize", CONFIG, ["relu"], run_id="20261201-100000-aaaa")
    b = store.new_run("optimize", CONFIG, ["relu"], run_id="20261201-100001-bbbb")
    assert store.get_run("20261201-100001")["id"] == b  # a unique prefix is enough
    with pytest.raises(AmbiguousRunId, match=f"matches 2 runs .*{b}.*{a}"):
        store.get_run("20261201-1000")
    assert store.get_run("2026120%") is None  # LIKE's wildcards are matched as themselves
    store.close()
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "report", "20261201-1000", "--db", str(store.path)],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert p.returncode == 2 and p.stderr.startswith("kernelpilot: error: run id") and "Traceback" not in p.stderr


def test_version():
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "--version"], capture_output=True, text=True, timeout=60,
                       cwd=ROOT)
    assert p.returncode == 0 and p.stdout.startswith("kernelpilot ")


def test_a_new_best_kernel_keeps_the_previous_one(tmp_path):
    import os

    from kernelpilot.agent.run import keep_previous

    out = tmp_path / "relu_best.py"
    out.write_text("old kernel")
    out.with_suffix(".json").write_text("{}")
    os.utime(out, (1_800_000_000, 1_800_000_000))
    keep_previous(out, "old kernel")  # the same kernel again: nothing to keep
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relu_best.json", "relu_best.py"]
    keep_previous(out, "new kernel")
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == 2 and all(n.startswith("relu_best.2027") for n in kept), kept
    assert (tmp_path / [n for n in kept if n.endswith(".py")][0]).read_text() == "old kernel"


def test_the_summary_mentions_cuda_only_where_a_cuda_kernel_was_built():
    from kernelpilot.agent.progress import summary_table
    from kernelpilot.agent.summary import TaskSummary

    base = TaskSummary(task="relu", correct=True, method="interpreter_wall", interpreter_ms=3.0, stop="rounds")
    assert "CUDA" not in summary_table([base]).caption
    unverified = base.model_copy(update={"correct": False, "unverified": "x.py"})
    assert "CUDA kernels were compiled, not run" in summary_table([base, unverified]).caption
