"""Compile what the interpreter verified for a real GPU, on a machine without one.

The Triton interpreter runs a kernel's Python, not its compiled form, so it accepts kernels that Triton's
compiler rejects (an fp64 accumulator passed to `tl.dot` on Triton 3.6, a dot too small for the tensor
cores, a block that needs more shared memory than the GPU has). Without this step such a kernel would pass
on the CPU and fail on the first GPU it meets. Here the candidate's forward runs once more, in a separate
confined process where `@triton.jit` is the real compiler: every launch is turned into a compile for the
target (`warmup=True`, Triton's own specialisation of every argument), nothing is launched, and ptxas's
register, spill and shared-memory figures are read for each kernel — the same figures NVRTC gives for CUDA.

The compile runs inside a candidate process (see runner.serve), under the same seccomp filter as the
interpreter: no process may be started there. So Triton stops at PTX (its cubin stage, which runs ptxas, is
replaced by an empty stand-in; nothing is ever loaded), and the judge assembles the PTX with ptxas itself
(`assemble`), which is where ptxas errors and the register and spill figures come from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import hints, layouts, pipelining, warmup
from .isolation import confine_tool

# Largest dynamic shared memory one block may use (bytes), by compute capability: what Triton's loader checks
# on the GPU before it raises OutOfResources.
SMEM_LIMIT = {70: 98304, 75: 65536, 80: 166912, 86: 101376, 87: 166912, 89: 101376, 90: 232448, 100: 232448,
              103: 232448, 120: 101376}
# Inputs larger than this are not allocated for the real-size compile on a CPU machine (bytes).
REAL_SIZE_LIMIT = 6 * 2**30


# The most blocks a CUDA launch may have in x, y and z, on every GPU Triton targets: past them the launch fails
# with "invalid argument", however well the kernel compiled.
GRID_LIMITS = (2**31 - 1, 65535, 65535)


class LaunchError(Exception):
    """A launch the GPU would refuse although its kernel compiles: a grid over CUDA's limits, global scratch the
    allocator cannot give."""

    def __init__(self, kernel: str, message: str):
        self.kernel = kernel
        super().__init__(message)


def launch_grid(fn, grid, args, kwargs) -> tuple[int, int, int] | None:
    """The grid a launch gets on the GPU, a callable one evaluated on the bound arguments as Triton does; None
    when it cannot be worked out here."""
    import inspect

    if callable(grid):
        try:
            sig = inspect.signature(fn)
            bound = sig.bind(*args, **{k: v for k, v in kwargs.items() if k in sig.parameters})
            bound.apply_defaults()
            grid = grid(dict(bound.arguments))
        except Exception:  # noqa: BLE001 -- a grid function we cannot call here is not checked
            return None
    try:
        dims = tuple(int(g) for g in grid)
    except Exception:  # noqa: BLE001
        return None
    if not 0 < len(dims) <= 3:
        return None
    x, y, z = (dims + (1, 1, 1))[:3]
    return x, y, z


def check_grid(kernel: str, dims: tuple[int, int, int] | None) -> None:
    if dims is None:
        return
    over = [f"{axis} = {d} > {lim}" for axis, d, lim in zip("xyz", dims, GRID_LIMITS) if d > lim]
    if over:
        raise LaunchError(kernel, f"launch grid {dims} is larger than a GPU allows ({', '.join(over)}), so the "
                                  "launch fails with 'invalid argument'; put the large dimension on axis 0 or loop "
                                  "inside the kernel")


class TargetCompileError(Exception):
    """A kernel that ran under the interpreter does not compile for the target."""

    def __init__(self, kernel: str, error: BaseException):
        self.kernel, self.error = kernel, error
        super().__init__(f"{kernel}: {type(error).__name__}: {error}{_causes(error)}")


def _causes(error: BaseException) -> str:
    """What Triton chains under a compile error: an error in a jit function a kernel calls is raised at the
    call, its message (`Cannot access global variable ...`) only in the error beneath, so those follow."""
    text, seen, more = str(error), 0, []
    cause = error.__cause__ or error.__context__
    while cause is not None and seen < 4:
        said = str(cause)
        if said and said not in text:
            more.append(f"{type(cause).__name__}: {said}")
            text += said
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return "".join(f"\n{m}" for m in more)


def capability(arch: str) -> int:
    m = re.fullmatch(r"sm_(\d{2,3})[a-z]?", arch.strip())  # sm_90, sm_90a, sm_100; not sm_9x
    if not m:
        raise ValueError(f"not a GPU architecture: {arch!r} (expected e.g. sm_90)")
    return int(m.group(1))


class _TargetDriver:
    """Stands in for Triton's CUDA driver: names the target, and has no device to launch on."""

    def __init__(self, target):
        self.target = target

    def get_current_target(self):
        return self.target

    def get_current_device(self):
        return 0

    def get_current_stream(self, device=None):
        return 0

    def get_active_torch_device(self):
        import torch

        return torch.device("cpu")

    def is_active(self):
        return True


