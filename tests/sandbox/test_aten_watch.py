"""The dispatcher-level watch for C++ extensions (load_inline). A KernelBench-style extension can call
at::relu, tensor operators or x.sum() in C++, which no Python-level hook sees. Built here as a CPU
extension with the local C++ compiler (about 30 s once per run); the same watch runs on a GPU for CUDA
extensions."""

import shutil

import pytest
import torch

from kernelpilot.sandbox.watch import AtenWatch, ForwardWatch

pytestmark = pytest.mark.skipif(not (shutil.which("c++") and shutil.which("ninja")), reason="needs c++ and ninja")

SRC = r"""
#include <torch/extension.h>

torch::Tensor cheat_call(torch::Tensor x) { return at::relu(x); }
torch::Tensor cheat_operator(torch::Tensor x) { return (x > 0) * x; }
torch::Tensor cheat_method(torch::Tensor x) { return x.clamp_min(0); }

torch::Tensor honest(torch::Tensor x) {
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const float* a = xc.data_ptr<float>();
    float* b = y.data_ptr<float>();
    for (int64_t i = 0; i < xc.numel(); ++i) b[i] = a[i] > 0.f ? a[i] : 0.f;
    return y;
}

torch::Tensor forgets_to_write(torch::Tensor x) { return torch::empty_like(x); }

torch::Tensor many_scalar_reads(torch::Tensor x) {
    auto y = torch::empty_like(x);
    float* b = y.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) { float v = x[i].item<float>(); b[i] = v > 0.f ? v : 0.f; }
    return y;
}
"""
FUNCS = ["cheat_call", "cheat_operator", "cheat_method", "honest", "forgets_to_write", "many_scalar_reads"]


@pytest.fixture(scope="module")
def ext(tmp_path_factory):
    from torch.utils.cpp_extension import load_inline

    return load_inline(name="kp_aten_watch_test", cpp_sources=SRC, functions=FUNCS, extra_cflags=["-O0"],
                       build_directory=str(tmp_path_factory.mktemp("ext")), verbose=False)


def watched(fn, *args, python_side=None):
    w = ForwardWatch(poison=True)
    with torch.no_grad(), w, AtenWatch(w):
        if python_side:
            args = python_side(*args)
        out = fn(*args)
    return out, w.report.ops


def compute_ops(ops):
    return sorted(n for n, c in ops.items() if c == "compute")


@pytest.mark.parametrize("name,expected", [("cheat_call", "aten.relu"), ("cheat_operator", "aten.mul"),
                                           ("cheat_method", "aten.clamp_min")])
def test_torch_compute_inside_cpp_is_seen(ext, name, expected):
    _, ops = watched(getattr(ext, name), torch.randn(300))
    assert expected in compute_ops(ops), ops


def test_honest_extension_shows_only_allocation(ext):
    x = torch.randn(300)
    out, ops = watched(ext.honest, x)
    assert compute_ops(ops) == [] and ops.get("aten.empty_like") == "alloc", ops
    assert torch.equal(out, torch.relu(x))


def test_python_side_ops_are_not_counted_twice(ext):
    # .contiguous().float() in Python issue aten ops of their own; they belong to the Python-level watch
    _, ops = watched(ext.honest, torch.randn(20, 15).t(), python_side=lambda x: (x.contiguous().float(),))
    assert not [n for n in ops if n.startswith("aten.") and n != "aten.empty_like"], ops


def test_uninitialised_cpp_allocation_is_poisoned(ext):
    out, _ = watched(ext.forgets_to_write, torch.randn(300))
    assert torch.isnan(out).all()


def test_element_by_element_host_reads_in_cpp_are_host_compute(ext):
    _, ops = watched(ext.many_scalar_reads, torch.randn(300))
    assert any(c == "host" for c in ops.values()), ops
