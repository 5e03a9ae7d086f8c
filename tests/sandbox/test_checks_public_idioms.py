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
    ("if True:\n    try:\n        import math\n    except ImportError:\n        pass\nelse:\n    import math", None),
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
