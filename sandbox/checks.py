"""The candidate contract, checked statically on the AST before any candidate code runs (regexes only for the
C++ text a candidate hands to load_inline). docs/contract.md is the same contract in prose.

It is an allow-list: a candidate may import only the modules in ALLOWED_MODULES, reach only the library names
the tables below allow, and every name is resolved to what it is bound to (import aliases, `T = torch`, tuple
unpacking, function defaults, closures) before it is judged, so a forbidden thing is caught under any name.
What no allow-list of names can decide (which tensor methods compute) is left to the op watch in the
candidate's process (sandbox/watch.py), whose findings the judge reads; everything a candidate could use to
reach that watch (reflection, dunders, module objects as values, internals) is rejected here.

Each check_* returns None when fine or a reason a person understands.
"""

from __future__ import annotations

import ast
import functools
import re
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional

if TYPE_CHECKING:  # the static checks run before pydantic (which result.py needs) is loaded
    from .result import Backend

MAX_SOURCE_BYTES = 1 << 20

# -- what may be imported --------------------------------------------------------------------------------------
# Module paths a candidate may import (or reach as an attribute of an allowed module).
ALLOWED_MODULES = {
    "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.autograd", "torch.cuda", "torch.amp",
    "torch.cuda.amp",
    "torch.utils", "torch.utils.cpp_extension",
    "triton", "triton.language", "triton.language.extra", "triton.language.extra.libdevice",
    "triton.language.extra.cuda", "triton.language.extra.cuda.libdevice", "triton.language.math",
    "math", "functools", "operator", "dataclasses", "typing", "itertools", "numpy", "cupy", "cupy.cuda",
    "__future__", "triton.runtime",
}
# triton.runtime only for the device lookups of Triton's tutorials (`DEVICE = triton.runtime.driver.active.
# get_active_torch_device()`, `driver.active.utils.get_device_properties(...)`): these exact chains, nothing
# else of the driver (it also loads binaries and hands out streams).
TRITON_RUNTIME_CHAINS = {
    "triton.runtime.driver.active.get_active_torch_device", "triton.runtime.driver.active.get_current_device",
    "triton.runtime.driver.active.get_current_target", "triton.runtime.driver.active.utils.get_device_properties",
}
TRITON_RUNTIME_STEPS = {c.rsplit(".", k)[0] for c in TRITON_RUNTIME_CHAINS for k in range(1, c.count(".") - 1)}
ALLOWED_IMPORTS_HINT = ("torch, torch.nn, torch.nn.functional, triton, triton.language (with extra.libdevice / "
                        "extra.cuda.libdevice / math), math, functools, operator, dataclasses, typing, itertools, "
                        "numpy (scalar types and constants), cupy (CUDA launch glue), torch.utils.cpp_extension "
                        "(load_inline)")
# Why the usual suspects are refused: the allow-list decides, this only makes the message useful.
IMPORT_WHY = {
    "os": "process and file-system access", "sys": "interpreter internals", "gc": "walking the heap (finding the reference's outputs)",
    "inspect": "reading the caller's frames", "ctypes": "raw memory access", "cffi": "raw memory access",
    "subprocess": "starting processes", "multiprocessing": "starting processes", "threading": "work hidden from the timer on a thread",
    "_thread": "threads", "concurrent": "threads/processes", "asyncio": "deferred work", "signal": "signals",
    "socket": "network", "http": "network", "urllib": "network", "requests": "network", "importlib": "dynamic imports",
    "builtins": "patching built-ins", "pickle": "code execution", "marshal": "code execution", "mmap": "raw memory",
    "resource": "changing limits", "shutil": "file-system access", "pathlib": "file-system access", "tempfile": "files",
    "kernelpilot": "the harness itself", "sandbox": "the harness itself", "time": "clocks", "atexit": "exit hooks",
    "weakref": "object tracking", "contextlib": "fallback paths without `try` (suppress)", "types": "building functions and modules at run time",
    "io": "file access", "copyreg": "code execution", "dis": "code objects", "string": "attribute access by format string",
}

# -- which library names may be used -----------------------------------------------------------------------------
# torch as glue: allocation, views, shape and dtype queries, grad-mode switches, the nn containers that hold
# parameters, autograd.Function wrappers. Torch *functions* that compute (torch.softmax, F.linear, ...) are let
# through here on purpose: they are all overridable, so the op watch sees every call and the judge rejects it as
# correctness.torch_compute with the op's name (a better message than a static refusal, and the same verdict
# whatever name reaches it). A torch name outside both sets (torch.ops, torch.jit, torch.save, torch.frombuffer,
# torch.backends, ...) is not part of the contract.
TORCH_GLUE = {
    "empty", "empty_strided", "zeros", "ones", "full", "arange", "tensor", "rand", "randn", "randint",
    # seeding the candidate's own generator (for its parameters); the judge draws inputs with its own seeds
    "manual_seed",
    # wrapping a CuPy array that views a torch tensor back (CUDA glue); CuPy's own allocators are refused, so
    # nothing uninitialised or computed by a library can come through them
    "as_tensor", "from_dlpack",
    # grad-mode switches: enabling grad is harmless, since nothing a candidate may call runs autograd's engine
    # (.backward and torch.autograd.grad are refused)
    "no_grad", "inference_mode", "set_grad_enabled", "enable_grad",
    "Size", "device", "dtype", "finfo", "iinfo", "Tensor", "is_tensor", "result_type", "promote_types", "can_cast", "broadcast_shapes", "get_default_dtype", "is_grad_enabled",
    "is_inference_mode_enabled", "strided", "contiguous_format", "channels_last", "preserve_format",
    "nn", "autograd", "cuda", "utils", "amp",
}
TORCH_SUBMODULE_NAMES = {
    "torch.autograd": {"Function"},
    # device queries, and `with torch.cuda.device(x.device):` as Liger-Kernel launches on the input's device
    "torch.cuda": {"is_available", "current_device", "device_count", "get_device_properties",
                   "get_device_capability", "get_device_name", "device", "amp"},
    # the autocast decorators of autograd.Function wrappers; autocast itself only changes torch's own ops,
    # which forward may not use
    "torch.amp": {"custom_fwd", "custom_bwd"},
    "torch.cuda.amp": {"custom_fwd", "custom_bwd"},
    "torch.utils": {"cpp_extension"},
    # the other names of cpp_extension are judged by check_cuda_extension, which says why only load_inline
    "torch.utils.cpp_extension": {"load_inline"},
}
TRITON_NAMES = {"jit", "autotune", "heuristics", "Config", "cdiv", "next_power_of_2", "language", "runtime"}
# the kernel language: every public name of triton.language except its implementation modules
TL_SUBMODULES = {"extra", "math"}
TL_EXTRA = {"triton.language.extra": {"libdevice", "cuda"}, "triton.language.extra.cuda": {"libdevice"}}
LIBDEVICE_MODULES = {"triton.language.extra.libdevice", "triton.language.extra.cuda.libdevice", "triton.language.math"}
PURE_MODULE_NAMES = {
    # arithmetic and comparison only: attrgetter/methodcaller reach attributes by string
    "operator": {"add", "sub", "mul", "truediv", "floordiv", "mod", "neg", "pos", "abs", "pow", "matmul", "and_",
                 "or_", "xor", "invert", "lshift", "rshift", "eq", "ne", "lt", "le", "gt", "ge", "not_", "truth",
                 "index", "itemgetter", "iadd", "imul"},
    "functools": {"reduce", "partial", "lru_cache", "cache", "cached_property", "wraps"},
    "itertools": {"product", "chain", "accumulate", "islice", "count", "repeat", "zip_longest", "combinations",
                  "permutations", "pairwise", "starmap"},
    "dataclasses": {"dataclass", "field", "fields", "replace", "asdict", "astuple"},
    "typing": {"Any", "Callable", "ClassVar", "Dict", "Final", "Iterable", "Iterator", "List", "Literal", "Mapping",
               "NamedTuple", "Optional", "Sequence", "Set", "FrozenSet", "Tuple", "Type", "TypeVar", "Union", "cast",
               "TYPE_CHECKING"},
    # host-side scalars for launch arguments (numpy.int32(n)) and constants; numpy never sees a tensor
    "numpy": {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
              "float64", "bool_", "intp", "uintp", "pi", "e", "inf", "nan", "dtype", "finfo", "iinfo", "prod",
              "sqrt", "log2", "ceil", "floor"},
    "__future__": {"annotations"},
    # CuPy compiles and launches your CUDA source; its own math (and the cuBLAS/cuDNN behind it) is not yours
    "cupy": {"RawModule", "RawKernel", "ElementwiseKernel", "ReductionKernel", "asarray", "from_dlpack",
             "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
             "float64", "intp", "uintp", "bool_", "cuda"},
    "cupy.cuda": {"Device", "compile_with_cache"},
}

