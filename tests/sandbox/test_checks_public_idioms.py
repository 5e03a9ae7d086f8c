"""The contract's allowances for idioms of public Triton code (Liger-Kernel, Unsloth, public launchers), each in
its exact harmless form, and the abuses next to each that stay refused."""

from __future__ import annotations

import pytest

from kernelpilot.sandbox.checks import run_static_checks

HEADER = "import torch\nimport torch.nn as nn\nimport triton\nimport triton.language as tl\n"
KERNEL = "@triton.jit\ndef k(x):\n    pass\n"


def cand(body: str, forward: str = "return x", kernel: str = KERNEL) -> str:
    return f"{HEADER}{body}\n{kernel}\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        {forward}\n"


def checked(src: str):
    bad = run_static_checks(src)
    return None if bad is None else bad.check


def kernel_with_default(default: str) -> str:
    return f"@triton.jit\ndef k(x, MODE: tl.constexpr = {default}):\n    pass\n"


@pytest.mark.parametrize("body,default,ok", [
    ("_MODE_MEAN = tl.constexpr(2)", "_MODE_MEAN", True),           # Liger's reduction modes
    ("_MODE = tl.constexpr('mean')", "_MODE", True),
    ("_BLOCK = 2 * 64", "_BLOCK", True),
    ("_DT = tl.float16", "_DT", True),
    ("_F = tl.sum", "_F", False),                                      # a function under a constant's name
    ("import math\n_F = math.sqrt", "_F", False),
    ("@triton.jit\ndef helper(x):\n    return x\n_F = helper", "_F", False),
    ("_M = tl.constexpr(2)\n_M = torch.empty(3)", "_M", False),       # one binding is not a constant
    ("_M = [1, 2]", "_M", False),
])
def test_jit_default_may_be_a_module_constant(body, default, ok):
    got = checked(cand(body, kernel=kernel_with_default(default)))
    assert (got is None) == ok, got


@pytest.mark.parametrize("body,check", [
    ("if True:\n    try:\n        import math\n    except ImportError:\n        import operator as math\nelse:\n"
     "    import math", "static.try_except"),  # the branches must import the same thing from two places
    ("if True:\n    try:\n        from math import sqrt\n    except ImportError:\n        from numpy import sqrt\n"
     "else:\n    import math", None),
    ("if hasattr(tl, 'extra'):\n    if True:\n        try:\n            from triton.language.extra import libdevice\n"
     "        except ModuleNotFoundError:\n            from triton.language.extra.cuda import libdevice\n"
     "else:\n    from triton.language.math import libdevice", None),
    ("if True:\n    try:\n        import math\n    except ImportError:\n        def f(x):\n            return x",
     "static.try_except"),
    ("for _i in range(1):\n    try:\n        import math\n    except ImportError:\n        pass", "static.try_except"),
    ("def g():\n    if True:\n        try:\n            import math\n        except ImportError:\n            pass",
     "static.try_except"),
    ("with torch.no_grad():\n    try:\n        import math\n    except ImportError:\n        pass", "static.try_except"),
])
def test_optional_import_inside_module_level_if(body, check):
    assert checked(cand(body)) == check


@pytest.mark.parametrize("body,check", [
    # which branch runs depends on what the machine has installed, and only this machine's is judged
    ("try:\n    import cupy\n    from math import e as S\nexcept ImportError:\n    from math import pi as S",
     "static.try_except"),
    ("try:\n    from math import floor as f\nexcept ImportError:\n    from math import ceil as f", "static.try_except"),
    ("try:\n    from triton.language.extra import libdevice\nexcept ImportError:\n    pass", "static.try_except"),
    ("try:\n    import cupy as xp\nexcept ImportError:\n    import numpy as xp", "static.try_except"),
    ("try:\n    from triton.language.extra.libdevice import rsqrt\nexcept ImportError:\n"
     "    from triton.language.extra.cuda.libdevice import rsqrt", None),
    ("try:\n    import triton.language.extra.libdevice as ld\nexcept ModuleNotFoundError:\n"
     "    from triton.language.extra.cuda import libdevice as ld", None),
])
def test_optional_import_branches_import_the_same_names(body, check):
    assert checked(cand(body)) == check


