from pathlib import Path

import pytest

from kernelpilot.sandbox.checks import detect_backend, parse, run_static_checks

HEADER = "import torch\nimport torch.nn as nn\nimport triton\nimport triton.language as tl\n"
KERNEL = "@triton.jit\ndef k(x):\n    pass\n"
# a context manager that swallows every exception
QUIET = "class Q:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        return True\n"


def cand(body: str, forward: str = "return x") -> str:
    return f"{HEADER}{KERNEL}{body}\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        {forward}\n"


# a kernel packaged as a custom operator (torch.library), as PyTorch documents for torch.compile; {extra}: more
TRITON_OP = (HEADER + "from torch.library import triton_op, wrap_triton\n"
             "@triton.jit\ndef k(x_ptr, n, BLOCK: tl.constexpr):\n    pass\n"
             "@triton_op('kp::relu', mutates_args={{}})\ndef relu_op(x: torch.Tensor) -> torch.Tensor:\n"
             "    wrap_triton(k)[(1,)](x, x.numel(), BLOCK=128)\n    return x\n{extra}"
             "class ModelNew(nn.Module):\n    def forward(self, x):\n        return relu_op(x)\n")


# the same with torch.library.custom_op, for CUDA devices, launching plainly, with a fake implementation
CUSTOM_OP = (HEADER + "@triton.jit\ndef k(x_ptr, n, BLOCK: tl.constexpr):\n    pass\n"
             "@torch.library.custom_op('kp::relu', mutates_args=(), device_types='cuda')\n"
             "def relu_op(x: torch.Tensor) -> torch.Tensor:\n    k[(1,)](x, x.numel(), BLOCK=128)\n    return x\n"
             "@relu_op.register_fake\ndef _(x):\n    return torch.empty_like(x)\n{extra}"
             "class ModelNew(nn.Module):\n    def forward(self, x):\n        return relu_op(x)\n")


def test_a_custom_op_with_a_fake_implementation_is_in_the_contract():
    assert run_static_checks(CUSTOM_OP.format(extra="")) is None
    fake = "@torch.library.register_fake('kp::relu')\ndef _f(x):\n    return torch.empty_like(x)\n"
    assert run_static_checks(CUSTOM_OP.format(extra=fake)) is None
    assert run_static_checks(cand('import os\nos.environ["TORCH_CUDA_ARCH_LIST"] = "9.0"')) is None
    assert run_static_checks(cand('from os import environ as E\nE["MAX_JOBS"] = "4"')) is None
    assert run_static_checks(cand("import cupy", "n = cupy.cuda.runtime.getDeviceProperties(0)['multiProcessorCount']"
                                                 "\n        return x")) is None


@pytest.mark.parametrize("devices, ok", [("'cuda'", True), ("('cpu', 'cuda')", True), ("['cuda:0']", True),
                                         ("None", True), ("'cpu'", False), ("('cpu',)", False), ("DEV", False)])
def test_a_custom_op_is_registered_for_cuda(devices, ok):
    # on a GPU an operator registered for other device types only raises NotImplementedError on cuda tensors
    src = CUSTOM_OP.replace("device_types='cuda'", f"device_types={devices}").format(extra="")
    bad = run_static_checks("DEV = 'cpu'\n" + src if devices == "DEV" else src)
    assert (bad is None) if ok else (bad is not None and bad.check == "static.triton_op" and "device_types" in bad.reason)


# a kernel compiled ahead of its launch, as Triton's fused-softmax tutorial does; {forward}: the use
WARMUP = (HEADER + "@triton.jit\ndef k(x_ptr, n, BLOCK: tl.constexpr):\n    pass\n{extra}"
          "class ModelNew(nn.Module):\n    def forward(self, x):\n        {forward}\n        return x\n")
WARM = "c = k.warmup(x, x.numel(), BLOCK=128, grid=(1,))\n        "