# Builtins that reach objects by name, build code or open files: refused wherever the name appears (called,
# bound to another name, passed), since `f = getattr` is as good as calling it.
REFLECTIVE_BUILTINS = {"getattr", "setattr", "delattr", "vars", "globals", "locals", "__import__", "eval", "exec",
                       "compile", "open", "breakpoint", "memoryview", "input", "dir", "help"}
# Builtins that must be called directly and in their harmless form: type(x) (one argument; three build a class),
# super() (no rebinding).
DIRECT_ONLY_BUILTINS = {"type", "super"}
# Dunders: only constructors. Attribute access to anything else (__class__, __dict__, __globals__, ...) walks
# to internals, and a dunder *definition* installs a protocol hook (__torch_function__, __array_interface__,
# __index__, __eq__/__hash__ for caches, __del__, __getattr__).
ALLOWED_DUNDER_ATTRS = {"__init__"}
ALLOWED_DUNDER_DEFS = {"__init__", "__post_init__"}  # __post_init__: only ever called by a dataclass's __init__
ALLOWED_DUNDER_NAMES = {"__name__"}  # `if __name__ == "__main__":` blocks
# Methods that no tensor glue needs and that run work the op watch cannot see (autograd's engine runs backward
# outside the forward's watch) or hook into other objects.
FORBIDDEN_METHODS = {"backward", "register_hook", "register_post_accumulate_grad_hook", "retain_grad",
                     "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
                     "register_full_backward_pre_hook", "register_backward_hook", "set_", "share_memory_",
                     "make_graphed_callables"}
STREAM_NAMES = {"Stream", "ExternalStream", "stream", "set_stream", "Event", "synchronize", "Graph", "CUDAGraph",
                "graph", "make_graphed_callables", "set_sync_debug_mode"}
# Introspection attributes without underscores: a running generator's gi_frame.f_back leads up the stack to
# the harness's frames (and from there to the op watch's bookkeeping).
FRAME_ATTRS = {"gi_frame", "cr_frame", "ag_frame", "f_back", "f_locals", "f_globals", "f_builtins", "f_code",
               "tb_frame", "tb_next", "gi_code", "cr_code", "co_code", "func_globals", "mro"}
# Builtins a @triton.jit body may call (Triton's front end supports them); everything else it calls must be
# triton.language, libdevice, or another jit function of the file.
JIT_BUILTINS = {"range", "min", "max", "len", "int", "float", "bool", "abs", "isinstance", "print", "tuple",
                "zip", "enumerate", "static_range"}
# Attributes no kernel reads: the interpreter's handles hold the host arrays behind a block.
JIT_FORBIDDEN_ATTRS = {"handle", "data", "builder", "fn", "cache", "semantic"}


@dataclass
class StaticFailure:
    check: str
    reason: str
    line: int = 0


