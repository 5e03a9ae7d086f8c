"""Library bugs the judge works around (sandbox/compat.py): a correct kernel must not fail because of them.

The GPU machines' stack (Triton 3.6 with NumPy 2.5) breaks every interpreted kernel whose loop bound is a
runtime argument. This machine's Triton is fixed, so the broken version is recreated here in miniature."""

import numpy as np
import pytest
from triton.runtime import interpreter

from kernelpilot.sandbox import compat


def _broken_patch(tensor, scope):
    # what Triton 3.6 does, with NumPy 2.5's refusal written out (NumPy 2.4 only warns)
    def index(self):
        data = self.handle.data
        if data.ndim:
            raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
        return int(data)

    scope.set_attr(tensor, "__index__", index)


class _Scope:
    def set_attr(self, obj, name, value):
        setattr(obj, name, value)


def _scalar(value):
    class Handle:
        data = np.array([value], dtype=np.int32)

    class Tensor:
        handle = Handle()

    return Tensor


@pytest.fixture
def broken(monkeypatch):
    monkeypatch.setattr(interpreter, "_patch_lang_tensor", _broken_patch)
    # the header search as Triton ships it, put back after the test (fix_triton_interpreter replaces it)
    monkeypatch.setattr(interpreter.FunctionRewriter, "_find_def", _TRITONS_FIND_DEF)


_TRITONS_FIND_DEF = interpreter.FunctionRewriter._find_def


def _version(text: str) -> tuple[int, int]:
    return tuple(int(x) for x in text.split(".")[:2])


def test_the_probe_agrees_with_the_known_versions(monkeypatch):
    import triton

    monkeypatch.setattr(interpreter.FunctionRewriter, "_find_def", _TRITONS_FIND_DEF)

    found = compat.triton_interpreter_bugs()
    if _version(triton.__version__) >= (3, 9):  # the index bug fixed upstream; the header search not
        assert found == ["triton_interpreter_def_line"]
    elif _version(np.__version__) >= (2, 5):  # the GPU machines' stack: Triton 3.6 with NumPy 2.5
        assert found == ["triton_index_numpy25", "triton_interpreter_def_line"]


def test_the_bug_is_detected_and_fixed_under_the_interpreter(broken, monkeypatch):
    assert compat.triton_interpreter_bugs() == ["triton_index_numpy25", "triton_interpreter_def_line"]
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    assert compat.fix_triton_interpreter() == ["triton_index_numpy25", "triton_interpreter_def_line"]
    tensor = _scalar(1000)
    interpreter._patch_lang_tensor(tensor, _Scope())
    assert range(0, tensor(), 256) == range(0, 1000, 256)
    # applied once: a second call finds nothing left to fix
    assert compat.triton_interpreter_bugs() == []
    assert compat.fix_triton_interpreter() == []


def test_nothing_is_patched_outside_the_interpreter(broken, monkeypatch):
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    assert compat.fix_triton_interpreter() == []
    assert interpreter._patch_lang_tensor is _broken_patch
    assert interpreter.FunctionRewriter._find_def is _TRITONS_FIND_DEF


def test_doctor_lists_the_fixes(broken):
    from kernelpilot.sandbox import doctor

    # the float alignment is listed wherever the interpreter keeps floats at fp64 (all Triton releases so far),
    # and without a GPU the TF32 dots of the default target, sm_90
    assert doctor.collect()["triton_interpreter_fixes"] == ["triton_index_numpy25", "triton_interpreter_def_line",
                                                           "float_args_as_launched", "fp32_dots_as_tf32 (as on sm_90)"]


