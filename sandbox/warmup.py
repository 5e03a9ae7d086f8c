"""A kernel compiled ahead of its launch: `compiled = kernel.warmup(*args, grid=..., **options)`.

Triton's fused-softmax tutorial (and the kernels written after it) compiles a kernel before launching it, to
size a persistent grid by occupancy:

    compiled = softmax_kernel.warmup(y, x, ..., BLOCK_SIZE=BLOCK_SIZE, num_warps=8, grid=(1,))
    compiled._init_handles()
    occupancy = NUM_REGS // (compiled.n_regs * WARP_SIZE * num_warps)
    occupancy = min(occupancy, SIZE_SMEM // compiled.metadata.shared)
    compiled[(num_programs, 1, 1)](y, x, ..., BLOCK_SIZE, num_stages)

Under the interpreter `warmup` returns None, so the file failed on the CPU although it runs on a GPU. Here it
returns a `Warmed` kernel, in the candidate's process, that behaves as Triton's CompiledKernel does where a
result depends on it:

- a launch runs what was compiled: every tl.constexpr parameter, and every argument Triton specialised into a
  constant (an int equal to 1, None), takes its value at the warmup, whatever the launch passes (the compiled
  launcher skips those positions), and the options (num_warps, num_stages) are the warmup's;
- an argument whose alignment the compile assumed (an int or a data pointer divisible by 16) that the launch
  no longer has, or one of another type than compiled (i32 then i64, a pointer then an int), is an error:
  the compiled code would read it wrongly;
- the launcher takes the arguments positionally, constexprs in their places (they are skipped); one that
  reads past the arguments given is an error, as are keyword arguments and a grid of fewer than 3 entries;
- `n_regs`, `n_spills` and `n_max_threads` exist after `_init_handles()` (or a launch), as on the GPU.

Neither the registers nor the shared memory of a kernel are known before ptxas has assembled it, which the
judge does after this run (target.py). On the CPU each warmup draws them, from OS entropy, among the figures a
GPU could report for a kernel of its warps that launches (16 to 255 registers a thread, at most 64K a block;
no spills; 512 bytes to 48 KiB of shared memory); the compile for the target reports its real shared memory.
A kernel uses them to size its grid, and a persistent kernel is right for any grid; a file that decided
anything else by them (launch or not, at one figure) is judged across the figures a GPU might give. The interpreted launch goes through
the kernel's ordinary launch path, so every check of a launch applies to it. On a GPU (`install_device`) the
stand-in holds Triton's real compiled kernel, whose figures it reports, and launches through the ordinary
launch path too: Triton's compiled kernel would launch past the watch.
"""

from __future__ import annotations

import inspect
import random
from collections import namedtuple
from typing import Any, Callable

REGS_PER_BLOCK = 65536  # every NVIDIA GPU Triton targets
_DRAW = random.SystemRandom()