class Reject(Exception):
    """Raised inside a check: the first finding ends it."""


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _root_name(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


# -- the library tables that come from the installed libraries ---------------------------------------------------

@functools.lru_cache(maxsize=None)
def _torch_tables() -> dict[str, frozenset]:
    """The torch names a candidate may use, from the installed torch: the glue above, every dtype, and every
    function the op watch sees (torch.overrides' overridable functions: a call of one is classified, so a
    computing one is rejected by the judge with its name)."""
    try:
        import torch
        import torch.nn.functional as F
        from torch.overrides import get_overridable_functions
    except ImportError:  # no torch: nothing from torch is usable, and nothing else could run the candidate
        return {}
    seen = get_overridable_functions()
    top_funcs = set(seen.get(torch, [])) | set(seen.get(torch.functional, []))
    f_funcs = set(seen.get(F, []))

    def public(mod, keep) -> frozenset:
        out = set()
        for n in dir(mod):
            if n.startswith("_"):
                continue
            try:
                obj = getattr(mod, n)
            except Exception:  # noqa: BLE001 - a lazily failing attribute is simply not allowed
                continue
            if not isinstance(obj, types.ModuleType) and keep(n, obj):
                out.add(n)
        return frozenset(out)

    def hashable_in(obj, pool) -> bool:
        try:
            return obj in pool
        except TypeError:
            return False

    tables = {
        "torch": public(torch, lambda n, o: n in TORCH_GLUE or isinstance(o, torch.dtype) or hashable_in(o, top_funcs))
        | {"nn", "autograd", "cuda", "utils", "amp"},
        "torch.nn": public(torch.nn, lambda n, o: n in ("Parameter", "Buffer", "Module") or
                           isinstance(o, type) and issubclass(o, torch.nn.Module)) | {"functional", "init"},
        "torch.nn.functional": public(F, lambda n, o: hashable_in(o, f_funcs)),
        "torch.nn.init": public(torch.nn.init, lambda n, o: callable(o)),
    }
    tables.update({k: frozenset(v) for k, v in TORCH_SUBMODULE_NAMES.items()})
    return tables


@functools.lru_cache(maxsize=None)
def _triton_tables() -> dict[str, frozenset]:
    tables = {"triton": frozenset(TRITON_NAMES)}
    tables.update({k: frozenset(v) for k, v in TL_EXTRA.items()})
    try:
        import importlib

        tl = importlib.import_module("triton.language")
        tables["triton.language"] = frozenset(
            n for n in dir(tl) if not n.startswith("_") and not isinstance(getattr(tl, n), types.ModuleType)) | TL_SUBMODULES
        for path in LIBDEVICE_MODULES:
            try:
                mod = importlib.import_module(path)
            except ImportError:
                continue
            tables[path] = frozenset(n for n in dir(mod) if not n.startswith("_")
                                     and callable(getattr(mod, n)) and not isinstance(getattr(mod, n), type))
        methods = set()
        for cls in (tl.tensor, tl.dtype, tl.constexpr):
            methods |= {n for n in dir(cls) if not n.startswith("_")}
        tables["<tl methods>"] = frozenset(methods - JIT_FORBIDDEN_ATTRS)
        tables["<tl dtypes>"] = frozenset(n for n in dir(tl) if isinstance(getattr(tl, n), tl.dtype))
    except ImportError:  # no Triton: CUDA candidates are still judged
        tables["triton.language"] = frozenset(TL_SUBMODULES)
    return tables


# A tensor's version counter, read only: how a kernel that keeps weights in a layout of its own (transposed,
# packed) sees that they were changed, and redoes the layout (the judge loads new weights before each trial).
READABLE_TENSOR_PRIVATE = frozenset({"_version"})


@functools.lru_cache(maxsize=None)
def _tensor_private_attrs() -> frozenset:
    """Private attributes of torch.Tensor (_base, _cdata, _version, ...): never the candidate's own."""
    try:
        import torch

        return frozenset(n for n in dir(torch.Tensor) if n.startswith("_") and not _is_dunder(n))
    except ImportError:
        return frozenset()


def allowed_names(module: str) -> frozenset:
    """The names a candidate may use from an allowed module (empty for a module outside the contract)."""
    if module == "math":  # all of it: pure scalar arithmetic
        import math

        return frozenset(n for n in dir(math) if not n.startswith("_"))
    if module in PURE_MODULE_NAMES:
        return frozenset(PURE_MODULE_NAMES[module])
    if module.startswith("torch"):
        return _torch_tables().get(module, frozenset())
    if module.startswith("triton"):
        return _triton_tables().get(module, frozenset())
    return frozenset()


def _library_root(path: str) -> str:
    return path.split(".")[0]


# -- the name resolver --------------------------------------------------------------------------------------------

class Names:
    """What every name of the file may be bound to, as library paths ("torch", "torch.nn.functional"), plus
    two pseudo-paths: the class of an object (`type(x)`) and a CuPy array (`cupy.asarray(t)`). Reflective
    builtins need no path: they are refused by name wherever they appear.

    Deliberately flow- and scope-insensitive: a name bound to a module anywhere in the file (an import, an
    alias assignment, a tuple unpacking, a function default, a `for` over modules, a `with ... as`, a walrus)
    is taken to possibly be that module everywhere, closures and other scopes included. That over-approximates
    (a file that reuses a module's name for a local may get a stricter reading), but it cannot be evaded by
    moving a binding into another scope."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.bound: dict[str, set[str]] = {}
        self.defined: set[str] = set()  # names of defs, classes and lambdas of the file (callables it owns)
        # every identifier the file binds in any way: a name outside it is unbound (a NameError when it runs)
        self.any_binding = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
        self.any_binding |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
        self.any_binding |= {(a.asname or a.name).split(".")[0] for a in ast.walk(tree) if isinstance(a, ast.alias)}
        self.any_binding |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        self.jit: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # by name: the last definition, which is what a launch binds
        self.jit_defs: list[ast.FunctionDef | ast.AsyncFunctionDef] = []  # all of them: an earlier one of the same name may be kept under an alias
        # aliases of aliases: iterate to a fixed point. Each pass follows every binding once, so a chain written
        # backwards needs one pass per link; a file that has not settled after MAX_ALIAS_PASSES is refused
        # rather than half-resolved (check_forbidden_api)
        self.settled = False
        for _ in range(MAX_ALIAS_PASSES):
            before = {k: set(v) for k, v in self.bound.items()}
            self._collect()
            if before == self.bound:
                self.settled = True
                break
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if any("triton.jit" in self.resolve(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list):
                    self.jit[node.name] = node
                    self.jit_defs.append(node)

    def _bind(self, name: str, paths: Iterable[str]) -> None:
        # a path deeper than any the allow-list names was refused where it was written (every prefix of an
        # attribute chain is judged); bounding depth is what makes `A = A.x` settle
        paths = {p for p in paths if p.count(".") < MAX_PATH_DEPTH}
        if paths:
            self.bound.setdefault(name, set()).update(paths)

    def _bind_target(self, target: ast.AST, value: ast.AST, element: bool = False) -> None:
        """target = value (or, with element, target = one element of value)."""
        if element:
            if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
                for elt in value.elts:
                    self._bind_target(target, elt)
            return
        if isinstance(target, ast.Name):
            self._bind(target.id, self.resolve(value))
            if isinstance(value, ast.Lambda):
                self.defined.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    self._bind_target(t, v)
            else:  # a, b = something: each may be an element of it
                for t in target.elts:
                    self._bind_target(t, value, element=True)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, value, element=True)

    _BINDING_NODES = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For,
                      ast.AsyncFor, ast.comprehension, ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef,
                      ast.Lambda, ast.ClassDef)

    def _collect(self) -> None:
        if not hasattr(self, "_sites"):  # the binding statements, found once: each pass only re-reads these
            self._sites = [n for n in ast.walk(self.tree) if isinstance(n, self._BINDING_NODES)]
        for node in self._sites:
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self._bind(a.asname, [a.name])
                    else:
                        self._bind(a.name.split(".")[0], [a.name.split(".")[0]])
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    self._bind(a.asname or a.name, [f"{node.module}.{a.name}"])
            elif isinstance(node, ast.Assign):
                for t in node.targets:
                    self._bind_target(t, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                self._bind_target(node.target, node.value)
            elif isinstance(node, ast.NamedExpr):
                self._bind_target(node.target, node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                self._bind_target(node.target, node.iter, element=True)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind_target(item.optional_vars, item.context_expr)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                spec = node.args
                positional = spec.posonlyargs + spec.args
                for arg, default in zip(positional[len(positional) - len(spec.defaults):], spec.defaults):
                    self._bind(arg.arg, self.resolve(default))
                for arg, kw_default in zip(spec.kwonlyargs, spec.kw_defaults):
                    if kw_default is not None:
                        self._bind(arg.arg, self.resolve(kw_default))
                if not isinstance(node, ast.Lambda):
                    self.defined.add(node.name)
            elif isinstance(node, ast.ClassDef):
                self.defined.add(node.name)

    def resolve(self, node: ast.AST) -> set[str]:
        """The library paths an expression may stand for (empty: not a library name)."""
        if isinstance(node, ast.Name):
            return set(self.bound.get(node.id, ()))
        if isinstance(node, ast.Attribute):
            return {f"{p}.{node.attr}" for p in self.resolve(node.value)}
        if isinstance(node, ast.Call) and self.resolve(node.func) & {"cupy.asarray", "cupy.from_dlpack"}:
            return {CUPY_ARRAY}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" \
                and "type" not in self.bound:
            # type(x) is a library class as soon as x is a library object (torch.Tensor for a tensor): it is
            # judged as one, so `type(x).run = ...` patches a library and `type(x)._foo` is private
            return {TYPE_OF}
        return set()

    def modules(self, node: ast.AST) -> set[str]:
        """The module objects an expression may be: allowed modules, or any module path of a known library
        root that the allow-list refuses anyway."""
        return {p for p in self.resolve(node) if p in ALLOWED_MODULES or p in TRITON_RUNTIME_STEPS}


TYPE_OF = "<the class of an object>"
CUPY_ARRAY = "<a CuPy array>"
# what launch glue reads of a CuPy array: its metadata and its device pointer
CUPY_ARRAY_ATTRS = {"shape", "dtype", "size", "strides", "nbytes", "itemsize", "ndim", "data", "ptr", "device",
                    "flags", "c_contiguous"}
MAX_ALIAS_PASSES = 32
MAX_PATH_DEPTH = 8


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    cached = getattr(tree, "_kp_parents", None)
    if cached is None:
        cached = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                cached[id(child)] = node
        setattr(tree, "_kp_parents", cached)  # several checks read it: built once per run
    return cached


def _analyse(tree: ast.Module) -> Names:
    cached = getattr(tree, "_kp_names", None)
    if cached is None:
        cached = Names(tree)
        setattr(tree, "_kp_names", cached)  # every check of one run reads the same resolution
    return cached


def _at(node: ast.AST) -> str:
    return f"line {getattr(node, 'lineno', 0)}: "


# -- the checks ----------------------------------------------------------------------------------------------------

def check_imports(tree: ast.Module) -> Optional[str]:
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                return (f"{_at(stmt)}an import in a class body makes the module a class attribute "
                        f"(`{cls.name}.<name>`), which hides what it is; import at module or function level")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                return f"{_at(node)}relative imports are not allowed"
            if any(a.name == "*" for a in node.names):
                return f"{_at(node)}`from {node.module} import *` hides which names the file uses; import them by name"
            mods = [node.module or ""]
        elif isinstance(node, ast.Import):
            mods = [a.name for a in node.names]
        else:
            continue
        for m in mods:
            if m in ALLOWED_MODULES:
                continue
            root = m.split(".")[0]
            why = IMPORT_WHY.get(root)
            if why is None and root in ("torch", "triton") and any(p.startswith("_") for p in m.split(".")):
                why = "torch/triton internals"
            why = f" ({why})" if why else ""
            return f"{_at(node)}import of `{m}` is not allowed{why}; allowed: {ALLOWED_IMPORTS_HINT}"
    return None


def check_try_except(tree: ast.Module) -> Optional[str]:
    """Only the module-level optional import: `try: from triton.language.extra import libdevice` /
    `except ImportError: from triton.language.extra.cuda import libdevice`. Any other handler can be a fallback
    (e.g. to torch) that makes a broken kernel look correct."""
    ok = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Try) and not stmt.finalbody and not stmt.orelse and stmt.handlers:
            imports_only = all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in stmt.body)
            handlers_ok = all(isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                              and h.name is None
                              and all(isinstance(s, (ast.Import, ast.ImportFrom, ast.Pass)) for s in h.body)
                              for h in stmt.handlers)
            if imports_only and handlers_ok:
                ok.add(id(stmt))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))) and id(node) not in ok:
            return (f"{_at(node)}try/except is not allowed — a fallback path (e.g. to torch) would make a broken "
                    "kernel look correct; let errors surface (the one exception: a module-level `try:` of imports "
                    "only, with `except ImportError:` importing an alternative)")
    return None


def check_forbidden_calls(tree: ast.Module) -> Optional[str]:
    """Reflective builtins are refused as names, not only as calls: `g = getattr` or `f(getattr)` reach
    attributes by string just as well."""
    parents = _parents(tree)
    names = _analyse(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and TYPE_OF in names.resolve(node.func):
            return (f"{_at(node)}calling the class of an object (`type(x)(...)`) constructs a library object by "
                    "another route (for a tensor: the legacy constructor, uninitialised memory); allocate with "
                    "torch.empty")
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = node.name
        elif isinstance(node, ast.arg):
            name = node.arg
        elif isinstance(node, ast.alias):
            name = node.asname or node.name
        if name in REFLECTIVE_BUILTINS:
            return (f"{_at(node)}`{name}` is not allowed in any form (called, renamed or passed): it reaches objects "
                    "by name, runs code built at run time or opens files")
        if name in ("__builtins__", "__loader__", "__spec__"):
            return f"{_at(node)}access to `{name}` is not allowed"
        if isinstance(node, ast.Name) and node.id in DIRECT_ONLY_BUILTINS:
            call = parents.get(id(node))
            if not (isinstance(call, ast.Call) and call.func is node):
                return f"{_at(node)}`{node.id}` may only be called directly (`{node.id}(...)`), not bound or passed"
            if node.id == "type" and (len(call.args) != 1 or call.keywords):
                return f"{_at(node)}`type(...)` with more than one argument builds a class at run time; not allowed"
    return None


def check_dunder_and_private(tree: ast.Module) -> Optional[str]:
    """Dunders (x.__class__, __globals__, __dict__) and private attributes of libraries (torch._C) lead to
    internals. A private attribute is fine on the candidate's own objects: the names the file itself assigns
    or defines (self._mod), as long as it is not one of torch.Tensor's own (_base, _cdata)."""
    names = _analyse(tree)
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
            own |= {t.id for t in targets if isinstance(t, ast.Name)}
    tensor_private = _tensor_private_attrs()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            attr = node.attr
            if _is_dunder(attr):
                if attr not in ALLOWED_DUNDER_ATTRS:
                    return f"{_at(node)}access to `{_dotted(node) or attr}` is not allowed (dunder attributes lead to internals)"
                continue
            if not attr.startswith("_"):
                continue
            lib = names.resolve(node.value)
            if lib:
                return f"{_at(node)}private attribute `{sorted(lib)[0]}.{attr}` of a library is not allowed"
            if attr in READABLE_TENSOR_PRIVATE and isinstance(node.ctx, ast.Load):
                continue
            if attr not in own or attr in tensor_private:
                return (f"{_at(node)}private attribute `.{attr}` is not allowed: it is not one this file defines "
                        "(library internals)")
        elif isinstance(node, ast.Name) and _is_dunder(node.id) and node.id not in ALLOWED_DUNDER_NAMES:
            return f"{_at(node)}access to `{node.id}` is not allowed"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _is_dunder(node.value) \
                and node.value != "__main__":
            return (f"{_at(node)}the string {node.value!r} names a dunder attribute; there is no honest use for it "
                    "in a kernel file")
        elif isinstance(node, ast.ImportFrom) and any(a.name.startswith("_") and a.name != "annotations" for a in node.names):
            bad = next(a.name for a in node.names if a.name.startswith("_"))
            return f"{_at(node)}import of the private name `{node.module}.{bad}` is not allowed"
    return None


def check_forbidden_api(tree: ast.Module) -> Optional[str]:
    """Every library name the file reaches, under whatever name it reaches it, must be on the allow-list:
    torch glue, the kernel languages, the pure helper modules. (CuPy is judged by check_cupy_library_ops and
    torch.utils.cpp_extension by check_cuda_extension, which say more precisely why.)"""
    names = _analyse(tree)
    if not names.settled:
        return (f"names are bound to one another more than {MAX_ALIAS_PASSES} deep (aliases of aliases); the "
                "file cannot be resolved, so it is not accepted")
    for node in ast.walk(tree):
        paths: set[str] = set()
        if isinstance(node, ast.Attribute):
            paths = names.resolve(node)
            if node.attr in FORBIDDEN_METHODS:
                return (f"{_at(node)}`.{node.attr}` is not allowed: it runs work outside the forward the harness "
                        "watches (autograd's engine, hooks) or swaps a tensor's storage")
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            paths = {f"{node.module}.{a.name}" for a in node.names}
        for path in sorted(paths):
            why = _judge_path(path)
            if why:
                return f"{_at(node)}{why}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Tensor" \
                and "torch.Tensor" in names.resolve(node.func) and (node.args or node.keywords):
            return (f"{_at(node)}the legacy constructor `{_dotted(node.func)}(...)` returns uninitialised memory the "
                    "harness cannot poison; allocate with torch.empty/torch.empty_like")
    return None


def _judge_path(path: str) -> Optional[str]:
    """None when a library path is on the allow-list, else why not."""
    parent, _, attr = path.rpartition(".")
    if not parent or _library_root(path) == "cupy" or path.startswith("torch.utils.cpp_extension."):
        return None
    if path.startswith("triton.runtime."):
        if path in TRITON_RUNTIME_CHAINS or path in TRITON_RUNTIME_STEPS:
            return None
        return (f"`{path}` is not part of the candidate contract; of triton.runtime only the device lookups "
                f"{', '.join(sorted(TRITON_RUNTIME_CHAINS))} are")
    if parent not in ALLOWED_MODULES:
        # an attribute of a library object (torch.float32.itemsize, torch.finfo): the object itself was judged
        # where it was reached (ast.walk visits `torch.ops` before `torch.ops.aten`), private names by
        # check_dunder_and_private, hooks by FORBIDDEN_METHODS
        return None
    if attr in allowed_names(parent):
        return None
    hint = {"torch": "torch is glue only: allocation, views, shape/dtype queries, no_grad/inference_mode, "
                     "nn containers, autograd.Function",
            "triton": "triton: jit, autotune, heuristics, Config, cdiv, next_power_of_2, language, and the "
                      "tutorials' device lookups through triton.runtime.driver"}.get(_library_root(path), "")
    extra = f" ({IMPORT_WHY[attr]})" if attr in IMPORT_WHY else ""
    return f"`{path}` is not part of the candidate contract{extra}" + (f"; {hint}" if hint else "")


def check_module_values(tree: ast.Module) -> Optional[str]:
    """A module may be used by name (`torch.empty`) and given another name (`T = torch`, `a, b = torch, triton`),
    which the resolver follows; anywhere else (passed, returned, stored in a container or an attribute, a
    default, a branch of an expression) it could reach the candidate's own code as an object to reflect on."""
    names = _analyse(tree)
    parents = _parents(tree)

    def alias_position(node: ast.AST) -> bool:
        p = parents.get(id(node))
        if isinstance(p, ast.Attribute) and p.value is node:
            return True
        if isinstance(p, (ast.Assign, ast.AnnAssign)) and p.value is node:
            targets = p.targets if isinstance(p, ast.Assign) else [p.target]
            # in a class body the alias would be a class attribute (C.lib.ops), which no name resolution follows
            return all(isinstance(t, ast.Name) for t in targets) and not isinstance(parents.get(id(p)), ast.ClassDef)
        assign = parents.get(id(p))
        if isinstance(p, ast.Tuple) and isinstance(assign, ast.Assign) and assign.value is p:
            return all(isinstance(t, ast.Tuple) and len(t.elts) == len(p.elts)
                       and all(isinstance(e, ast.Name) for e in t.elts) for t in assign.targets) \
                and not isinstance(parents.get(id(assign)), ast.ClassDef)
        return False

    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
            mods = names.modules(node)
            if mods and not alias_position(node):
                return (f"{_at(node)}the module `{sorted(mods)[0]}` is used as a value (passed, returned, stored or "
                        "chosen at run time); use its functions by name")
    return None


def check_patching(tree: ast.Module) -> Optional[str]:
    """Assigning to (or deleting) attributes or items of library objects: timers, events, ops, the harness."""
    names = _analyse(tree)
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, (ast.Store, ast.Del)) \
                        and names.resolve(sub.value) - {CUPY_ARRAY}:
                    return (f"{_at(node)}assignment to `{_dotted(sub) or ast.unparse(sub)}` patches a library "
                            "(timers, events, ops or the harness)")
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return f"{_at(node)}`global`/`nonlocal` state is not allowed (it is how results get cached across calls)"
    return None