def test_an_imported_cupy_writes_its_kernel_cache_into_the_candidate_scratch(tmp_path, monkeypatch):
    """CuPy 14 fixes its kernel cache folder (~/.cupy of root, read-only in the sandbox) when its compiler
    module is imported, which the judge does before it forks a candidate. On the H100 every RawKernel then
    failed with "Read-only file system". clean_environment must point the cache at the scratch folder."""
    import sys
    import types

    from kernelpilot.sandbox import isolation

    try:  # the real CuPy where installed (the GPU machines, the rehearsal venv), else a stand-in of its API
        from cupy.cuda import compiler
        from cupy.cuda._compiler_cache import DiskKernelCacheBackend
    except ImportError:
        class DiskKernelCacheBackend:
            def __init__(self, cache_dir=None):
                self._cache_dir = cache_dir or "/root/.cupy/kernel_cache"

        compiler = types.ModuleType("cupy.cuda.compiler")
        compiler._kernel_cache_backend = DiskKernelCacheBackend()

        def _set(backend):
            compiler._kernel_cache_backend = backend

        compiler._set_kernel_cache_backend = _set
        cache_mod = types.ModuleType("cupy.cuda._compiler_cache")
        cache_mod.DiskKernelCacheBackend = DiskKernelCacheBackend
        for name, mod in {"cupy": types.ModuleType("cupy"), "cupy.cuda": types.ModuleType("cupy.cuda"),
                          "cupy.cuda.compiler": compiler, "cupy.cuda._compiler_cache": cache_mod}.items():
            monkeypatch.setitem(sys.modules, name, mod)
    before = compiler._kernel_cache_backend
    monkeypatch.setattr(compiler, "_kernel_cache_backend", before)  # restored after the test
    saved_env = dict(__import__("os").environ)
    try:
        isolation.clean_environment(tmp_path)
        assert compiler._kernel_cache_backend._cache_dir == str(tmp_path / ".cupy")
    finally:
        __import__("os").environ.clear()
        __import__("os").environ.update(saved_env)
        import tempfile

        tempfile.tempdir = None


_FLOAT_ARGS = r'''
import json, sys
import torch, triton, triton.language as tl
from kernelpilot.sandbox import compat

applied = compat.floats_launched_as_compiled() if sys.argv[1] == "aligned" else False

@triton.jit
def scale(x_ptr, o_ptr, s, N: tl.constexpr):
    i = tl.arange(0, N)
    tl.store(o_ptr + i, s * tl.load(x_ptr + i))

@triton.jit
def scale64(x_ptr, o_ptr, s: tl.float64, N: tl.constexpr):
    i = tl.arange(0, N)
    tl.store(o_ptr + i, s * tl.load(x_ptr + i))

x, o = torch.ones(4, dtype=torch.float64), torch.empty(4, dtype=torch.float64)
h = torch.ones(4, dtype=torch.float16)
found = {"applied": applied}
scale[(1,)](x, o, 1 / 3, N=4)
found["positional"] = o[0].item()
scale[(1,)](x, o, s=1 / 3, N=4)
found["keyword"] = o[0].item()
scale64[(1,)](x, o, 1 / 3, N=4)
found["annotated_fp64"] = o[0].item()
o32 = torch.zeros(4)
scale[(1,)](h, o32, 1 / 3, N=4)  # stored into fp32: fp16 block times an fp32 scalar computes in fp32
found["fp16_block"] = o32[0].item()
print(json.dumps(found))
'''


