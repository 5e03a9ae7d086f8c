"""Static checks on the candidate's source (AST; regexes only for the C++ text a candidate hands to
load_inline). One check_* per known way to game a harness; each returns None when fine or a reason a person
understands. They run before any candidate code executes."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Optional

# Modules whose import gives a candidate the means to tamper with the judge, the timer or the machine.
FORBIDDEN_IMPORTS = {
    "os": "process and file-system access", "sys": "interpreter internals", "gc": "walking the heap (finding the reference's outputs)",
    "inspect": "reading the caller's frames", "ctypes": "raw memory access", "cffi": "raw memory access",
    "subprocess": "starting processes", "multiprocessing": "starting processes", "threading": "work hidden from the timer on a thread",
    "_thread": "threads", "concurrent": "threads/processes", "asyncio": "deferred work", "signal": "signals",
    "socket": "network", "http": "network", "urllib": "network", "requests": "network", "importlib": "dynamic imports",
    "builtins": "patching built-ins", "pickle": "code execution", "marshal": "code execution", "mmap": "raw memory",
    "resource": "changing limits", "shutil": "file-system access", "pathlib": "file-system access", "tempfile": "files",
    "kernelpilot": "the harness itself", "sandbox": "the harness itself", "time": "clocks", "atexit": "exit hooks",
    "weakref": "object tracking", "faulthandler": "signals", "pty": "terminals", "code": "exec",
    "operator": "attribute access by string (attrgetter)", "string": "attribute access by format string",
    "types": "building functions and modules at run time", "io": "file access", "runpy": "running code",
    "pkgutil": "importing by name", "zipimport": "importing code", "site": "interpreter set-up",
    "copyreg": "code execution", "tracemalloc": "walking the heap", "dis": "code objects", "glob": "file-system access",
}
# Reached as attributes of an imported library these are the same modules (torch.os, numpy.ctypeslib.ctypes,
# torch.multiprocessing, ...): a candidate must not use them under any name.
FORBIDDEN_MODULE_ATTRS = {"os", "sys", "ctypes", "ctypeslib", "subprocess", "multiprocessing", "threading", "signal",
                          "socket", "importlib", "builtins", "gc", "inspect", "pickle", "marshal", "mmap", "resource",
                          "shutil", "pathlib", "tempfile", "weakref", "atexit", "faulthandler", "distributed", "hub"}
# Library APIs that are not kernels: they hide torch work from the op watch (jit, compile, fx), do file or
# network I/O, or hand out memory the harness cannot poison (legacy constructors).
FORBIDDEN_APIS = {
    "torch.jit": "TorchScript runs torch ops out of sight of the harness; write the kernel instead",
    "torch.compile": "torch.compile generates the kernels for you; write them yourself",
    "torch.compiler": "torch.compile generates the kernels for you; write them yourself",
    "torch.fx": "graph rewriting of torch code is not a kernel",
    "torch.export": "graph capture of torch code is not a kernel",
    "torch.library": "registering custom torch ops is not allowed",
    "torch.ops.load_library": "loading native libraries is not allowed",
    "torch.classes": "native classes are not allowed",
    "torch.load": "file I/O (and unpickling) is not allowed", "torch.save": "file I/O is not allowed",
    "torch.from_file": "file I/O is not allowed", "torch.package": "file I/O is not allowed",
    "torch.hub": "network access is not allowed", "torch.distributed": "network access is not allowed",
    "torch.multiprocessing": "starting processes is not allowed", "torch.utils.data": "worker processes are not allowed",
    "torch.utils.dlpack": "exporting tensors to other libraries hides the computation",
    "numpy.load": "file I/O is not allowed", "numpy.save": "file I/O is not allowed",
    "numpy.savez": "file I/O is not allowed", "numpy.savez_compressed": "file I/O is not allowed",
    "numpy.fromfile": "file I/O is not allowed", "numpy.loadtxt": "file I/O is not allowed",
    "numpy.savetxt": "file I/O is not allowed", "numpy.genfromtxt": "file I/O is not allowed",
    "numpy.fromregex": "file I/O is not allowed", "numpy.memmap": "file I/O is not allowed",
    "numpy.lib": "numpy internals (file I/O, stride tricks) are not allowed", "numpy.DataSource": "file I/O is not allowed",
    "typing.get_type_hints": "evaluates strings as code", "typing.ForwardRef": "evaluates strings as code",
}
MAX_SOURCE_BYTES = 1 << 20
ALLOWED_IMPORTS_HINT = "torch, triton, triton.language, math, numpy (host-side constants only), cupy, functools, typing"
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "setattr", "delattr",
                   "getattr", "open", "breakpoint", "input", "memoryview"}
STREAM_NAMES = {"Stream", "ExternalStream", "stream", "set_stream", "Event", "synchronize", "Graph", "CUDAGraph",
                "graph", "make_graphed_callables", "set_sync_debug_mode"}
# Introspection attributes without underscores: a running generator's gi_frame.f_back leads up the stack to
# the harness's frames (and from there to the op watch's bookkeeping).
FRAME_ATTRS = {"gi_frame", "cr_frame", "ag_frame", "f_back", "f_locals", "f_globals", "f_builtins", "f_code",
               "tb_frame", "tb_next", "gi_code", "cr_code", "co_code", "func_globals", "mro"}
# CuPy may only be used to build and launch your own kernels, not to do the work with its library ops.
CUPY_ALLOWED = {"RawModule", "RawKernel", "ElementwiseKernel", "ReductionKernel", "asarray", "from_dlpack",
                "get_function", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                "float16", "float32", "float64", "intp", "uintp", "bool_", "cuda", "Device", "compile_with_cache"}
PATCHABLE_ROOTS = {"torch", "triton", "tl", "F", "nn", "np", "numpy", "cupy", "cp", "math", "time"}


@dataclass
class StaticFailure:
    check: str
    reason: str
    line: int = 0


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> imported module path (import torch.nn.functional as F gives F -> torch.nn.functional)."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def check_imports(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                return "relative imports are not allowed"
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        for n in names:
            root = n.split(".")[0]
            if root in FORBIDDEN_IMPORTS:
                return f"line {node.lineno}: import of `{n}` is not allowed ({FORBIDDEN_IMPORTS[root]}); allowed: {ALLOWED_IMPORTS_HINT}"
            if n.startswith(("torch.overrides", "torch.utils._python_dispatch", "torch._", "triton._", "torch.cuda.graphs")):
                return f"line {node.lineno}: import of `{n}` reaches torch/triton internals"
    return None


def _resolve(dotted: str, aliases: dict[str, str]) -> str:
    root, _, rest = dotted.partition(".")
    full = aliases.get(root, root)
    full = {"np": "numpy", "cp": "cupy"}.get(full, full)
    return f"{full}.{rest}" if rest else full


def check_forbidden_api(tree: ast.Module) -> Optional[str]:
    """Dangerous modules and APIs reached without an import statement of their own: torch.os.kill,
    numpy.ctypeslib.ctypes, torch.jit.script, torch.save, the legacy torch.Tensor(n) constructor..."""
    aliases = _aliases(tree)
    libs = set(aliases) | PATCHABLE_ROOTS
    for node in ast.walk(tree):
        names: list[tuple[str, int]] = []
        if isinstance(node, ast.Attribute):
            names.append((_dotted(node), node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [(f"{node.module}.{a.name}", node.lineno) for a in node.names] + [(node.module, node.lineno)]
        elif isinstance(node, ast.Import):
            names += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.Name) and node.id in aliases:
            names.append((node.id, node.lineno))
        for dotted, line in names:
            parts = dotted.split(".")
            if not parts or parts[0] not in libs and not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            full = _resolve(dotted, aliases) if not isinstance(node, (ast.Import, ast.ImportFrom)) else dotted
            for attr in full.split(".")[1:]:
                if attr in FORBIDDEN_MODULE_ATTRS:
                    return (f"line {line}: `{dotted}` reaches the `{attr}` module through a library attribute; "
                            f"it is not allowed ({FORBIDDEN_IMPORTS.get(attr, 'process, network or memory access')})")
            for api, why in FORBIDDEN_APIS.items():
                if full == api or full.startswith(api + "."):
                    return f"line {line}: `{dotted}` is not allowed: {why}"
        if isinstance(node, ast.Call):
            full = _resolve(_dotted(node.func), aliases)
            if full.startswith("torch.") and full.endswith("Tensor") and full.count(".") == 1 and (node.args or node.keywords):
                return (f"line {node.lineno}: the legacy constructor `{_dotted(node.func)}(...)` returns uninitialised "
                        "memory the harness cannot poison; allocate with torch.empty/torch.empty_like")
    return None


def check_try_except(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            return (f"line {node.lineno}: try/except is not allowed — a fallback path (e.g. to torch) would make a "
                    "broken kernel look correct; let errors surface")
    return None


def check_forbidden_calls(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            return f"line {node.lineno}: call of `{node.func.id}()` is not allowed (dynamic code, attribute tricks or file access)"
        if isinstance(node, ast.Name) and node.id in ("__builtins__", "__loader__", "__spec__"):
            return f"line {node.lineno}: access to `{node.id}` is not allowed"
    return None


def check_dunder_and_private(tree: ast.Module) -> Optional[str]:
    """Private attributes of libraries (torch._C, x.__class__.__subclasses__, __globals__) lead to internals."""
    ok_dunder = {"__init__", "__name__", "__doc__", "__class__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            base = _dotted(node.value)
            if node.attr.startswith("__") and node.attr.endswith("__") and node.attr not in ok_dunder:
                return f"line {node.lineno}: access to `{node.attr}` is not allowed"
            if node.attr.startswith("__") and node.attr in ("__class__",) and base not in ("self",):
                return f"line {node.lineno}: access to `{base}.{node.attr}` is not allowed"
            root = base.split(".")[0]
            if root in PATCHABLE_ROOTS or root in ("torch", "triton"):
                return f"line {node.lineno}: private attribute `{base}.{node.attr}` of a library is not allowed"
    return None


def check_introspection(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FRAME_ATTRS:
            return f"line {node.lineno}: `.{node.attr}` (frame/code introspection) is not allowed"
    return None


def check_cupy_library_ops(tree: ast.Module) -> Optional[str]:
    cupy_names = {name for name, mod in _aliases(tree).items() if mod == "cupy" or mod.startswith("cupy.")}
    cupy_names |= {"cupy", "cp"} & {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in cupy_names:
            if node.attr not in CUPY_ALLOWED:
                return (f"line {node.lineno}: `{node.value.id}.{node.attr}`: CuPy library operations (and the cuBLAS/"
                        "cuDNN behind them) are not your kernels; use cupy only to compile and launch CUDA source")
    return None


def check_patching(tree: ast.Module) -> Optional[str]:
    """Assigning to attributes of imported modules or of classes other than self (timers, events, compare helpers)."""
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Attribute):
                    root = _dotted(sub).split(".")[0]
                    if root in aliases or root in PATCHABLE_ROOTS:
                        return f"line {node.lineno}: assignment to `{_dotted(sub)}` patches a library (timers, events, ops or the harness)"
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return f"line {node.lineno}: `global`/`nonlocal` state is not allowed (it is how results get cached across calls)"
    return None


def check_streams_and_graphs(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in STREAM_NAMES:
            return (f"line {node.lineno}: `{_dotted(node)}`: streams, events, graphs and explicit synchronisation are "
                    "not allowed (work on a side stream escapes the timer); launch on the current stream")
        if isinstance(node, ast.keyword) and node.arg in ("stream", "non_blocking") and not (
                isinstance(node.value, ast.Constant) and node.value.value in (None, False, 0)):
            return f"line {node.value.lineno}: `{node.arg}=` is not allowed; launch on the current stream"
    return None


def check_no_reference_reuse(tree: ast.Module) -> Optional[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("Model", "get_inputs", "get_init_inputs"):
            return f"line {node.lineno}: the candidate refers to `{node.id}` from the task; it must stand on its own"
    return None


def check_tensor_tricks(tree: ast.Module) -> Optional[str]:
    """Tensor subclasses and __torch_function__ hooks can fake outputs or defer work past the timer."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for b in node.bases:
                name = _dotted(b)
                if name.endswith(("Tensor", "TorchFunctionMode", "TorchDispatchMode", "Function")) and name != "nn.Module":
                    return f"line {node.lineno}: class {node.name} subclasses {name} (fake or lazy tensors are not allowed)"
        if isinstance(node, ast.FunctionDef) and node.name in ("__torch_function__", "__torch_dispatch__", "__del__",
                                                               "__getattr__", "__getattribute__"):
            return f"line {node.lineno}: defining `{node.name}` is not allowed"
    return None


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


def _literal_strings(node: ast.AST, consts: dict[str, ast.AST]) -> Optional[list[str]]:
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


def detect_backend(tree: ast.Module) -> str:
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
    ("static.imports", check_imports),
    ("static.try_except", check_try_except),
    ("static.forbidden_call", check_forbidden_calls),
    ("static.private_access", check_dunder_and_private),
    ("static.patching", check_patching),
    ("static.streams", check_streams_and_graphs),
    ("static.reference_reuse", check_no_reference_reuse),
    ("static.forbidden_api", check_forbidden_api),
    ("static.tensor_tricks", check_tensor_tricks),
    ("static.introspection", check_introspection),
    ("static.cupy_library", check_cupy_library_ops),
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