def check_streams_and_graphs(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in STREAM_NAMES:
            return (f"{_at(node)}`{_dotted(node)}`: streams, events, graphs and explicit synchronisation are "
                    "not allowed (work on a side stream escapes the timer); launch on the current stream")
        if isinstance(node, ast.keyword) and node.arg in ("stream", "non_blocking") and not (
                isinstance(node.value, ast.Constant) and node.value.value in (None, False, 0)):
            return f"line {node.value.lineno}: `{node.arg}=` is not allowed; launch on the current stream"
    return None


def check_no_reference_reuse(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("Model", "get_inputs", "get_init_inputs"):
            return f"{_at(node)}the candidate refers to `{node.id}` from the task; it must stand on its own"
    return None


def check_tensor_tricks(tree: ast.Module) -> Optional[str]:
    """Classes: nn.Module (or an nn layer), torch.autograd.Function (the usual way to package a kernel),
    the file's own classes, or plain. Tensor subclasses, torch-function/dispatch modes, metaclasses and dunder
    methods (protocol hooks) can fake outputs or defer work past the timer."""
    names = _analyse(tree)
    torch_nn = allowed_names("torch.nn")
    ok_bases = {"torch.nn.Module", "torch.autograd.Function"} | {f"torch.nn.{n}" for n in torch_nn}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for b in node.bases:
                lib = names.resolve(b)
                if isinstance(b, ast.Name) and not lib and (b.id in names.defined or b.id == "object"):
                    continue
                if not lib and isinstance(b, (ast.Name, ast.Attribute)) and _root_name(b) not in names.any_binding:
                    continue  # an unbound name: the class statement itself fails when the file runs
                if not lib or not lib <= ok_bases or {"torch.nn.functional", "torch.nn.init"} & lib:
                    what = sorted(lib)[0] if lib else ast.unparse(b)
                    return (f"{_at(node)}class {node.name} subclasses {what}: a class may derive from nn.Module (or an "
                            "nn layer), torch.autograd.Function or the file's own classes (fake or lazy tensors "
                            "are not allowed)")
            if node.keywords:
                return f"{_at(node)}class {node.name}: metaclasses and class keywords are not allowed"
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_dunder(node.name) \
                and node.name not in ALLOWED_DUNDER_DEFS:
            return (f"{_at(node)}defining `{node.name}` is not allowed: a dunder method is a protocol hook "
                    "(torch function, array interface, conversion, hashing, attribute lookup)")
    return None


def check_introspection(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FRAME_ATTRS:
            return f"{_at(node)}`.{node.attr}` (frame/code introspection) is not allowed"
    return None


def check_cupy_library_ops(tree: ast.Module) -> Optional[str]:
    """CuPy is launch glue: compile your source, wrap tensors with cupy.asarray, launch. Its library functions
    and the methods and operators of its arrays (a.sum(), a @ b, a[...] = b: cuBLAS and CuPy's own kernels)
    are refused, since the op watch, which sees torch, does not see them."""
    names = _analyse(tree)
    why = ("CuPy library operations (and the cuBLAS/cuDNN behind them) are not your kernels; use cupy only to "
           "compile and launch CUDA source, and pass its arrays to your kernels")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            for path in names.resolve(node):
                parent, _, attr = path.rpartition(".")
                if parent in ("cupy", "cupy.cuda") and attr not in PURE_MODULE_NAMES[parent]:
                    return f"{_at(node)}`{_dotted(node)}`: {why}"
                if parent == CUPY_ARRAY and attr not in CUPY_ARRAY_ATTRS:
                    return f"{_at(node)}`.{attr}` of a CuPy array: {why}"
        operands = []
        if isinstance(node, ast.BinOp):
            operands = [node.left, node.right]
        elif isinstance(node, ast.UnaryOp):
            operands = [node.operand]
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif isinstance(node, ast.AugAssign):
            operands = [node.target, node.value]
        elif isinstance(node, ast.Subscript):
            operands = [node.value]
        if any(CUPY_ARRAY in names.resolve(o) for o in operands):
            return f"{_at(node)}`{ast.unparse(node)[:60]}` operates on a CuPy array: {why}"
    return None


def _jit_allowed_path(path: str) -> bool:
    if path.startswith("triton.language"):
        return True
    return path in ("math.pi", "math.e", "math.inf", "math.nan", "math.tau")


def check_jit_bodies(tree: ast.Module) -> Optional[str]:
    """A @triton.jit body is kernel code: it calls triton.language (and libdevice), other jit functions of the
    file, and the few builtins Triton compiles (range, min, max, ...). Anything else would be Python running
    inside the interpreter, where the op watch stands aside, and has no GPU meaning."""
    names = _analyse(tree)
    methods = _triton_tables().get("<tl methods>", frozenset())
    consts = _module_constants(tree, names)
    local = {fn.name: _locals_of(fn) for fn in names.jit_defs}
    for node in ast.walk(tree):
        parents = None
        if isinstance(node, (ast.Name, ast.Attribute)) and "triton.jit" in names.resolve(node):
            parents = parents or _parents(tree)
            if not _decorator_or_alias(node, parents):
                # triton.jit(fn) as a call would make a function the checks below never read a kernel
                return f"{_at(node)}triton.jit may only decorate a function (`@triton.jit`), not be called or passed"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names.jit:
            return (f"{_at(node)}`{_dotted(node)}`: attributes of a @triton.jit function are the JIT's internals "
                    "(pre-run hooks run Python inside the launch); launch it as kernel[grid](...)")
    for fn in names.jit_defs:
        for default in fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]:
            if not (isinstance(default, ast.Constant) or isinstance(default, ast.UnaryOp)
                    and isinstance(default.operand, ast.Constant)
                    or names.resolve(default) and all(_jit_allowed_path(p) for p in names.resolve(default))):
                # a default reaches the interpreted body as the object itself
                return (f"{_at(default)}in @triton.jit `{fn.name}`: the default `{ast.unparse(default)}` is not a "
                        "constant; parameter defaults of a kernel are numbers, strings or dtypes")
        for stmt in fn.body:
            for node in ast.walk(stmt):
                where = f"{_at(node)}in @triton.jit `{fn.name}`: "
                if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Global,
                                     ast.Nonlocal, ast.Import, ast.ImportFrom, ast.Try, ast.With, ast.Yield,
                                     ast.YieldFrom, ast.Await, ast.Delete)):
                    return f"{where}`{type(node).__name__}` is not kernel code"
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for t in targets:
                        for sub in ast.walk(t):
                            if isinstance(sub, (ast.Subscript, ast.Attribute)) and isinstance(sub.ctx, ast.Store):
                                # Triton has no item or attribute stores; in the interpreter they would write
                                # into whatever Python object a constexpr smuggled in
                                return f"{where}assignment to `{ast.unparse(sub)}` is not kernel code (use tl.store)"
                if isinstance(node, ast.Attribute) and node.attr in JIT_FORBIDDEN_ATTRS:
                    return f"{where}`.{node.attr}` reaches the interpreter's internals (the host arrays behind a block)"
                if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
                    bad = sorted(p for p in names.resolve(node) if not _jit_allowed_path(p) and p not in ("triton",))
                    if bad and not (isinstance(node, ast.Name) and node.id == "triton"):
                        return f"{where}`{bad[0]}` is not triton.language or libdevice"
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local[fn.name] \
                        and not names.resolve(node) and node.id not in names.jit \
                        and not (node.id in JIT_BUILTINS and node.id not in consts and node.id not in names.defined) \
                        and not consts.get(node.id, False):
                    # a global that is not a constant: a host object whose methods would run as Python in the launch
                    return (f"{where}reads `{node.id}`, which is neither a local, a module-level constant "
                            "(tl.constexpr), triton.language nor a @triton.jit function of this file")
                if isinstance(node, ast.Call):
                    f = node.func
                    lib = names.resolve(f)
                    if isinstance(f, ast.Name):
                        if f.id in names.jit:
                            continue
                        if lib:
                            if all(_jit_allowed_path(p) for p in lib):
                                continue
                        elif f.id in JIT_BUILTINS and f.id not in names.defined:
                            continue
                        return (f"{where}calls `{f.id}`, which is neither triton.language, libdevice, a builtin Triton "
                                "supports nor a @triton.jit function of this file")
                    if isinstance(f, ast.Attribute):
                        if lib:
                            if all(_jit_allowed_path(p) for p in lib):
                                continue
                            return f"{where}calls `{sorted(lib)[0]}`, which is not triton.language or libdevice"
                        if f.attr in methods:
                            continue
                        return f"{where}calls the method `.{f.attr}`, which is not a triton.language tensor method"
                    return f"{where}calls `{ast.unparse(f)}`: only named triton.language/libdevice/jit functions"
    return None


