"""The interpreter gives a kernel the semantics the compiled kernel has (sandbox/interp_semantics.py).

Each construct of interp_semantics_kernels.py runs in its own process: interpreted with the fixes (as in a
candidate's process), interpreted without them (to show what each fix changes, so that these tests can fail),
and through Triton's code generator (no GPU needed). Then the constructs are judged end to end, and a
GPU-marked test compares the interpreted values with the compiled kernels' on a GPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from functools import lru_cache
from pathlib import Path

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from interp_semantics_kernels import CASES  # noqa: E402


@lru_cache(maxsize=None)
def drive(how: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    env["PYTHONWARNINGS"] = "ignore"
    out = subprocess.run([sys.executable, str(HERE / "interp_semantics_kernels.py"), how], capture_output=True,
                         text=True, timeout=300, env=env, cwd=HERE)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_snippet(code: str, how: str) -> dict:
    """A test program in a process of its own (the interpreter set up from scratch), given `how` as its
    argument; the JSON object its last line prints."""
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    p = subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def outcome(result: list):
    return "error" if result[0] == "error" else result[1]


def test_interpreted_kernels_compute_what_compiled_triton_does():
    got = drive("interpreted")["cases"]
    wrong = {name: (got[name], want) for name, (_, _, _, want) in CASES.items() if outcome(got[name]) != want}
    assert not wrong, wrong


def test_install_is_idempotent_and_says_what_it_applied():
    first, second, unchanged = drive("interpreted")["applied"]
    assert first == second == ["splats_as_views", "loop_vars_as_tensors", "int_args_typed_as_compiled", "int_one_specialized",
                               "combines_in_tree_order", "comparisons_typed_int1", "constexpr_with_tensor_is_tensor",
                               "fp8_downcast_rounds_to_nearest_even", "bf16_downcast_rounds_to_nearest_even",
                               "bf16_conversions_by_value", "fp8_infinities_and_nans_decoded",
                               "builtin_min_max_elementwise", "boolean_operators_elementwise",
                               "block_conditions_refused", "injected_names_are_the_interpreters",
                               "exp_as_ex2_approx", "exp2_flushes_subnormals", "multiply_add_fused",
                               "bf16_arithmetic_on_values", "bf16_reductions_on_values", "float_to_int_saturates",
                               "sqrt_flushes_subnormals", "floor_ceil_flush_subnormals", "math_as_libdevice",
                               "sums_in_tree_order", "ieee_dot_as_fma_chain",
                               "integer_division_by_zero_all_ones", "gather_index_in_range",
                               "reorder_drawn", "grid_dependency_calls_run",
                               "float_remainder_as_compiled", "fp32_division_as_compiled",
                               "language_aliases_bound", "float_atomics_supported",
                               "descriptor_offsets_any_element", "constexpr_annotations_as_compiled",
                               "device_calls_patch_once",
                               "np_dtypes_cached", "overflow_checks_only_when_asserted",
                               "block_types_built_once", "device_asserts_under_debug"]
    assert unchanged  # the second call wrapped nothing twice
    from kernelpilot.sandbox import interp_semantics

    assert interp_semantics.needed() == first  # what doctor lists, probed without applying


def test_without_the_fixes_the_interpreter_differs_where_they_apply():
    """What the installed Triton's interpreter does alone: each fix is needed (and these tests can fail)."""
    got = {k: outcome(v) for k, v in drive("interpreted-unfixed")["cases"].items()}
    assert got["range_runtime_bound"] == got["tl_range_loop"] == got["range_constant_bound"] == "error"
    assert got["loop_var_truncating_division"] == -71  # Python's floor division and modulo
    assert got["int_arg_past_int32"] == 1705032704  # 3e9 + 3e9 wrapped at 2**32
    assert got["constexpr_spelled_out"] == -1  # a tensor, so C's remainder: the compiler's constexpr gives 1
    assert got["int_arg_one_to"] == 2  # accepted, where the compiler refuses it
    assert got["bf16_downcast"] == 0x3F80  # truncated
    assert got["bf16_arithmetic"] != 3751  # NumPy's arithmetic on the bits
    assert (got["fp8_downcast_carry"], got["fp8_downcast_tie"]) == (0x68, 0x39)  # the carry lost; a tie rounded up
    # Python's max/min: a block is true, so max(x, 0.0) is 0.0, max(2x, x) is x, min(x, -x, 0.5) is 0.5
    assert got["builtin_min_max_blocks"] == sum(b << (8 * i) for i, b in enumerate((45, 55, 64, 74)))
    assert got["builtin_max_ignores_nan"] == 5  # the scalar 0.5, summed
    assert got["boolean_operators_blocks"] == "error"  # `not a` is the Python bool False, which has no .to
    assert got["if_on_block"] == got["ifexp_on_block"] == 1  # a block taken as true
    assert got["exp_fp32_as_ex2_approx"] == 12  # NumPy's correctly rounded exp(87.25)
    assert got["exp2_fp32_flushes_subnormals"] == 10  # 2**-130 kept as a subnormal
    # every product rounded before its add or subtract: each difference 0, only `t == c` holds
    assert got["fma_patterns_fp32"] == 100000
    assert got["fma_two_products_fp32"] == got["fma_broadcast_fp32"] == got["fma_in_loop_fp32"] == 0
    assert got["fma_fp16"] == got["fma_fp64"] == got["fma_not_fused_fp32"] == 0
    assert got["fma_off_at_launch"] == 100000  # the same as compiled with `enable_fp_fusion=False`
    assert got["bf16_reductions"] == 5700  # NumPy's sum, max and cumsum of the bits
    assert got["float_to_int_saturates"] == 10  # INT_MIN for 3e9 and NaN; the int8 a wrapped, not saturated, one
    assert got["sqrt_flushes_subnormals"] == 1100  # sqrt(1e-40) = 1e-20, rsqrt finite
    assert got["float_remainder"] == 10  # NumPy's exact fmod: 1e30 % 7 is 1
    assert got["fp32_division"] == 100  # NumPy's exact division: `/` and div_rn agree, div.approx is not flushed
    # where Python's semantics and the compiled agree, they still do
    assert got["builtin_min_max_scalars"] == 318 and got["boolean_operators_scalars"] == 11001


