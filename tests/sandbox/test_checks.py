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
    (cand("import cupy", "a = cupy.asarray(x)\n        return torch.as_tensor(a.dot(a))"), "static.cupy_library"),
    (cand("import cupy", "a = cupy.asarray(x)\n        return torch.as_tensor(a @ a)"), "static.cupy_library"),
    (cand("import cupy", "cupy.asarray(x)[...] = cupy.asarray(x.t())\n        return x"), "static.cupy_library"),
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


# -- the allow-list: forbidden things are caught under any name ---------------------------------------------------
JIT_HEAD = HEADER + "@triton.jit\ndef k2(x_ptr, n, BLOCK: tl.constexpr):\n    offs = tl.arange(0, BLOCK)\n"


@pytest.mark.parametrize("src,check,why", [
    # a module bound to another name still reaches only what the contract allows
    (cand("T = torch", "return T.ops.aten.softmax.int(x, -1)"), "static.forbidden_api", "torch.ops"),
    (cand("T, U = torch, triton", "T.save(x, 'f')\n        return x"), "static.forbidden_api", "torch.save"),
    (cand("", "nn2 = torch.nn\n        return nn2.modules.module.sys"), "static.forbidden_api", "torch.nn.modules"),
    (cand("def helper(t=torch):\n    return t.jit"), "static.forbidden_api", "torch.jit"),
    (cand("from torch import ops as o", "return o.aten.relu(x)"), "static.forbidden_api", "torch.ops"),
    (cand("import triton.runtime as rt", "return rt.jit.JITFunction"), "static.forbidden_api", "triton.runtime.jit"),
    (cand("import numpy as np", "return torch.from_numpy(np.asarray(x))"), "static.forbidden_api", "torch.from_numpy"),
    (cand("import operator", "return operator.attrgetter('softmax')(torch)(x, -1)"), "static.forbidden_api", "attrgetter"),
    # reflective builtins in any form
    (cand("f = __import__"), "static.forbidden_call", "__import__"),
    (cand("g = getattr"), "static.forbidden_call", "getattr"),
    (cand("", "return list(map(vars, [x]))"), "static.forbidden_call", "vars"),
    (cand("def f(h=eval):\n    return h"), "static.forbidden_call", "eval"),
    (cand("t = type"), "static.forbidden_call", "called directly"),
    (cand("X = type('X', (object,), {})"), "static.forbidden_call", "more than one argument"),
    # dunders and privates
    (cand("", "return x.__dict__"), "static.private_access", "__dict__"),
    (cand("", "return x._base"), "static.private_access", "_base"),
    (cand("class C:\n    def __index__(self):\n        return 0"), "static.tensor_tricks", "__index__"),
    (cand("class C:\n    def __getattr__(self, n):\n        return 0"), "static.tensor_tricks", "__getattr__"),
    (cand("D = {'__array_interface__': {}}"), "static.private_access", "__array_interface__"),
    # modules as values
    (cand("def use(m):\n    return m", "return use(torch).softmax(x, -1)"), "static.module_value", "torch"),
    (cand("MODS = [torch]"), "static.module_value", "torch"),
    (cand("class C:\n    lib = torch", "return C.lib.ops.aten.relu(x)"), "static.module_value", "torch"),
    (cand("class C:\n    import torch as lib", "return C.lib.ops.aten.relu(x)"), "static.imports", "class body"),
    (cand("", "match torch:\n            case lib:\n                return lib.ops.aten.relu(x)"), "static.module_value", "torch"),
    (cand("", "m = torch if x is not None else triton\n        return x"), "static.module_value", "torch"),
    (cand("class C:\n    def __init__(self):\n        self.m = torch"), "static.module_value", "torch"),
    # classes
    (cand("class M(torch.overrides.TorchFunctionMode):\n    pass"), "static.forbidden_api", "torch.overrides"),
    (cand("class W(torch.Tensor):\n    pass"), "static.tensor_tricks", "torch.Tensor"),
    (cand("class W(nn.Module, metaclass=type):\n    pass"), "static.forbidden_call", "type"),
    # jit bodies
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, torch.relu(v))\n" + cand(""), "static.jit_body", "torch"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    h = v.handle\n" + cand(""), "static.jit_body", ".handle"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, math.exp(v))\n" + cand("import math"),
     "static.jit_body", "math.exp"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, helper(v))\n" + cand("def helper(v):\n    return v"),
     "static.jit_body", "helper"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    f = lambda a: a\n" + cand(""), "static.jit_body", "Lambda"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, v.numpy())\n" + cand(""), "static.jit_body", "numpy"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, BOX.sum(v))\n" + cand("class Box:\n    def sum(self, v):\n"
     "        return v\nBOX = Box()"), "static.jit_body", "reads `BOX`"),
    (HEADER + "def body(x_ptr):\n    pass\nk2 = triton.jit(body)\n" + cand(""), "static.jit_body", "may only decorate"),
    (cand("def hook(*a, **k):\n    pass\nk.add_pre_run_hook(hook)"), "static.jit_body", "JIT's internals"),
    (JIT_HEAD + "    v = tl.load(x_ptr + offs)\n    tl.store(x_ptr + offs, tl.associative_scan(v, 0, combine))\n"
     + cand("def combine(a, b):\n    return a + b"), "static.jit_body", "reads `combine`"),
    (cand("", "return type(x)(1000)"), "static.forbidden_call", "legacy constructor"),
    (cand("from triton.runtime import driver", "driver.active.utils.load_binary('k', b'', 0, 0)\n        return x"),
     "static.forbidden_api", "load_binary"),
    (cand("from triton.runtime import driver\ndef use(d):\n    return d", "use(driver.active)\n        return x"),
     "static.module_value", "triton.runtime.driver.active"),
    (cand("import triton.runtime.jit as j"), "static.imports", "triton.runtime.jit"),
    (cand("", "T = type(x)\n        return T(1000)"), "static.forbidden_call", "legacy constructor"),
    (cand("", "type(x).sum = lambda *a: 0\n        return x"), "static.patching", "patches a library"),
    (cand("", "return type(x)._make_subclass"), "static.private_access", "_make_subclass"),
    (HEADER + "class Box:\n    pass\nBOX = Box()\n@triton.jit\ndef k2(x_ptr, F=BOX):\n    pass\n" + cand(""),
     "static.jit_body", "not a constant"),
    # constexpr arguments
    (HEADER + "@triton.jit\ndef k3(x_ptr, ACT: tl.constexpr):\n    pass\n" + cand("", "k3[(1,)](x, ACT=lambda v: v)\n        return x"),
     "static.constexpr", "a function"),
    (HEADER + "@triton.jit\ndef k3(x_ptr, ACT: tl.constexpr):\n    pass\n" + cand("", "k3[(1,)](x, torch.empty(3))\n        return x"),
     "static.constexpr", "tensor"),
    (HEADER + "@triton.jit\ndef k3(x_ptr, ACT: tl.constexpr):\n    pass\n" + cand("", "k3[(1,)](x, ACT=tl.exp)\n        return x"),
     "static.constexpr", "triton.language.exp"),
    # try/except: only the module-level optional import
    (HEADER + "try:\n    from triton.language.extra import libdevice\nexcept Exception:\n    libdevice = None\n" + cand(""),
     "static.try_except", ""),
    (cand("", "y = x\n        return y.backward()"), "static.forbidden_api", "backward"),
])
def test_allow_list_rejects(src, check, why):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == check and why in bad.reason, bad