def _decorator_or_alias(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    p = parents.get(id(node))
    called = False
    if isinstance(p, ast.Call) and p.func is node:  # @triton.jit(do_not_specialize=...)
        called, node, p = True, p, parents.get(id(p))
    if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)) and node in p.decorator_list:
        return True
    # `jit = triton.jit` is an alias (its uses are resolved and judged); `k = triton.jit(f)` is not
    return not called and isinstance(p, ast.Assign) and p.value is node and all(isinstance(t, ast.Name) for t in p.targets)


def _locals_of(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    a = fn.args
    out = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
    out |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    for stmt in fn.body:
        out |= {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return out


def _module_constants(tree: ast.Module, names: Names) -> dict[str, bool]:
    """Module-level names and whether every binding of them is a compile-time constant (a number, a string,
    tl.constexpr(...) of one, arithmetic of those, a dtype, a math constant), as a jit body may read them."""
    values: dict[str, list] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        values.setdefault(n.id, []).append(stmt.value if isinstance(t, ast.Name) else None)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            values.setdefault(stmt.target.id, []).append(stmt.value)
        else:
            for n in ast.walk(stmt):  # defs, classes, imports, loops and anything else bind non-constants
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) or isinstance(n, ast.alias):
                    values.setdefault(n.id if isinstance(n, ast.Name) else (n.asname or n.name), []).append(None)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                values.setdefault(stmt.name, []).append(None)

    def const(v, depth=0) -> bool:
        if v is None or depth > 20:
            return False
        if isinstance(v, ast.Constant):
            return True
        if isinstance(v, ast.UnaryOp):
            return const(v.operand, depth + 1)
        if isinstance(v, ast.BinOp):
            return const(v.left, depth + 1) and const(v.right, depth + 1)
        if isinstance(v, ast.Tuple):
            return all(const(e, depth + 1) for e in v.elts)
        if isinstance(v, ast.Name):
            if v.id in names.jit:
                return True
            vs = values.get(v.id) or []
            return bool(vs) and all(const(x, depth + 1) for x in vs)
        if isinstance(v, ast.Attribute):
            lib = names.resolve(v)
            return bool(lib) and all(_jit_allowed_path(p) for p in lib)
        if isinstance(v, ast.Call) and not v.keywords:
            lib = names.resolve(v.func)
            fine = lib and all(p == "triton.language.constexpr" or p.startswith("math.") for p in lib) \
                or isinstance(v.func, ast.Name) and v.func.id in ("float", "int") and not lib
            return bool(fine) and all(const(a, depth + 1) for a in v.args)
        return False

    return {k: all(const(v) for v in vs) for k, vs in values.items()}


def _constexpr_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, names: Names) -> list[tuple[int, str]]:
    params = fn.args.posonlyargs + fn.args.args
    return [(i, a.arg) for i, a in enumerate(params)
            if a.annotation is not None and "triton.language.constexpr" in names.resolve(a.annotation)]