@pytest.mark.parametrize("mode", ["aligned", "plain"])
def test_float_arguments_reach_interpreted_kernels_as_a_compiled_launch_passes_them(mode, tmp_path):
    """A compiled launch passes an unannotated Python float as fp32 and an `x: tl.float64` one as fp64. The
    interpreter kept every float at fp64, so an fp64 kernel with a float argument passed on the CPU and failed
    on the GPU (jacobi2d). With the alignment the CPU computes what the GPU computes."""
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "floats.py"
    script.write_text(_FLOAT_ARGS)
    env = dict(os.environ, TRITON_INTERPRET="1")
    p = subprocess.run([sys.executable, str(script), mode], env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    found = json.loads(p.stdout.strip().splitlines()[-1])
    fp32_third = float(np.float32(1 / 3))
    assert found["annotated_fp64"] == 1 / 3
    if mode == "aligned":
        assert found["applied"] is True
        assert found["positional"] == found["keyword"] == fp32_third
        assert found["fp16_block"] == fp32_third  # not rounded through fp16
    else:  # what the interpreter does by itself: the difference this alignment exists for
        assert found["positional"] == 1 / 3
        assert found["fp16_block"] == float(np.float16(1 / 3))


def test_float_alignment_is_not_applied_outside_the_interpreter(monkeypatch):
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    assert compat.floats_launched_as_compiled() is False


_DOTS = r"""
import json, sys
import numpy as np, torch, triton, triton.language as tl
from kernelpilot.sandbox import compat

applied = compat.dots_as_compiled(sys.argv[1])

@triton.jit
def mm(a_ptr, b_ptr, o_ptr, P: tl.constexpr):
    i = tl.arange(0, 16)
    a = tl.load(a_ptr + i[:, None] * 16 + i[None, :])
    b = tl.load(b_ptr + i[:, None] * 16 + i[None, :])
    if P == 0:
        c = tl.dot(a, b)
    elif P == 1:
        c = tl.dot(a, b, input_precision="ieee")
    elif P == 3:
        c = tl.dot(a, b, input_precision="bf16x3")
    elif P == 4:
        c = tl.dot(a, b, input_precision="bf16x6")
    else:
        c = tl.dot(a.to(tl.float16), b.to(tl.float16))
    tl.store(o_ptr + i[:, None] * 16 + i[None, :], c)

torch.manual_seed(0)
a, b, o = torch.randn(16, 16), torch.randn(16, 16), torch.empty(16, 16)
an, bn = a.numpy(), b.numpy()
tf = compat.truncate_to_tf32
found = {"applied": applied}
for p, name in enumerate(["default", "ieee", "fp16"]):
    mm[(1,)](a, b, o, P=p)
    got = o.numpy()
    found[name] = {"tf32": bool(np.allclose(got, tf(an) @ tf(bn), rtol=1e-6, atol=1e-6)),
                   "fp32": bool(np.allclose(got, an @ bn, rtol=1e-6, atol=1e-6))}
found["count"] = compat.TF32_DOTS
exact = an.astype(np.float64) @ bn.astype(np.float64)
for p, name in ((3, "bf16x3"), (4, "bf16x6")):
    try:
        mm[(1,)](a, b, o, P=p)
        found[name] = float(np.abs(o.numpy() - exact).max() / np.abs(exact).max())
    except Exception as e:
        found[name] = str(e)[:200]
print(json.dumps(found))
"""


@pytest.mark.parametrize("arch", ["sm_90", "sm_75"])
def test_fp32_dots_compute_as_on_the_gpu_the_verdict_stands_for(arch, tmp_path):
    """On sm_80+ an fp32 tl.dot with the default input_precision runs at TF32 (10 mantissa bits); the
    interpreter computed it in full fp32, so a kernel that needs fp32 passed on the CPU and would fail on the
    GPU. With the alignment, default fp32 dots truncate their operands as the tensor cores do; "ieee" and
    fp16 dots are unchanged, and a pre-Ampere target (no TF32) is left exact."""
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "dots.py"
    script.write_text(_DOTS)
    env = dict(os.environ, TRITON_INTERPRET="1")
    p = subprocess.run([sys.executable, str(script), arch], env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    found = json.loads(p.stdout.strip().splitlines()[-1])
    tf32 = arch == "sm_90"
    assert found["applied"] is tf32
    assert found["default"] == {"tf32": tf32, "fp32": not tf32}
    assert found["ieee"]["fp32"] and not found["ieee"]["tf32"]
    assert found["count"] == (1 if tf32 else 0)  # the fp16 dot is exact either way, and is not counted
    if tf32:  # the NVIDIA backend's bf16x3 / bf16x6 run, near fp32 (16 and 24 mantissa bits of operands)
        assert 1e-7 < found["bf16x3"] < 1e-4 and found["bf16x6"] < 1e-6, found


def test_tf32_truncation_keeps_specials_and_clears_low_bits():
    x = np.array([1.0 + 2.0 ** -20, -(1.0 + 2.0 ** -9 + 2.0 ** -12), np.inf, -np.inf, np.nan, 0.0], dtype=np.float32)
    t = compat.truncate_to_tf32(x)
    assert t[0] == 1.0 and t[1] == -(1.0 + 2.0 ** -9)  # towards zero, sign kept
    assert np.isposinf(t[2]) and np.isneginf(t[3]) and np.isnan(t[4]) and t[5] == 0.0


# -- a kernel's header, whatever its docstring holds --------------------------------------------------------

# the docstring is S3-quoted, the lines after its `return` D3-quoted: read from the second `def`, the docstring's
# text is a whole function and the real body a string (substituted below, being quotes themselves)
_DEF_LINE = r"""
import json, sys
import torch, triton, triton.language as tl
from kernelpilot.sandbox import compat

applied = compat.fix_triton_interpreter() if sys.argv[1] == "fixed" else []


@triton.jit
def fill(o_ptr, N: tl.constexpr):
    S3Stores 2.
def fill(o_ptr, N: tl.constexpr):
    tl.store(o_ptr + tl.arange(0, N), tl.full([N], 1.0, tl.float32))
    return
    _ = D3
    S3
    tl.store(o_ptr + tl.arange(0, N), tl.full([N], 2.0, tl.float32))  # D3


o = torch.zeros(4)
fill[(1,)](o, N=4)
print(json.dumps({"applied": applied, "stored": o[0].item()}))
""".replace("S3", "'" * 3).replace("D3", '"' * 3)


@pytest.mark.parametrize("mode", ["fixed", "plain"])
def test_the_interpreter_runs_the_kernels_own_body_when_its_docstring_holds_a_def_line(mode, tmp_path):
    """Triton's interpreter takes the last source line that starts with `def ` for the kernel's header, so a
    docstring holding such a line made it run the docstring's text, while the compiler compiles the real body
    (it takes the first). Fixed, the interpreter runs the body the compiler compiles."""
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "def_line.py"
    script.write_text(_DEF_LINE)
    env = dict(os.environ, TRITON_INTERPRET="1")
    p = subprocess.run([sys.executable, str(script), mode], env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    found = json.loads(p.stdout.strip().splitlines()[-1])
    if mode == "fixed":
        assert "triton_interpreter_def_line" in found["applied"]
        assert found["stored"] == 2.0  # the kernel's body
    else:  # what Triton's interpreter does by itself: the docstring's text ran
        assert found["stored"] == 1.0


def test_the_def_line_is_the_parsed_header():
    lines = ["@triton.jit(do_not_specialize=['n'])\n", "def k(x, n):\n", "    \"\"\"Doc.\n",
             "    def k(x, n): not a header\n", "    \"\"\"\n", "    return x\n"]
    assert compat.def_line(lines) == 2
    indented = ["    @triton.jit\n", "    def inner(x):\n", "        return x\n"]  # a kernel defined in a function
    assert compat.def_line(indented) == 2
    assert compat.def_line(["@jit\n", "def k(x):\n", "    return (\n"]) == 2  # unparsable: the first `def` line


def test_a_docstring_def_line_kernel_is_judged_on_its_own_body():
    """With the static checks bypassed (they refuse such a line outright), the judge's interpreted run is the
    kernel's own body, a copy of the input, and not the softmax the docstring's text computes."""
    from pathlib import Path

    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import run_worker
    from kernelpilot.tasks.loader import load_task

    case = Path(__file__).resolve().parents[1] / "adversarial/cases/nokernel__jit_docstring_def_line.py"
    r = run_worker(load_task("softmax"), case.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60),
                   "cpu", "triton")
    assert r.verdict == "fail" and r.check == "correctness.mismatch", r.reason
