"""Checks computed in the candidate's process are evidence; each has a check the judge makes behind it.

The op watch, the race list, the interpreter's out-of-bounds hits, the allocation canaries and the input
fingerprints are all computed inside the candidate's process, where a candidate that could import the harness
could reach them. The static contract keeps a candidate from reaching them (no harness imports, no
reflection, no dunders, no modules as values: docs/contract.md). Here the static checks are off, each
candidate switches one of those checks off directly, and is still rejected by something the judge computes
on what it receives: the output comparison, the guard bands and canary pads checked on the bytes that come
back, the re-run on the inputs forward left behind, and a program order the judge draws for every launch.

The op watch has the second-inputs check behind it: one more forward per shape in which every kernel launch and
every torch call the watch sees read a second set of inputs the judge drew, and what they write is sealed; work
done where the watch does not look computes the answer for the first inputs, or garbage. Its limits (a candidate
that reaches the check's own state, and one that tells the check call from the others by what a kernel reads)
are tests here too.
"""

from __future__ import annotations

from pathlib import Path

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate

HEAD = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl
import kernelpilot.sandbox.races as races
import kernelpilot.sandbox.runner as runner
import kernelpilot.sandbox.watch as watch
'''

RELU = '''

@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
'''

PROBE_KERNEL = """

@triton.jit
def probe_kernel(x_ptr, p_ptr, N: tl.constexpr):
    o = tl.arange(0, N)
    tl.store(p_ptr + o, tl.load(x_ptr + o))
"""

NO_BOUNDS_CHECK = "watch.ForwardWatch.memcheck = lambda self, *a, **k: None\n"
NO_CANARIES = "watch.ForwardWatch.check_canaries = lambda self: []\n"
NO_RACES = "races.LaunchAccesses.find = lambda self: None\n"
NO_WATCH = "watch.ForwardWatch.__torch_function__ = lambda self, f, t, a=(), k=None: f(*a, **(k or {}))\n"


def judge(src: str, task: str = "relu"):
    cfg = EvalConfig(device="cpu", trials=1, timeout_s=120, target_compile=False, interpreter_reps=1)
    return evaluate(task, src, cfg, static_checks=False)


def test_the_control_passes_with_the_harness_imported():
    r = judge(HEAD + RELU)
    assert r.verdict == "pass", r.reason


def test_bounds_check_off_an_unmasked_read_still_shows_in_the_output():
    """A neighbour read without a mask: at the last element it pulls in the NaN guard band past the input, and
    the judge's comparison finds the NaN in the output. (A read whose value never reaches an output has no
    check behind it in the judge: it changes nothing here, and the bounds check is what names it.)"""
    src = HEAD + NO_BOUNDS_CHECK + RELU.replace(
        "    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)\n",
        "    nxt = tl.load(x_ptr + offs + 1)\n    tl.store(y_ptr + offs, tl.maximum(x, 0.0) + 0.0 * nxt, mask=mask)\n")
    assert "nxt" in src
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "NaN" in r.reason


def test_bounds_check_and_canaries_off_a_store_into_an_input_guard_is_seen_in_the_bytes_that_come_back():
    # each program also stores one element before the input: the first program's lands in the guard band
    src = HEAD + NO_BOUNDS_CHECK + NO_CANARIES + RELU.replace(
        "tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)",
        "tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)\n    tl.store(x_ptr + offs - 1, x, mask=offs == 0)")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.out_of_bounds_write"), r.reason
    assert "guard band around an input" in r.reason, r.reason


def test_canaries_off_a_store_past_an_allocation_is_seen_in_the_pads_that_come_back():
    src = HEAD + NO_BOUNDS_CHECK + NO_CANARIES + RELU.replace("mask=mask)\n", "mask=offs < n + 7)\n")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.out_of_bounds_write"), r.reason
    assert "canary pad" in r.reason, r.reason


def test_input_fingerprints_forged_the_rerun_on_the_inputs_left_behind_differs():
    """forward doubles its input after computing, and the fingerprints it reports are of a copy taken before:
    the first call's check is fooled, the second call runs on the doubled input and its output is wrong."""
    src = HEAD + '''
_fingerprint = runner.fingerprint
PRISTINE = {}