@pytest.mark.parametrize("src", [
    cand("import operator\nimport functools", "n = functools.reduce(operator.mul, x.shape, 1)\n        return x.view(n)"),
    cand("", "with torch.no_grad():\n            y = torch.empty_like(x.ravel())\n        return y"),
    cand("", "with torch.inference_mode():\n            return torch.broadcast_to(x, x.shape).expand(*x.shape)"),
    cand("class F(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(x)\n"
         "        return x\n\n    @staticmethod\n    def backward(ctx, g):\n        (x,) = ctx.saved_tensors\n        return g",
         "return F.apply(x)"),
    HEADER + "try:\n    from triton.language.extra import libdevice\nexcept ImportError:\n"
    "    from triton.language.extra.cuda import libdevice\n"
    "@triton.jit\ndef g(x_ptr, n, BLOCK: tl.constexpr):\n    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)\n"
    "    v = tl.load(x_ptr + offs, mask=offs < n).to(tl.float32)\n    tl.store(x_ptr + offs, libdevice.tanh(v) + _sq(v), mask=offs < n)\n"
    "@triton.jit\ndef _sq(v):\n    return v * v\n" + cand(""),
    "from dataclasses import dataclass\n" + cand("@dataclass(frozen=True)\nclass Cfg:\n    block: int = 128\n    warps: int = 4",
                                                 "c = Cfg()\n        return x.reshape(-1, 1).flatten().contiguous().to(torch.float32)"),
    HEADER + "@triton.autotune(configs=[triton.Config({'BLOCK': 64}, num_warps=2)], key=['n'])\n"
    "@triton.heuristics({'EVEN': lambda args: args['n'] % args['BLOCK'] == 0})\n"
    "@triton.jit\ndef g(x_ptr, n, BLOCK: tl.constexpr, EVEN: tl.constexpr):\n    pass\n" + cand("", "g[(1,)](x, x.numel())\n        return x"),
    "from __future__ import annotations\nimport math\n" + cand("", "s = 1.0 / math.sqrt(x.shape[-1])\n        return x"),
    cand("", "super(ModelNew, self).__init__()\n        return x"),
    # Liger-Kernel's wrappers: the input's device as a context, the autocast decorators
    cand("class F(torch.autograd.Function):\n    @staticmethod\n    @torch.amp.custom_fwd(device_type='cuda')\n"
         "    def forward(ctx, x):\n        return x",
         "with torch.cuda.device(x.device):\n            return F.apply(x)"),
    # the device lookups of Triton's tutorials
    cand("from triton.runtime import driver\nDEVICE = triton.runtime.driver.active.get_active_torch_device()",
         "props = driver.active.utils.get_device_properties(DEVICE.index)\n        return x"),
    # globals a jit body may read: tl.constexpr constants, plain numbers, dtypes, other jit functions
    HEADER + "import math\nLOG2E = tl.constexpr(1.0 / math.log(2.0))\nSCALE = 0.5 * 3\nDT = tl.float32\n"
    "@triton.jit\ndef k2(x_ptr, BLOCK: tl.constexpr):\n    offs = tl.arange(0, BLOCK)\n"
    "    v = tl.load(x_ptr + offs).to(DT)\n    tl.store(x_ptr + offs, tl.exp2(v * LOG2E) * SCALE)\n" + cand(""),
])
def test_allow_list_accepts_idiomatic_code(src):
    assert run_static_checks(src) is None