def _non_scalar(node: ast.AST, names: Names) -> Optional[str]:
    """Why an expression passed as a constexpr cannot be a scalar, when that shows in the source."""
    if isinstance(node, ast.Tuple):
        return next((w for w in (_non_scalar(e, names) for e in node.elts) if w), None)
    if isinstance(node, ast.Lambda):
        return "a function"
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)):
        return "a container"
    if isinstance(node, ast.Name) and (node.id in names.defined or node.id in names.jit):
        return "a function or class of this file"
    lib = names.resolve(node) if isinstance(node, (ast.Name, ast.Attribute)) else set()
    dtypes = _triton_tables().get("<tl dtypes>", frozenset())
    for p in lib:
        parent, _, attr = p.rpartition(".")
        if not (parent == "triton.language" and attr in dtypes or p.startswith("torch.") and attr in _torch_dtypes()
                or p in ("math.pi", "math.e", "math.inf", "math.nan", "math.tau")):
            return f"`{p}` (a library object, not a scalar)"
    if isinstance(node, ast.Call):
        fl = names.resolve(node.func)
        if any(p.startswith("torch.") and p.rpartition(".")[2] not in ("finfo", "iinfo") for p in fl):
            return "a torch object (a tensor)"
    return None


@functools.lru_cache(maxsize=None)
def _torch_dtypes() -> frozenset:
    try:
        import torch

        return frozenset(n for n in dir(torch) if isinstance(getattr(torch, n, None), torch.dtype))
    except ImportError:
        return frozenset()