def test_the_interpreter_accepts_exactly_what_the_code_generator_accepts():
    """Triton's own code generator (to TTIR for sm_90, no GPU needed) on every construct, with the types the
    launcher gives the arguments; its `tl.static_assert`s check the types of loop variables, program ids and
    arguments. Each construct it refuses, the interpreter refuses, and only those."""
    compiled = {k: v[0] for k, v in drive("frontend")["cases"].items()}
    interpreted = {k: v[0] for k, v in drive("interpreted")["cases"].items()}
    assert compiled == interpreted
    assert compiled == {name: "error" if want == "error" else "ok" for name, (_, _, _, want) in CASES.items()}


# -- judged end to end ---------------------------------------------------------------------------------------

CPU = EvalConfig(device="cpu", trials=2, timeout_s=120, timing=False)

ROW_SUM_TASK = '''
"""Sum of each row of a 2-D fp32 tensor."""
import torch
import torch.nn as nn

rows, cols = 64, 4096
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x):
        return x.sum(dim=1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
'''

ROW_SUM = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_sum_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    acc = tl.zeros([BLOCK], tl.float32)
    for start in LOOP(0, n_cols, BLOCK):
        offs = start.to(tl.int64) + tl.arange(0, BLOCK)
        acc += tl.load(x_ptr + row * stride + offs, mask=offs < n_cols, other=0.0)
    tl.store(y_ptr + row, tl.sum(acc, axis=0))


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty(x.shape[0], device=x.device, dtype=x.dtype)
        row_sum_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