@dataclass
class Recorder:
    """What compiling for the target found, in launch order."""

    kernels: dict[str, dict] = field(default_factory=dict)  # "name[spec]" -> figures
    dropped_configs: list[str] = field(default_factory=list)  # autotune configs that do not compile or fit
    ptx: dict[str, str] = field(default_factory=dict)  # same keys as kernels: what the judge assembles
    config: str | None = None  # the autotune config being compiled, while the autotuner benches one
    config_of: dict[str, str] = field(default_factory=dict)  # kernels key -> its autotune config
    specs: set[str] = field(default_factory=set)  # every launch's kernel and constexpr values (watch.launch_spec)
    # launches whose compiler hints widen a global load or store (sandbox/hints.py): launch key (hints.launch_key)
    # -> "line:column" of the access -> the bytes one access covers there; hints_probed is False where the
    # hints could not be switched off to find out
    hints_used: dict[str, dict[str, int]] = field(default_factory=dict)
    hints_probed: bool = True
    widened: dict[int, dict[str, int]] = field(default_factory=dict)  # id of a compiled kernel -> its accesses
    # kernel name -> "line:column" of the loads its compiles made asynchronous copies (pipelining.async_copy_positions)
    pipelined: dict[str, set[str]] = field(default_factory=dict)
    copies: dict[int, set[str]] = field(default_factory=dict)  # id of a compiled kernel -> the same, found once
    # kernel name -> the layouts of its global loads and stores, one entry per compile (layouts.memory_ops)
    layouts: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, compiled) -> None:
        md = compiled.metadata
        name = str(getattr(md, "name", None) or getattr(compiled, "name", "kernel"))
        figures = {"smem_bytes": int(getattr(md, "shared", 0) or 0), "num_warps": int(getattr(md, "num_warps", 0)),
                   "num_stages": int(getattr(md, "num_stages", 0))}
        ptx = compiled.asm.get("ptx", "")
        key, n = name, 1
        while key in self.kernels and self.ptx.get(key) != ptx:  # one entry per distinct specialisation
            n += 1
            key = f"{name}#{n}"
        self.kernels[key], self.ptx[key] = figures, ptx
        if self.config is not None:
            self.config_of.setdefault(key, self.config)