@pytest.mark.parametrize("src,check", [
    (cand("", "try:\n            return x\n        except Exception:\n            return x"), "static.try_except"),
    (cand("import subprocess"), "static.imports"),
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
    # os: os.environ written under TORCH_CUDA_ARCH_LIST or MAX_JOBS with a literal string, nothing else
    (cand('import os\nos.environ["TRITON_INTERPRET"] = "0"'), "static.patching"),
    (cand('import os\nE = os.environ\nE["TRITON_INTERPRET"] = "0"'), "static.patching"),
    (cand('import os\nA = os.environ["TORCH_CUDA_ARCH_LIST"]'), "static.stdlib_form"),
    (cand('import os\nos.environ.setdefault("MAX_JOBS", "4")'), "static.stdlib_form"),
    (cand('import os\nos.environ["MAX_JOBS"] = str(4)'), "static.patching"),
    (cand('import os\nP = os.path.join("a", "b")'), "static.forbidden_api"),
    (cand('import os\nM = os\nM.system("ls")'), "static.forbidden_api"),
    # CuPy's runtime: device queries only, no copy, memset or stream call
    (cand("import cupy", "cupy.cuda.runtime.memcpy(0, 0, 4, 0)\n        return x"), "static.cupy_library"),
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
    # a source assembled from literals is read as what it makes
    ('ext = load_inline("e", "", "#include <cublas_v2.h>\\n" + "x", functions=["f"])', "", "cublas"),
    ('ext = load_inline("e", "", "x".join(map(str, [1])), functions=["f"])', "", "literal"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "#include <cublas_v2.h>\\n"', "cublas"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "void* h = dlopen(\\"libcublas.so\\", 1);"', "dlopen"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "#define CALL(a, b) a##b"', "token pasting"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "auto t = py::module_::import(\\"torch\\");"', "imports"),
    ('ext = load_inline("e", "", SRC, functions=["f"])',
     'SRC = "cudaMemcpy(h, d, n, cudaMemcpyDeviceToHost); for (int i = 0; i < n; i++) h[i] = tanhf(h[i]);"',
     "cudaMemcpyDeviceToHost"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "float* p; cudaMallocManaged(&p, 4);"', "cudaMallocManaged"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "FILE* f = fopen(path, mode);"', "fopen"),
    ('ext = load_inline("e", "", SRC, functions=["f"])', 'SRC = "long r = syscall(39);"', "syscall"),
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
    (cand("def helper(t=torch):\n    return t.ops"), "static.forbidden_api", "torch.ops"),
    (cand("from torch import ops as o", "return o.aten.relu(x)"), "static.forbidden_api", "torch.ops"),
    (cand("import triton.runtime as rt", "return rt.jit.JITFunction"), "static.forbidden_api", "triton.runtime.jit"),
    (cand("import numpy as np", "return torch.from_numpy(np.asarray(x))"), "static.forbidden_api", "torch.from_numpy"),
    (cand("import operator", "return operator.attrgetter('softmax')(torch)(x, -1)"), "static.forbidden_api", "attrgetter"),
    # file-writing, pickling and raw-memory methods, on whatever allowed object they are reached
    (cand("import numpy as np", "np.float32(1.0).tofile('/tmp/x')\n        return x"), "static.forbidden_api", "tofile"),
    (cand("import numpy as np", "p = np.int64(0).ctypes\n        return x"), "static.forbidden_api", "ctypes"),
    (cand("import numpy as np", "b = np.float32(0).dumps()\n        return x"), "static.forbidden_api", "dumps"),
    # reflective builtins in any form
    (cand("f = __import__"), "static.forbidden_call", "__import__"),
    (cand("g = getattr"), "static.forbidden_call", "getattr"),
    (cand("", "return list(map(vars, [x]))"), "static.forbidden_call", "vars"),
    (cand("def f(h=eval):\n    return h"), "static.forbidden_call", "eval"),
    (cand("t = type"), "static.forbidden_call", "called directly"),
    (cand("X = type('X', (object,), {})"), "static.forbidden_call", "more than one argument"),
    # a builtin's name is the builtin wherever no function binds it: a default is evaluated outside its function,
    # module and class bodies see the builtin until their own assignment runs, a global declaration is no local
    (cand("", "def f(input=input):\n            return input\n        return x"), "static.forbidden_call", "input"),
    (cand("g = input\ninput = 1"), "static.forbidden_call", "input"),
    (cand("class C:\n    g = input\n    input = 1"), "static.forbidden_call", "input"),
    (cand("def f():\n    global input\n    input = 1\n    return input"), "static.forbidden_call", "input"),
    (cand("def f(xs):\n    return [input for input in xs] and input"), "static.forbidden_call", "input"),
    (cand("def f():\n    def g():\n        input = 1\n    return input"), "static.forbidden_call", "input"),
    # a walrus in a lambda inside a comprehension binds in the lambda, not in the function around it
    (cand("", "[(lambda: (getattr := 0)) for _ in ()]\n        return getattr(x, 'soft' + 'max')(1)"),
     "static.forbidden_call", "getattr"),
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
    (HEADER + "def body(x_ptr):\n    pass\nk2 = triton.jit(body)\n" + cand(""), "static.triton_object",
     "triton.jit is applied as"),
    (cand("def hook(*a, **k):\n    pass\nk.add_pre_run_hook(hook)"), "static.triton_object", "JIT's internals"),
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
     "static.triton_object", "triton.language.exp"),
    # try/except: only the module-level optional import
    (HEADER + "try:\n    from triton.language.extra import libdevice\nexcept Exception:\n    libdevice = None\n" + cand(""),
     "static.try_except", ""),
    (cand("", "y = x\n        return y.backward()"), "static.forbidden_api", "backward"),
    # torch.library: triton_op over a file function, wrap_triton(kernel)[grid](...), the operator only called
    (TRITON_OP.format(extra="op = relu_op\n"), "static.triton_op", "is called, nothing else"),
    (TRITON_OP.format(extra="relu_op.register_kernel('cpu')(torch.relu)\n"), "static.triton_op", "register other kernels"),
    (TRITON_OP.format(extra="relu_op = torch.relu\n"), "static.triton_op", "bound again"),
    (TRITON_OP.format(extra="other = triton_op('kp::o', mutates_args={})(torch.relu)\n"), "static.triton_op",
     "decorates a module-level function"),
    (TRITON_OP.format(extra="launcher = wrap_triton(k)\n"), "static.triton_op", "wrap_triton(kernel)[grid]"),
    (TRITON_OP.format(extra="from torch.library import custom_op\nc = custom_op('kp::c', mutates_args=())(torch.relu)\n"),
     "static.triton_op", "custom_op decorates a module-level function"),
    (TRITON_OP.format(extra="relu_op.register_autograd(lambda ctx, g: g)\n"), "static.triton_op", "register other kernels"),
    (CUSTOM_OP.format(extra="@relu_op.register_kernel('cuda')\ndef _(x):\n    return x\n"), "static.triton_op",
     "register other kernels"),
    (CUSTOM_OP.format(extra="def f():\n    @relu_op.register_fake\n    def _(x):\n        return x\n"),
     "static.triton_op", "register other kernels"),
    # torch.library.register_fake: the module-level form, for an operator of this file only
    (CUSTOM_OP.format(extra="@torch.library.register_fake('aten::relu')\ndef _f(x):\n    return x\n"),
     "static.triton_op", "an operator this file defines"),
    (CUSTOM_OP.format(extra="rf = torch.library.register_fake\n"), "static.triton_op", "register_fake decorates"),
    (CUSTOM_OP.replace("device_types='cuda'", "device_types='cuda', tags=()").format(extra=""), "static.triton_op",
     "decorates a module-level function"),
    # kernel.warmup(...): over a plain kernel, with its grid; `_init_handles()` only on what it returned
    (WARMUP.format(extra="", forward="c = k.warmup(x, x.numel(), BLOCK=128)"), "static.triton_object", "k.warmup"),
    (WARMUP.format(extra="", forward="w = k.warmup\n        c = w(x, x.numel(), BLOCK=128, grid=(1,))"),
     "static.triton_object", "k.warmup"),
    (WARMUP.format(extra="k2 = triton.autotune(configs=[triton.Config({'BLOCK': 64})], key=['n'])(k)\n",
                   forward="c = k.warmup(x, x.numel(), BLOCK=128, grid=(1,))"), "static.triton_object", ""),
    (HEADER + "@triton.heuristics({'BLOCK': lambda a: 64})\n@triton.jit\ndef k(x_ptr, n, BLOCK: tl.constexpr):\n"
     "    pass\n" + cand("", "c = k.warmup(x, x.numel(), grid=(1,))\n        return x").split(KERNEL, 1)[1],
     "static.triton_object", "k.warmup"),
    (WARMUP.format(extra="", forward=WARM + "x._init_handles()"), "static.private_access", "_init_handles"),
    # the compiled kernel bound again or launched again is caught before its private read
    (WARMUP.format(extra="", forward=WARM + "d = c\n        d._init_handles()"), "static.triton_object", "`d = c`"),
    (WARMUP.format(extra="", forward=WARM + "h = c._init_handles\n        h()"), "static.private_access", "_init_handles"),
    (WARMUP.format(extra="", forward=WARM + "c.warmup(x, grid=(1,))._init_handles()"), "static.triton_object",
     "`c.warmup`"),
    (WARMUP.format(extra="", forward="c = k.warmup(x, x.numel(), BLOCK=lambda v: v, grid=(1,))"), "static.constexpr",
     "a function"),
    # torch.version: `hip` only (a CPU build's None for `cuda` would tell the CPU judge from the GPU)
    (cand("CUDA = torch.version.cuda"), "static.forbidden_api", "torch.version.cuda"),
    (cand("", "return torch.jit.script(x)"), "static.forbidden_api", "torch.jit.script"),
    (cand("", "return torch.compiler.compile(x)"), "static.forbidden_api", "torch.compiler.compile"),
    # a `__main__` block is out of the contract only while nothing can make it run
    (cand("__name__ = '__main__'\nif __name__ == '__main__':\n    import subprocess"), "static.imports", "subprocess"),
    (cand("if __name__ == '__main__':\n    pass\nelse:\n    import subprocess"), "static.imports", "subprocess"),
    # the module's name is read in those two forms only: the judge's import would be told from a user's
    (cand("MODE = 2 if __name__ == 'candidate' else 3"), "static.private_access", "`__name__` is read only"),
    (cand("", "n = len(__name__)\n        return x"), "static.private_access", "`__name__` is read only"),
])
def test_allow_list_rejects(src, check, why):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == check and why in bad.reason, bad


