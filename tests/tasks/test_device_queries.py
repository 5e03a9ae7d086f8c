"""A tensor's own device queries in a candidate's process on a CPU (tasks/devices.py, CudaMeansHost with
gpu_tensors): where the candidate's code asks, a host tensor answers as the tensor on cuda:0 it stands for
(`is_cuda`, `is_cpu`, `device`, `get_device()`, `type()`), and so does Triton's driver
(`get_active_torch_device()`), while every device so named still means the host where it is used and the
harness's own code sees where tensors really are.

This test file is not the harness's code, so in it the queries answer as the candidate's would. Code the
harness runs is stood in for by functions compiled under a file name in the harness's folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import torch
from torch.overrides import TorchFunctionMode

import kernelpilot.sandbox
from kernelpilot.sandbox.watch import ForwardWatch
from kernelpilot.tasks.devices import GPU_DEVICE, CudaMeansHost, _device_query

CUDA0 = torch.device("cuda", 0)


def real(t: torch.Tensor) -> str:
    """Where a tensor really is, asked with every mode off."""
    with torch._C.DisableTorchFunction():
        return str(t.device)


def harness_function(src: str, name: str):
    """A function whose code is classed as the harness's (its file is in kernelpilot's sandbox folder)."""
    path = os.path.join(os.path.dirname(kernelpilot.sandbox.__file__), "_device_query_probe.py")
    ns: dict = {"torch": torch}
    exec(compile(src, path, "exec"), ns)
    return ns[name]


# -- how the queries reach a TorchFunctionMode (torch 2.13) ------------------------------------------------

def test_property_getters_arrive_as_their_descriptors_get():
    """`x.is_cuda`, `x.is_cpu` and `x.device` come to __torch_function__ as the `__get__` of the getter's
    descriptor (a new method-wrapper each time, so identity with a stored one never holds); get_device and
    type as the methods themselves."""
    seen = []

    class Record(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            seen.append(func)
            return func(*args, **(kwargs or {}))

    x = torch.randn(3)
    with Record():
        x.is_cuda, x.is_cpu, x.device, x.get_device(), x.type(), x.is_meta  # noqa: B018
    assert [getattr(f, "__name__", None) for f in seen] == ["__get__", "__get__", "__get__", "get_device", "type",
                                                            "__get__"]
    assert seen[0].__self__ is torch._C.TensorBase.__dict__["is_cuda"]
    assert [_device_query(f) for f in seen] == ["is_cuda", "is_cpu", "device", "get_device", "type", None]
    for other in (torch.empty, torch.Tensor.add, torch.Tensor.to, torch.Tensor.is_meta.__get__, len):
        assert _device_query(other) is None


# -- what the candidate's code is told ---------------------------------------------------------------------

def test_a_host_tensor_answers_as_one_on_cuda0():
    x = torch.randn(4, 3)
    with CudaMeansHost(gpu_tensors=True):
        assert x.is_cuda is True and x.is_cpu is False
        assert x.device == CUDA0 == GPU_DEVICE and x.device.type == "cuda" and x.device.index == 0
        assert str(x.device) == "cuda:0" and x.get_device() == 0
        assert x.type() == "torch.cuda.FloatTensor" and x.half().type() == "torch.cuda.HalfTensor"
        y = torch.randn(2, device="cuda")
        assert x.device == y.device and x.t().device == x.device
        p = torch.nn.Parameter(torch.ones(2, device="cuda"))
        assert p.is_cuda and p.device == CUDA0
        # torch's printing asks the device for the candidate too
        assert "device='cuda:0'" in repr(x) and "device='cuda:0'" in str(p) and f"{x}" == str(x)
        assert f"{x[0, 0]:.2f}" == f"{float(x[0, 0]):.2f}"
        # CUDA memory is always shareable between processes, and torch refuses to view it as a NumPy array
        assert x.is_shared() is True and p.is_shared() is True and torch.zeros(2).is_shared() is False
        with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
            x.numpy()
        assert torch.zeros(2).numpy().tolist() == [0.0, 0.0]  # a host tensor is the host's on a GPU machine too
    assert x.is_cuda is False and x.device == torch.device("cpu") and x.get_device() == -1  # the mode left
    assert x.is_shared() is False and x.numpy().shape == (4, 3)


def test_what_is_the_hosts_on_the_gpu_too_says_so():
    """A GPU machine has a host too: what the candidate makes with no device, moves to the host, or computes
    and views from those alone is a CPU tensor there, and answers so here. `torch.zeros(1).is_cuda` answering
    True only on the CPU judge was a gate a candidate could pick its kernel with."""
    x = torch.randn(4)
    with CudaMeansHost(gpu_tensors=True):
        made = torch.zeros(3)
        host = [made, torch.arange(3), torch.tensor([1.0]), torch.empty(2, device="cpu"), x.cpu(), x.to("cpu"),
                x.to(device="cpu", dtype=torch.float16), x.type("torch.FloatTensor"), made.float(), made[1:],
                made.view(3, 1), made * 2, torch.empty_like(made), made.new_empty(2), torch.nn.Parameter(made),
                torch.nn.Linear(2, 2).weight, torch.zeros(2).chunk(2)[1]]
        assert [t.is_cuda for t in host] == [False] * len(host)
        assert {t.device.type for t in host} == {"cpu"} and {t.get_device() for t in host} == {-1}
        assert host[0].type() == "torch.FloatTensor" and "device=" not in repr(host[0])
        assert x.cpu() is not x and made.cpu() is made  # the GPU's copies to the host; a host tensor stays
        gpu = [made.cuda(), made.to("cuda"), made.to(x.device), torch.empty_like(made, device="cuda"),
               torch.tensor(2.0) * x, torch.zeros(2, device=x.device), torch.nn.Linear(2, 2).cuda().weight]
        assert [t.is_cuda for t in gpu] == [True] * len(gpu)
        assert made.cuda() is not made and not made.is_cuda  # a copy to the GPU; the host tensor stays
        assert [real(t) for t in gpu] == ["cpu"] * len(gpu)


def test_the_harness_moving_a_module_moves_its_host_tensors_to_the_gpu():
    """The runner's `model.to(device)` is the harness's own call: on a CPU it names the host, and it stands
    for the move to the GPU, where a module's parameters made with no device end up. The parameter keeps its
    object and lands at a new address a GPU allocation could have."""
    move = harness_function("def move(m):\n    return m.to(torch.device('cpu'))\n", "move")
    with CudaMeansHost(gpu_tensors=True):
        layer = torch.nn.Linear(3, 3)
        weight = layer.weight
        assert not weight.is_cuda
        moved = move(layer)
        assert moved.weight is weight and weight.is_cuda and moved.bias.is_cuda
        assert weight.data_ptr() % 512 == 0


def test_what_the_candidate_allocates_outside_forward_is_aligned_as_on_a_gpu():
    """Every allocation of CUDA's caching allocator is 512-byte aligned, a CPU's only 64: at import or in
    `__init__`, where no op watch places allocations, `torch.empty(1, device="cuda").data_ptr() % 512`
    told the judge from the GPU."""
    x = torch.randn(5)
    with CudaMeansHost(gpu_tensors=True):
        for n in (1, 3, 7, 100, 1000, 5000):
            assert torch.empty(n, device="cuda").data_ptr() % 512 == 0
            assert torch.zeros(n, 2, device=x.device).t().contiguous().data_ptr() % 512 == 0
            assert (x[:1] * n).data_ptr() % 512 == 0
        values, indices = torch.sort(x)
        assert values.data_ptr() % 512 == indices.data_ptr() % 512 == 0
        assert torch.equal(values, torch.sort(x.clone()).values)
        view = x[1:]
        assert view.data_ptr() == x.data_ptr() + 4  # a view stays where its tensor is


def test_every_device_it_names_means_the_host():
    x = torch.randn(5)
    with CudaMeansHost(gpu_tensors=True):
        made = [torch.empty(3, device=x.device), torch.empty(3, device=str(x.device)),
                torch.empty(3, device=x.device.type), torch.empty(3, device=x.get_device()),
                torch.zeros(3, device=torch.device("cuda", x.device.index)), torch.zeros_like(x, device=x.device),
                torch.empty_like(x, device=x.device), torch.full((2,), 1.0, device=x.device),
                torch.arange(4, device=x.device), torch.tensor([1.0], device=x.device), x.new_empty(3),
                x.new_zeros(3, device=x.device), x.to(x.device), x.to(device=x.device, dtype=torch.float16),
                x.to(0), x.to(x.get_device()), x.cuda(), x.cuda(x.device), x.type(x.type()),
                x.type("torch.cuda.HalfTensor"), x.type(torch.cuda.DoubleTensor)]
        with torch.device(x.device):
            made.append(torch.ones(2))
        assert x.to(x.device) is x  # already where it is asked to be, as on the GPU
        assert all(t.is_cuda and t.device == x.device for t in made)
        assert torch.equal(torch.zeros_like(x, device=x.device), torch.zeros(5))
    assert {real(t) for t in made} == {"cpu"}
    assert [t.dtype for t in made[-4:-1]] == [torch.float32, torch.float16, torch.float64]


def test_a_meta_tensor_is_left_as_it_is():
    with CudaMeansHost(gpu_tensors=True):
        m = torch.empty(2, 3, device="meta")
        assert m.device.type == "meta" and not m.is_cuda and not m.is_cpu and m.get_device() == -1
        assert torch.empty(4, device=m.device).device.type == "meta"


def test_without_a_gpu_to_stand_for_the_queries_are_the_truth():
    """The judge's own process runs a task's reference under the plain mode (host_for_cuda_where_none): its
    `device="cuda"` means the host, and its tensors say where they are."""
    x = torch.randn(2)
    with CudaMeansHost():
        assert not x.is_cuda and x.is_cpu and x.device.type == "cpu" and x.get_device() == -1
        assert x.type() == "torch.FloatTensor"
        assert real(torch.empty(2, device=0)) == "cpu"  # a bare index is CUDA's: the host too


# -- what the harness's own code sees ----------------------------------------------------------------------

def test_the_harness_code_sees_the_host():
    """The runner checks the device of each output after forward (sandbox/runner.py _validate_outputs); like
    every other read of the harness's own it must see the host, also when the candidate called it (a launch
    wrapper), while a candidate function the harness calls back is told cuda:0."""
    ask = harness_function("def ask(t):\n    return (t.device, t.is_cuda, t.is_cpu, t.get_device(), t.type())\n",
                           "ask")
    call_back = harness_function("def call_back(f):\n    return f()\n", "call_back")
    x = torch.randn(3)
    truth = (torch.device("cpu"), False, True, -1, "torch.FloatTensor")
    with CudaMeansHost(gpu_tensors=True):
        assert ask(x) == truth
        assert (lambda: ask(x))() == truth
        assert call_back(lambda: x.device) == CUDA0
        assert call_back(lambda: ask(x)) == truth


def test_the_candidates_file_is_the_candidates_wherever_it_lies(monkeypatch):
    """Code of the module the runner loads as `candidate` is the candidate's even in a folder of libraries,
    whose other code asks for its caller (here the harness's)."""
    import sysconfig
    import types

    folder = sysconfig.get_paths()["purelib"]
    module = types.ModuleType("candidate")
    module.__file__ = os.path.join(folder, "candidate.py")
    monkeypatch.setitem(sys.modules, "candidate", module)
    ns: dict = {}
    exec(compile("def ask(t):\n    return t.is_cuda\n", module.__file__, "exec"), ns)
    exec(compile("def library_ask(t):\n    return t.is_cuda\n", os.path.join(folder, "a_library.py"), "exec"), ns)
    call = harness_function("def call(f, t):\n    return f(t)\n", "call")
    x = torch.randn(2)
    with CudaMeansHost(gpu_tensors=True):
        assert call(ns["ask"], x) is True
        assert call(ns["library_ask"], x) is False


def test_the_op_watch_passes_the_candidates_question_on():
    """During forward the op watch (sandbox/watch.py) sits above this mode and forwards each torch call from
    its own handler: a query the candidate made is still the candidate's, one the harness makes is its own,
    and the watch's poisoned allocation on the device it is told of lands on the host."""
    ask = harness_function("def ask(t):\n    return t.device\n", "ask")
    x = torch.randn(6)
    with CudaMeansHost(gpu_tensors=True):
        with ForwardWatch(poison=True) as watch:
            assert x.is_cuda and x.device == CUDA0 and x.get_device() == 0 and not x.is_cpu
            y = torch.empty(6, device=x.device)
            assert y.is_cuda
            assert ask(x) == ask(y) == torch.device("cpu")
    assert real(y) == "cpu" and watch.allocs and real(watch.allocs[0].buffer) == "cpu"
    assert watch.report.ops.get("empty") == "alloc"


# -- a candidate's process ---------------------------------------------------------------------------------

_PROBE = r'''
import json, sys
import torch
import triton
import triton.language as tl

from kernelpilot.tasks.devices import cuda_means_host_in_this_process

mode = sys.argv[1]
if mode == "target-compile":
    from kernelpilot.sandbox import target
    target.install("sm_90")
found = {"installed": cuda_means_host_in_this_process("sm_90")}


def on_host(t):
    with torch._C.DisableTorchFunction():
        return t.device.type


DEVICE = triton.runtime.driver.active.get_active_torch_device()
x = torch.arange(10, dtype=torch.float32, device="cuda")
found["host_made"] = [torch.arange(3).is_cuda, str(torch.zeros(1).device), torch.__version__.endswith("+cpu")]
found["driver_device"] = str(DEVICE)
found["queries"] = [x.is_cuda, x.is_cpu, str(x.device), x.get_device(), x.device.index, x.device == DEVICE]
found["on_driver_device"] = on_host(torch.empty(2, device=DEVICE))
with torch.cuda.device(x.device), torch.cuda.device_of(x):
    found["current"] = torch.cuda.current_device()
    found["properties"] = torch.cuda.get_device_properties(x.device).multi_processor_count
# glue whose values CUDA computes otherwise: an fp32 arange in float, rand with curand's grain
ar = torch.arange(0, 102.4, 0.1, dtype=torch.float32, device=x.device)
drawn = torch.rand(4096, device=x.device)
with torch._C.DisableTorchFunction():
    want = torch.tensor(0.1, dtype=torch.float32) * torch.arange(1024).float()
    grain = drawn * 2 ** 24
    found["values_as_cuda"] = [bool(torch.equal(ar, want)), int((grain != grain.round()).sum()) > 0,
                               bool(torch.equal(torch.arange(0, 102.4, 0.1, dtype=torch.float32), want))]
# what a file can print of the stand-ins (str, repr, f-strings): what a GPU machine prints
import re
found["reprs"] = [re.sub(r"0x[0-9a-f]+", "0x", str(v)) for v in (
    torch.cuda.device_of(x), torch.cuda.device(0), torch.cuda.is_available, torch.cuda.get_device_properties,
    torch.cuda.device_count, torch.cuda.current_device, torch.cuda.is_bf16_supported, torch.cuda.nvtx.range_push,
    torch.cuda.current_stream(), torch.cuda.Event(), torch.cuda.device_of, torch.cuda.Stream)]

if mode == "interpreter":
    @triton.jit
    def add_one(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        mask = offs < n
        tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)

    y = torch.empty(x.shape, dtype=x.dtype, device=x.device)
    with torch.cuda.device(x.device):
        add_one[(triton.cdiv(10, 4),)](x, y, 10, BLOCK=4)
    found["launched"] = [y.tolist() == (x + 1).tolist(), on_host(y), y.is_cuda]

    # the runner's check of forward's outputs, after forward (sandbox/runner.py)
    from kernelpilot.sandbox.runner import CandidateRunner
    runner = object.__new__(CandidateRunner)
    runner.device, runner.buffers, runner.returned = torch.device("cpu"), [], {}
    outs, err = runner._validate_outputs(y)
    found["validated"] = [err, len(outs or [])]
    outs, err = runner._validate_outputs(torch.empty(3, device="meta"))
    found["meta_output"] = err and err["check"]
print(json.dumps(found))
'''


def probe(tmp_path, mode: str) -> dict:
    script = tmp_path / "probe.py"
    script.write_text(_PROBE)
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    if mode == "interpreter":
        env["TRITON_INTERPRET"] = "1"
    p = subprocess.run([sys.executable, str(script), mode], env=env, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_in_a_candidates_process_tensors_and_the_driver_say_cuda0_and_launches_work(tmp_path):
    got = probe(tmp_path, "interpreter")
    assert got["installed"] is True
    assert got["driver_device"] == "cuda:0" and got["on_driver_device"] == "cpu"
    assert got["queries"] == [True, False, "cuda:0", 0, 0, True]
    assert got["host_made"] == [False, "cpu", False]  # made with no device: the host's on the GPU too
    assert got["current"] == 0 and got["properties"] == 132
    assert got["values_as_cuda"] == [True, True, False]  # made with no device: the host's values, as on a GPU
    assert got["reprs"] == [
        "<torch.cuda.device_of object at 0x>", "<torch.cuda.device object at 0x>", "<function is_available at 0x>",
        "<function get_device_properties at 0x>", "<function device_count at 0x>",
        "<function current_device at 0x>", "<function is_bf16_supported at 0x>", "<function range_push at 0x>",
        "<torch.cuda.Stream device=cuda:0 cuda_stream=0x>", "<torch.cuda.Event uninitialized>",
        "<class 'torch.cuda.device_of'>", "<class 'torch.cuda.streams.Stream'>"]
    assert got["launched"] == [True, "cpu", True]  # the interpreter launched on host tensors that say cuda:0
    assert got["validated"] == [None, 1]  # the runner sees its output on the host, as it is
    assert got["meta_output"] == "correctness.output_device"


def test_the_target_compile_process_names_cuda0_too(tmp_path):
    """Where the kernels are compiled for the GPU (sandbox/target.py), Triton's stand-in driver is the active
    one: it names cuda:0 as well, so a specialisation chosen from the device is the one the GPU builds."""
    got = probe(tmp_path, "target-compile")
    assert got["driver_device"] == "cuda:0" and got["on_driver_device"] == "cpu"
    assert got["queries"] == [True, False, "cuda:0", 0, 0, True]


# -- through the judge -------------------------------------------------------------------------------------

_HONEST = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl

DEVICE = triton.runtime.driver.active.get_active_torch_device()


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        assert x.is_cuda and not x.is_cpu and x.get_device() == torch.cuda.current_device() == x.device.index
        assert x.device == DEVICE and str(x.device) == "cuda:0" and x.device.type == "cuda"
        x = x.contiguous()
        y = torch.empty(x.shape, dtype=x.dtype, device=x.device)
        with torch.cuda.device(x.device):
            softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0),
                                          BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
'''


@pytest.mark.slow
def test_a_candidate_that_checks_its_device_passes(cpu_cfg):
    from kernelpilot.sandbox.evaluate import evaluate

    r = evaluate("softmax", _HONEST, cpu_cfg.model_copy(update={"timing": False}))
    assert r.verdict == "pass", r.reason