def install(arch: str) -> Recorder:
    """Make this process compile for `arch` instead of interpreting. Call before the candidate is imported:
    `@triton.jit` reads the interpreter switch when a kernel is decorated."""
    os.environ.pop("TRITON_INTERPRET", None)
    _compiled_library()
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.runtime import driver
    from triton.runtime.errors import OutOfResources
    from triton.runtime.jit import JITFunction

    from .watch import launch_spec

    cc = capability(arch)
    limit = SMEM_LIMIT.get(cc, 101376)
    rec = Recorder()
    driver.set_active(_TargetDriver(GPUTarget("cuda", cc, 32)))
    from triton.backends.nvidia.compiler import CUDABackend

    # ptxas would be a new process, which the seccomp filter refuses: the judge runs it on the PTX instead
    CUDABackend.make_cubin = lambda self, src, metadata, opt, capability: b""

    rec.hints_probed = hints.install_compile_probe()
    # the candidate's disk cache is new with each evaluation; a compile that skipped the code generator would not
    # say whether it applied compiler hints
    if hasattr(triton, "knobs"):  # an older Triton has no knob: its disk cache is as new
        triton.knobs.compilation.always_compile = True
    inner = JITFunction.run

    def run(self, *args, grid, warmup, **kwargs):
        name = getattr(self, "__name__", None) or getattr(self.fn, "__name__", "kernel")
        rec.specs.add(launch_spec(self, args, kwargs))
        try:
            applied = hints.CompileProbe.applied
            compiled = inner(self, *args, grid=grid, warmup=True, **kwargs)
            compiled = compiled.result() if hasattr(compiled, "result") else compiled
            if hints.CompileProbe.applied > applied:  # compiled just now, with hints: do they change its accesses?
                try:
                    rec.widened[id(compiled)] = hints.widened_lines(
                        compiled.asm.get("ptx", ""), _without_hints(self, inner, args, grid, kwargs))
                except Exception:  # noqa: BLE001 -- not known: the judge takes every false hint as used
                    rec.hints_probed = False
            if rec.widened.get(id(compiled)):  # the kernel cache keeps every compiled kernel alive
                rec.hints_used[hints.launch_key(self, args, kwargs)] = rec.widened[id(compiled)]
        except TargetCompileError:
            raise
        except AttributeError as e:
            if "_TargetDriver" in str(e):  # Triton asked the stand-in driver for something it lacks
                raise RuntimeError(f"compiling for {arch} needs a GPU driver feature: {e}") from e
            raise TargetCompileError(name, e) from e
        except OSError as e:  # a tool Triton wanted to run (refused here), not the kernel's fault
            raise RuntimeError(f"compiling for {arch} needed a subprocess, which the sandbox refuses: {e}") from e
        except Exception as e:  # noqa: BLE001 -- the same call ran under the interpreter: this is the compiler's
            raise TargetCompileError(name, e) from e
        shared = int(getattr(compiled.metadata, "shared", 0) or 0)
        if shared > limit:  # what the loader raises on the GPU
            raise TargetCompileError(name, OutOfResources(shared, limit, "shared memory"))
        _scratch_as_launched(name, compiled, launch_grid(self.fn, grid, args, kwargs))
        rec.add(compiled)
        if id(compiled) not in rec.copies:  # a compile seen for the first time: what its code says, once
            rec.copies[id(compiled)] = pipelining.async_copy_positions(compiled.asm.get("ttgir", ""))
            found = rec.layouts.setdefault(name, [])
            if len(found) < 16:
                code = getattr(getattr(self, "fn", None), "__code__", None)  # the file the PTX's .loc lines name
                found.append(layouts.memory_ops(compiled.asm.get("ttgir", ""), compiled.asm.get("ptx", ""),
                                                code.co_filename if code is not None else ""))
        rec.pipelined.setdefault(name, set()).update(rec.copies[id(compiled)])
        check_grid(name, launch_grid(self.fn, grid, args, kwargs))  # the interpreter launches any grid
        return compiled

    JITFunction.run = run
    warmup.install_compiled()  # kernel.warmup(...): compiled here, and so is each of its launches
    _install_autotuner(rec)
    return rec


def _scratch_as_launched(name: str, compiled, dims: tuple[int, int, int] | None) -> None:
    """A kernel compiled with global scratch (a tensor descriptor made in the kernel, some reductions) has its
    launcher ask the allocator given to `triton.set_allocator` for it at every launch, on the GPU; the
    interpreter never does. So here the allocator is asked as the launcher asks it (grid programs x CTAs x the
    kernel's scratch bytes, at its alignment), and a launch the GPU would refuse is refused: no allocator set
    (Triton's own error), or memory that is the host's, too small or misaligned."""
    per_program = int(getattr(compiled.metadata, "global_scratch_size", 0) or 0)
    if per_program <= 0:
        return
    from triton.runtime import _allocation

    programs = dims[0] * dims[1] * dims[2] if dims else 1
    size = programs * int(getattr(compiled.metadata, "num_ctas", 1) or 1) * per_program
    align = int(getattr(compiled.metadata, "global_scratch_align", 1) or 1)
    import torch

    allocator = _allocation._allocator.get() if hasattr(_allocation._allocator, "get") else _allocation._allocator
    try:
        buf = allocator(size, align, 0)
    except Exception as e:  # noqa: BLE001 -- what the launcher raises on the GPU (none set: Triton's RuntimeError)
        raise LaunchError(name, f"{type(e).__name__}: {e}") from e
    from ..tasks import devices

    problem = None
    if isinstance(buf, torch.Tensor) and devices.ACTIVE is not None and devices.ACTIVE.is_host(buf):
        problem = "it is host memory (a tensor made with no device), which the kernel cannot address on the GPU"
    elif isinstance(buf, torch.Tensor) and buf.untyped_storage().nbytes() < size:
        problem = f"it holds {buf.untyped_storage().nbytes()} bytes where the launch needs {size}"
    elif not hasattr(buf, "data_ptr") or buf.data_ptr() % align:
        problem = f"it is not aligned to {align} bytes"
    if problem:
        raise LaunchError(name, f"the allocator given to triton.set_allocator returned unusable scratch memory for "
                                f"`{name}` ({size} bytes at alignment {align}, asked at each launch on the GPU): {problem}")