def test_alias_chains_are_followed_to_the_end():
    """An alias chain written backwards takes one resolution pass per link: followed to torch when it is
    long, refused when it would not settle, never left half-resolved."""
    def chain(n):
        links = "".join(f"A{i} = A{i + 1}\n" for i in range(n))
        return cand(links + f"A{n} = torch", "return A0.ops.aten.relu(x)")

    bad = run_static_checks(chain(20))
    assert bad is not None and bad.check == "static.forbidden_api" and "torch.ops" in bad.reason, bad
    bad = run_static_checks(chain(60))
    assert bad is not None and bad.check == "static.forbidden_api" and "deep" in bad.reason, bad
    assert run_static_checks(cand("A = torch\nfor _ in range(3):\n    A = A", "return A.empty(1)")) is None


def test_constexpr_checked_at_launch_too():
    """The launch wrapper refuses a non-scalar constexpr in the candidate's process as well."""
    import triton
    import triton.language as tl
    import torch

    from kernelpilot.sandbox.watch import check_constexpr_launch

    @triton.jit
    def kern(x_ptr, ACT: tl.constexpr):
        pass

    class Exec:  # the shape of the interpreter's GridExecutor
        def __init__(self):
            self.fn = kern.fn if hasattr(kern, "fn") else kern
            self.constexprs = ["ACT"]

    check_constexpr_launch(Exec(), (torch.zeros(1), 4), {})
    check_constexpr_launch(Exec(), (torch.zeros(1),), {"ACT": tl.float32})
    for bad in (lambda v: v, torch.zeros(2), [1, 2], (1, print)):
        with pytest.raises(TypeError, match="constexpr"):
            check_constexpr_launch(Exec(), (torch.zeros(1), bad), {})
    # a plain parameter takes tensors and scalars, not objects (they would reach the interpreted body as is)
    for bad in (lambda v: v, {"y": 1}, object()):
        with pytest.raises(TypeError, match="kernel argument `x_ptr`"):
            check_constexpr_launch(Exec(), (bad, 4), {})
    check_constexpr_launch(Exec(), (3.5, 4), {})


def test_launch_wrapper_on_the_compiled_path():
    """On a GPU launches go through JITFunction.run(*args, grid=..., warmup=..., **kwargs): the grid function
    is called before the launch (under the op watch) and the constexpr/argument checks read the kernel's
    params. Checked here on a JITFunction built directly, since this process may run Triton interpreted."""
    import torch
    import triton.language as tl
    from triton.runtime.jit import JITFunction

    from kernelpilot.sandbox.watch import check_constexpr_launch, host_code_first

    def kern(x_ptr, n, BLOCK: tl.constexpr = 8):
        pass

    jf = JITFunction(kern)
    x = torch.zeros(4)
    seen = []
    grid = lambda meta: (seen.append(dict(meta)) or triton_cdiv(meta["n"], meta["BLOCK"]),)  # noqa: E731
    out = host_code_first(jf, (x, 20), {"grid": grid, "warmup": False, "num_warps": 4})
    assert out["grid"] == (3,) and out["num_warps"] == 4 and seen and seen[0]["x_ptr"] is x
    assert host_code_first(jf, (x, 20), {"grid": (5,), "warmup": False})["grid"] == (5,)
    check_constexpr_launch(jf, (x, 20), {"grid": (1,), "warmup": False, "BLOCK": 16, "num_warps": 4})
    with pytest.raises(TypeError, match="constexpr argument `BLOCK`"):
        check_constexpr_launch(jf, (x, 20), {"grid": (1,), "warmup": False, "BLOCK": print})
    with pytest.raises(TypeError, match="kernel argument `n`"):
        check_constexpr_launch(jf, (x, {"n": 1}), {"grid": (1,), "warmup": False})


def triton_cdiv(a: int, b: int) -> int:
    return -(-a // b)