def drawn_regs(num_warps: int) -> int:
    """Registers a thread, as a GPU could report them for a kernel of `num_warps` warps that launches."""
    return _DRAW.randint(16, max(16, min(255, REGS_PER_BLOCK // (32 * max(1, num_warps)))))


def drawn_shared() -> int:
    return _DRAW.randrange(512, 48 * 1024 + 1, 128)
Metadata = namedtuple("Metadata", ["name", "num_warps", "num_stages", "num_ctas", "shared", "warp_size"])


class Warmed:
    """What `kernel.warmup(...)` returns: a compiled specialisation, launched as `compiled[grid](*args)`."""

    __slots__ = ("_kernel", "_fn", "_bound", "_const", "_spec", "_options", "_launch", "_compiled", "metadata",
                 "n_regs", "n_spills", "n_max_threads")

    def __init__(self, kernel, args: tuple, kwargs: dict, launch: Callable[..., Any], shared: int | None = None,
                 compiled=None):
        fn = kernel.fn
        sig = inspect.signature(fn)
        params = [k for k in kwargs if k in sig.parameters]
        bound = sig.bind(*args, **{k: kwargs[k] for k in params})  # a missing argument: TypeError, as Triton's
        bound.apply_defaults()
        self._kernel, self._fn, self._bound = kernel, fn, dict(bound.arguments)
        self._options = {k: v for k, v in kwargs.items() if k not in sig.parameters}
        self._spec = specialization(kernel, list(self._bound.values()))
        declared = _declared_constexprs(kernel)
        self._const = [name in declared or (self._spec is not None and self._spec[i][0] == "constexpr")
                       for i, name in enumerate(self._bound)]
        self._launch, self._compiled = launch, compiled
        warps = int(self._options.get("num_warps", 4))
        self.metadata = Metadata(fn.__name__, warps, int(self._options.get("num_stages", 3)),
                                 int(self._options.get("num_ctas", 1)),
                                 drawn_shared() if shared is None else int(shared), 32)

    def _init_handles(self) -> None:
        if hasattr(self, "n_regs"):
            return
        if self._compiled is not None:  # on a GPU: loaded by Triton, with the figures the driver gives
            self._compiled._init_handles()
            self.n_regs, self.n_spills = self._compiled.n_regs, self._compiled.n_spills
            self.n_max_threads = self._compiled.n_max_threads
        else:
            self.n_regs, self.n_spills = drawn_regs(self.metadata.num_warps), 0
            self.n_max_threads = self.metadata.num_warps * 32

    def __getitem__(self, grid):
        self._init_handles()

        def runner(*args, stream=None):
            dims = (grid[0], grid[1], grid[2])  # the compiled launcher indexes three entries
            return self._launch(self._kernel, dims, self._arguments(args), dict(self._options))

        return runner

    def _arguments(self, given: tuple) -> list:
        """The arguments the compiled code receives: the warmup's in its constant positions, the launch's in
        the others (checked to be what the compile assumed)."""
        names = list(self._bound)
        out = []
        for i, name in enumerate(names):
            if self._const[i]:
                out.append(self._bound[name])
                continue
            if i >= len(given):
                raise TypeError(f"launch of the compiled `{self._fn.__name__}`: argument {i + 1} (`{name}`) is not "
                                f"given ({len(given)} given); the compiled launcher takes every parameter "
                                "positionally, constexprs in their places")
            out.append(given[i])
        if self._spec is not None:
            now = specialization(self._kernel, out)
            if now is not None:
                for i, name in enumerate(names):
                    if self._const[i]:
                        continue
                    (was_t, was_a), (is_t, is_a) = self._spec[i], now[i]
                    if was_t != is_t:
                        why = f"was compiled (warmup) as {was_t} and is launched as {is_t}"
                    elif was_a == "D" and is_a != "D":
                        why = "was divisible by 16 when it was compiled (warmup) and is not at this launch"
                    else:
                        continue
                    raise ValueError(f"launch of the compiled `{self._fn.__name__}`: `{name}` {why}; the compiled "
                                     "code reads it as it was compiled for")
        return out


def specialization(kernel, values: list) -> list[tuple] | None:
    """Triton's specialisation of each argument of a launch ((type, "D" for divisible by 16 | "" | value)),
    computed by Triton's own binder for a CUDA target; None where this Triton has none to call."""
    try:
        kept = _BINDERS.get(id(kernel))
        if kept is None or kept[0] is not kernel:
            from triton.backends.nvidia.compiler import CUDABackend
            from triton.runtime.jit import JITFunction, create_function_from_signature

            jit = kernel if isinstance(kernel, JITFunction) else JITFunction(kernel.fn, **getattr(kernel, "kwargs", {}))
            kept = _BINDERS[id(kernel)] = (kernel, create_function_from_signature(jit.signature, jit.params, CUDABackend))
        _, spec, _ = kept[1](*values)
        return [tuple(s) for s in spec]
    except Exception:  # noqa: BLE001 -- another Triton: the constexprs alone are substituted
        return None


_BINDERS: dict[int, tuple] = {}  # id(kernel) -> (kernel, Triton's binder for it), kept for the process


def _declared_constexprs(kernel) -> set[str]:
    from .watch import _declared_constexprs as declared

    return declared(kernel.fn)


def install_interpreted() -> bool:
    """`kernel.warmup(...)` under the interpreter returns a Warmed kernel whose launches run interpreted, and so
    does a launch (`kernel[grid](...)`): compiled Triton returns the CompiledKernel it launched, the interpreter
    None, and host code that tested what a launch returned would tell the two apart."""
    try:
        from triton.runtime.interpreter import InterpretedFunction
    except Exception:  # noqa: BLE001 -- no interpreter in this Triton
        return False
    if getattr(InterpretedFunction.warmup, "_kp_warmed", False):
        return True

    def launch(kernel, grid, args, options):
        return kernel[grid](*args, **options)

    def warmup(self, *args, grid, **kwargs):
        return Warmed(self, args, kwargs, launch)

    run = InterpretedFunction.run

    def run_returning_kernel(self, *args, grid, warmup, **kwargs):
        if isinstance(grid, list):
            # compiled Triton reads any sequence by len and index (JITFunction.run); the interpreter pads the
            # grid with `grid + (1,) * ...`, which a list (`grid = [triton.cdiv(n, BLOCK)]`) cannot take
            grid = tuple(grid)
        got = run(self, *args, grid=grid, warmup=warmup, **kwargs)
        if warmup or got is not None:
            return got
        try:
            return Warmed(self, args, kwargs, launch)
        except Exception:  # noqa: BLE001 -- arguments the signature does not bind: the launch ran; still a kernel
            return Launched(getattr(self.fn, "__name__", "kernel"), int(kwargs.get("num_warps", 4)))

    setattr(warmup, "_kp_warmed", True)
    InterpretedFunction.warmup = warmup
    InterpretedFunction.run = run_returning_kernel
    return True


class Launched:
    """What a launch returns where its arguments could not be bound again: a compiled kernel's figures."""

    def __init__(self, name: str, num_warps: int):
        self.metadata = Metadata(name, num_warps, 3, 1, drawn_shared(), 32)
        self.n_regs, self.n_spills, self.n_max_threads = drawn_regs(num_warps), 0, num_warps * 32


def install_compiled() -> None:
    """For the compile for a GPU target (target.py): `warmup` compiles through the (patched) `run`, and so does
    each launch of what it returns, with the arguments the compiled code receives (a compile of the same
    specialisation is Triton's cached one): the launch is recorded, and its grid checked, as any launch there
    is; nothing runs."""
    from triton.runtime.jit import JITFunction

    def launch(kernel, grid, args, options):
        kernel.run(*args, grid=grid, warmup=True, **options)

    def warmup(self, *args, grid, **kwargs):
        compiled = self.run(*args, grid=grid, warmup=True, **kwargs)
        return Warmed(self, args, kwargs, launch, shared=getattr(compiled.metadata, "shared", 0))

    JITFunction.warmup = warmup


def install_device() -> None:
    """On a GPU: `warmup` compiles as Triton's does and its stand-in loads the real kernel (real registers and
    shared memory), but each launch goes through the kernel's ordinary launch (a cached compile), which the
    watch sees (sandbox/watch.py: the judge's second inputs, sealed outputs); Triton's own compiled kernel
    would launch past it."""
    from triton.runtime.jit import JITFunction

    compile_only = getattr(JITFunction.run, "__wrapped__", JITFunction.run)  # not a launch: nothing to watch

    def launch(kernel, grid, args, options):
        return kernel[grid](*args, **options)

    def warmup(self, *args, grid, **kwargs):
        compiled = compile_only(self, *args, grid=grid, warmup=True, **kwargs)
        return Warmed(self, args, kwargs, launch, shared=compiled.metadata.shared, compiled=compiled)

    JITFunction.warmup = warmup
