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