def _without_hints(kernel, inner, args, grid, kwargs) -> str:
    """The PTX of the same launch compiled with its compiler hints switched off (the kernel's in-memory cache
    is set aside meanwhile and then restored, so that what runs stays the hinted compile)."""
    from triton.runtime import driver

    cache = kernel.device_caches[driver.active.get_current_device()][0]
    kept = dict(cache)
    cache.clear()
    hints.CompileProbe.off = True
    try:
        plain = inner(kernel, *args, grid=grid, warmup=True, **kwargs)
        plain = plain.result() if hasattr(plain, "result") else plain
        return plain.asm.get("ptx", "")
    except Exception:  # noqa: BLE001 -- a kernel that needs its hints to compile depends on them
        return ""
    finally:
        hints.CompileProbe.off = False
        cache.clear()
        cache.update(kept)


def _compiled_library() -> int:
    """This process was forked from one that imported Triton for the interpreter, so Triton's own @jit library
    (tl.max, tl.sum, tl.cdiv, ...) consists of interpreter functions, which the compiler cannot call. Turn each
    back into the JITFunction that an import in compile mode would have made, wherever Triton keeps it.
    Returns how many were converted."""
    from triton.language import core
    from triton.runtime.jit import JITFunction

    try:
        from triton.runtime.interpreter import InterpretedFunction
    except ImportError:
        return 0
    made: dict[int, JITFunction] = {}

    def compiled(obj):
        if not isinstance(obj, InterpretedFunction):
            return None
        if id(obj) not in made:
            made[id(obj)] = JITFunction(obj.fn, **getattr(obj, "kwargs", {}))
        return made[id(obj)]

    for name, mod in list(sys.modules.items()):
        if mod is None or not (name == "triton" or name.startswith("triton.")):
            continue
        for key, value in list(vars(mod).items()):
            if (jit := compiled(value)) is not None:
                setattr(mod, key, jit)
    # tensor methods (x.sum(), x.max()): in compile mode the method *is* the JITFunction; under the interpreter
    # it is a wrapper closing over the interpreter function
    for key, value in list(vars(core.tensor).items()):
        for cell in getattr(value, "__closure__", None) or ():
            try:
                jit = compiled(cell.cell_contents)
            except ValueError:  # empty cell
                continue
            if jit is not None:
                setattr(core.tensor, key, jit)
    return len(made)


def _install_autotuner(rec: Recorder) -> None:
    """Autotuning times each config on the GPU. Here each config is compiled instead, and one that does not
    compile or fit is dropped, as Triton's own autotuner drops it (an infinite time) on the GPU. Every config
    Triton's own pruning keeps (Autotuner.run prunes before it benches) is compiled: any of them may be the one
    a GPU picks, and the interpreter has checked each of them (compat.interpreted_autotuning)."""
    try:
        from triton.runtime.autotuner import Autotuner
        from triton.runtime.errors import OutOfResources
    except Exception:  # noqa: BLE001 -- no autotuner in this Triton
        return
    try:
        from triton.compiler.errors import CompileTimeAssertionFailure
    except Exception:  # noqa: BLE001
        CompileTimeAssertionFailure = OutOfResources  # noqa: N806
    inf = float("inf")

    def bench(self, *args, config, **meta):
        index = self.configs.index(config) if config in self.configs else 0
        rec.config = str(config)
        current = dict(meta, **config.all_kwargs())
        try:
            if config.pre_hook:  # as Triton's own _bench, before each config's compile: it may set up arguments
                config.pre_hook({**self.nargs, **current})  # (a tensor descriptor's block shape, tutorial 09)
            self.fn.run(*args, **current)
        except TargetCompileError as e:
            if isinstance(e.error, (OutOfResources, CompileTimeAssertionFailure)):
                rec.dropped_configs.append(f"{config}: {type(e.error).__name__}: {str(e.error).splitlines()[0][:160]}")
                return [inf, inf, inf]
            raise
        finally:
            rec.config = None
        return [float(index)] * 3  # the first config that compiles is the one "chosen"

    Autotuner._bench = bench
    run = Autotuner.run

    def run_every_kept_config(self, *args, **kwargs):
        # a GPU's autotuner reuses the winner it cached for a key; which launch came first decides what that
        # is, so the interpreter checks what pruning keeps at each launch (compat.interpreted_autotuning), and
        # each launch here compiles all of that, not a winner cached at an earlier one
        getattr(self, "cache", {}).clear()
        return run(self, *args, **kwargs)

    Autotuner.run = run_every_kept_config