def check_constexpr_args(tree: ast.Module) -> Optional[str]:
    """tl.constexpr arguments are compile-time scalars (ints, floats, bools, strings, dtypes). Under the
    interpreter a callable or a tensor passed as one reaches the kernel body as a raw Python object and runs
    as Python inside it, out of the op watch's sight. (The launch is checked again at run time: watch.py.)"""
    names = _analyse(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Subscript)):
            continue
        kern = node.func.value
        fn = names.jit.get(kern.id) if isinstance(kern, ast.Name) else None
        if fn is None:
            continue
        const = _constexpr_params(fn, names)
        by_name = {n for _, n in const}
        given: list[tuple[str, ast.AST]] = []
        if not any(isinstance(a, ast.Starred) for a in node.args):
            given += [(n, node.args[i]) for i, n in const if i < len(node.args)]
        given += [(k.arg, k.value) for k in node.keywords if k.arg in by_name]
        for pname, value in given:
            why = _non_scalar(value, names)
            if why:
                return (f"{_at(node)}`{fn.name}` gets {why} as its tl.constexpr `{pname}`: constexpr arguments must "
                        "be scalars (int, float, bool, str, dtype)")
    for node in ast.walk(tree):  # autotune configs: triton.Config({"BLOCK": 128}, ...)
        if isinstance(node, ast.Call) and "triton.Config" in names.resolve(node.func) and node.args \
                and isinstance(node.args[0], ast.Dict):
            for k, v in zip(node.args[0].keys, node.args[0].values):
                why = _non_scalar(v, names)
                if why:
                    return f"{_at(node)}triton.Config gives {why} as `{ast.unparse(k) if k else '**'}`: config values are scalars"
    return None


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> imported module path, for check_cuda_extension's reading of load_inline calls."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _resolve(dotted: str, aliases: dict[str, str]) -> str:
    root, _, rest = dotted.partition(".")
    full = aliases.get(root, root)
    return f"{full}.{rest}" if rest else full


# C++/CUDA text of a load_inline extension: vendor libraries doing the work, loading code at run time, or
# starting processes. (torch compute called from C++ is caught at run time by the dispatcher-level watch.)
CPP_FORBIDDEN = [
    (re.compile(r"#\s*include\s*[<\"](cublas|cublasLt|cudnn|cufft|cusparse|cusolver|curand)\w*"),
     "includes a vendor math library header ({0}); the work must be done by your kernels"),
    (re.compile(r"\b(cublas\w*|cudnn\w*|cufft\w*|cusparse\w*|cusolver\w*|getCurrentCUDABlasHandle|"
                r"getCurrentCUDASparseHandle)\s*\("), "calls the vendor library function {0}; write the kernel yourself"),
    (re.compile(r"-l\s*(cublas\w*|cudnn|cufft|cusparse|cusolver|curand)"), "links the vendor library {0}"),
    (re.compile(r"\b(dlopen|dlsym|popen|system|fork|vfork|execv\w*|execl\w*|ptrace)\s*\("),
     "calls {0}(): no loading of code or starting of processes from the extension"),
    (re.compile(r"\bimport\s*\("), "imports Python modules from C++ (py::module_::import)"),
    (re.compile(r"##"), "uses token pasting (##), which can assemble the name of a forbidden call"),
]
CPP_EXT_ARGS = ("cpp_sources", "cuda_sources", "extra_cflags", "extra_cuda_cflags", "extra_ldflags",
                "extra_include_paths")