@pytest.mark.parametrize("body,check", [
    ("V = triton.__version__\nT = torch.__version__.split('.')", None),
    ("import triton as tr\nV = int(tr.__version__.split('.')[0]) >= 3", None),
    ("from packaging.version import Version, parse\nOK = Version(triton.__version__) >= parse('3.0')", None),
    ("import packaging.version\nOK = packaging.version.parse(torch.__version__).major >= 2", None),
    ("import numpy as np\nV = np.__version__", "static.private_access"),
    ("V = tl.__version__", "static.private_access"),
    ("V = torch.__version__.__class__", "static.private_access"),
    ("triton.__version__ = '9'", "static.private_access"),
    ("V = hasattr(triton, '__version__')", "static.private_access"),
    ("from packaging.version import Version\nF = [Version]", "static.stdlib_form"),
    ("from packaging.version import InvalidVersion", "static.forbidden_api"),
    ("from packaging import requirements", "static.forbidden_api"),
    ("from importlib.metadata import version", "static.imports"),
])
def test_version_strings_and_packaging(body, check):
    assert checked(cand(body)) == check


def test_version_string_is_not_kernel_code():
    kernel = "@triton.jit\ndef k(x):\n    v = triton.__version__\n"
    assert checked(cand("", kernel=kernel)) == "static.jit_body"


@pytest.mark.parametrize("body,forward,check", [
    ("from typing import NamedTuple\nclass C(NamedTuple):\n    '''doc'''\n    B: int\n    W: int = 4\nc = C(1)", "return x",
     None),
    ("import typing\nclass C(typing.NamedTuple):\n    B: int = -1", "return x", None),
    ("import collections\nC = collections.namedtuple('C', ['B', 'W'], defaults=(4,))", "return x", None),
    ("from collections import namedtuple\nC = namedtuple('C', 'B W')", "return x", None),
    ("from typing import NamedTuple\nclass C(NamedTuple):\n    B: int\n    def f(self):\n        return 1", "return x",
     "static.tensor_tricks"),
    ("from typing import NamedTuple\nclass C(NamedTuple):\n    B: int\nclass D(C):\n    pass", "return x",
     "static.tensor_tricks"),
    ("from typing import NamedTuple\nclass C(NamedTuple):\n    B: int = torch.empty(3)", "return x",
     "static.tensor_tricks"),
    ("from typing import NamedTuple\nclass C(NamedTuple, nn.Module):\n    B: int", "return x", "static.tensor_tricks"),
    ("import collections\nn = 'B'\nC = collections.namedtuple('C', [n])", "return x", "static.stdlib_form"),
    ("import collections\nC = collections.namedtuple('C', ['B'], module='torch')", "return x", "static.stdlib_form"),
    ("import collections\nC = collections.namedtuple('C', ['_B'])", "return x", "static.stdlib_form"),
    ("import collections\nNT = [collections.namedtuple]", "return x", "static.stdlib_form"),
    ("import collections\nC = collections.OrderedDict()", "return x", "static.forbidden_api"),
])
def test_namedtuple_configs(body, forward, check):
    assert checked(cand(body, forward)) == check