def forged(v, salt, device=None):
    return _fingerprint(PRISTINE.get(v.data_ptr(), v), salt)


runner.fingerprint = forged
''' + RELU.replace("        return y\n", "        with torch._C.DisableTorchFunction(), torch.no_grad():\n"
                                         "            PRISTINE[x.data_ptr()] = x.clone()\n"
                                         "            x.mul_(-1.0)\n        return y\n")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "second call" in r.reason, r.reason
    # and with the fingerprints left alone, the check itself names it
    r = judge(src.replace("runner.fingerprint = forged", ""))
    assert (r.verdict, r.check) == ("fail", "correctness.input_mutation"), r.reason


# Each program stores its block, then reads the last element of the block before it (stored by the previous
# program of the same launch) and adds 0 times it: in index order that element is already a number, in any
# other order it can still be the NaN poison of a fresh allocation. On a GPU the order is not set: a race.
ORDER_DEPENDENT = RELU.replace(
    "    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)\n",
    "    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)\n"
    "    pid = tl.program_id(0)\n"
    "    prev = tl.load(y_ptr + pid * BLOCK - 1, mask=pid > 0, other=0.0)\n"
    "    tl.store(y_ptr + offs, tl.maximum(x, 0.0) + 0.0 * prev, mask=mask)\n")


def test_race_list_emptied_the_order_the_judge_draws_shows_the_race_in_the_output():
    r = judge(HEAD + NO_RACES + ORDER_DEPENDENT)
    # which wrong call is seen first depends on the drawn fill and order: a plain check call or the second-inputs one
    assert r.verdict == "fail" and r.check in ("correctness.mismatch", "correctness.outside_kernels"), r.reason
    # the order is applied in the candidate's process too: one that reaches both gets through (the limit the
    # docs/judging.md's table of evidence states; the contract is what keeps a candidate from either)
    index_order = "runner.ProgramOrder._place = classmethod(lambda cls, v, g, axis: v)\n"
    assert judge(HEAD + NO_RACES + index_order + ORDER_DEPENDENT).verdict == "pass"
    # with the list left alone, the race check names it first
    r = judge(HEAD + ORDER_DEPENDENT)
    assert (r.verdict, r.check) == ("fail", "correctness.race"), r.reason


def test_programs_run_in_another_order_than_their_index_and_correct_kernels_do_not_care():
    """The order the judge draws is not the index order (a kernel that records its program order sees that),
    and an order-independent kernel passes under it."""
    src = HEAD + '''
ORDERS = []
_set = runner.ProgramOrder._place.__func__


def noting(cls, v, g, axis):
    out = _set(cls, v, g, axis)
    if axis == 0:
        ORDERS.append(out)
    return out


