"""Value families: a task's INPUT_CASES are drawn at every shape, whatever the trial count,
and a family that is not get_inputs' twin is the task file's error, not the candidate's."""

from __future__ import annotations

import textwrap

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.tasks.loader import TaskError, load_task

TASK = '''
import torch
import torch.nn as nn

rows = 8
cols = 300
SHAPES = [dict(rows=5, cols=300)]


class Model(nn.Module):
    def forward(self, x):
        return torch.logsumexp(x, dim=1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_inputs_large():
    return [torch.randn(rows, cols) * 3 + 200.0]  # exp(200) overflows fp32: the max shift is needed


INPUT_CASES = {{"large": {large}}}


def get_init_inputs():
    return []
'''

KERNEL = '''
import torch
import triton
import triton.language as tl


@triton.jit
def lse(x_ptr, y_ptr, C, BLOCK: tl.constexpr):
    r = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + r * C + offs, mask=offs < C, other=float("-inf"))
    {body}


class ModelNew(torch.nn.Module):
    def forward(self, x):
        y = torch.empty(x.shape[0], device=x.device, dtype=x.dtype)
        lse[(x.shape[0],)](x, y, x.shape[1], BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
'''
SHIFTED = "m = tl.max(x, axis=0)\n    tl.store(y_ptr + r, m + tl.log(tl.sum(tl.exp(x - m), axis=0)))"
NAIVE = "tl.store(y_ptr + r, tl.log(tl.sum(tl.exp(x), axis=0)))"

CFG = EvalConfig(trials=1, timing=False, unseen_shapes=False)


def task_file(tmp_path, large: str = "get_inputs_large"):
    p = tmp_path / "lse.py"
    p.write_text(TASK.format(large=large))
    return p


def test_every_family_is_checked_even_with_one_trial(tmp_path):
    r = evaluate(str(task_file(tmp_path)), KERNEL.format(body=SHIFTED), CFG)
    assert r.verdict == "pass", r.reason
    # in a rotation that starts at a family drawn for each evaluation
    assert [sorted(s.input_cases) for s in r.correctness.shapes] == [["exact_zeros", "large", "typical"]]


def test_the_naive_kernel_fails_on_the_family_that_names_its_pitfall(tmp_path):
    r = evaluate(str(task_file(tmp_path)), KERNEL.format(body=NAIVE), CFG)
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "(inputs: large)" in r.reason


def test_a_family_of_other_shapes_is_the_task_files_error(tmp_path):
    p = task_file(tmp_path, large="lambda: [torch.randn(rows, cols + 1)]")
    with pytest.raises(TaskError, match=r"INPUT_CASES\['large'\].*shapes and dtypes"):
        evaluate(str(p), KERNEL.format(body=SHIFTED), CFG)


@pytest.mark.parametrize("cases, why", [
    ("[1, 2]", "must be a dict"),
    ("{'typical': get_inputs}", "not a usable family name"),
    ("{'large': 3}", "must be a function"),
])
def test_malformed_input_cases_are_named(tmp_path, cases, why):
    p = tmp_path / "bad.py"
    p.write_text(textwrap.dedent(TASK.format(large="get_inputs_large")).replace(
        'INPUT_CASES = {"large": get_inputs_large}', f"INPUT_CASES = {cases}"))
    with pytest.raises(TaskError, match=why):
        load_task(str(p)).input_cases()