@pytest.mark.parametrize("body,forward,check", [
    ("import enum\nclass A(enum.IntEnum):\n    '''doc'''\n    X = 1\n    Y = enum.auto()", "return x", None),
    ("from enum import Enum, auto\nclass A(Enum):\n    X = 'relu'\n    Y = auto()", "return x", None),
    ("import enum\nclass A(enum.Enum):\n    X = torch.softmax", "return x", "static.tensor_tricks"),
    ("import enum\nclass A(enum.Enum):\n    X = 1\n    def f(self):\n        return 1", "return x", "static.tensor_tricks"),
    ("import enum\nclass A(enum.Enum):\n    X = 1\nclass B(A):\n    pass", "return x", "static.tensor_tricks"),
    ("import enum\nclass A(str, enum.Enum):\n    X = 'a'", "return x", "static.tensor_tricks"),
    ("import enum\nclass A(enum.Enum):\n    _ignore_ = 'x'\n    X = 1", "return x", "static.tensor_tricks"),
    ("import enum\n@enum.unique\nclass A(enum.Enum):\n    X = 1", "return x", "static.forbidden_api"),
    ("import enum\nA = enum.Enum('A', 'X Y')", "return x", "static.stdlib_form"),
    ("import enum\nV = enum.auto()", "return x", "static.stdlib_form"),
    ("import enum\nclass A(enum.Flag):\n    X = 1", "return x", "static.forbidden_api"),
    ("import warnings", "warnings.warn('slow path', RuntimeWarning, stacklevel=2)\n        return x", None),
    ("from warnings import warn", "warn('slow path')\n        return x", None),
    ("import warnings\nwarnings.showwarning = print", "return x", "static.patching"),
    ("import warnings\nwarnings.filterwarnings('error')", "return x", "static.forbidden_api"),
    ("import warnings", "with warnings.catch_warnings():\n            return x", "static.forbidden_api"),
    ("import warnings", "warnings.warn('x', source=x)\n        return x", "static.stdlib_form"),
    ("import warnings", "warnings.warn('x', stacklevel=9)\n        return x", "static.stdlib_form"),
    ("import warnings\nclass W(nn.Module):\n    pass", "warnings.warn('x', W)\n        return x", "static.stdlib_form"),
    ("import warnings\nF = [warnings.warn]", "return x", "static.stdlib_form"),
])
def test_enum_and_warnings(body, forward, check):
    assert checked(cand(body, forward)) == check


# Triton tutorial 06's autotune pre-hook: `if not isinstance(nargs["desc_q"], TensorDescriptor): return`
TD = "from triton.tools.tensor_descriptor import TensorDescriptor\n"


@pytest.mark.parametrize("body,forward,check", [
    (TD + "def hook(nargs):\n    if not isinstance(nargs['d'], TensorDescriptor):\n        return\n"
     "    nargs['d'].block_shape = [16, 16]", "hook({'d': x})\n        return x", None),
    (TD, "return x if isinstance(x, (TensorDescriptor, torch.Tensor)) else x", None),
    (TD, "return x if issubclass(type(x), TensorDescriptor) else x", None),
    # the class tested, and nothing else: not a kernel, not kernel-language classes, not as a value
    ("", "return x if isinstance(x, k) else x", "static.triton_object"),
    ("", "return x if isinstance(x, (k, torch.Tensor)) else x", "static.triton_object"),
    ("", "return x if isinstance(x, tl.tensor) else x", "static.triton_object"),
    (TD, "return x if isinstance(TensorDescriptor, object) else x", "static.triton_object"),
    (TD, "return x if type(x) == TensorDescriptor else x", "static.triton_object"),
    (TD, "print(TensorDescriptor)\n        return x", "static.triton_object"),
    (TD + "def isinstance(a, b):\n    return b", "return isinstance(x, TensorDescriptor)", "static.triton_object"),
    (TD, "return x if isinstance(x, TensorDescriptor, ) and isinstance(x, cls=TensorDescriptor) else x",
     "static.triton_object"),
])
def test_isinstance_against_a_tensor_descriptor(body, forward, check):
    assert checked(cand(body, forward)) == check


# tutorials 06 and 09 define the allocator in the launcher: `def alloc_fn(...)` then triton.set_allocator(alloc_fn)
ALLOC = "    def alloc_fn(size, alignment, stream):\n        return torch.empty(size, device=x.device, dtype=torch.int8)\n"


