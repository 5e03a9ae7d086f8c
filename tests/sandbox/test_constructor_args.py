"""The constructor's arguments at other values (judge.check_other_init_args): which values are tried, and how a
file written for the task's configuration is judged."""

from __future__ import annotations

from pathlib import Path

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.sandbox.judge import _other_init_values
from kernelpilot.tasks.loader import load_task

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def test_the_other_values_tried_for_each_kind_of_argument():
    assert _other_init_values(1e-5, 1.2) == [1e-5 * 1.2]
    assert _other_init_values(0.0, 1.0) == [0.5]  # a 0.0 gets a value of its own, in [0.25, 0.75]
    assert _other_init_values((0.5, 0.25), 0.8) == [(0.4, 0.2)]  # the floats of a tuple, as a tuple
    assert _other_init_values(1, 1.4) == [2, 0]  # moved (1.4 rounds back to 1: one step further), then one lower
    assert _other_init_values(-1, 1.6) == [-2]  # keeping its sign
    assert _other_init_values(True, 1.0) == [False]
    assert _other_init_values("tanh", 1.0) == [] and _other_init_values(float("inf"), 1.0) == []


def test_a_kernel_for_the_tasks_dim_only_passes_with_a_note():
    """A scan over the last dimension whatever the constructor's `dim`: right for the task's Model(dim=1), not
    for Model(dim=0). It solves the task as configured, so it passes, and the result says it answered
    otherwise for another dim."""
    r = evaluate(load_task(str(ROOT / "tests/honest/tasks/cumprod_kb.py")),
                 (HERE / "cumprod_last_dim_only.py").read_text(), EvalConfig(device="cpu", trials=1, timing=False))
    assert r.verdict == "pass", r.reason
    assert "built with other values of the constructor's arguments, argument 0: 0 for 1" in r.reason, r.reason
    assert "verified at get_init_inputs' values only" in r.reason
