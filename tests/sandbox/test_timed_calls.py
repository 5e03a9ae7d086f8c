"""Watched and timed calls are indistinguishable.

Every timed call, warm-up included, runs exactly as a correctness call does (runner._forward: the same op
watch, NaN-poisoned canary-padded allocations, guard bands around the inputs), and its outputs and the
watch's report come back to the judge, which compares them with the reference of that call's inputs. The
candidate is never told which calls are checked, because all of them are.

The tests here run candidates with the static checks off, so that they can look at everything in their own
process (the mode stack, frames, the harness's messages) and print what they see to the candidate log.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests/adversarial/cases"

KERNEL = '''
import sys

import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.overrides import _get_current_function_mode_stack


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * sx + cols, mask=mask, other=-float("inf"))
    x = x - tl.max(x, axis=0)
    num = tl.exp(x)
    tl.store(y_ptr + row * sy + cols, num / tl.sum(num, axis=0), mask=mask)


def launch(x, y, n_cols):
    softmax_kernel[(x.shape[0],)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(x.shape[1]))
    return y


def phase():
    """What the harness is doing, read off the stack: the runner's method two frames above forward."""
    f, names = sys._getframe(1), []
    while f is not None:
        names.append(f.f_code.co_name)
        f = f.f_back
    return "timed" if "call" in names else "checked" if "run" in names else "other"
'''


def cfg(**kw) -> EvalConfig:
    # no target compile: it runs in a second process whose log replaces the first one's
    return EvalConfig(device="cpu", trials=2, timeout_s=120, target_compile=False, **kw)


def test_every_call_looks_the_same_from_inside_the_candidate():
    """What a candidate can observe about a call (the torch-function mode stack, a fresh allocation's layout
    and contents, its input's layout, the messages the harness received) is the same for every correctness
    call and every timed call."""
    src = KERNEL + '''
import kernelpilot.sandbox.wire as wire

_recv = wire.recv


def recv_noting(*a, **k):
    msg, tensors = _recv(*a, **k)
    if msg.get("op") in ("run", "call"):
        print("MSG", msg["op"], ",".join(sorted(k for k in msg if k not in ("how", "inputs", "i"))), flush=True)
    return msg, tensors