@pytest.mark.parametrize("body,check", [
    ("def launch(x):\n" + ALLOC + "    triton.set_allocator(alloc_fn)\n    return x", None),
    ("def launch(x):\n" + ALLOC + "    if x.numel():\n        triton.set_allocator(alloc_fn)\n    return x", None),
    ("def launch(x):\n" + ALLOC + "    def go():\n        triton.set_allocator(alloc_fn)\n    go()\n    return x", None),
    # the name's one binding in that scope is the plain def: no assignment, parameter, decorator, nonlocal, global
    ("def launch(x):\n" + ALLOC + "    alloc_fn = print\n    triton.set_allocator(alloc_fn)\n    return x",
     "static.triton_object"),
    ("def launch(x, alloc_fn=print):\n    triton.set_allocator(alloc_fn)\n    return x", "static.triton_object"),
    ("def launch(x):\n    alloc_fn = lambda size, alignment, stream: None\n    triton.set_allocator(alloc_fn)\n"
     "    return x", "static.triton_object"),
    ("import functools\ndef launch(x):\n    @functools.lru_cache\n" + ALLOC.replace("    def", "    def", 1)
     + "    triton.set_allocator(alloc_fn)\n    return x", "static.triton_object"),
    ("def launch(x):\n" + ALLOC + "    def swap():\n        nonlocal alloc_fn\n        alloc_fn = print\n    swap()\n"
     "    triton.set_allocator(alloc_fn)\n    return x", "static.triton_object"),
    ("def launch(x):\n    global alloc_fn\n    triton.set_allocator(alloc_fn)\n    return x\n"
     "def alloc_fn(size, alignment, stream):\n    return None", "static.triton_object"),
    ("def launch(x):\n" + ALLOC + "    f = alloc_fn\n    triton.set_allocator(f)\n    return x", "static.triton_object"),
    ("def launch(x):\n" + ALLOC + "    triton.set_allocator([alloc_fn][0])\n    return x", "static.triton_object"),
    ("def launch(x):\n    triton.set_allocator(alloc_fn)\n    return x", "static.unbound_name"),
])
def test_allocator_defined_in_the_launcher(body, check):
    got = checked(cand(body, "return launch(x)"))
    assert got == check


# Unsloth's functional decoration: `_k = triton.jit(_k)` then `_k = triton.heuristics({...})(_k)`
FN = ("def kf(x_ptr, n, B: tl.constexpr):\n    offs = tl.arange(0, B)\n"
      "    tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n), mask=offs < n)\n")
LAUNCH = "kf[(1,)](x, x.numel())\n        return x"


@pytest.mark.parametrize("body,check,why", [
    (FN + "pass\n\nkf = triton.jit(kf)\nkf = triton.heuristics({'B': lambda a: 16})(kf)", None, ""),
    (FN + "kf = triton.jit(kf, do_not_specialize=['n'])\n"
     "kf = triton.autotune(configs=[triton.Config({'B': 16})], key=['n'])(kf)", None, ""),
    (FN + "kf = triton.jit(kf)\nkf = triton.heuristics({'B': lambda a: 16})(kf)\n"
     "@triton.jit\ndef outer(x_ptr, n):\n    kf(x_ptr, n, 16)", None, ""),
    # the body is kernel code, checked as a decorated one is
    (FN.replace("mask=offs < n), mask", "mask=offs < n).numpy(), mask") + "kf = triton.jit(kf)",
     "static.jit_body", "numpy"),
    (FN.replace("    offs =", "    print(open('/etc/passwd'))\n    offs =") + "kf = triton.jit(kf)",
     "static.forbidden_call", "open"),
    # another name, another place, something run in between, another wrapper: refused with the reason
    (FN + "k2 = triton.jit(kf)", "static.triton_object", "triton.jit is applied as"),
    (FN + "Y = kf(None, 0, 1)\nkf = triton.jit(kf)", "static.triton_object", "triton.jit is applied as"),
    (FN + "if True:\n    kf = triton.jit(kf)", "static.triton_object", "triton.jit is applied as"),
    ("def make():\n    " + FN.replace("\n    ", "\n        ") + "    kf = triton.jit(kf)\n    return kf\nkf = make()",
     "static.triton_object", "triton.jit is applied as"),
    ("def passthrough(fn):\n    return fn\n@passthrough\n" + FN + "kf = triton.jit(kf)", "static.triton_object",
     "triton.jit is applied as"),
    (FN + "kf = triton.jit(kf)\nkf = triton.jit(kf)", "static.triton_object", "triton.jit is applied as"),
    (FN + "kf = triton.heuristics({'B': lambda a: 16})(kf)", "static.triton_object", "may only decorate"),
    (FN + "kf = triton.jit(kf)\nkf = print", "static.triton_object", "bound again"),
    ("def wrap(f):\n    return f\n" + FN + "kf = triton.jit(kf)\nkf = wrap(kf)", "static.triton_object", "bound again"),
    (FN + "kf = triton.jit(kf)\nkf = triton.heuristics({'B': lambda a: kf})(kf)", "static.triton_object",
     "may only decorate"),
    ("DEBUG = True\n" + FN + "kf = triton.jit(kf, debug=DEBUG)", "static.triton_object", "literal"),
    (FN + "kf = triton.jit(kf, repr=str)", "static.triton_object", "repr"),
    (FN + "kf = triton.jit(kf)\nkf.fn = print", "static.triton_object", "kf.fn"),
])
def test_functional_decoration(body, check, why):
    bad = run_static_checks(cand(body, LAUNCH, kernel=""))
    assert (None if bad is None else bad.check) == check, bad
    assert bad is None or why in bad.reason, bad


