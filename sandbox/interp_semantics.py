"""Where Triton's interpreter gives a kernel other semantics than the compiled kernel has, the compiled ones.

The interpreter runs a `@triton.jit` body as Python, so a construct whose compiled meaning comes from Triton's
code generator gets Python's meaning instead. Each difference here was found by building the same small
kernels both ways (the code generator through `ASTSource.make_ir`, the interpreter under TRITON_INTERPRET=1)
with Triton 3.9, and read in Triton 3.6's interpreter, which has the same code for each (the GPU machines run
3.6). Where the two disagree a correct kernel failed on the CPU, or a kernel the GPU refuses passed:

- `loop_vars_as_tensors`: the variable of `for i in range(...)` / `tl.range(...)` is an int32 scalar tensor in
  compiled Triton (int64 if a bound is; the type of the bounds, promoted as the code generator does), but a
  Python int under the interpreter, so `i.to(tl.int64)` and `i.dtype` raised, and `i // 2`, `i % 3` on a
  negative `i` took Python's floor semantics where the GPU truncates. `tl.static_range` keeps Python ints (it
  is unrolled into constexprs when compiled, and `i.to` fails there too).
- `int_args_typed_as_compiled`: an int argument between 2**31 and 2**32 is an i64 kernel argument, but the
  interpreter stored it as a uint32 array, so `n + n` wrapped at 2**32 (3e9 + 3e9 gave 1705032704).
- `int_one_specialized`: an int argument equal to 1 (not annotated, not in `do_not_specialize`) is compiled as
  the constant 1 (Triton's specialisation; a constexpr, so `stride.to(tl.int64)` and `stride.dtype` fail to
  compile at that value). The interpreter passed a tensor, so a kernel that the GPU refuses whenever a stride
  is 1 passed here; now it gets the plain 1, as compiled.

Agreeing already, and tested so (tests/sandbox/test_interp_semantics.py): `tl.program_id`/`tl.num_programs`
are int32, other int arguments int32 or int64 by value, constexpr arithmetic stays constexpr, and a constexpr
assigned to a variable becomes an int32 tensor.

Like sandbox/compat.py, each fix is probed, not assumed from a version number, and applied only under the
interpreter, before the candidate's kernels exist.
"""

from __future__ import annotations

import ast
import functools
import os
from typing import Any

# Set on the interpreter module so that the rewritten kernels find it: the interpreter executes a kernel's
# rewritten source in the kernel's module globals, to which it adds its own module's names.
_LOOP = "_kp_interp_loop"


def install() -> list[str]:
    """Apply the fixes this Triton's interpreter needs; returns their names. Idempotent; nothing without
    TRITON_INTERPRET=1 or without an interpreter."""
    if os.environ.get("TRITON_INTERPRET") != "1":
        return []
    try:
        from triton.runtime import interpreter
    except Exception:  # noqa: BLE001 -- no triton, or one without an interpreter: nothing to align
        return []
    applied = []
    for name, needed, apply in _fixes():
        if getattr(interpreter, f"_kp_{name}", False):  # in force already (a second runner in this process)
            applied.append(name)
            continue
        try:
            if needed(interpreter):
                apply(interpreter)
                setattr(interpreter, f"_kp_{name}", True)
                applied.append(name)
        except Exception:  # noqa: BLE001 -- an interpreter laid out differently: leave it as it is
            continue
    return applied


def needed() -> list[str]:
    """The fixes this Triton's interpreter needs, probed without applying any (for `kernelpilot doctor`)."""
    try:
        from triton.runtime import interpreter
    except Exception:  # noqa: BLE001 -- no interpreter: nothing to align
        return []
    out = []
    for name, probe in FIXES:
        try:
            if getattr(interpreter, f"_kp_{name}", False) or probe(interpreter):
                out.append(name)
        except Exception:  # noqa: BLE001 -- laid out differently: install() would leave it alone too
            continue
    return out


# -- loop variables ----------------------------------------------------------------------------------------

def _loop_vars_are_ints(interpreter) -> bool:
    """Does this interpreter run `for` loops as Python loops (its AST rewriter leaves them alone, and
    `tl.range` becomes Python's `range`)? A later interpreter that types loop variables itself is left as is."""
    rewriter = getattr(interpreter, "FunctionRewriter", None)
    transformer = getattr(rewriter, "ast_transformer", None)
    return (transformer is not None and getattr(type(transformer), "visit_For", None) is None
            and hasattr(interpreter, "_patch_lang_core"))


class _StaticRange:
    """What `tl.static_range(...)` returns under the interpreter here: its loop yields Python ints (constexprs
    when compiled), and the loop helper can tell it from `range`/`tl.range`, which the interpreter maps to the
    same function."""

    def __init__(self, arg1, arg2=None, step=None, **_):
        start, end = (0, arg1) if arg2 is None else (arg1, arg2)
        self.range = range(start, end, 1 if step is None else step)

    def __iter__(self):
        return iter(self.range)

    def __len__(self):
        return len(self.range)


