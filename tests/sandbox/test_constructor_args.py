"""The constructor's arguments at other values (judge.check_other_init_args): which values are tried, and how a
file written for the task's configuration is judged."""

from __future__ import annotations

from pathlib import Path

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
import torch

from kernelpilot.sandbox.judge import (_element_factor, _moved, _moved_value, _negated, _other_init_values, _other_names,
                                       _task_names)
from kernelpilot.tasks.loader import load_task

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def test_the_other_values_tried_for_each_kind_of_argument():
    assert _other_init_values(1e-5, 1.2) == [1e-5 * 1.2]
    assert _other_init_values(0.0, 1.0) == [0.5]  # a 0.0 gets a value of its own, in [0.25, 0.75]
    # the floats of a tuple, as a tuple, each by a factor of its own (the first's is the argument's)
    assert _other_init_values((0.5, 0.25), 0.8) == [(0.4, 0.25 * _element_factor(0.8, 1))]
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


def test_floats_in_other_forms_are_moved_too():
    """A config dict's floats, a tuple's, a floating tensor's elements (a 0-d temperature, a coefficient table):
    each moved by a factor of its own in [0.5, 1.5], a 0.0 given a value; ints, bools, strings and masks in them
    stay, as do infinities."""
    config = {"negative_slope": 0.1, "scale": 1.5, "layers": 2, "act": "gelu", "nested": [0.0, (4.0,)]}
    (moved,) = _other_init_values(config, 0.7)
    assert moved["layers"] == 2 and moved["act"] == "gelu"
    assert moved["negative_slope"] != 0.1 and moved["scale"] != 1.5 and moved["nested"][1][0] != 4.0
    assert 0 < moved["nested"][0] < moved["negative_slope"]  # a zero stays between the negatives and positives
    for key, given in (("negative_slope", 0.1), ("scale", 1.5)):
        assert 0.5 * given <= moved[key] <= 1.5 * given
    coeffs = torch.tensor([0.5, 0.25, -0.125, 0.0])
    (c,) = _other_init_values(coeffs, 1.1)
    ratio = c[:3] / coeffs[:3]
    assert c.dtype == coeffs.dtype and bool(((ratio >= 0.5) & (ratio <= 1.5)).all()) and len(set(ratio.tolist())) == 3
    assert 0 < float(c[3]) < float(c[1])
    assert torch.equal(_moved_value(coeffs, 1.1), c)  # drawn from the factor: the compile's fork moves them alike
    mask = torch.tensor([0.0, 1.0, 1.0, 0.0])
    assert _other_init_values(mask, 1.1) == [] and torch.equal(_moved_value(mask, 1.1), mask)
    assert _other_init_values(torch.tensor([1.0, float("inf")]), 1.1) == []
    assert _other_init_values([1, 2, 3], 1.2) == [] and _other_init_values({"n": 3}, 1.2) == []
    # the other sign, where a task names the argument in SIGNED_INIT_ARGS
    assert _negated({"a": 0.5, "n": 2}) == {"a": -0.5, "n": 2} and torch.equal(_negated(coeffs), -coeffs)
    assert _negated("tanh") is None


def test_forward_arguments_moved_by_their_factors():
    """forward's arguments at the positions the judge chose: the floats (a tuple's, a fixed tensor's elements),
    every other call; the ints and bools, in the one call with them at other values: an int 0 becomes 1 or 2 (a
    start position), others move by the factor keeping their sign, the ints of a tuple and of a small integer
    tensor alike, and a bool flips."""
    t = torch.tensor(2.0)
    given = [(-0.5, 0.75), t, 0, 0, 5, True, (3, 0.5), torch.tensor([0])]
    factors = {i: f for i, f in enumerate((0.9, 1.3, 0.8, 1.2, 1.5, 1.5, 1.5, 0.7))}
    out = _moved(given, factors)
    assert out[0][0] == -0.5 * 0.9 and out[0][1] != 0.75 and type(out[0]) is tuple
    assert out[1].shape == () and float(out[1]) != 2.0 and 1.0 <= float(out[1]) <= 3.0
    assert out[2:6] == [0, 0, 5, True] and out[6][0] == 3 and out[6][1] != 0.5 and torch.equal(out[7], given[7])
    ints = _moved(given, factors, ints=True)
    assert ints[:2] == given[:2] and ints[2:6] == [1, 2, 8, False]
    assert ints[6][0] != 3 and ints[6][1] == 0.5 and ints[7].tolist() in ([1], [2]) and ints[7].dtype == given[7].dtype
    # position ids: other positions, still in their order
    pos = _moved([torch.arange(7)], {0: 0.8}, ints=True)[0]
    assert not torch.equal(pos, torch.arange(7)) and bool((pos[1:] >= pos[:-1]).all()) and pos.dtype == torch.int64


def test_moved_floats_keep_their_order():
    """A range stays a range and a sorted table stays sorted: the floats of one argument (and a tensor's
    elements) are handed their moved values by rank, each still within half to one and a half times itself."""
    for k in range(40):
        factor = 0.5 + k / 40
        low, high = _moved_value((0.9, 1.1), factor)
        assert low < high and 0.45 <= low <= 1.35 and 0.55 <= high <= 1.65
        bounds = _moved_value(torch.linspace(-3.0, 3.0, 13), factor)
        assert bool((bounds[1:] > bounds[:-1]).all()), bounds
        assert float(bounds[6]) != 0.0 and float(bounds[5]) < float(bounds[6]) < float(bounds[7])
        lo, hi = _moved_value({"low": 0.0, "high": 6.0}, factor).values()
        assert 0 < lo < hi


def test_a_string_or_dtype_argument_is_tried_at_other_names(tmp_path):
    """A mode is tried at the other word-like strings the task file writes (not its docstrings), then at
    torch's modes; a dtype at the other floating dtypes."""
    task = tmp_path / "div_mode.py"
    task.write_text('"""Division, with a "rounding" mode docstring."""\nimport torch\n\nMODES = ("trunc", "floor")\n\n\n'
                    "def get_inputs():\n    return [torch.randn(4), 'trunc']\n")
    import importlib.util

    spec = importlib.util.spec_from_file_location("div_mode", task)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = _task_names(mod)
    assert names[:2] == ["trunc", "floor"] and not any("rounding" in n for n in names)
    others = _other_names("trunc", names)
    assert others[0] == "floor" and "trunc" not in others and "mean" in others and len(others) <= 8
    assert _other_names(torch.float32, []) == [torch.float16, torch.bfloat16, torch.float64]


def test_ints_in_a_forward_dict_are_moved():
    out = _moved([{"shift": 3, "scale": 0.5, "flag": True}], {0: 1.4}, ints=True)
    assert out[0]["shift"] != 3 and out[0]["scale"] == 0.5 and out[0]["flag"] is False