@pytest.mark.parametrize("src", [
    TRITON_OP.format(extra=""),
    # factories as a reference's __init__ makes its parameters; reads of state equal on the CPU and the GPU
    cand("", "w = torch.eye(4) + torch.linspace(0, 1, 4) + torch.randperm(4)\n        "
         "hip = torch.version.hip is not None\n        "
         "dt = torch.get_autocast_gpu_dtype() if torch.is_autocast_enabled() else x.dtype\n        return x"),
    # guards around a launch, answering False in the judge and in a plain GPU run alike; autocast switched off
    cand("", "if torch.compiler.is_compiling() or torch.jit.is_scripting() or torch.xpu.is_available():\n"
         "            return x\n        with torch.autocast('cuda', enabled=False):\n            return x"),
    # a tutorial's benchmark tail, which the judge (importing the file as a module) never runs
    cand("if __name__ == '__main__':\n    import triton.testing\n    triton.testing.do_bench(lambda: None)"),
    WARMUP.format(extra="", forward=WARM + "c._init_handles()\n        n = c.n_regs * c.metadata.shared\n"
                  "        c[(n, 1, 1)](x, x.numel(), 128)"),
    WARMUP.format(extra="CACHE = {}\n", forward="c, n = CACHE.get(1, (None, 0))\n        if c is None:\n"
                  "            " + WARM.strip() + "\n            c._init_handles()\n            CACHE[1] = (c, c.n_spills)\n"
                  "        c[(4, 1, 1)](x, x.numel())"),
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
    # the input's device made current by its tensor, a capability flag, profiler ranges around a launch
    cand("BF16 = torch.cuda.is_bf16_supported()",
         "torch.cuda.nvtx.range_push('relu')\n        with torch.cuda.device_of(x):\n            y = x.view(-1)\n"
         "        torch.cuda.nvtx.range_pop()\n        with torch.cuda.nvtx.range('r'):\n            return y"),
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


# -- a kernel's names and Triton's objects ---------------------------------------------------------------------------
SOFTMAX_BODY = ("    row = tl.program_id(0)\n    cols = tl.arange(0, BLOCK)\n"
                "    v = tl.load(x_ptr + row * n + cols, mask=cols < n, other=0.0)\n")


def kernel_calling(call: str, params: str = "") -> str:
    """A kernel whose stored value is `call`, with extra parameters before BLOCK."""
    return (f"@triton.jit\ndef sk(x_ptr, n, {params}BLOCK: tl.constexpr):\n{SOFTMAX_BODY}"
            f"    tl.store(x_ptr + row * n + cols, {call}, mask=cols < n)\n")


HELPER = "@triton.jit\ndef row_op(v):\n    return v\n"
HOST = "def host(v):\n    return v\n"


@pytest.mark.parametrize("extra,check,why", [
    # a jit function's name is bound once: the interpreter looks it up when the kernel runs
    (HOST + HELPER + "keep = row_op\ndef row_op(v):\n    return v\n", "static.triton_object", "bound again"),
    (HOST + HELPER + "if True:\n    row_op = host\n", "static.triton_object", "bound again"),
    (HOST + HELPER + "_ = [(row_op := host) for _ in range(1)]\n", "static.triton_object", "bound again"),
    (HOST + HELPER + "for row_op in [host]:\n    pass\n", "static.triton_object", "bound again"),
    (HOST + HELPER + "match host:\n    case row_op:\n        pass\n", "static.triton_object", "bound again"),
    (HELPER + "from torch import softmax as row_op\n", "static.triton_object", "bound again"),
    # deleted, the name is read where nothing surely binds it
    (HELPER + "del row_op\n", "static.unbound_name", "`row_op` is read"),
    (HOST + HELPER + "def rebind():\n    global row_op\n    row_op = host\n", "static.triton_object", "bound again"),
    # not even one definition per branch of an `if` (a test that the interpreter and the compiler answer apart
    # would pick which body is compiled for the GPU under the name the judge matches launches by)
    ("if True:\n    @triton.jit\n    def row_op(v):\n        return v\nelse:\n    @triton.jit\n    def row_op(v):\n"
     "        return -v\n", "static.triton_object", "bound again"),
    ("if True:\n    @triton.jit\n    def row_op(v):\n        return v\nelse:\n    def row_op(v):\n        return v\n",
     "static.triton_object", "bound again"),
    ("if True:\n    @triton.jit\n    def row_op(v):\n        return v\n" + HELPER, "static.triton_object", "bound again"),
    # in a loop body the binding is not sure either: the loop may run no turn
    ("for i in range(2):\n    if i:\n        @triton.jit\n        def row_op(v):\n            return v\n    else:\n"
     "        @triton.jit\n        def row_op(v):\n            return -v\n", "static.unbound_name", "`row_op` is read"),
    # a builtin Triton compiles, bound by the module where no assignment statement shows it
    (HOST + "_ = [(abs := host) for _ in range(1)]\n", "static.jit_body", "abs"),
    (HOST + "match host:\n    case abs:\n        pass\n", "static.jit_body", "abs"),
])
def test_jit_names_are_bound_once(extra, check, why):
    call = "abs(v)" if "abs" in extra else "row_op(v)"
    bad = run_static_checks(cand(extra + kernel_calling(call)))
    assert bad is not None and bad.check == check and why in bad.reason, bad


@pytest.mark.parametrize("src,check,why", [
    # a kernel never calls a parameter or a local: it holds whatever the launch passed
    (cand(kernel_calling("abs(v)", "abs, ")), "static.jit_body", "parameter or local"),
    (cand(kernel_calling("op(v)", "act, ").replace("    tl.store", "    op = act\n    tl.store")),
     "static.jit_body", "parameter or local"),
    (cand(HELPER + kernel_calling("row_op(v)", "row_op, ")), "static.jit_body", "parameter or local"),
    # nor does it use a jit function other than by calling it (or handing it to tl.reduce & co.)
    (cand(HELPER + kernel_calling("v", "").replace("    tl.store", "    f = row_op\n    tl.store")),
     "static.jit_body", "does nothing else"),
    (cand(HELPER + "alias = row_op\n" + kernel_calling("alias(v)")), "static.jit_body", "calls `alias`"),
    (cand(HELPER + "alias = row_op\n" + kernel_calling("v").replace("    tl.store", "    f = alias\n    tl.store")),
     "static.jit_body", "its own name"),
    # a global it reads must be that in every binding (here: a dtype, and a host object in a loop)
    (cand("DT = tl.float32\nfor DT in [object()]:\n    pass\n" + kernel_calling("v.to(DT)")), "static.jit_body",
     "every binding"),
    # a host function reaching a kernel inside tl.constexpr
    (cand(HOST + "OP = tl.constexpr(host)\n"), "static.jit_body", "tl.constexpr(...) wraps"),
    # Triton's compiler cuts a kernel's source at the first line that matches `^def name(` once dedented: one in a
    # decorator's string, or in a docstring left of a nested kernel's header, would be compiled instead
    (cand("@triton.heuristics({'B': lambda a: '''x\ndef dk(x_ptr):\n'''})\n@triton.jit\ndef dk(x_ptr):\n    pass\n"),
     "static.jit_body", "before the kernel's header"),
    (cand("if True:\n    @triton.jit\n    def dk(x_ptr):\n        '''Doc.\ndef dk(x_ptr):\n        '''\n        pass\n"),
     "static.jit_body", "compiler would take line"),
    (cand("@triton.jit\ndef\tdk(x_ptr):\n    pass\n"), "static.jit_body", "header"),
    # a character str.splitlines takes for a line break (U+2028), which Python does not, shifts no line
    (cand("S = 'a\u2028b\u2028c'\n@triton.heuristics({'B': lambda a: '''x\ndef dk(x_ptr):\n'''})\n"
          "@triton.jit\ndef dk(x_ptr):\n    pass\n"), "static.jit_body", "line 10 starts with `def `"),
])
def test_jit_bodies_call_only_kernel_code(src, check, why):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == check and why in bad.reason, bad


@pytest.mark.parametrize("body", [
    "    '''Doc.\n\n    def reference(x): return 2 * x\n    '''\n",  # an example in the docstring
    "    '''Doc.\ndef dk(x_ptr):\n    '''\n",  # even at the left margin, after a top-level kernel's header
    "    _ = \"x\\\ndef dk(x_ptr): pass\"\n",  # a string continued over a line break
])
def test_a_def_line_in_a_kernels_own_docstring_is_only_text(body):
    """After the header, a line that starts with `def ` is text to the compiler (it cuts at the first header)
    and to the interpreter (sandbox/compat.py gives it the header Python parsed): docstrings that show a
    usage example are honest."""
    assert run_static_checks(cand("@triton.jit\ndef dk(x_ptr):\n" + body + "    pass\n")) is None


@pytest.mark.parametrize("body,forward,why", [
    # attributes of a jit function, under any name
    ("kern = k\nkern.rewritten_fn[kern.fn] = print", "return x", "JIT's internals"),
    ("", "kern = k\n        kern.run(x, grid=(1,), warmup=False)\n        return x", "JIT's internals"),
    ("", "return k.cache", "JIT's internals"),
    ("CHECKED = hasattr(k, 'rewriter')", "return x", "hasattr(k, 'rewriter')"),
    # attributes of Triton's own functions (tl.sum is itself a jit function) and classes
    ("", "tl.sum.rewritten_fn.clear()\n        return x", "triton.language.sum.rewritten_fn"),
    ("S = tl.sum\nT = S.fn", "return x", "triton.language.sum.fn"),
    ("", "return hasattr(tl.exp, 'fn')", "triton.language.exp.fn"),
    ("", "return triton.Config.all_kwargs", "triton.Config.all_kwargs"),
    # a jit function, or a Triton function, as a value: it tells the interpreter from the compiler
    ("def install(kern):\n    return kern", "install(k)\n        return x", "used as a value"),
    ("", "return 'Interpreted' in repr(k)", "used as a value"),
    ("", "return 'Interpreted' in str(tl.sum)", "used as a value"),
    ("", "print(tl.exp)\n        return x", "used as a value"),
    ("KERNELS = {k}", "return x", "used as a value"),
    ("KERNELS = [k, print]", "return x", "used as a value"),
    ("", "return x if k is None else x", "used as a value"),
    ("", "k(x)\n        return x", "used as a value"),
    ("", "f = k if x is None else print\n        f(x)\n        return x", "used as a value"),
    ("@tl.constexpr\ndef wrapped(v):\n    return v", "return x", "as a decorator"),
    # kernel code called on the host builds the interpreter's objects; Triton's decorators wrap kernels only
    ("", "t = tl.tensor(x, tl.float32)\n        return x", "called on the host"),
    ("class Fake:\n    def run(self, *a, **kw):\n        pass\nAT = triton.autotune(configs=[], key=[])(Fake())",
     "return x", "may only decorate"),
    # a local given the kernel (or a Triton function) is followed; a local named like one is not confused with it
    ("def peek():\n    kk = k\n    return kk.fn", "return x", "JIT's internals"),
    ("def peek():\n    k = print\n    k2 = k\n    return k2.fn", "return x", "JIT's internals"),
    ("def peek():\n    e = tl.exp\n    return str(e)", "return x", "used as a value"),
    ("", "f = lambda k=k: k.fn\n        return x", "JIT's internals"),
    # where the kernel is defined and how it is decorated
    ("class Box:\n    @triton.jit\n    def inner(x_ptr):\n        pass", "return x", "module level"),
    ("def swap(fn):\n    return print\n@triton.jit\n@swap\ndef k4(x_ptr):\n    pass", "return x", "last decorator"),
    ("def swap(fn):\n    return print\n@swap\n@triton.jit\ndef k4(x_ptr):\n    pass", "return x", "hands the kernel back"),
    ("def reg():\n    def deco(fn):\n        fn = print\n        return fn\n    return deco\n@reg()\n@triton.jit\ndef k4(x_ptr):\n"
     "    pass", "return x", "hands the kernel back"),
    ("@triton.jit(launch_metadata=print)\ndef k4(x_ptr):\n    pass", "return x", "launch_metadata"),
    ("@triton.jit(do_not_specialize=NAMES)\ndef k4(x_ptr):\n    pass\nNAMES = ['x_ptr']", "return x", "literal"),
    # triton.set_allocator takes a plain function of the file, by name
    ("", "triton.set_allocator(lambda size, align, stream: None)\n        return x", "set_allocator"),
    ("sa = triton.set_allocator", "return x", "set_allocator"),
    ("def alloc(size, align, stream):\n    return None\nalloc = print", "triton.set_allocator(alloc)\n        return x",
     "set_allocator"),
    ("import functools\n@functools.lru_cache\ndef alloc(size, align, stream):\n    return None",
     "triton.set_allocator(alloc)\n        return x", "set_allocator"),
    ("from triton.tools.tensor_descriptor import TensorDescriptor", "return TensorDescriptor.load", "TensorDescriptor.load"),
])
def test_triton_objects_are_launched_called_or_named(body, forward, why):
    bad = run_static_checks(cand(body, forward))
    assert bad is not None and bad.check == "static.triton_object" and why in bad.reason, bad


@pytest.mark.parametrize("src,check,why", [
    # attributes read by name, with no attribute expression in the source
    (cand("import torch.nn.functional as F\ndef peek():\n    match F.softmax:\n        case object(__globals__=g):\n"
          "            return g"), "static.forbidden_call", "class pattern"),
    (cand("", "match x:\n            case object(shape=s):\n                return x\n        return x"),
     "static.forbidden_call", "class pattern"),
    (cand("FIELD = '{0.' + '_' * 2 + 'globals' + '_' * 2 + '}'", "return FIELD.format(x)"), "static.forbidden_call",
     "string literal"),
    (cand("", "return str.format('{0}', x)"), "static.forbidden_call", "string literal"),
    (cand("", "return '{0.shape}'.format(x)"), "static.forbidden_call", "{0.shape}"),
    (cand("", "return '{0:{1.dtype}}'.format(1, x)"), "static.forbidden_call", "{1.dtype}"),
    (cand("", "return '{a.shape}'.format_map({'a': x})"), "static.forbidden_call", "{a.shape}"),
    # a name bound once to a literal is read as the literal: its fields judged as written there
    (cand("FIELD = '{0.shape}'", "return FIELD.format(x)"), "static.forbidden_call", "{0.shape}"),
    (cand("FIELD = '{0}'\nFIELD = '{0.shape}'", "return FIELD.format(x)"), "static.forbidden_call", "string literal"),
    (cand("FIELD = '{0}'\ndef f():\n    global FIELD\n    FIELD = '{0.shape}'", "return FIELD.format(x)"),
     "static.forbidden_call", "string literal"),
    (cand("", "f = '{0}'\n        if x.numel():\n            f = '{0.dtype}'\n        return f.format(x)"),
     "static.forbidden_call", "string literal"),
    (cand("import functools\ndef f():\n    pass", "functools.wraps(f, assigned=('x',))(f)\n        return x"),
     "static.forbidden_call", "functools.wraps"),
    (cand("import functools\nW = functools.partial(functools.wraps, updated=())"), "static.forbidden_call",
     "functools.wraps"),
    (cand("import functools\ndef f():\n    pass", "functools.wraps(f)(f, assigned=('x',))\n        return x"),
     "static.forbidden_call", "functools.wraps"),
    (cand("import functools\ndef f():\n    pass", "w = functools.wraps(f)\n        w(f, updated=())\n        return x"),
     "static.forbidden_call", "functools.wraps"),
    # hasattr: a literal name, judged as the attribute it reads
    (cand("NAME = 'rewriter'", "return hasattr(x, NAME)"), "static.forbidden_call", "literal name"),
    (cand("", "return hasattr(x, name='shape')"), "static.forbidden_call", "literal name"),
    (cand("", "return list(map(hasattr, [x], ['shape']))"), "static.forbidden_call", "directly"),
    (cand("", "return hasattr(torch, 'ops')"), "static.forbidden_api", "torch.ops"),
    (cand("", "return hasattr(triton.runtime, 'interpreter')"), "static.forbidden_api", "triton.runtime.interpreter"),
    (cand("", "return hasattr(x, 'gi_frame')"), "static.introspection", "gi_frame"),
    (cand("", "return hasattr(x, '_base')"), "static.private_access", "_base"),
    # getattr: its one form is a literal public name on an object that is no module, judged as the attribute
    (cand("NAME = 'bias'", "return getattr(self, NAME, None)"), "static.forbidden_call", "literal public name"),
    (cand("", "return getattr(x, '_base', None)"), "static.forbidden_call", "literal public name"),
    (cand("", "return getattr(x, '__class__')"), "static.forbidden_call", "literal public name"),
    (cand("", "return getattr(x, 'shape', default=None)"), "static.forbidden_call", "literal public name"),
    (cand("", "return getattr(torch, 'cuda', None)"), "static.forbidden_call", "no module"),
    (cand("", "return getattr(k, 'fn', None)"), "static.forbidden_call", "no module"),
    (cand("", "g = getattr\n        return g(x, 'shape')"), "static.forbidden_call", "any form"),
    (cand("", "return list(map(getattr, [x], ['shape']))"), "static.forbidden_call", "any form"),
    (cand("", "return getattr(x, 'gi_frame', None)"), "static.introspection", "gi_frame"),
    (cand("", "return getattr(x, 'register_hook')(print)"), "static.forbidden_api", "register_hook"),
    (cand("", "return getattr(torch.Tensor, 'backward', None)"), "static.forbidden_api", "backward"),
    # names the file never binds (Triton's interpreter copies its own globals into the kernel's module)
    (cand("import torch.nn.functional as F", "return inspect.getmembers(F.softmax)"), "static.unbound_name", "inspect"),
    (cand("", "return _interpreter"), "static.unbound_name", "_interpreter"),
    (cand("def f():\n    inspect = 1\n    return inspect", "return inspect.stack()"), "static.unbound_name", "inspect"),
    # private attributes only on the file's own objects
    (cand("def poke(w):\n    w._in_kernel = 1"), "static.private_access", "may be an object"),
    (cand("", "x._kp_flag = 1\n        return x"), "static.private_access", "may be an object"),
    (cand("class C:\n    def poke(self, w):\n        w._in_kernel = 1"), "static.private_access", "may be an object"),
    (cand("class C:\n    def poke(self, w):\n        self = w\n        self._in_kernel = 1"), "static.private_access",
     "may be an object"),
    (cand("class C:\n    @staticmethod\n    def poke(self):\n        self._in_kernel = 1"), "static.private_access",
     "may be an object"),
    (cand("def swap(fn):\n    return fn\nclass C:\n    @swap\n    def poke(self):\n        self._in_kernel = 1"),
     "static.private_access", "may be an object"),
    (cand("class C:\n    def poke(self):\n        def inner(self):\n            self._in_kernel = 1"),
     "static.private_access", "may be an object"),
    # a method reached through its class gets any object as `self`
    (cand("class C:\n    def poke(self):\n        self._in_kernel = 1", "C.poke(x)\n        return x"),
     "static.class_value", "through the class"),
    (cand("class C:\n    def poke(self):\n        self._in_kernel = 1", "type(C()).poke(x)\n        return x"),
     "static.class_value", "through"),
    (cand("class C:\n    def poke(self):\n        self._in_kernel = 1", "[C][0].poke(x)\n        return x"),
     "static.class_value", "used as a value"),
    (cand("", "t = type(x)\n        return [t]"), "static.class_value", "used as a value"),
    # torch.compiler: @torch.compiler.disable only
    (cand("", "return torch.compiler.compile(self)(x)"), "static.forbidden_api", "torch.compiler"),
    (cand("def f(v):\n    return v\ng = torch.compiler.disable(f)"), "static.forbidden_api", "torch.compiler"),
    (cand("class D(nn.Module):\n    @torch.compiler.disable(print)\n    def forward(self, x):\n        return x"),
     "static.forbidden_api", "torch.compiler"),
    (cand("from torch.compiler import disable"), "static.forbidden_api", "torch.compiler.disable"),
    # contextlib: nullcontext only, in either import form
    (cand("import contextlib", "with contextlib.suppress(Exception):\n            pass\n        return x"),
     "static.forbidden_api", "contextlib.suppress"),
    (cand("import contextlib as c", "with c.ExitStack():\n            pass\n        return x"),
     "static.forbidden_api", "contextlib.ExitStack"),
    (cand("from contextlib import nullcontext, suppress"), "static.forbidden_api", "contextlib.suppress"),
    (cand("import contextlib\nCTX = [contextlib]"), "static.module_value", "contextlib"),
    (cand("import contextlib\nCTX = contextlib", "return CTX.suppress"), "static.forbidden_api", "contextlib.suppress"),
    # logging: a module logger, bound once at module level, and only its logging methods called
    (cand("import logging\nlogger = logging.getLogger(__name__)", "logger.handlers.clear()\n        return x"),
     "static.stdlib_form", "logger.handlers"),
    (cand("import logging\nlogger = logging.getLogger(__name__)", "return logger.manager"),
     "static.stdlib_form", "logger.manager"),
    (cand("import logging\nlogger = logging.getLogger(__name__)", "return [logger]"), "static.stdlib_form", "`logger`"),
    (cand("import logging\nlogger = logging.getLogger(__name__)", "f = logger.debug\n        return x"),
     "static.stdlib_form", "logger.debug"),
    (cand("import logging\nlogger = logging.getLogger(__name__)\nother = logger"), "static.stdlib_form", "logging"),
    (cand("import logging\nlogger = logging.getLogger(__name__)\nlogger = None"), "static.stdlib_form", "more than once"),
    (cand("import logging\ndef f():\n    return logging.getLogger('x')"), "static.stdlib_form", "module logger"),
    (cand("import logging\nlogger = logging.getLogger(str(3))"), "static.stdlib_form", "module logger"),
    (cand("import logging\ngl = logging.getLogger\nlogger = gl('x')"), "static.stdlib_form", "module logger"),
    (cand("import logging\nlogging.basicConfig(filename='log.txt')"), "static.forbidden_api", "logging.basicConfig"),
    (cand("import logging\nR = logging.root"), "static.forbidden_api", "logging.root"),
    (cand("from logging import FileHandler"), "static.forbidden_api", "logging.FileHandler"),
    # nn.Module's own methods, which the harness calls, are not redefined, bound or shadowed on self
    (cand("class M(nn.Module):\n    def to(self, *a, **k):\n        return super().to(*a, **k)"),
     "static.module_override", "`to`"),
    (cand("class M(nn.Linear):\n    def load_state_dict(self, sd, strict=True, assign=False):\n"
          "        return super().load_state_dict(sd, strict, assign)"), "static.module_override", "load_state_dict"),
    (cand("class M(nn.Module):\n    pass\nclass N(M):\n    cuda = nn.Module.cuda"), "static.module_override", "cuda"),
    (cand("class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.state_dict = dict"),
     "static.module_override", "self.state_dict"),
    # the export list is bound once, to names, and never read
    (cand('__all__ = ["ModelNew"]', "return __all__"), "static.private_access", "__all__"),
    (cand('__all__ = ["ModelNew"]\n__all__ += ["k"]'), "static.private_access", "__all__"),
    (cand('__all__ = ["__class__"]'), "static.private_access", "__"),
    # a legacy tensor type named in an annotation is allowed; constructed, even there, it is not
    (cand("def f(n: torch.LongTensor(3) = None):\n    return n"), "static.forbidden_api", "torch.LongTensor"),
    (cand("def f(n: (L := torch.FloatTensor) = None):\n    return n", "return L(3)"), "static.unbound_name",
     "`L` is read"),
    (cand("", "y = torch.cuda.FloatTensor\n        return x"), "static.forbidden_api", "torch.cuda.FloatTensor"),
    # a walrus past a chained comparison's first operator may never run: `1 > 2 > (L := ...)` stops at `1 > 2`
    (cand("_ok = 1 > 2 > (L := torch.float32)", "return x.to(L)"), "static.unbound_name", "`L` is read"),
    # a `with` body binds nothing for sure under a manager that may swallow what the body raised before binding
    (cand("import contextlib\nwith contextlib.suppress(ZeroDivisionError):\n    _z = 1 // 0\n    L = torch.float32",
          "return x.to(L)"), "static.unbound_name", "`L` is read"),
    (cand(QUIET + "with Q():\n    _z = 1 // 0\n    L = torch.float32", "return x.to(L)"), "static.unbound_name",
     "`L` is read"),
    (cand(QUIET + "with Q():\n    raise ValueError('x')\nif False:\n    L = torch.float32", "return x.to(L)"),
     "static.unbound_name", "`L` is read"),
    (cand(QUIET + "with Q(), torch.device((L := 'cpu')):\n    pass", "return x.to(L)"), "static.unbound_name",
     "`L` is read"),
    # tensor descriptors: `from triton.tools.tensor_descriptor import TensorDescriptor` only
    (cand("import triton.tools.tensor_descriptor as td"), "static.imports", "triton.tools.tensor_descriptor"),
    (cand("from triton.tools import tensor_descriptor"), "static.imports", "triton.tools"),
    # an alias of a kernel is followed to its constexpr parameters
    (HEADER + "@triton.jit\ndef k3(x_ptr, ACT: tl.constexpr):\n    pass\nkern = k3\n"
     + cand("", "kern[(1,)](x, ACT=lambda v: v)\n        return x"), "static.constexpr", "a function"),
])
def test_attribute_reads_names_and_privates_rejects(src, check, why):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == check and why in bad.reason, bad


@pytest.mark.parametrize("src", [
    # feature checks: hasattr on a module with a name of the contract, or on the file's own object
    cand("", "return x if hasattr(tl, 'gather') and hasattr(torch, 'float8_e4m3fn') else x"),
    cand("", "if not hasattr(self, '_cache'):\n            self._cache = {}\n        return x"),
    # a kernel launched under another name, or chosen by a condition
    HEADER + "@triton.jit\ndef k2(x):\n    pass\n" + cand("kern = k", "run = k if x.numel() else k2\n"
                                                               "        run[(1,)](x)\n        kern[(1,)](x)\n"
                                                               "        (k if x.numel() else k2)[(1,)](x)\n        return x"),
    # decorators over @triton.jit that hand the kernel back, compile options with literal values
    HEADER + "def libentry():\n    def decorator(fn):\n        return fn\n    return decorator\n"
    "def passthrough(fn):\n    return fn\n"
    "@libentry()\n@passthrough\n@triton.autotune(configs=[triton.Config({'B': 8})], key=['n'])\n"
    "@triton.jit(do_not_specialize=['n'], noinline=False)\ndef k5(x_ptr, n, B: tl.constexpr):\n    pass\n"
    + cand("", "k5[(1,)](x, x.numel())\n        return x"),
    # combine functions handed to tl.reduce, positionally or by keyword; jit helpers called
    HEADER + "@triton.jit\ndef _mx(a, b):\n    return tl.maximum(a, b)\n"
    + kernel_calling("tl.reduce(v, 0, combine_fn=_mx) + tl.reduce(v, 0, _mx) + _mx(v, v)") + cand(""),
    # globals a kernel reads: a dtype chosen at module level in both branches, libdevice by optional import
    HEADER + "try:\n    from triton.language.extra import libdevice\nexcept ImportError:\n"
    "    from triton.language.extra.cuda import libdevice\nif True:\n    DT = tl.float32\nelse:\n    DT = tl.float16\n"
    + kernel_calling("libdevice.tanh(v.to(DT)) * tl.float32.primitive_bitwidth") + cand(""),
    # @torch.compiler.disable on forward; contextlib.nullcontext as a device context
    HEADER + KERNEL + "from contextlib import nullcontext\nclass ModelNew(nn.Module):\n    @torch.compiler.disable\n"
    "    def forward(self, x):\n        with nullcontext():\n            return self.f(x)\n\n"
    "    @torch.compiler.disable(recursive=False)\n    def f(self, x):\n        return x\n",
    # host-built tensor descriptors, and the allocator device-side descriptors need
    HEADER + "from triton.tools.tensor_descriptor import TensorDescriptor\n"
    "def alloc(size: int, alignment: int, stream):\n    return torch.empty(size, dtype=torch.int8)\n"
    "@triton.jit\ndef dk(x_desc, B: tl.constexpr):\n    t = x_desc.load([0, 0])\n    x_desc.store([0, 0], t)\n"
    + cand("", "triton.set_allocator(alloc)\n        d = TensorDescriptor.from_tensor(x, [16, 16])\n"
               "        dk[(1,)](d, B=16)\n        return x"),
    # a library file's export list
    cand('__all__ = ["ModelNew", "k"]'),
    # a module-level `with` body under a manager that lets exceptions through binds for what follows
    cand("with torch.no_grad():\n    ONES = torch.ones(3)", "return x + ONES"),
    cand("from torch import no_grad as ng\nwith ng():\n    ONES = torch.ones(3)", "return x + ONES"),
    # a module logger (FlagGems), in either import form; nn.Module subclasses with helpers and an extra_repr
    cand("import logging\nlogger = logging.getLogger(__name__)",
         "logger.debug('GEMS RELU %s', x.shape)\n        logger.isEnabledFor(10)\n        return x"),
    cand("from logging import getLogger\nlog = getLogger('kernels')", "log.info('x')\n        return x"),
    cand("class M(nn.Module):\n    def extra_repr(self):\n        return 'm'\n    def launch(self, x):\n"
         "        return x\n    def reset_parameters(self):\n        pass"),
    # data under names nn.Module has but the harness never calls (rotary embeddings keep `half` of a head)
    cand("class M(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n        self.half = d // 2\n"
         "        self.type = 'gelu'"),
    # `import contextlib` for its nullcontext; legacy tensor types named in annotations (flash-linear-attention)
    cand("import contextlib\nfrom typing import Optional\n"
         "def prep(x: torch.Tensor, offsets: Optional[torch.LongTensor] = None) -> torch.FloatTensor:\n    return x",
         "with contextlib.nullcontext():\n            return prep(x)"),
    # format strings and functools.wraps in their plain forms
    cand("import functools\ndef deco(fn):\n    @functools.wraps(fn)\n    def w(*a):\n        return fn(*a)\n"
         "    return functools.wraps(fn)(w)",
         "return x if '{} {}'.format(1, 2) and '{0[1]}'.format((1, 2)) else x"),
    # private attributes on the file's own objects: self, cls, a property's setter, a class attribute by name
    cand("class Cache:\n    _store = {}\n\n    def __init__(self):\n        self._n = 0\n\n    @classmethod\n"
         "    def get(cls, k):\n        return cls._store.get(k)\n\n    @property\n    def n(self):\n        return self._n\n\n"
         "    @n.setter\n    def n(self, v):\n        self._n = v",
         "Cache._store.clear()\n        c = Cache()\n        c.n = 2\n        return x if isinstance(c, Cache) else x"),
    cand("", "v = x._version\n        return x"),
    # names that are the kernel's elsewhere, here a parameter or a local holding something else
    cand("def rows(k, n):\n    return [k for k in range(n)]",
         "k = x.shape[-1]\n        for k in range(k):\n            pass\n        return x.view(-1, k) if k else x"),
])
def test_triton_objects_names_and_privates_accept_idiomatic_code(src):
    assert run_static_checks(src) is None, run_static_checks(src)


@pytest.mark.parametrize("signature,forward", [
    ("self, input", "return input"),  # PyTorch's own modules name forward's argument `input`
    ("self, x", "input = x\n        return input"),
    ("self, x", "def inner():\n            return input\n        input = x\n        return inner()"),
    ("self, x", "return (lambda input: input)(x)"),
    ("self, x, type='add'", "return x if type == 'add' else x"),  # a parameter named type is a variable
])
def test_a_local_named_like_a_builtin_is_a_variable(signature, forward):
    src = cand("", forward).replace("def forward(self, x):", f"def forward({signature}):")
    assert run_static_checks(src) is None, run_static_checks(src)


def test_storing_to_a_builtin_name_reads_nothing():
    """A class attribute or a module global named like a builtin is a binding; its reads are judged."""
    src = cand("class Settings:\n    input = 'contiguous'\n    type = 'add'", "return x if Settings.input else x")
    assert run_static_checks(src) is None, run_static_checks(src)
    bad = run_static_checks(cand("class Settings:\n    input = 'contiguous'\n    g = input"))
    assert bad is not None and bad.check == "static.forbidden_call"


def test_dataclass_fields_do_not_launder_annotations():
    """`dataclasses.fields(obj)[i].type` is whatever the annotation names (tl.sum, a legacy tensor type) as a
    value no rule follows: fields is not in the contract."""
    src = cand("import dataclasses\n@dataclasses.dataclass\nclass R:\n    total: tl.sum = 0\n"
               "T = dataclasses.fields(R())[0].type")
    bad = run_static_checks(src)
    assert bad is not None and bad.check == "static.forbidden_api" and "dataclasses.fields" in bad.reason, bad
    assert run_static_checks(src.replace("T = dataclasses.fields(R())[0].type", "T = dataclasses.replace(R())")) is None


# -- a parameter named like a module alias of the file ------------------------------------------------------
ALIAS = "import torch.nn.functional as F\n"


def test_a_parameter_named_like_a_module_alias_is_the_parameter():
    """Python reads `F` inside `def k(..., F)` as the parameter, whatever the file imports as F: a slope
    argument of that name is a number, not torch.nn.functional used as a value."""
    body = ALIAS + ("@triton.jit\ndef scaled(x_ptr, n, F, BLOCK: tl.constexpr):\n"
                    "    offs = tl.arange(0, BLOCK)\n    tl.store(x_ptr + offs, tl.load(x_ptr + offs) * F, mask=offs < n)\n"
                    "def launch(x, F):\n    y = F\n    scaled[(1,)](x, x.numel(), y, BLOCK=128)\n    return x\n")
    assert run_static_checks(cand(body, "return launch(x, 2.0)")) is None


@pytest.mark.parametrize("body, check", [
    # the default is evaluated where the function is defined: a module there is a module in the body
    ("def f(x, F=torch.nn.functional):\n    return F.softmax(x, -1)\n", "static.module_value"),
    ("def f(x, F=F):\n    return F.softmax(x, -1)\n", "static.module_value"),
    ("f = lambda x, F=torch: F.save(x, 'a')\n", "static.forbidden_api"),
    ("class C:\n    T = torch\n    def m(self, x, T=T):\n        T.save(x, 'a')\nf = C().m\n", "static.forbidden_api"),
    # rebound in the function, in a comprehension around the read, or from a nested function
    ("def f(x, F):\n    F = torch\n    F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x, F):\n    (F := torch)\n    return F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x, F):\n    import torch as F\n    return F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x, F):\n    for F in (torch,):\n        F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x, F):\n    match torch:\n        case F:\n            F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x, F):\n    return [F.save(x, 'a') for F in [torch]]\n", "static.forbidden_api"),
    ("def f(x, F=1):\n    def g():\n        nonlocal F\n        F = torch\n    g()\n    F.save(x, 'a')\n",
     "static.patching"),
    # a module passed to the parameter is refused where it is passed
    ("def g(x, F):\n    return F.save(x, 'a')\ndef f(x):\n    return g(x, torch)\n", "static.module_value"),
    ("def g(x, F):\n    return F.save(x, 'a')\ndef f(x):\n    return g(x, F=torch)\n", "static.module_value"),
    ("def g(*F):\n    return F[0].save\ndef f(x):\n    return g(torch)\n", "static.module_value"),
])
def test_a_parameter_is_read_as_a_module_wherever_python_would(body, check):
    bad = run_static_checks(cand(ALIAS + body, "return f(x)"))
    assert bad is not None and bad.check == check, bad


@pytest.mark.parametrize("body", [
    # the KernelBench header's `F` beside a local of that name: a size, a tuple unpacking, an update
    "def f(x):\n    F = x[0].numel()\n    return x.view(-1, F)\n",
    "def f(x):\n    N, F = x.shape\n    return x.reshape(N * F)\n",
    "def f(x):\n    F: int = x.shape[-1]\n    F += 0\n    return x.view(-1, F)\n",
    "def f(x):\n    a, F = torch, 4\n    return x.view(-1, F)\n",
    "def f(x):\n    F = x.shape[-1]\n    def g():\n        return x.view(-1, F)\n    return g()\n",
])
def test_a_local_named_like_a_module_alias_is_the_local(body):
    """A local every binding of which in its function is a plain value is that value, whatever the file
    imports under its name (`N, F = x.shape` beside `import torch.nn.functional as F`)."""
    assert run_static_checks(cand(ALIAS + body, "return f(x)")) is None


@pytest.mark.parametrize("body, check", [
    ("def f(x):\n    F = 1\n    F = torch\n    F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x):\n    a, F = 1, torch\n    F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x):\n    F = 1\n    if x.numel():\n        F = torch if x.numel() else 1\n    F.save(x, 'a')\n",
     "static.forbidden_api"),
    ("G = torch\ndef f(x):\n    F = G\n    F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x):\n    F = 1\n    for F in (torch,):\n        pass\n    F.save(x, 'a')\n", "static.forbidden_api"),
    ("def f(x):\n    F = 1\n    with open as F:\n        pass\n    F.save(x, 'a')\n", "static.forbidden_call"),
    ("def f(x):\n    F = 1\n    import torch as F\n    F.save(x, 'a')\n", "static.forbidden_api"),
    # a class body's local is no function's: a method reads the global
    ("class C:\n    F = 1\n    def m(self, x):\n        return F\nf = C().m\n", "static.module_value"),
])
def test_a_local_that_may_hold_a_module_is_read_as_one(body, check):
    bad = run_static_checks(cand(ALIAS + body, "return f(x)"))
    assert bad is not None and bad.check == check, bad


# -- functions Triton calls back keep no state (static.triton_callback) -----------------------------------------

def _autotuned(hooks: str, config_kw: str = "", autotune_kw: str = "") -> str:
    """A kernel autotuned over two configs, with `hooks` (module-level code) and keywords for the configs and
    for the autotuner."""
    return (HEADER + hooks + "\n"
            f"@triton.autotune(configs=[triton.Config({{'B': 16}}{config_kw}), triton.Config({{'B': 32}}{config_kw})],"
            f" key=['n']{autotune_kw})\n"
            "@triton.jit\ndef k(x_ptr, n, B: tl.constexpr):\n    pass\n"
            "class ModelNew(nn.Module):\n    def forward(self, x):\n"
            "        k[(1,)](x, x.numel())\n        return x\n")


def _grid_launch(launch: str, prelude: str = "") -> str:
    """A plain kernel launched by `launch` (forward's body, with `x`), after module-level `prelude`."""
    return (HEADER + prelude + "@triton.jit\ndef k(x_ptr, n, B: tl.constexpr):\n    pass\n"
            "class ModelNew(nn.Module):\n    def forward(self, x):\n        " + launch + "\n        return x\n")


@pytest.mark.parametrize("src", [
    # Triton's tutorials and libraries: hooks that write their arguments, pruners that build local lists
    _autotuned("def zero_out(nargs):\n    nargs['x_ptr'].zero_()\n", ", pre_hook=zero_out"),
    _autotuned("def set_block(nargs):\n    nargs['x_ptr'].block_shape = [nargs['B'], 1]\n", ", pre_hook=set_block"),
    _autotuned("", ", pre_hook=lambda nargs: nargs['x_ptr'].zero_()"),
    _autotuned("LIMIT = {'k': 32}\ndef prune(configs, named_args, **kwargs):\n    kept = []\n"
               "    for c in configs:\n        if c.kwargs['B'] <= LIMIT.get('k', 64):\n            kept.append(c)\n"
               "    return kept\n", "", ", prune_configs_by={'early_config_prune': prune, 'perf_model': None, "
               "'top_k': None}"),
    _autotuned("def helper(c):\n    return c.kwargs['B'] * 2\ndef prune(configs, named_args, **kw):\n"
               "    return [c for c in configs if helper(c) <= 64]\nPRUNE = {'early_config_prune': prune}\n",
               "", ", prune_configs_by=PRUNE"),
    _autotuned("def zero_hook(name):\n    def hook(nargs):\n        nargs[name].zero_()\n    return hook\n",
               ", pre_hook=zero_hook('x_ptr')"),
    HEADER + "def alloc_fn(size: int, alignment: int, stream):\n"
             "    return torch.empty(size, device='cuda', dtype=torch.int8)\n"
             "triton.set_allocator(alloc_fn)\n" + KERNEL
             + "class ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n",
    # constant writes in a hook, keys and shapes read anywhere, grids and heuristics as the tutorials write them
    _autotuned("def fill(nargs):\n    nargs['x_ptr'].fill_(-1.0)\n", ", pre_hook=fill"),
    _autotuned("def prune(configs, named_args, **kw):\n    n = named_args['x_ptr'].numel()\n"
               "    return [c for c in configs if c.kwargs['B'] <= max(n, 16)]\n", "",
               ", prune_configs_by={'early_config_prune': prune}"),
    _grid_launch("grid = lambda meta: (triton.cdiv(x.numel(), meta['B']),)\n        k[grid](x, x.numel(), B=16)"),
    _grid_launch("k[lambda meta: (min(x.shape[0], 4),)](x, x.numel(), B=16)"),
    HEADER + "@triton.heuristics({'B': lambda args: triton.next_power_of_2(args['n'])})\n"
             "@triton.jit\ndef k(x_ptr, n, B: tl.constexpr):\n    pass\n"
             "class ModelNew(nn.Module):\n    def forward(self, x):\n        k[(1,)](x, x.numel())\n        return x\n",
])
def test_stateless_triton_callbacks_pass(src):
    bad = run_static_checks(src)
    assert bad is None or bad.check != "static.triton_callback", bad


@pytest.mark.parametrize("src, why", [
    (_autotuned("CALLS = []\ndef count(nargs):\n    CALLS.append(1)\n", ", pre_hook=count"), "`CALLS`"),
    (_autotuned("def outer():\n    seen = []\n    def count(nargs):\n        seen.append(1)\n    return count\n",
                ", pre_hook=outer()"), "`seen`"),
    (_autotuned("def count(nargs, seen=[]):\n    seen.append(1)\n", ", post_hook=count"), "default"),
    (_autotuned("STATE = {}\ndef count(nargs):\n    STATE['n'] = STATE.get('n', 0) + 1\n", ", pre_hook=count"),
     "`STATE`"),
    (_autotuned("SEEN = set()\ndef note(c):\n    SEEN.add(c)\n    return 1.0\n"
                "def model(**kw):\n    return note(kw['B'])\n", "",
                ", prune_configs_by={'perf_model': model, 'top_k': 1}"), "`SEEN`"),
    (_autotuned("class Counter:\n    n = 0\n    def bump(self):\n        Counter.n += 1\nC = Counter()\n"
                "def prune(configs, named_args, **kw):\n    C.bump()\n    return configs\n", "",
                ", prune_configs_by={'early_config_prune': prune}"), "`.bump()`"),
    (_autotuned("FLAG = torch.zeros(1)\n", ", pre_hook=lambda nargs: FLAG.add_(1)"), "`.add_()`"),
    (HEADER + "SIZES = []\ndef alloc_fn(size, alignment, stream):\n    SIZES.append(size)\n"
              "    return torch.empty(size, device='cuda', dtype=torch.int8)\ntriton.set_allocator(alloc_fn)\n"
              + KERNEL + "class ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n", "`SIZES`"),
    # counts kept in the arguments: a value read back and written, a pruner's mark, a computed attribute
    (_autotuned("def count(nargs):\n    c = nargs['x_ptr'].item()\n    nargs['x_ptr'].fill_(c + 1)\n",
                ", pre_hook=count"), "on its argument `nargs`"),
    (_autotuned("def prune(configs, named_args, **kw):\n    named_args['x_ptr'].fill_(1)\n    return configs\n", "",
                ", prune_configs_by={'early_config_prune': prune}"), "`.fill_()`"),
    (_autotuned("def grow(nargs):\n    nargs['x_ptr'].block_shape = [nargs['x_ptr'].block_shape[0] + 1]\n",
                ", pre_hook=grow"), "writes into its argument"),
    (_autotuned("def bump(nargs):\n    torch.add(nargs['x_ptr'], 1, out=nargs['x_ptr'])\n", ", pre_hook=bump"),
     "writes into a tensor"),
    # a launch grid or a heuristic that counts its calls (a GPU's autotuner calls them at every timed run)
    (HEADER + "CALLS = []\ndef grid(meta):\n    CALLS.append(1)\n    return (1,)\n"
     + _grid_launch("k[grid](x, x.numel(), B=16)").removeprefix(HEADER), "`CALLS`"),
    (_grid_launch("g = lambda meta: (SEEN.append(1) or 1,)\n        k[g](x, x.numel(), B=16)", "SEEN = []\n"),
     "`SEEN`"),
    (HEADER + "HITS = []\ndef pick(args):\n    HITS.append(1)\n    return 16\n"
     "@triton.heuristics(values={'B': pick})\n@triton.jit\ndef k(x_ptr, n, B: tl.constexpr):\n    pass\n"
     "class ModelNew(nn.Module):\n    def forward(self, x):\n        k[(1,)](x, x.numel())\n        return x\n",
     "`HITS`"),
])
def test_triton_callbacks_that_keep_state_are_refused(src, why):
    bad = run_static_checks(src)
    assert bad is not None and bad.check == "static.triton_callback" and why in bad.reason, bad


def test_torch_nn_utils_is_refused_with_the_way_to_mirror_a_parametrized_reference():
    src = HEADER + KERNEL + (
        "class ModelNew(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.fc = nn.utils.parametrizations.weight_norm(nn.Linear(4, 4))\n"
        "    def forward(self, x):\n"
        "        return x\n")
    r = run_static_checks(src)
    assert r is not None and r.check == "static.forbidden_api"
    assert "torch.nn.utils" in r.reason and "PARAMETER_NAMES" in r.reason


def test_a_language_function_triton_does_not_have_is_named_as_missing():
    """`tl.full_like` is not in Triton 3.9's language: the kernel could never run, and the reason says so
    rather than calling it outside the contract; a function the language has is not refused."""
    missing = run_static_checks(JIT_HEAD + "    v = tl.full_like(offs, 0)\n" + "class ModelNew(nn.Module):\n"
                                "    def forward(self, x):\n        return x\n")
    assert missing is not None and missing.check == "static.forbidden_api", missing
    assert "does not exist in the installed Triton" in missing.reason, missing.reason
    present = run_static_checks(JIT_HEAD + "    v = tl.full(offs.shape, 0, tl.int32)\n    tl.store(x_ptr + offs, v)\n"
                                "class ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n")
    assert present is None or "full" not in present.reason, present


@pytest.mark.parametrize("forward", [
    "b = getattr(self, 'bias', None)\n        return x if b is None else x + b",
    "return getattr(self, 'scale', 1.0) * x",
    "return x.float() if getattr(x, 'is_cuda') else x",
])
def test_getattr_of_a_literal_public_name_reads_that_attribute(forward):
    """`getattr(self, "bias", None)`, the optional attribute of fused-norm and linear wrappers, is the
    attribute read it names, judged as `self.bias` is; only that form of getattr is allowed."""
    assert run_static_checks(cand("", forward)) is None



def _relu_with_reads(reads: int) -> str:
    """The relu solution with `reads` no-op attribute reads (`x.T`) in its forward, 20 to a line."""
    src = (Path(__file__).parents[2] / "tasks/core/solutions/relu_triton.py").read_text()
    launch = next(line for line in src.splitlines() if "relu_kernel[" in line)
    indent = launch[: len(launch) - len(launch.lstrip())]
    lines = "\n".join(indent + "; ".join(["x.T"] * 20) for _ in range(reads // 20))
    return src.replace(launch, launch + "\n" + lines, 1)


def test_the_checks_read_a_long_forward_in_one_pass_and_refuse_a_larger_one():
    """The static checks run in the caller's process before any deadline: a forward of thousands of attribute
    reads was a walk of the whole function per read (minutes for 5,000 reads, weeks at the source-size limit).
    Each scope's bindings and body are now indexed once, the tree is walked once for every check, and a file
    past MAX_SYNTAX_NODES is static.too_large before any check reads it. An alarm fails the test, instead of
    hanging it, where that regresses."""
    import signal

    def stuck(*_):
        raise TimeoutError("the static checks did not finish within 120 s")

    old = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(120)
    try:
        assert run_static_checks(_relu_with_reads(15_000)) is None  # about 75,000 nodes: read through
        big = run_static_checks(_relu_with_reads(30_000))
        assert big is not None and big.check == "static.too_large" and "syntax nodes" in big.reason, big
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