def _install_loop_vars(interpreter) -> None:
    import numpy as np
    import triton.language as tl

    base: Any = type(interpreter.FunctionRewriter.ast_transformer)  # Triton's class, known only at run time

    class LoopTransformer(base):
        """`for T in F(args)` becomes `for T in _kp_interp_loop(F, args)`: the helper sees the callee and the
        bounds before they become Python ints."""

        def visit_For(self, node):
            node = self.generic_visit(node)
            if isinstance(node.iter, ast.Call):
                call = node.iter
                node.iter = ast.copy_location(ast.Call(func=ast.Name(id=_LOOP, ctx=ast.Load()),
                                                       args=[call.func, *call.args], keywords=call.keywords), call)
            return node

    def loop(callee, *args, **kwargs):
        iterable = callee(*args, **kwargs)
        if not isinstance(iterable, range):  # static_range, enumerate, zip, ...: Python's iteration
            return iter(iterable)
        return _typed_range(iterable, args, kwargs)

    def _typed_range(values: range, args, kwargs):
        # the induction variable's type as the code generator works it out: each bound made a tensor (a Python
        # int is int32, uint32 or int64 by value), then integer promotion of start, end and step
        sem = interpreter.interpreter_semantic
        bounds = list(args) if len(args) > 1 else [0, *args]
        if "step" in kwargs:
            bounds.append(kwargs["step"])
        ty = None
        for b in bounds:
            b = b.value if isinstance(b, tl.constexpr) else b
            if b is None:
                continue
            bty = (b if isinstance(b, tl.tensor) else sem.to_tensor(b)).dtype
            ty = bty if ty is None else sem.integer_promote_impl(ty, bty)
        ty = tl.int32 if ty is None else ty
        np_ty = interpreter._get_np_dtype(ty)
        for v in values:
            yield tl.tensor(interpreter.TensorHandle(np.array([v], dtype=np_ty), ty), ty)

    patch_core = interpreter._patch_lang_core

    @functools.wraps(patch_core)
    def _patch_lang_core(lang, scope):
        patch_core(lang, scope)
        scope.set_attr(lang, "static_range", _StaticRange)  # restored with the interpreter's own patches

    setattr(interpreter, _LOOP, loop)
    interpreter._patch_lang_core = _patch_lang_core
    interpreter.FunctionRewriter.ast_transformer = LoopTransformer()


# -- int arguments -----------------------------------------------------------------------------------------

def _int_args_mistyped(interpreter) -> bool:
    """Is an int argument's array of another NumPy type than its Triton type (2**31 + 1: uint32 for an i64)?"""
    t = interpreter._implicit_cvt(2**31 + 1)
    return t.handle.data.dtype != interpreter._get_np_dtype(t.dtype)


def _install_int_args(interpreter) -> None:
    cvt = interpreter._implicit_cvt

    @functools.wraps(cvt)
    def _implicit_cvt(arg):
        out = cvt(arg)
        if isinstance(arg, int) and hasattr(out, "handle") and hasattr(out.handle, "data"):
            want = interpreter._get_np_dtype(out.dtype)
            if out.handle.data.dtype != want:
                out.handle.data = out.handle.data.astype(want)
        return out

    interpreter._implicit_cvt = _implicit_cvt


# -- an int argument of 1 ----------------------------------------------------------------------------------

def _one_not_specialized(interpreter) -> bool:
    """Does the compiler specialise an int argument of 1 to a constexpr while the interpreter passes a tensor?"""
    from triton.runtime import jit

    try:
        compiled_kind = jit.mangle_type(1, True)
    except TypeError:  # an older signature without `specialize`
        return False
    return compiled_kind == "constexpr" and hasattr(interpreter._implicit_cvt(1), "handle")


def _install_one_specialized(interpreter) -> None:
    import inspect

    from triton.runtime.jit import KernelParam

    run = interpreter.InterpretedFunction.run

    @functools.wraps(run)
    def run_specialized(self, *args, grid, warmup, **kwargs):
        if warmup:
            return run(self, *args, grid=grid, warmup=warmup, **kwargs)
        ones = _specialized_ones(self, args, kwargs)
        if not ones:
            return run(self, *args, grid=grid, warmup=warmup, **kwargs)
        init = interpreter.GridExecutor.__init__

        # the executor passes the names in its `constexprs` through untouched (a plain 1, as compiled); it is
        # made inside `run`, so it is given the names for this launch as it is built
        def init_with_ones(executor, *a, **kw):
            init(executor, *a, **kw)
            executor.constexprs = list(executor.constexprs) + [n for n in ones if n not in executor.constexprs]

        interpreter.GridExecutor.__init__ = init_with_ones
        try:
            return run(self, *args, grid=grid, warmup=warmup, **kwargs)
        finally:
            interpreter.GridExecutor.__init__ = init

    def _specialized_ones(fn, args, kwargs) -> list[str]:
        params = list(inspect.signature(fn.fn).parameters.values())
        dns = set(fn.kwargs.get("do_not_specialize") or ())
        out = []
        bound = dict(zip([p.name for p in params], args))
        bound.update({k: v for k, v in kwargs.items() if k in {p.name for p in params}})
        for i, p in enumerate(params):
            v = bound.get(p.name, p.default)
            if type(v) is not int or v != 1 or i in dns or p.name in dns:
                continue
            kp = KernelParam(i, p, False, False)
            # as the launcher decides: constexpr parameters are already passed as they are, and an annotated
            # int (`n: tl.int32`) keeps its type with 1 as a specialisation key, not a constant
            if not kp.is_constexpr and not kp.annotation_type:
                out.append(p.name)
        return out

    interpreter.InterpretedFunction.run = run_specialized


def _fixes():
    return (("loop_vars_as_tensors", _loop_vars_are_ints, _install_loop_vars),
            ("int_args_typed_as_compiled", _int_args_mistyped, _install_int_args),
            ("int_one_specialized", _one_not_specialized, _install_one_specialized))


FIXES = [(name, probe) for name, probe, _ in _fixes()]  # name and probe of each fix, in the order applied