'''

OFFSET_TASK = '''
"""y = x + 6e9 on int64."""
import torch
import torch.nn as nn

n = 4096
SHAPES = [dict(n=1000)]


class Model(nn.Module):
    def forward(self, x):
        return x + 6_000_000_000


def get_inputs():
    return [torch.randint(-1000, 1000, (n,), dtype=torch.int64)]


def get_init_inputs():
    return []
'''

OFFSET = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_twice_kernel(x_ptr, y_ptr, n, half, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + (half + half), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        add_twice_kernel[(triton.cdiv(n, 256),)](x, y, n, 3_000_000_000, BLOCK=256)
        return y
'''

COPY_TASK = '''
"""y = 2 * x, fp32, 1-D."""
import torch
import torch.nn as nn

n = 4096
SHAPES = [dict(n=1000)]


class Model(nn.Module):
    def forward(self, x):
        return 2 * x


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
'''

STRIDED = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@JIT
def double_kernel(x_ptr, y_ptr, n, stride, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs * stride.to(tl.int64), mask=mask)
    tl.store(y_ptr + offs, 2 * x, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        double_kernel[(triton.cdiv(n, 256),)](x, y, n, x.stride(0), BLOCK=256)
        return y
'''


def task_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "task.py"
    path.write_text(textwrap.dedent(text))
    return str(path)


@pytest.mark.parametrize("loop", ["tl.range", "range"])
def test_loop_variable_converted_to_int64_passes(tmp_path, loop):
    r = evaluate(task_file(tmp_path, ROW_SUM_TASK), ROW_SUM.replace("LOOP", loop), CPU)
    assert r.verdict == "pass", (r.check, r.reason)


def test_int_argument_past_int32_is_int64_as_compiled(tmp_path):
    r = evaluate(task_file(tmp_path, OFFSET_TASK), OFFSET, CPU)
    assert r.verdict == "pass", (r.check, r.reason)


def test_int_argument_of_one_is_the_constant_the_compiler_makes_it(tmp_path):
    """`stride.to(tl.int64)` with a stride of 1: Triton compiles the argument as the constant 1, which has no
    `.to`, and the GPU launch fails; so does the CPU verdict. Not specialised (`do_not_specialize`), it passes."""
    task = task_file(tmp_path, COPY_TASK)
    r = evaluate(task, STRIDED.replace("@JIT", "@triton.jit"), CPU)
    assert r.verdict == "fail" and "has no attribute 'to'" in r.reason, (r.check, r.reason)
    r = evaluate(task, STRIDED.replace("@JIT", '@triton.jit(do_not_specialize=["stride"])'), CPU)
    assert r.verdict == "pass", (r.check, r.reason)


@pytest.mark.gpu
def test_interpreted_and_compiled_kernels_agree_on_a_gpu():
    """On a GPU machine (Triton 3.6 there): every construct launched compiled gives what the interpreter with
    the fixes gives, value for value, and fails where it fails."""
    compiled = drive("compiled")
    interpreted = drive("interpreted")
    assert compiled["triton"] == interpreted["triton"]
    assert {k: outcome(v) for k, v in compiled["cases"].items()} == \
        {k: outcome(v) for k, v in interpreted["cases"].items()}


def test_a_scalar_comparison_combined_with_a_block_mask_works_as_compiled():
    """`col_mask & (row < n_rows)`: compiled Triton types the comparison int1, and the masked load and store
    take it; this interpreter typed it int32 and refused the mask ("mask has unsupported dtype")."""
    import subprocess
    import textwrap

    code = textwrap.dedent('''
        import torch, triton, triton.language as tl
        from kernelpilot.sandbox.interp_semantics import install
        assert "comparisons_typed_int1" in install()

        @triton.jit
        def k(x_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
            row = tl.program_id(0)
            cols = tl.arange(0, BLOCK)
            mask = (cols < n_cols) & (row < n_rows)
            tl.store(y_ptr + row * n_cols + cols, tl.load(x_ptr + row * n_cols + cols, mask=mask) * 2, mask=mask)

        x = torch.randn(3, 5)
        y = torch.zeros(4, 5)
        k[(4,)](x, y, 3, 5, BLOCK=8)
        assert torch.equal(y[:3], x * 2) and torch.equal(y[3], torch.zeros(5))
        print("OK")
    ''')
    env = {**os.environ, "TRITON_INTERPRET": "1"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert p.stdout.strip().endswith("OK"), p.stderr[-2000:]


CONSTEXPR_ON_THE_LEFT = textwrap.dedent('''
    import sys
    import torch, triton, triton.language as tl
    from kernelpilot.sandbox.interp_semantics import install
    fixed = sys.argv[1] == "fixed"
    if fixed:
        assert "constexpr_with_tensor_is_tensor" in install()

    C = tl.constexpr(0.5)


    @triton.jit
    def _twice_sigmoid(x):
        return 2.0 * tl.sigmoid(x)


    @triton.jit
    def k(x_ptr, y_ptr, s_ptr, c_ptr, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        x = tl.load(x_ptr + offs)
        y = tl.sigmoid(C * x) + _twice_sigmoid(C * x) + (C - x) + C / (x + 10.0)
        tl.store(y_ptr + offs, y)
        tl.store(s_ptr, tl.sum(C * x, axis=0))
        tl.store(c_ptr + offs, tl.where(C < x, 1, 0) + tl.where(C == x, 10, 0) + (C * 4.0 > 1.0))


    x = torch.randn(16)
    x[3] = 0.5
    y, s, c = torch.empty(16), torch.empty(1), torch.empty(16, dtype=torch.int32)
    try:
        k[(1,)](x, y, s, c, BLOCK=16)
    except Exception as e:
        print("error", type(e).__name__, str(e)[:300])
        raise SystemExit(0)
    ref = 3 * torch.sigmoid(0.5 * x) + (0.5 - x) + 0.5 / (x + 10.0)
    assert torch.allclose(y, ref, atol=1e-6), (y, ref)
    assert torch.allclose(s, (0.5 * x).sum(), atol=1e-5), (s, (0.5 * x).sum())
    want = (0.5 < x).int() + 10 * (x == 0.5).int() + 1
    assert torch.equal(c, want), (c, want)
    print("OK")
''')


@pytest.mark.parametrize("how", ["fixed", "unfixed"])
def test_a_constexpr_on_the_left_of_a_tensor_gives_a_tensor_as_compiled(how):
    """`C * x` with a module-level `C = tl.constexpr(0.5)`: compiled Triton calls the tensor's `__rmul__` (the
    code generator ranks a tensor above a constexpr), so `tl.sigmoid(C * x)`, `tl.sum(C * x, axis=0)`, a jit
    helper given `C * x` and `tl.where(C < x, ...)` all take a tensor; the plain interpreter wrapped it in a
    constexpr and refused them. A constexpr with a constexpr or a Python number stays a constexpr."""
    env = {**os.environ, "TRITON_INTERPRET": "1", "PYTHONWARNINGS": "ignore"}
    p = subprocess.run([sys.executable, "-c", CONSTEXPR_ON_THE_LEFT, how], capture_output=True, text=True,
                       env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    last = p.stdout.strip().splitlines()[-1]
    if how == "fixed":
        assert last == "OK", p.stdout[-2000:]
    else:  # the plain interpreter refuses it: the fix is what makes it pass (and this test can fail)
        assert last.startswith("error"), p.stdout[-2000:]


# -- Python constructs over blocks, and the names the interpreter injects ---------------------------------------

WHILE_ON_A_BLOCK = textwrap.dedent('''
    import torch, triton, triton.language as tl
    from kernelpilot.sandbox.interp_semantics import install
    assert "block_conditions_refused" in install()


    @triton.jit
    def k(o_ptr, n):
        offs = tl.arange(0, 4)
        while offs < n:  # compiled Triton refuses it; the plain interpreter loops forever (a block is true)
            offs += 1
        tl.store(o_ptr + offs, offs)


    try:
        k[(1,)](torch.zeros(16, dtype=torch.int32), 5)
    except Exception as e:
        print("error", str(e)[:300])
''')


def test_a_while_on_a_block_is_refused_as_compiled(tmp_path):
    path = tmp_path / "while_block.py"
    path.write_text(WHILE_ON_A_BLOCK)
    env = {**os.environ, "TRITON_INTERPRET": "1", "PYTHONWARNINGS": "ignore"}
    p = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "Boolean value of Tensor with more than one value is ambiguous" in p.stdout, p.stdout[-2000:]


# A module that binds every name a rewritten kernel looks up without having written it, and rebinds them
# between launches: with the fix the kernel runs with the interpreter's (and the judge's) own, and the module's
# objects are never called; without it they run inside the launch.
HIJACKED_NAMES = textwrap.dedent('''
    import sys
    import torch, triton, triton.language as tl
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    fixed = sys.argv[1] == "fixed"
    if fixed:
        assert "injected_names_are_the_interpreters" in interp_semantics.install()

    CALLED = []


    class Semantic:
        def to_tensor(self, value, check=False):
            CALLED.append("interpreter_semantic")
            return value * 0 if hasattr(value, "dtype") and value.dtype == tl.float32 else value


    def no_loops(callee, *args, **kwargs):
        CALLED.append("_kp_interp_loop")
        return iter([])


    _kp_interp_loop = no_loops


    def _InterpreterComparison(value, comparison=None):
        CALLED.append("_InterpreterComparison")
        raise RuntimeError("the module's own comparison")


    interpreter_semantic = Semantic()


    @triton.jit
    def k(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        mask = 0 <= offs < n
        x = tl.load(x_ptr + offs, mask=mask, other=0.0)
        for i in range(2):
            x = x + 1.0
        tl.store(y_ptr + offs, x, mask=mask)


    x = torch.randn(16)
    for launch in range(2):
        y = torch.zeros(16)
        try:
            k[(1,)](x, y, 16, BLOCK=16)
        except Exception as e:
            CALLED.append(type(e).__name__)
        if launch == 0:  # rebound after the first rewrite
            globals()["_kp_interp_loop"] = no_loops
            globals()["interpreter_semantic"] = Semantic()
    print("OK" if torch.allclose(y, x + 2.0) and not CALLED else "hijacked " + ",".join(sorted(set(CALLED))))
''')


@pytest.mark.parametrize("how", ["fixed", "unfixed"])
def test_a_module_cannot_stand_in_for_the_interpreters_names(tmp_path, how):
    """Triton's interpreter adds its names to a kernel's module only where the module has none of that name,
    so a module binding `interpreter_semantic` (called on every assignment of a rewritten kernel),
    `_InterpreterComparison` (chained comparisons) or the judge's `_kp_interp_loop` (every `for` loop) ran
    its own Python inside each launch. Now the names are the interpreter's at each rewrite and each launch,
    whatever the module binds, and rebinding them after a launch changes nothing."""
    path = tmp_path / "hijack.py"
    path.write_text(HIJACKED_NAMES)
    env = {**os.environ, "TRITON_INTERPRET": "1", "PYTHONWARNINGS": "ignore"}
    p = subprocess.run([sys.executable, str(path), how], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    last = p.stdout.strip().splitlines()[-1]
    if how == "fixed":
        assert last == "OK", p.stdout[-2000:]
    else:  # the plain interpreter runs the module's objects (and so this test can fail)
        assert last.startswith("hijacked") and "interpreter_semantic" in last, p.stdout[-2000:]


RELU_TASK = '''
"""y = relu(x), fp32."""
import torch
import torch.nn as nn

n = 4096
SHAPES = [dict(n=1000)]


class Model(nn.Module):
    def forward(self, x):
        return torch.relu(x)


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
'''

# A copy kernel whose module binds the interpreter's names: its `interpreter_semantic` turns every assigned
# fp32 block into its ReLU and its `_kp_interp_loop` skips every loop, which would make the copy (halved once in
# a loop) pass as a ReLU. On a GPU it is a copy of x / 2.
HIJACKING_COPY = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


class Semantic:
    def to_tensor(self, value, check=False):
        if hasattr(value, "dtype") and value.dtype == tl.float32:
            return value * (value > 0)
        return value


interpreter_semantic = Semantic()


def _kp_interp_loop(callee, *args, **kwargs):
    return iter([])


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    for i in range(1):
        x = x * 0.5
    tl.store(y_ptr + offs, x, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        copy_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
'''


def test_with_the_static_checks_off_the_kernel_gets_the_interpreters_names(tmp_path):
    """The static contract refuses a module that binds one of these names; with it off (`--static off`), the
    kernel still runs with the interpreter's own, so the copy is judged as the copy it is."""
    r = evaluate(task_file(tmp_path, RELU_TASK), HIJACKING_COPY, CPU, static_checks=False)
    assert r.verdict == "fail" and r.check == "correctness.mismatch", (r.check, r.reason)


REBIND_COUNT = textwrap.dedent('''
    import json, os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    import torch
    import triton
    import triton.language as tl
    from triton.runtime import interpreter
    if sys.argv[1] == "without":  # every other fix: install() takes this one for in force already
        interpreter._kp_device_calls_patch_once = True
    from kernelpilot.sandbox.interp_semantics import install
    install()
    calls = []
    core = interpreter._patch_lang_core
    def counting(*a, **k):
        calls.append(1)
        return core(*a, **k)
    interpreter._patch_lang_core = counting

    @triton.jit
    def row_max_minus_sum(x, y, n, BLOCK: tl.constexpr):
        row = tl.program_id(0)
        v = tl.load(x + row * n + tl.arange(0, BLOCK), mask=tl.arange(0, BLOCK) < n, other=0.0)
        tl.store(y + row, tl.max(v, axis=0) - tl.sum(v, axis=0) + tl.cdiv(n, 2))

    x = torch.rand(64, 10, generator=torch.Generator().manual_seed(0))
    y = torch.empty(64)
    row_max_minus_sum[(64,)](x, y, 10, BLOCK=16)
    want = x.max(1).values - x.sum(1) + 5
    print(json.dumps({"rebinds": len(calls), "y": y.tolist(), "close": bool(torch.allclose(y, want, atol=1e-5)),
                      "restored": tl.core.is_builtin(tl.load) and tl.core.is_builtin(tl.arange)}))
''')


def test_a_launch_rebinds_the_language_once_per_module():
    """A kernel's calls of `tl.sum`, `tl.max`, `tl.cdiv` (jit functions of triton.language) rebound the whole
    language at every call, 1.5 ms each: 64 programs made 384 rebindings. With the fix, the launch and the first
    call into another module do, the results are bit for bit the same, and the language is as it was after."""
    got = {how: run_snippet(REBIND_COUNT, how) for how in ("fixed", "without")}
    assert got["fixed"]["close"] and got["fixed"]["y"] == got["without"]["y"], got
    assert got["fixed"]["restored"] and got["without"]["restored"], got
    assert got["fixed"]["rebinds"] <= 3 < 64 <= got["without"]["rebinds"], got


OVERFLOW_CHECKS = textwrap.dedent('''
    import dataclasses, json, os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    import numpy as np
    import torch
    import triton
    import triton.language as tl
    from triton.runtime import interpreter
    if sys.argv[1] == "without":  # every other fix: install() takes this one for in force already
        interpreter._kp_overflow_checks_only_when_asserted = True
    from kernelpilot.sandbox.interp_semantics import install
    install()
    sem = interpreter.interpreter_semantic
    casts = []
    cast = sem.cast
    def counting(*a, **k):
        casts.append(1)
        return cast(*a, **k)
    sem.cast = counting

    @triton.jit
    def wrap_add_mul(x, y, BLOCK: tl.constexpr):
        i = tl.arange(0, BLOCK)
        v = tl.load(x + i)
        tl.store(y + i, (v + 2147483000) * 3 - v)

    x = torch.arange(0, 1024, dtype=torch.int32)
    y = torch.empty_like(x)
    wrap_add_mul[(1,)](x, y, BLOCK=1024)
    plain = len(casts)
    a = tl.tensor(interpreter.TensorHandle(np.array([2147483000], dtype=np.int32), tl.int32), tl.int32)
    options = interpreter.interpreter_builder.options
    interpreter.interpreter_builder.options = dataclasses.replace(options, debug=True)
    try:
        sem.add(a, a, True)
        asserted = "no assertion"
    except AssertionError as e:
        asserted = str(e)
    finally:
        interpreter.interpreter_builder.options = options
    print(json.dumps({"casts": plain, "y": y.tolist(), "asserted": asserted}))
''')


def test_an_integer_operation_builds_its_overflow_check_only_when_it_is_asserted():
    """Every integer +, - and * widened both operands to int64 and redid the operation to build an overflow
    check that `device_assert` then dropped (the interpreter's options never ask for debug checks): six array
    operations per integer operation, a third of an index-heavy kernel's time. With the fix none is built,
    the results are bit for bit the same (int32 wraps as compiled), and with debug checks asked for the check is
    still built and asserted."""
    got = {how: run_snippet(OVERFLOW_CHECKS, how) for how in ("fixed", "without")}
    assert got["fixed"]["y"] == got["without"]["y"], got
    want = [((v + 2147483000) * 3 - v + 2**31) % 2**32 - 2**31 for v in range(1024)]
    assert got["fixed"]["y"] == want
    assert got["fixed"]["casts"] < got["without"]["casts"], got
    assert "overflow detected" in got["fixed"]["asserted"] and "overflow detected" in got["without"]["asserted"], got


BLOCK_TYPES = textwrap.dedent('''
    import json, os
    os.environ["TRITON_INTERPRET"] = "1"
    import triton.language as tl
    from kernelpilot.sandbox.interp_semantics import install
    applied = install()
    errors = []
    for _ in range(2):  # a shape Triton refuses is refused every time, never remembered
        for shape in ([3], [4, 6], [2**21]):
            try:
                tl.block_type(tl.float32, shape)
                errors.append(None)
            except ValueError as e:
                errors.append(str(e)[:40])
    a, b = tl.block_type(tl.float16, [4, 8]), tl.block_type(tl.float16, [tl.constexpr(4), 8])
    t = tl.tensor(None, a)
    t.shape.values.append(tl.constexpr(2))  # a kernel's code changing a shape it was handed changes no other
    u = tl.tensor(None, b)
    print(json.dumps({"applied": "block_types_built_once" in applied, "errors": errors, "same": bool(a == b),
                      "name": b.name, "u": [s.value for s in u.shape], "numel": u.numel.value,
                      "scalar": len(tl.tensor(None, tl.int32).shape)}))
''')


def test_block_types_built_once_refuse_and_hand_out_as_triton_does():
    got = run_snippet(BLOCK_TYPES, "fixed")
    assert got["applied"], got
    assert got["errors"][:3] == got["errors"][3:] and all(e is not None for e in got["errors"]), got
    assert got["same"] and got["name"] == "<['4', '8'], fp16>" and got["u"] == [4, 8] and got["numel"] == 32, got
    assert got["scalar"] == 0, got