def test_functional_decoration_is_a_triton_kernel():
    from kernelpilot.sandbox.checks import detect_backend, parse
    assert detect_backend(parse(cand(FN + "kf = triton.jit(kf)", LAUNCH, kernel=""))) == "triton"


# tutorial 09: `@triton.jit(launch_metadata=_matmul_launch_metadata)`, a host function Triton calls only when a
# launch hook (a profiler) is set
META = "def _meta(grid, kernel, args):\n    return {'name': f\"k [{args['n']}]\"}\n"
KMETA = "@triton.jit(launch_metadata=_meta)\ndef km(x_ptr, n):\n    pass\n"


@pytest.mark.parametrize("body,check", [
    (META + KMETA, None),
    (META + FN + "kf = triton.jit(kf, launch_metadata=_meta)", None),
    # a plain function of the file, defined once at module level, undecorated, not a kernel
    (KMETA, "static.unbound_name"),
    ("_meta = print\n" + KMETA, "static.triton_object"),
    (META + "_meta = print\n" + KMETA, "static.triton_object"),
    ("import functools\n@functools.lru_cache\n" + META + KMETA, "static.triton_object"),
    ("@triton.jit\ndef _meta(x):\n    pass\n" + KMETA, "static.triton_object"),
    (KMETA.replace("=_meta", "=lambda g, k, a: {}"), "static.triton_object"),
    ("def outer():\n    " + META.replace("\n    ", "\n        ") + "    return _meta\n" + KMETA,
     "static.unbound_name"),
    (META + KMETA.replace("launch_metadata", "repr"), "static.triton_object"),
    (META.replace("return {", "print(open('/etc/passwd'))\n    return {") + KMETA, "static.forbidden_call"),
])
def test_launch_metadata(body, check):
    assert checked(cand(body)) == check


@pytest.mark.parametrize("forward,check", [
    # the math-mode settings a GEMM wrapper follows as torch.matmul does, read as they are
    ("p = 'tf32' if torch.backends.cuda.matmul.allow_tf32 else 'ieee'\n        return x", None),
    ("p = torch.backends.cudnn.allow_tf32\n        return x", None),
    ("p = torch.get_float32_matmul_precision() == 'high'\n        return x", None),
    ("p = torch.are_deterministic_algorithms_enabled()\n        return x", None),
    # set, or anything else of torch.backends: refused
    ("torch.backends.cuda.matmul.allow_tf32 = True\n        return x", "static.patching"),
    ("m = torch.backends.cuda.matmul\n        m.allow_tf32 = True\n        return x", "static.patching"),
    ("torch.backends.cudnn.allow_tf32 += 1\n        return x", "static.patching"),
    ("torch.set_float32_matmul_precision('high')\n        return x", "static.forbidden_api"),
    ("torch.backends.cuda.preferred_linalg_library('magma')\n        return x", "static.forbidden_api"),
    ("p = torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction\n        return x", "static.forbidden_api"),
    ("p = torch.backends.mkldnn\n        return x", "static.forbidden_api"),
    ("p = torch.backends.cudnn.benchmark\n        return x", "static.forbidden_api"),
])
def test_math_mode_settings_are_read_only(forward, check):
    assert checked(cand("", forward=forward)) == check