wire.recv = recv_noting


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        with torch._C.DisableTorchFunction():
            # (what a new allocation holds is drawn per call, NaN or not, by the judge alike for both kinds)
            seen = (len(_get_current_function_mode_stack()), y.storage_offset(),
                    x.storage_offset(), x.untyped_storage().nbytes() // x.element_size() - x.numel())
        print("OBS", phase(), *seen, flush=True)
        return launch(x, y, x.shape[1])
'''
    # without the second-inputs call: it is meant to look different to code that reads memory out of the op
    # watch's sight (what kernels and watched calls write is sealed then), and it is not a timed call's twin
    r = evaluate("softmax", src, cfg(second_inputs=False), static_checks=False)
    assert r.verdict == "pass", r.reason
    seen: dict[str, set] = {}
    for line in r.log_tail.splitlines():
        if line.startswith("OBS "):
            _, ph, *rest = line.split()
            seen.setdefault(ph, set()).add(tuple(rest))
    assert set(seen) == {"checked", "timed"}, seen
    assert seen["checked"] == seen["timed"], seen
    modes, y_off, x_off, pad = next(iter(seen["timed"]))
    # storages of their own over the data, as on a GPU (sandbox/gpu_memory.py): the canary pads lie outside
    assert int(modes) >= 1 and int(y_off) == 0 and int(x_off) == 0 and int(pad) == 0
    # the messages: nothing in a timed call's request says whether its outputs will be checked
    keys = {tuple(line.split()[1:]) for line in r.log_tail.splitlines() if line.startswith("MSG ")}
    by_op = {op: {k for o, k in keys if o == op} for op in ("run", "call")}
    assert by_op["run"] == by_op["call"] == {"aten_watch,config,earlier_salt,fill,grad,inference_inputs,leaf_grad,op,order,salt,serial,train,unseen_write"}, keys


def test_a_candidate_that_knows_it_is_timed_and_is_wrong_then_is_rejected():
    """With the static checks off a candidate can read off its stack that it is being timed (the runner's
    `call`): it computes half of each row then. All timed outputs are compared, so that is found."""
    src = KERNEL + '''

class ModelNew(nn.Module):
    def forward(self, x):
        n = x.shape[1] // 2 if phase() == "timed" else x.shape[1]
        return launch(x, torch.empty_like(x), n)
'''
    r = evaluate("softmax", src, cfg(), static_checks=False)
    assert (r.verdict, r.stage, r.check) == ("fail", "timing", "correctness.mismatch"), r.reason
    assert "warm-up call 0" in r.reason  # the first call after the trials: the warm-up is checked too


def test_a_candidate_that_uses_torch_when_timed_is_rejected():
    src = KERNEL + '''

class ModelNew(nn.Module):
    def forward(self, x):
        if phase() == "timed":
            return torch.softmax(x, dim=-1)
        return launch(x, torch.empty_like(x), x.shape[1])
'''
    r = evaluate("softmax", src, cfg(), static_checks=False)
    assert (r.verdict, r.stage, r.check) == ("fail", "timing", "correctness.torch_compute"), r.reason


def test_a_candidate_that_looks_for_the_watch_never_finds_it_missing():
    """Torch's softmax whenever no torch-function mode is active: never, in any call the judge makes."""
    src = KERNEL + '''

class ModelNew(nn.Module):
    def forward(self, x):
        if not _get_current_function_mode_stack():
            return torch.softmax(x, dim=-1)
        return launch(x, torch.empty_like(x), x.shape[1])
'''
    r = evaluate("softmax", src, cfg(), static_checks=False)
    assert r.verdict == "pass", r.reason
    assert "softmax" not in r.correctness.torch_ops_seen and r.correctness.kernel_launches > 0


def test_the_allocation_layout_trick_finds_no_difference():
    """tests/adversarial/cases/timing__torch_when_allocation_unpadded.py passes the contract and runs torch's
    softmax when an allocation starts its storage: every allocation does, watched or not (as on a GPU), so
    the torch branch runs in the checked calls and is seen there."""
    case = CASES / "timing__torch_when_allocation_unpadded.py"
    r = evaluate("softmax", case.read_text(), cfg())
    assert r.verdict == "fail" and r.check == "correctness.torch_compute", r.reason


def test_the_timed_calls_are_counted_and_timed():
    r = evaluate("softmax", (ROOT / "tasks/core/solutions/softmax_triton.py").read_text(),
                 cfg(interpreter_reps=5))
    assert r.verdict == "pass", r.reason
    assert r.timing.candidate.n == 5 and r.timing.candidate.median_ms > 0
    assert re.search(r"interpreter time [\d.]+ ms", r.reason)


@pytest.mark.gpu
def test_on_a_gpu_the_timed_calls_of_a_data_movement_kernel_pass():
    """On a GPU the L2 flush before each timed call is a torch call (zero_) of the harness's: it is made
    before the watch starts, or a data-movement task (where torch copies are refused) would reject every
    kernel at its first timed call."""
    src = (ROOT / "tasks/core/solutions/transpose_triton.py").read_text()
    r = evaluate("transpose", src, EvalConfig(device="cuda", trials=1, timeout_s=300, timing_reps=5, warmup_reps=1,
                                              compile_baseline=False))
    assert r.verdict == "pass", r.reason
    assert r.timing.method == "cuda_events" and r.timing.candidate.n == 5


VARIABLE_TASK = '''
import torch
import torch.nn as nn

n = 40
SHAPES = [dict(n=40)]


class Model(nn.Module):
    def forward(self, x):
        return x * 2


def get_inputs():
    return [torch.randn(n + int(torch.randint(0, 9, ())))]  # a length that varies with the seed, as a CSR's nnz


def get_init_inputs():
    return []
'''

DOUBLE = '''
import torch
import triton
import triton.language as tl


@triton.jit
def double(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) * 2, mask=m)


class ModelNew(torch.nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        double[(triton.cdiv(x.numel(), 64),)](x, y, x.numel(), BLOCK=64)
        return y
'''


def test_inputs_whose_sizes_vary_per_draw_are_placed_anew(tmp_path):
    """The same-addresses trial and the timed calls write new values into the buffers already placed; where a
    generator's sizes vary with the seed (a CSR structure's nonzeros), the buffers are placed anew instead of
    failing an honest kernel."""
    task = tmp_path / "variable.py"
    task.write_text(VARIABLE_TASK)
    r = evaluate(str(task), DOUBLE, EvalConfig(device="cpu", trials=3, target_compile=False, interpreter_reps=5,
                                               unseen_shapes=False))
    assert r.verdict == "pass", r.reason


def test_a_permuted_output_is_made_row_major_inside_the_timed_window():
    """An output returned as a view in another dimension order (a transpose done as `y.t()` of an untransposed
    copy, NHWC returned as a permuted NCHW view) has the copy it left undone timed with it, the candidate's calls
    and the baselines alike; a padded row-major slice and an expanded tensor are left as they are."""
    import torch

    from kernelpilot.sandbox.bench import in_row_major, permuted, timed_call

    assert permuted(torch.empty(4, 6).t())
    assert permuted(torch.empty(2, 5, 6, 3).permute(0, 3, 1, 2))
    assert not permuted(torch.empty(4, 8)[:, :6])
    assert not permuted(torch.empty(1, 6).expand(4, 6))
    assert not permuted(torch.empty(6, 1).t())  # dimensions of one say nothing
    a, b = in_row_major((torch.empty(4, 6).t(), torch.empty(4, 8)[:, :6]))
    assert a.is_contiguous() and not b.is_contiguous()
    x = torch.randn(5, 7)
    out, ms = timed_call(lambda: x.clone().t(), gpu=False)
    assert out.is_contiguous() and torch.equal(out, x.t()) and ms >= 0