def _literal_strings(node: ast.AST, consts: Mapping[str, ast.AST]) -> Optional[list[str]]:
    """The strings an argument stands for, if it is literal (a string, a module-level string constant, or a
    list/tuple of those); None when it is computed and so cannot be checked."""
    if isinstance(node, ast.Name) and node.id in consts:
        node = consts[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        out: list[str] = []
        for elt in node.elts:
            got = _literal_strings(elt, consts)
            if got is None:
                return None
            out += got
        return out
    return None


def check_cuda_extension(tree: ast.Module) -> Optional[str]:
    """load_inline candidates: sources and flags must be literal text (so they can be read here), and that text
    must not hand the work to a vendor library or load code at run time. Only load_inline is allowed from
    torch.utils.cpp_extension: load() compiles files the candidate could have written at run time."""
    consts = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    aliases = _aliases(tree)
    names = {"load_inline"} | {a.asname for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                               for a in n.names if a.name == "load_inline" and a.asname}

    def is_load_inline(n: ast.AST) -> bool:
        return isinstance(n, ast.Name) and n.id in names or isinstance(n, ast.Attribute) and n.attr == "load_inline"

    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and is_load_inline(n.func)]
    if sum(is_load_inline(n) for n in ast.walk(tree)) > len(calls):
        return "load_inline must be called directly (not passed around or renamed), so its sources can be checked"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("cpp_extension"):
            extra = [a.name for a in node.names if a.name != "load_inline"]
            if extra:
                return f"line {node.lineno}: only load_inline may be imported from torch.utils.cpp_extension, not {extra[0]}"
        if (isinstance(node, ast.Attribute) and _resolve(_dotted(node.value), aliases).endswith("cpp_extension")
                and node.attr != "load_inline"):
            return f"line {node.lineno}: torch.utils.cpp_extension.{node.attr} is not allowed; use load_inline with literal sources"
        if node not in calls:
            continue
        args = dict(zip(("name", "cpp_sources", "cuda_sources"), node.args))
        args.update({k.arg: k.value for k in node.keywords if k.arg})
        if any(k.arg is None for k in node.keywords):
            return f"line {node.lineno}: load_inline(**kwargs) hides its sources; pass them by name"
        for key in CPP_EXT_ARGS:
            if key not in args:
                continue
            texts = _literal_strings(args[key], consts)
            if texts is None:
                return (f"line {node.lineno}: load_inline's {key} must be literal strings (or module-level string "
                        "constants) so the extension can be checked; it is computed here")
            for text in texts:
                for pattern, why in CPP_FORBIDDEN:
                    m = pattern.search(text)
                    if m:
                        return f"line {node.lineno}: the C++ extension {why.format(m.group(1) if m.groups() else m.group(0))}"
    return None


def check_modelnew(tree: ast.Module) -> Optional[str]:
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ModelNew"]
    if not classes:
        return "no top-level `class ModelNew(nn.Module)` found"
    if len(classes) > 1:
        return f"`ModelNew` is defined {len(classes)} times; define it once"
    if not any(isinstance(f, ast.FunctionDef) and f.name == "forward" for f in classes[0].body):
        return "ModelNew has no forward method"
    return None


def check_kernel_present(tree: ast.Module) -> Optional[str]:
    if detect_backend(tree) == "unknown":
        return ("no kernel found: define a @triton.jit function, or CUDA source in a string with `__global__` "
                "(compiled by NVRTC via cupy.RawModule), or a torch.utils.cpp_extension.load_inline extension")
    return None


def detect_backend(tree: ast.Module) -> Backend:
    has_triton = any(isinstance(n, ast.FunctionDef) and any(_dotted(d.func if isinstance(d, ast.Call) else d).endswith("jit")
                                                            for d in n.decorator_list) for n in ast.walk(tree))
    if has_triton:
        return "triton"
    if any(isinstance(n, ast.Attribute) and n.attr == "load_inline" or isinstance(n, ast.Name) and n.id == "load_inline"
           or isinstance(n, ast.alias) and n.name == "load_inline" for n in ast.walk(tree)):
        return "cuda_ext"
    if cuda_sources(tree):
        return "cuda"
    return "unknown"


def extension_needs_nvcc(tree: ast.Module) -> bool:
    """Whether a load_inline extension has CUDA sources (nvcc builds them), not only C++."""
    names = {"load_inline"} | {a.asname for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                               for a in n.names if a.name == "load_inline" and a.asname}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func).split(".")[-1] in names:
            if len(node.args) >= 3 or any(k.arg in ("cuda_sources", "with_cuda") for k in node.keywords):
                return True
    return False


def cuda_sources(tree: ast.Module) -> dict[str, str]:
    """Module-level string constants that hold CUDA kernels (`__global__`), by variable name."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            if "__global__" in node.value.value:
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        out[t.id] = node.value.value
    return out


CHECKS: list[tuple[str, Callable[[ast.Module], Optional[str]]]] = [
    ("static.modelnew", check_modelnew),
    ("static.reference_reuse", check_no_reference_reuse),
    ("static.imports", check_imports),
    ("static.try_except", check_try_except),
    ("static.forbidden_call", check_forbidden_calls),
    ("static.private_access", check_dunder_and_private),
    ("static.patching", check_patching),
    ("static.streams", check_streams_and_graphs),
    ("static.cupy_library", check_cupy_library_ops),
    ("static.forbidden_api", check_forbidden_api),
    ("static.module_value", check_module_values),
    ("static.tensor_tricks", check_tensor_tricks),
    ("static.introspection", check_introspection),
    ("static.constexpr", check_constexpr_args),
    ("static.jit_body", check_jit_bodies),
    ("static.cuda_extension", check_cuda_extension),
    ("static.no_kernel", check_kernel_present),
]


def parse(source: str) -> ast.Module | StaticFailure:
    if len(source) > MAX_SOURCE_BYTES:
        return StaticFailure("static.too_large", f"the candidate is {len(source) / 1e6:.1f} MB of source; the limit is "
                             f"{MAX_SOURCE_BYTES / 1e6:.1f} MB (send one kernel file, not data or repeated text)")
    if "\x00" in source:
        return StaticFailure("static.syntax", "the candidate contains NUL bytes")
    try:
        return ast.parse(source)
    except SyntaxError as e:
        return StaticFailure("static.syntax", f"syntax error at line {e.lineno}: {e.msg}", e.lineno or 0)
    except (ValueError, RecursionError, MemoryError) as e:
        return StaticFailure("static.syntax", f"the candidate cannot be parsed: {type(e).__name__}")


def run_static_checks(source: str) -> StaticFailure | None:
    tree = parse(source)
    if isinstance(tree, StaticFailure):
        return tree
    for name, check in CHECKS:
        why = check(tree)
        if why:
            return StaticFailure(name, why)
    return None