runner.ProgramOrder._place = classmethod(noting)
''' + RELU.replace("        return y\n", "        print('ORDER', *ORDERS, flush=True)\n        ORDERS.clear()\n"
                                         "        return y\n")
    r = judge(src)
    assert r.verdict == "pass", r.reason
    orders = [[int(v) for v in line.split()[1:]] for line in r.log_tail.splitlines() if line.startswith("ORDER")]
    assert len(orders) >= 3 and all(sorted(o) == list(range(len(o))) for o in orders), orders  # permutations (as many as the log tail holds)
    assert any(o != sorted(o) for o in orders), orders


# -- the op watch, and the second-inputs check behind it ---------------------------------------------------

COPY_KERNEL = """

@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=offs < n), mask=offs < n)
"""


def test_op_watch_off_torch_compute_after_the_kernel_is_caught_by_the_second_inputs():
    src = HEAD + NO_WATCH + RELU.replace("        return y\n", "        return torch.relu(x)\n")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.outside_kernels"), r.reason
    assert "never read" in r.reason, r.reason
    # with the watch left alone, the watch names the op
    r = judge(HEAD + RELU.replace("        return y\n", "        return torch.relu(x)\n"))
    assert (r.verdict, r.check) == ("fail", "correctness.torch_compute"), r.reason


def test_op_watch_off_a_torch_answer_stored_by_a_kernel_is_caught():
    """The output is written by a kernel's stores, but what it stores is torch's answer."""
    src = HEAD + NO_WATCH + COPY_KERNEL + RELU.replace(
        "relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)",
        "copy_kernel[(triton.cdiv(n, 1024),)](torch.relu(x), y, n, BLOCK=1024)")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.outside_kernels"), r.reason


def test_op_watch_and_launch_wrapper_off_with_forged_launch_count_is_caught():
    """The watch off, the launch wrapper told no forward is in progress (so the launch reads what forward was
    called with) and the launch count forged: everything then reads the first inputs."""
    src = HEAD + NO_WATCH + RELU.replace("        x = x.contiguous()\n",
                                         "        w = runner.LaunchCounter.current\n"
                                         "        runner.LaunchCounter.current = None\n"
                                         "        w.report.launches += 1\n"
                                         "        x = x.contiguous()\n")
    r = judge(src)
    assert (r.verdict, r.check) == ("fail", "correctness.outside_kernels"), r.reason


def test_torch_on_what_the_kernels_or_watched_calls_wrote_reads_sealed_bytes():
    """In the check call what kernels and watched calls write, and the second inputs themselves, are sealed
    (sandbox/sealed.py): torch work out of the watch's sight on any of them computes garbage. Three ways to get
    the second inputs' values without the watch seeing the compute: read them where the watch keeps them, copy
    the inputs through a kernel, or copy them with a watched call and compute with the watch off for that op."""
    reads_second = HEAD + NO_WATCH + RELU.replace(
        "        return y\n", "        return torch.relu(runner.LaunchCounter.current.remap(x))\n")
    through_kernel = HEAD + NO_WATCH + COPY_KERNEL + RELU.replace(
        "        return y\n", "        c = torch.empty_like(x)\n"
                              "        copy_kernel[(triton.cdiv(n, 1024),)](x, c, n, BLOCK=1024)\n"
                              "        return torch.relu(c)\n")
    watched_copy = HEAD + RELU.replace(
        "        return y\n", "        c = x.clone()\n"
                              "        with torch._C.DisableTorchFunction():\n"
                              "            return torch.relu(c)\n")
    for src in (reads_second, through_kernel, watched_copy):
        r = judge(src)
        assert (r.verdict, r.check) == ("fail", "correctness.outside_kernels"), r.reason


def test_the_limit_of_the_second_inputs_check():
    """The check's state is in the candidate's process too: a candidate that unseals the call's memory itself
    and computes with the watch off gets through. docs/judging.md states it; the static contract (no harness
    imports, no reflection) is what keeps a candidate from it."""
    unseals = HEAD + NO_WATCH + RELU.replace(
        "        return y\n", "        w = runner.LaunchCounter.current\n"
                              "        if w.sealed is not None:\n"
                              "            w.sealed.end()\n"
                              "        return torch.relu(w.remap(x))\n")
    assert judge(unseals).verdict == "pass"


def test_the_second_inputs_call_can_be_told_apart_without_its_state():
    """A second limit, with no harness import at all: a kernel copies a few input elements, and the host
    compares the copy with the input itself, outside the watch. They agree in every call but the check call,
    where the kernel read the second inputs (and its store is sealed), so the candidate computes with torch
    unwatched everywhere else and launches its kernel only there. The answer is right (torch's), so nothing
    the judge compares differs; only the contract (torch._C is a private attribute) stands in front of it.
    docs/judging.md ("Evidence and proof") states it."""
    masked_probe = PROBE_KERNEL.replace("probe_kernel(x_ptr, p_ptr, N: tl.constexpr)",
                                        "probe_kernel(x_ptr, p_ptr, n, N: tl.constexpr)").replace(
        "tl.store(p_ptr + o, tl.load(x_ptr + o))", "tl.store(p_ptr + o, tl.load(x_ptr + o, mask=o < n), mask=o < n)")
    tells_apart = HEAD + masked_probe + RELU.replace(
        "        x = x.contiguous()\n",
        "        k = min(16, x.numel())\n"
        "        p = torch.empty(16, dtype=x.dtype, device=x.device)\n"
        "        probe_kernel[(1,)](x, p, k, N=16)\n"
        "        with torch._C.DisableTorchFunction():\n"
        "            if bool(torch.equal(p[:k], x.reshape(-1)[:k])):\n"
        "                return torch.relu(x)\n"
        "        x = x.contiguous()\n")
    assert judge(tells_apart).verdict == "pass"


def test_remap_gives_the_same_view_of_the_second_inputs():
    """Slices, transposes, dtype views and containers of an input map to the same view of its twin; other
    tensors and sizes are left as they are."""
    import torch

    from kernelpilot.sandbox.watch import ForwardWatch

    buf, twin = torch.zeros(64), torch.arange(64, dtype=torch.float32)
    x = buf[8:40].view(4, 8)
    w = ForwardWatch(poison=False)
    w.shadow = {buf.untyped_storage().data_ptr(): twin}
    other = torch.ones(3)
    assert torch.equal(w.remap(x), twin[8:40].view(4, 8))
    assert torch.equal(w.remap(x.t()[1:, ::2]), twin[8:40].view(4, 8).t()[1:, ::2])
    assert torch.equal(w.remap(x.view(torch.int32)), twin[8:40].view(4, 8).view(torch.int32))
    got = w.remap({"a": [x, other], "s": x.shape, "n": 3})
    assert torch.equal(got["a"][0], twin[8:40].view(4, 8)) and got["a"][1] is other
    assert type(got["s"]) is torch.Size and got["s"] == (4, 8) and got["n"] == 3


def test_a_launch_takes_triton_wrappers_only_around_tensors():
    """A plain kernel parameter takes a tensor, a scalar, or one of Triton's wrappers around a tensor; a
    tl.constexpr around a function, or a wrapper around an object of the candidate's (whose methods the
    interpreter would call inside the launch), is refused."""
    import torch
    import triton.language as tl
    from triton.tools.tensor_descriptor import TensorDescriptor

    from kernelpilot.sandbox.watch import _kernel_argument

    x = torch.zeros(4, 4)
    assert _kernel_argument(x) and _kernel_argument(3) and _kernel_argument(tl.constexpr(4))
    assert _kernel_argument(TensorDescriptor.from_tensor(x, [2, 2]))
    assert not _kernel_argument(tl.constexpr(print))
    fake = TensorDescriptor.from_tensor(x, [2, 2])
    fake.base = object()
    assert not _kernel_argument(fake)


def test_a_float_argument_rounded_as_launched_is_a_kernel_argument():
    import numpy as np
    import triton.language as tl
    from triton.runtime import interpreter

    from kernelpilot.sandbox.watch import _kernel_argument

    rounded = tl.tensor(interpreter.TensorHandle(np.array([0.5], dtype=np.float32), tl.float32), tl.float32)
    assert _kernel_argument(rounded)
    block = tl.tensor(interpreter.TensorHandle(np.zeros(4, dtype=np.float32), tl.float32), tl.float32)
    assert not _kernel_argument(block)


def test_the_harness_reads_weights_without_running_the_modules_state_dict_hooks():
    """After a forward the harness reads the weights (no forward may change them) and only then sends the
    outputs. Read through `state_dict()`, a state-dict hook of the candidate ran there, unwatched and after the
    second-inputs check's seals were lifted, and could write the whole answer into the outputs (the hook above
    normalises what the copy kernel left). The weights are read from the modules' own tables, so the hook never
    runs and the copy is seen for what it is; the contract refuses registering such a hook at all."""
    case = Path(__file__).resolve().parents[1] / "adversarial/cases/nokernel__state_dict_hook_after_watch.py"
    r = judge(case.read_text(), task="layernorm")
    assert (r.verdict, r.stage) == ("fail", "correctness"), r.reason


def test_the_interpreter_puts_only_its_own_names_into_a_kernels_module():
    """Triton's interpreter fills a kernel's module with the globals of its own module that the module lacks; it
    put in every name the rewritten kernel's code mentions, attribute names included, so a kernel that names
    `x.inspect` in a branch that never runs brought the real `inspect` module in at its first launch. The unbound
    name rule is what refuses reading a name the file never surely binds; here it is off, and the file reads
    `inspect` after its first launch to replace the harness's timer. Only the names the interpreter's rewrite
    adds come in, so the read raises."""
    case = Path(__file__).resolve().parents[1] / "adversarial/cases/timing__clock_patched_through_injected_module.py"
    r = judge(case.read_text())
    assert (r.verdict, r.check) == ("fail", "run.exception"), r.reason
    assert "name 'inspect' is not defined" in r.reason, r.reason