OWN_OP = ("from torch.library import triton_op, wrap_triton\n"
          "@triton_op('kp_mine::scale', mutates_args={})\n"
          "def scale(x: torch.Tensor) -> torch.Tensor:\n"
          "    y = torch.empty_like(x)\n"
          "    wrap_triton(k)[(1,)](y)\n"
          "    return y\n")


@pytest.mark.parametrize("forward,check", [
    # the file's own operator through the dispatcher's namespace, as vLLM and SGLang call theirs
    ("return torch.ops.kp_mine.scale(x)", None),
    ("return torch.ops.kp_mine.scale.default(x)", None),
    # anything else of torch.ops: another operator, another overload, the operator as a value, torch's namespaces
    ("return torch.ops.kp_mine.other(x)", "static.forbidden_api"),
    ("return torch.ops.kp_other.scale(x)", "static.forbidden_api"),
    ("return torch.ops.kp_mine.scale.out(x)", "static.forbidden_api"),
    ("f = torch.ops.kp_mine.scale\n        return f(x)", "static.forbidden_api"),
    ("return torch.ops.aten.relu(x)", "static.forbidden_api"),
    ("return torch.ops.kp_mine(x)", "static.forbidden_api"),
])
def test_own_operator_through_torch_ops(forward, check):
    assert checked(cand(OWN_OP, forward=forward, kernel=KERNEL)) == check


def test_torch_ops_of_an_operator_in_torchs_own_namespace_is_refused():
    body = OWN_OP.replace("kp_mine::scale", "aten::kp_scale")
    assert checked(cand(body, forward="return torch.ops.aten.kp_scale(x)")) == "static.forbidden_api"


AUTOGRAD_OP = OWN_OP + ("def _backward(ctx, grad):\n    return grad\n"
                        "def _setup(ctx, inputs, output):\n    ctx.n = inputs[0].numel()\n")


@pytest.mark.parametrize("tail,check", [
    # PyTorch's custom-operator recipe for training: no forward kernel is registered
    ("scale.register_autograd(_backward, setup_context=_setup)", None),
    ("scale.register_autograd(_backward)", None),
    # any other form: a lambda, a function bound again, inside a function, other methods
    ("scale.register_autograd(lambda ctx, g: g, setup_context=_setup)", "static.triton_op"),
    ("scale.register_autograd(_backward, setup_context=_setup, extra=1)", "static.triton_op"),
    ("_setup = _backward\nscale.register_autograd(_backward, setup_context=_setup)", "static.triton_op"),
    ("def f():\n    scale.register_autograd(_backward)", "static.triton_op"),
    ("scale.register_kernel('cuda')(_backward)", "static.triton_op"),
    ("r = scale.register_autograd(_backward)", "static.triton_op"),
])
def test_register_autograd_of_an_own_operator(tail, check):
    assert checked(cand(AUTOGRAD_OP + tail + "\n", forward="return scale(x)")) == check


@pytest.mark.parametrize("expr,ok", [
    ("math.pi", True), ("-math.inf", True), ("2.0 * math.tau", True), ("math.e + math.nan", True),
    ("math.sqrt(2.0)", False), ("math.floor", False),
])
def test_math_constants_in_a_jit_body(expr, ok):
    """The constants of `math` are values a kernel may read (the compiler folds them); `math` itself stays out
    (its functions would run as Python in the interpreter)."""
    kernel = f"@triton.jit\ndef k(x_ptr):\n    tl.store(x_ptr, {expr})\n"
    r = checked(cand("import math\n", kernel=kernel))
    assert r == (None if ok else "static.jit_body"), r