def ptxas_path(cc: int) -> str | None:
    """The ptxas Triton itself uses for this target (Triton ships more than one, chosen by architecture)."""
    try:
        from triton.backends.nvidia.compiler import get_ptxas

        path = get_ptxas(cc).path
        if path and Path(path).exists():
            return str(path)
    except Exception:  # noqa: BLE001 -- an older Triton: fall back to its bundled copy or the PATH
        pass
    import triton

    bundled = Path(triton.__file__).parent / "backends" / "nvidia" / "bin" / "ptxas"
    return str(bundled) if bundled.exists() else shutil.which("ptxas")


def warm_up(arch: str) -> None:
    """Run, in the judge, the `ptxas --version` queries Triton makes while compiling (both are cached), so
    the forked compile process, which may not start processes, finds the answers already there."""
    try:
        from triton.backends.nvidia.compiler import get_ptxas, get_ptxas_version

        cc = capability(arch)
        getattr(get_ptxas(cc), "version", None)
        get_ptxas_version(cc)
    except Exception:  # noqa: BLE001 -- another Triton: the compile reports what it misses as "not compiled"
        pass


PTXAS_SECONDS = 120  # CPU time and wall time for ptxas on one kernel's PTX
PTXAS_MEMORY = 4 << 30  # its address space: a large honest kernel's ptxas takes a few hundred MiB


def assemble(ptx: str, arch: str, scratch: Path | None = None) -> tuple[dict, str]:
    """ptxas -v on one kernel's PTX, in the judge: ({registers, spill_bytes}, "") or ({}, ptxas's error).
    Triton passes the same --gpu-name to ptxas (the .target line of its PTX). Its files go under scratch (the
    evaluation's work directory, removed by the parent even when this judge is killed mid-ptxas)."""
    from .build import parse_ptxas

    exe = ptxas_path(capability(arch))
    m = re.search(r"^\s*\.target\s+(sm_\w+)", ptx, re.M)
    if not exe or not m:
        return {}, ""
    with tempfile.TemporaryDirectory(prefix="kp-ptx-", dir=scratch) as d:
        src = Path(d) / "k.ptx"
        src.write_text(ptx)
        try:
            # the PTX came from the candidate's process: ptxas runs bounded (isolation.confine_tool), in a
            # session of its own, killed with this process
            p = subprocess.run([exe, "-v", f"--gpu-name={m.group(1)}", str(src), "-o", str(Path(d) / "k.cubin")],
                               capture_output=True, text=True, timeout=PTXAS_SECONDS, check=False,
                               start_new_session=True,
                               preexec_fn=lambda: confine_tool(PTXAS_SECONDS, PTXAS_MEMORY))
        except subprocess.TimeoutExpired:
            return {}, f"ptxas did not finish within {PTXAS_SECONDS} s"
        except OSError:
            return {}, ""
    log = p.stdout + p.stderr
    if p.returncode < 0:  # killed: its CPU time (SIGXCPU/SIGKILL) or address space ran out
        return {}, (f"ptxas was stopped (signal {-p.returncode}) at its limits of {PTXAS_SECONDS} s of CPU time and "
                    f"{PTXAS_MEMORY >> 30} GiB of memory:\n{log[-1000:]}")
    if p.returncode != 0:
        return {}, f"ptxas failed (exit {p.returncode}):\n{log[-2000:]}"
    figures = parse_ptxas(log)
    if not figures:
        return {}, ""
    one = next(iter(figures.values()))
    return {"registers": one.get("registers", 0), "spill_bytes": one.get("spill_bytes", 0)}, ""
