import pytest

from kernelpilot.sandbox.checks import detect_backend, parse, run_static_checks

HEADER = "import torch\nimport torch.nn as nn\nimport triton\nimport triton.language as tl\n"
KERNEL = "@triton.jit\ndef k(x):\n    pass\n"


def cand(body: str, forward: str = "return x") -> str:
    return f"{HEADER}{KERNEL}{body}\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        {forward}\n"


@pytest.mark.parametrize("src,check", [
    (cand("", "try:\n            return x\n        except Exception:\n            return x"), "static.try_except"),
    (cand("import os"), "static.imports"),
    (cand("from importlib import import_module"), "static.imports"),
    (cand("", "return getattr(torch, 'softmax')(x, -1)"), "static.forbidden_call"),
    (cand("torch.allclose = lambda *a, **k: True"), "static.patching"),
    (cand("", "s = torch.cuda.Stream()\n        return x"), "static.streams"),
    (cand("", "return x.cuda(non_blocking=True)"), "static.streams"),
    (cand("", "return Model()(x)"), "static.reference_reuse"),
    (cand("class Lazy(torch.Tensor):\n    pass"), "static.tensor_tricks"),
    (cand("", "return torch._C._nn.gelu(x)"), "static.private_access"),
    (cand("", "return x.__class__.__subclasses__()"), "static.private_access"),
    (HEADER + "class ModelNew(nn.Module):\n    def forward(self, x):\n        return torch.relu(x)\n", "static.no_kernel"),
    (HEADER + KERNEL, "static.modelnew"),
    (cand("") + "\nclass ModelNew(nn.Module):\n    pass\n", "static.modelnew"),
    ("def f(:\n", "static.syntax"),
    (cand("", "g = (i for i in [0])\n        return g.gi_frame.f_back"), "static.introspection"),
    (cand("import cupy", "return torch.as_tensor(cupy.exp(cupy.asarray(x)))"), "static.cupy_library"),
    (cand("import cupy as cp", "return cp.matmul(x, x)"), "static.cupy_library"),
    ("x = 1\x00", "static.syntax"),
])
def test_static_rejects(src, check):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == check, bad
    assert bad.reason


def test_clean_candidate_passes_static():
    assert run_static_checks(cand("", "y = torch.empty_like(x)\n        return y")) is None


def test_backend_detection():
    assert detect_backend(parse(cand(""))) == "triton"
    cuda = HEADER + 'SRC = r"""extern "C" __global__ void k(float* x) {}"""\n'
    assert detect_backend(parse(cuda)) == "cuda"
    assert detect_backend(parse("from torch.utils.cpp_extension import load_inline\n")) == "cuda_ext"


# -- load_inline extensions: their C++ text is read too ----------------------------------------------------
EXT_HEAD = "import torch\nimport torch.nn as nn\nfrom torch.utils.cpp_extension import load_inline\n"
EXT_TAIL = "\n\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        return ext.f(x)\n"
EXT_KERNEL = '__global__ void k(float* y) { y[threadIdx.x] = 0.f; }\\ntorch::Tensor f(torch::Tensor x);'


def ext_candidate(call: str, extra: str = "") -> str:
    return EXT_HEAD + extra + "\n" + call + EXT_TAIL


def test_honest_load_inline_example_passes_static_checks():
    from pathlib import Path

    src = (Path(__file__).resolve().parents[2] / "tasks/examples/solutions/level1_relu_cuda_ext.py").read_text()
    assert run_static_checks(src) is None and detect_backend(parse(src)) == "cuda_ext"
    consts = ext_candidate('ext = load_inline("e", CPP, [CU_A, CU_B], functions=["f"], extra_cuda_cflags=FLAGS)',
                           f'CPP = "torch::Tensor f(torch::Tensor x);"\nCU_A = "{EXT_KERNEL}"\nCU_B = "// more"\nFLAGS = ["-O3"]\n')
    assert run_static_checks(consts) is None


@pytest.mark.parametrize("call,extra,why", [
    ('ext = load_inline("e", "", "#include <cublas_v2.h>\\n" + "x", functions=["f"])', "", "literal"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "#include <cublas_v2.h>\\n"', "cublas"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "void* h = dlopen(\\"libcublas.so\\", 1);"', "dlopen"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "#define CALL(a, b) a##b"', "token pasting"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "auto t = py::module_::import(\\"torch\\");"', "imports"),
    ('ext = load_inline("e", "", "x", functions=["f"], extra_ldflags=["-lcudnn"])', "", "cudnn"),
    ('ext = load_inline("e", "", "x", functions=["f"], extra_ldflags=FLAGS + ["-O2"])', 'FLAGS = ["-O3"]', "literal"),
    ('ext = load_inline(**ARGS)', 'ARGS = dict(name="e", cpp_sources="", cuda_sources="")', "kwargs"),
    ('li = load_inline\next = li("e", "", "x", functions=["f"])', "", "called directly"),
    ('from torch.utils.cpp_extension import load\next = load("e", ["k.cu"])', "", "only load_inline"),
    ('import torch.utils.cpp_extension as ce\next = ce.load("e", ["k.cu"])', "", "not allowed"),
])
def test_load_inline_extensions_that_hide_or_outsource_the_work_are_rejected(call, extra, why):
    bad = run_static_checks(ext_candidate(call, extra))
    assert bad is not None and bad.check == "static.cuda_extension" and why in bad.reason, bad
