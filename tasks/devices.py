"""KernelBench files are written for a GPU: `get_inputs` returns `torch.randn(...).cuda()`, a model may build
tensors with `device="cuda"`. Where this process has no CUDA device (the CPU verdict under the Triton
interpreter), those mean the host, so the file gives a verdict instead of a traceback. Where a GPU exists
nothing changes.

In a candidate's process on a CPU, the candidate's host code is also told it runs on the GPU the verdict
stands for (`cuda_means_host_in_this_process`): `torch.cuda.is_available()`, the device count, capability,
name and properties, Triton's driver lookups, and a tensor's own device queries (`x.is_cuda`, `x.device`,
`x.get_device()`), which answer as for a tensor on cuda:0 wherever the candidate's code asks. A candidate
that asked and took another path without a GPU would otherwise be checked on a path the GPU never runs (a
max shift only where there is no CUDA, an autotune pruner that keeps the safe config only on a CPU).
Tensors stay on the host: every device the candidate is told of means the host where it is used.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import sysconfig
import time
import types
import weakref
from dataclasses import dataclass, replace
from typing import Any

import torch
from torch.overrides import TorchFunctionMode


def _is_cuda(device) -> bool:
    if isinstance(device, torch.device):
        return device.type == "cuda"
    if isinstance(device, str):
        return device.split(":")[0] == "cuda"
    # a bare index is a CUDA device (`device=x.get_device()`, `x.to(0)`); a bool is never a device
    return isinstance(device, int) and not isinstance(device, bool) and device >= 0


def _where() -> str:
    """The host, or the meta device while sizes are being read on it (tasks/sizes.py): nothing is allocated."""
    default = torch.get_default_device() if hasattr(torch, "get_default_device") else torch.device("cpu")
    return "meta" if default.type == "meta" else "cpu"


def _host(value):
    return _where() if _is_cuda(value) else value


def _host_type(value):
    """A legacy CUDA tensor type given to `Tensor.type` ("torch.cuda.HalfTensor", torch.cuda.HalfTensor) as the
    host's of the same dtype."""
    if isinstance(value, str) and value.startswith("torch.cuda."):
        return "torch." + value[len("torch.cuda."):]
    if isinstance(value, type) and value.__module__ == "torch.cuda" and hasattr(torch, value.__name__):
        return getattr(torch, value.__name__)
    return value


_DATA = torch._C.TensorBase.__dict__["data"]
# The GPU tensor a host tensor stands for: the one device there is (see _DeviceContext).
GPU_DEVICE = torch.device("cuda", 0)
# A tensor's device queries as they reach a TorchFunctionMode: a property getter arrives as its descriptor's
# `__get__` (func.__self__ is the descriptor), a method as the method itself.
_GETTERS = {id(torch._C.TensorBase.__dict__[name]): name for name in ("is_cuda", "is_cpu", "device")}
_METHODS = {torch._C.TensorBase.get_device: "get_device", torch._C.TensorBase.type: "type",
            torch.Tensor.__repr__: "repr", torch.Tensor.__format__: "format", torch.Tensor.is_shared: "is_shared",
            torch._C.TensorBase.numpy: "numpy"}


def _device_query(func) -> str | None:
    """Which of a tensor's device queries `func` is (is_cuda, is_cpu, device, get_device, type, and repr and
    format, which name a CUDA tensor's device, is_shared, always True for CUDA memory, and numpy, which a CUDA
    tensor refuses), or None."""
    if getattr(func, "__name__", None) == "__get__":
        return _GETTERS.get(id(getattr(func, "__self__", None)))
    try:
        return _METHODS.get(func)
    except TypeError:  # an unhashable callable: no query of ours
        return None


# read when this module is imported (in the judge's process, before a candidate's is forked and confined)
_LIBRARY_DIRS = tuple(p for p in {sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
                      if p)


class _Callers:
    """Whose code asked: the candidate's, or the harness's own. Frames are classed by their code's file."""

    HARNESS, HANDLER, LIBRARY, OTHER = range(4)

    def __init__(self) -> None:
        # the harness: every folder of the kernelpilot package loaded in this process (read from sys.modules:
        # nothing is read from disk once the process is confined, where the runner has loaded the sandbox)
        from ..sandbox import compat

        harness = {os.path.dirname(os.path.abspath(p)) for p in (__file__, compat.__file__)}
        for name, mod in list(sys.modules.items()):
            if name == "kernelpilot" or name.startswith("kernelpilot."):
                harness.update(os.path.abspath(p) for p in getattr(mod, "__path__", None) or ())
        # libraries: the standard library, the installed packages, torch and Triton wherever they are
        library = set(_LIBRARY_DIRS)
        library |= {os.path.dirname(getattr(sys.modules.get(m), "__file__", None) or "") for m in ("torch", "triton")}
        self.harness = tuple(os.path.join(d, "") for d in sorted(harness))
        self.library = tuple(os.path.join(d, "") for d in sorted(p for p in library if p))
        self.kinds: dict[types.CodeType, int] = {}

    def kind(self, code: types.CodeType) -> int:
        k = self.kinds.get(code)
        if k is None:
            path = code.co_filename
            # the candidate's file (sandbox/runner.py loads it as the module `candidate`), wherever its folder is
            if path == getattr(sys.modules.get("candidate"), "__file__", None):
                k = self.OTHER
            elif path.startswith(self.harness):  # before the libraries: an installed kernelpilot is in site-packages
                k = self.HANDLER if code.co_name == "__torch_function__" else self.HARNESS
            elif path.startswith("<") or path.startswith(self.library):
                k = self.LIBRARY
            else:
                k = self.OTHER
            self.kinds[code] = k
        return k

    def candidate_asks(self, frame) -> bool:
        """Was the call that reached `frame` (the mode's handler's caller) made by the candidate's code?

        Walking out from it: library frames (torch's, Triton's, the standard library's) ask for whoever
        called them; the harness's torch-function handlers (the op watch, this mode) pass on a call made by
        whoever made it; any other harness code asks for itself (the runner checking the device of an
        output, Triton's launch under the harness's wrappers), even where the candidate called it; the first
        frame of other code is the candidate's (its file, and anything it defines)."""
        harness = False
        while frame is not None:
            k = self.kind(frame.f_code)
            if k == self.OTHER:
                return not harness
            if k == self.HARNESS:
                harness = True
            elif k == self.HANDLER:
                harness = False
            frame = frame.f_back
        return False


# torch functions that make a tensor from sizes or Python values alone: without a device they make it on the
# host, on a GPU machine too (`torch.zeros(1)` is a CPU tensor there). `as_tensor`/`from_dlpack` are left out:
# given a CuPy array they make a GPU tensor.
FACTORIES = {"empty", "empty_strided", "zeros", "ones", "full", "arange", "tensor", "rand", "randn", "randint",
             "randperm", "linspace", "logspace", "eye", "tril_indices", "triu_indices", "scalar_tensor", "normal"}


def _tensors(value, found: list) -> list:
    if isinstance(value, torch.Tensor):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _tensors(v, found)
    return found


class CudaMeansHost(TorchFunctionMode):
    """`.cuda()`, `.to("cuda")`, `device="cuda"` (and `torch.device("cuda")` objects, and bare indices) become
    the host.

    With gpu_tensors=True (the candidate's process, which is told it runs on the GPU its verdict stands for),
    a host tensor's own device queries answer as for a tensor on cuda:0 where the candidate's code asks:
    `is_cuda` True, `is_cpu` False, `device` cuda:0, `get_device()` 0, `type()` "torch.cuda.FloatTensor", and
    `repr(x)` / `str(x)` / `f"{x}"` with `device='cuda:0'`.
    The harness's own code still sees the host (_Callers), and a meta tensor is left as it is.

    Except the tensors that are the host's on the GPU too: what the candidate makes with no device
    (`torch.zeros(1)`, a layer built in `__init__` before the harness moves the model), moves to the host
    (`x.cpu()`, `x.to("cpu")`) and whatever is computed or viewed from those alone. They answer as the host
    tensors they are, so `torch.zeros(1).is_cuda` cannot tell the CPU judge from the GPU. The harness's own
    moves (the runner's `model.to(device)`) stand for the move to the GPU and make a tensor the GPU's again."""

    def __init__(self, gpu_tensors: bool = False) -> None:
        super().__init__()
        self.callers = _Callers() if gpu_tensors else None
        self.host: dict[int, weakref.ref] = {}  # id -> tensor, for the tensors that are the host's on the GPU too

    def __enter__(self):
        if self.callers is not None:  # nn.Parameter(t) shares t's storage through a call no mode sees
            self._make_subclass = make = torch.Tensor._make_subclass

            def make_subclass(*args, **kwargs):  # (cls, data, ...): a wildcard, as torch._dynamo's polyfill accepts
                got = make(*args, **kwargs)
                data = args[1] if len(args) > 1 else kwargs.get("data")
                if self.is_host(data):
                    self._mark(got, host=True)
                return got

            torch.Tensor._make_subclass = staticmethod(make_subclass)  # type: ignore[method-assign,assignment]
        return super().__enter__()

    def __exit__(self, *exc):
        if self.callers is not None:
            torch.Tensor._make_subclass = self._make_subclass  # type: ignore[method-assign]
        return super().__exit__(*exc)

    # -- which tensors are the host's on the GPU too ------------------------------------------------------------
    def is_host(self, t: Any) -> bool:
        ref = self.host.get(id(t))
        return ref is not None and ref() is t

    def _mark(self, got: Any, host: bool) -> None:
        for t in _tensors(got, []):
            if not host:
                if self.is_host(t):
                    del self.host[id(t)]
                continue
            with torch._C.DisableTorchFunction():  # where it really is, whoever asks
                on_cpu = t.device.type == "cpu"
            if on_cpu:
                self.host[id(t)] = weakref.ref(t, functools.partial(_forget, self.host, id(t)))

    def __torch_function__(self, func, types_, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if self.callers is None:
            return self._on_host(func, args, kwargs)
        query = _device_query(func)
        if query is not None and not (query == "type" and (len(args) > 1 or kwargs)):  # x.type(), not x.type(t)
            return self._device(query, func, args, kwargs)
        frame = sys._getframe(1)
        t = args[0] if args else None
        if getattr(func, "__name__", None) in ("resize_", "resize_as_") and isinstance(t, torch.Tensor):
            return self._resized(func, args, kwargs, frame)
        if getattr(func, "__name__", None) == "__set__" and getattr(func, "__self__", None) is _DATA and len(args) == 2:
            # `param.data = moved`: Module.cuda()/to() keep each parameter's object and give it the new tensor
            got = func(*args, **kwargs)
            self._mark(t, host=self.is_host(args[1]))
            return got
        if _to_host(func, args, kwargs) or func is torch._C.TensorBase.type and _names_host_type(args, kwargs):
            got = func(*args, **kwargs)
            asks = self.callers.candidate_asks(frame)
            # x.cpu() / x.to("cpu") of a tensor that stands for a GPU one is a device-to-host copy there; here
            # torch would hand back the tensor itself (`x.cpu() is x` would tell the host)
            if (asks and isinstance(t, torch.Tensor) and isinstance(got, torch.Tensor) and t.device.type == "cpu"
                    and not self.is_host(t) and _same_storage(got, t)):
                got = got.clone(memory_format=torch.preserve_format)
            if not asks and isinstance(t, torch.Tensor) and self.is_host(t) and got is t:
                got = _gpu_allocation(t)  # the harness moves a host tensor to the GPU: a new allocation there
                self._mark(t, host=False)  # a module's parameter keeps its object (`param.data = got`)
            self._mark(got, host=asks)  # the harness's own move to its device is the move to the GPU
            return got
        to_gpu = func is torch.Tensor.cuda or func is torch.Tensor.to and (
            any(_is_cuda(a) for a in args[1:]) or _is_cuda(kwargs.get("device")))
        device = kwargs.get("device")
        on_gpu = getattr(func, "__name__", None) in _VALUES_AS_CUDA and not self._made_on_host(func, args, kwargs)
        got = self._on_host(func, args, kwargs)
        if getattr(func, "__name__", None) in _CASTS and self.callers.candidate_asks(frame):
            self._cast_as_cuda(func, args, kwargs, got)
        if on_gpu and isinstance(got, torch.Tensor) and got.dtype == torch.float32 \
                and self.callers.candidate_asks(frame):
            _VALUES_AS_CUDA[func.__name__](got, args, kwargs)
        if to_gpu:
            if (isinstance(t, torch.Tensor) and self.is_host(t) and isinstance(got, torch.Tensor)
                    and _same_storage(got, t) and self.callers.candidate_asks(frame)):
                got = got.clone(memory_format=torch.preserve_format)  # a host-to-device copy on the GPU
            self._mark(got, host=False)
        elif device is not None:
            self._mark(got, host=_names_host(device) and self.callers.candidate_asks(frame))
        elif self.host or getattr(func, "__name__", None) in FACTORIES:
            inputs = _tensors((args, list(kwargs.values())), [])
            if inputs:
                if all(self.is_host(i) for i in inputs):
                    self._mark(got, host=True)
            elif getattr(func, "__name__", None) in FACTORIES and self.callers.candidate_asks(frame):
                self._mark(got, host=True)
        return self._allocated_as_on_gpu(got, args, kwargs, frame, func)

    def _made_on_host(self, func, args, kwargs) -> bool:
        """Whether a factory call makes its tensor on the host (with no device, or one naming it, as on a GPU
        machine), or a `_like` of a host tensor."""
        if func.__name__.endswith("_like") and "device" not in kwargs:
            return bool(args) and isinstance(args[0], torch.Tensor) and self.is_host(args[0])
        return kwargs.get("device") is None or _names_host(kwargs["device"])

    def _cast_as_cuda(self, func, args, kwargs, got) -> None:
        """A conversion of floats to int32/int64 on a tensor that stands for the GPU's (`got`: what the host's
        made, corrected in place): CUDA's conversion (`cvt.rzi.s32.f32`) saturates and gives 0 for NaN, where
        the host's gives INT_MIN for both (x86), so a value cast in `__init__` or as glue (3e9 to int32) would
        tell the judge from the GPU."""
        name = func.__name__
        if name in ("copy_", "__setitem__"):
            at = 1 if name == "copy_" else 2
            dst, src = args[0], args[at] if len(args) > at else None
        else:
            dst, src = got, args[0] if args else kwargs.get("data")
        if not (isinstance(dst, torch.Tensor) and isinstance(src, torch.Tensor) and src.is_floating_point()
                and not self.is_host(src)):
            return
        if dst.dtype in _CUDA_CAST_UNDEFINED:
            with torch._C.DisableTorchFunction():
                info = torch.iinfo(dst.dtype)
                x = src.detach().double().trunc()
                outside = int((x.isnan() | (x > info.max) | (x < info.min)).sum())
            if outside:
                raise RuntimeError(
                    f"{outside} value(s) out of the range of {dst.dtype} (or NaN) converted to it on a GPU tensor: what "
                    "CUDA gives there depends on the code the compiler made (C++ leaves it undefined), and this "
                    "machine's conversion wraps, so the result here tells nothing about the GPU's; clamp first "
                    f"(`x.clamp({info.min}, {info.max})`)")
            return
        if dst.dtype not in _CUDA_CAST_RANGE:
            return
        with torch._C.DisableTorchFunction():
            fixed = _cuda_cast(src, dst.dtype)
            if name == "__setitem__":
                dst[args[1]] = fixed
            elif name == "copy_":
                dst.copy_(fixed)
            elif not _same_storage(dst, src):
                dst.copy_(fixed.expand_as(dst) if fixed.shape != dst.shape else fixed)

    def _resized(self, func, args, kwargs, frame):
        """`x.resize_(n)` past its storage's size allocates new memory, which on the GPU is a block of the
        caching allocator's: placed in one here too (in forward the op watch counts it as torch compute)."""
        t = args[0]
        with torch._C.DisableTorchFunction():
            before = t.untyped_storage().data_ptr(), t.untyped_storage().nbytes()
            grown = _grown_elsewhere(t, args, kwargs)
        got = grown if grown is not None else self._on_host(func, args, kwargs)
        assert self.callers is not None
        with torch._C.DisableTorchFunction():
            s = t.untyped_storage()
            if (s.data_ptr() == before[0] or not s.nbytes() or t.device.type != "cpu" or self.is_host(t)
                    or type(t) is not torch.Tensor or not self.callers.candidate_asks(frame)):
                return got
            whole = torch.empty(0, dtype=t.dtype).set_(s, 0, (s.nbytes() // t.element_size(),), (1,))
            placed = _gpu_allocation(whole, made_empty=before[1] == 0)
            t.set_(placed.untyped_storage(), t.storage_offset(), t.shape, t.stride())
        return got

    def _allocated_as_on_gpu(self, got, args, kwargs, frame, func):
        """What the candidate's code makes on the GPU (outside forward too, where no op watch places its
        allocations: at import, in `__init__`; in forward, what the op watch does not place) is placed as CUDA's
        caching allocator would place it (sandbox/gpu_memory.py): 512-byte aligned (a CPU's allocations are
        only 64), in a storage of its own, and in a block a tensor freed before left, with that tensor's
        contents where it is an `empty` (`x.data_ptr() % 512`, or fill-free-allocate-read, must not tell the
        judge from the GPU)."""
        from ..sandbox import gpu_memory
        from ..sandbox.watch import ALIGN

        if gpu_memory.WATCH_PLACES and gpu_memory.WATCH_PLACES[-1].places(func):
            return got  # the op watch places it (sandbox/watch.py _padded_like)
        if isinstance(got, (tuple, list)) and any(isinstance(g, torch.Tensor) for g in got):
            placed = [self._allocated_as_on_gpu(g, args, kwargs, frame, func) for g in got]
            if all(a is b for a, b in zip(placed, got)):
                return got
            try:
                return type(got)(placed)
            except TypeError:  # a named tuple of torch's (torch.sort's values, indices)
                return type(got)(*placed)
        if (not isinstance(got, torch.Tensor) or got.device.type != "cpu" or not got.numel() or got.is_sparse
                or gpu_memory.COMPILING and got.data_ptr() % ALIGN == 0 or self.is_host(got)
                or type(got) is not torch.Tensor
                and not isinstance(got, torch.nn.Parameter)):
            return got
        ptr = got.untyped_storage().data_ptr()
        if any(i.untyped_storage().data_ptr() == ptr for i in _tensors((args, list(kwargs.values())), [])):
            return got  # a view, or an in-place op's own tensor: where its input is
        if not self.callers or not self.callers.candidate_asks(frame):
            return got
        return _gpu_allocation(got, made_empty=getattr(func, "__name__", "") in EMPTIES)

    def _on_host(self, func, args, kwargs):
        t = args[0] if args else None
        if func is torch.Tensor.cuda:  # Module.cuda() comes here too, once per parameter
            return t if t.device.type == "meta" else t.cpu()
        if "device" in kwargs:
            kwargs["device"] = _host(kwargs["device"])
        if func is torch.Tensor.to:
            args = tuple(_host(a) for a in args)
        elif func is torch._C.TensorBase.type:  # x.type(x.type()) where a tensor names its type torch.cuda's
            args = tuple(_host_type(a) for a in args)
            if "dtype" in kwargs:
                kwargs["dtype"] = _host_type(kwargs["dtype"])
        return func(*args, **kwargs)

    def _device(self, query: str, func, args, kwargs):
        t = args[0] if args else None
        # this mode is off while its handler runs: the tensor's own device, unchanged
        if not isinstance(t, torch.Tensor) or t.device.type != "cpu" or self.is_host(t):
            return func(*args, **kwargs)
        assert self.callers is not None
        if not self.callers.candidate_asks(sys._getframe(1).f_back):  # 1: __torch_function__, its caller asked
            return func(*args, **kwargs)
        if query == "repr" or query == "format" and t.dim() and args[1:] == ("",):
            with self:  # torch's printing, with the device queries it makes answered as the candidate's
                return torch._tensor_str._str(t, **kwargs)
        if query == "is_cuda":
            return True
        if query == "is_cpu":
            return False
        if query == "device":
            return GPU_DEVICE
        if query == "get_device":
            return GPU_DEVICE.index
        if query == "is_shared":  # CUDA memory can always be shared between processes: torch says True
            return True
        if query == "numpy":  # as torch refuses a CUDA tensor
            raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor "
                            "to host memory first.")
        got = func(*args, **kwargs)  # type() ("torch.FloatTensor"), or the format of one number
        if query == "type" and isinstance(got, str) and got.startswith("torch."):
            return "torch.cuda." + got[len("torch."):]
        return got


def _forget(host: dict, key: int, ref: weakref.ref) -> None:
    if host.get(key) is ref:  # a newer tensor may have the same id by now
        del host[key]


# what allocates without writing: on the GPU it holds what the block held before (sandbox/gpu_memory.py)
EMPTIES = {"empty", "empty_like", "empty_strided", "new_empty", "new_empty_strided"}


def _arange_as_cuda(got: torch.Tensor, args, kwargs) -> None:
    """fp32 `torch.arange` as CUDA's kernel computes it, in float (ATen's acc_type of float on CUDA): start plus
    step times the index, each rounded to fp32, where the host's computes in double and rounds once (0.1 * i
    differs in a quarter of the elements). A start of 0 leaves nothing to a fused multiply-add."""
    nums = [a for a in args if isinstance(a, (int, float))]
    if len(nums) != len(args) or not all(isinstance(kwargs.get(k, 0), (int, float)) for k in ("start", "step")):
        return  # bounds given as tensors: left as the host made them
    start, step = (0.0, 1.0) if len(nums) < 2 else (float(nums[0]), float(nums[2]) if len(nums) > 2 else 1.0)
    start, step = float(kwargs.get("start", start)), float(kwargs.get("step", step))
    with torch._C.DisableTorchFunction(), torch.no_grad():
        index = torch.arange(got.numel(), dtype=torch.int64).to(torch.float32)
        got.copy_(torch.tensor(start, dtype=torch.float32) + torch.tensor(step, dtype=torch.float32) * index)


def _rand_as_cuda(got: torch.Tensor, args, kwargs) -> None:
    """fp32 `torch.rand` with the values CUDA's generator gives (curand_uniform: a 32-bit draw u as u * 2**-32 +
    2**-33 in float, 1.0 taken as 0.0), drawn from the same generator: below 0.5 they have bits the host's
    (multiples of 2**-24) never do, which a file could test for."""
    with torch._C.DisableTorchFunction(), torch.no_grad():
        u = torch.randint(0, 2 ** 32, got.shape, dtype=torch.int64, generator=kwargs.get("generator")).to(torch.float32)
        v = u * torch.tensor(2.0 ** -32, dtype=torch.float32) + torch.tensor(2.0 ** -33, dtype=torch.float32)
        got.copy_(torch.where(v == 1.0, torch.zeros((), dtype=torch.float32), v))


# fp32 factories whose values CUDA computes otherwise than the host does: corrected on a tensor that stands for
# the GPU's
_VALUES_AS_CUDA = {"arange": _arange_as_cuda, "rand": _rand_as_cuda, "rand_like": _rand_as_cuda}


def _gpu_allocation(t: torch.Tensor, made_empty: bool = False) -> torch.Tensor:
    """A copy of `t` (same sizes and strides) placed as a GPU allocation would be: in a block of the caching
    allocator's (sandbox/gpu_memory.py), or, while forward is only compiled for the target (nothing is
    computed and real-size memory is not to be touched), at an aligned address. An `empty` in a block a freed
    tensor left keeps that tensor's contents, and in a new block holds zeros, as new GPU memory does."""
    from ..sandbox import gpu_memory
    from ..sandbox.watch import aligned_empty
    from ..sandbox.wire import span

    watch = gpu_memory.WATCH_PLACES[-1] if gpu_memory.WATCH_PLACES else None
    if watch is not None and watch.fill != "packed" and type(t) is torch.Tensor:
        # in forward, in a call whose allocations lie apart between canary pads: where this call's `empty`s
        # are, so that the two kinds of allocation share one allocator as on a GPU
        return watch._padded_like(t, "empty" if made_empty else "copy", values=not made_empty)
    with torch._C.DisableTorchFunction():
        n = span(t)
        if gpu_memory.COMPILING:
            copy = aligned_empty(n, t.dtype, "cpu").as_strided(t.shape, t.stride())
            if not made_empty:  # an `empty` has nothing to keep: copying it would touch real-size memory
                copy.copy_(t)
        else:  # the packed layout, as on a GPU: there are no canaries to check outside forward
            chunk = gpu_memory.PACKED.take(n * t.element_size(), "cpu")
            copy = gpu_memory.PACKED.hand_out(chunk, t.dtype, t.shape, t.stride(), n)
            if not made_empty:
                copy.copy_(t)
        if isinstance(t, torch.nn.Parameter):
            return torch.nn.Parameter(copy, requires_grad=t.requires_grad)
        return copy.requires_grad_(t.requires_grad) if t.requires_grad else copy


def _same_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def _names_host_type(args, kwargs) -> bool:
    """`x.type("torch.HalfTensor")` / `x.type(torch.HalfTensor)`: a legacy type of the host's, which on the GPU
    is a copy to the host."""
    named = args[1] if len(args) > 1 else kwargs.get("dtype")
    if isinstance(named, type):
        named = f"{named.__module__}.{named.__name__}"
    return isinstance(named, str) and named.startswith("torch.") and not named.startswith("torch.cuda.")


# The mode of this candidate's process, once it stands for a GPU (cuda_means_host_in_this_process)
ACTIVE: CudaMeansHost | None = None


def host_arguments(args: tuple, kwargs: dict) -> list[str]:
    """The arguments of a kernel launch that are the host's on the GPU too (CudaMeansHost): Triton refuses
    them there ("cannot be accessed from Triton (cpu tensor?)"), so here too. `at 2` for a positional one,
    the name for a keyword."""
    mode = ACTIVE
    if mode is None or not mode.host:
        return []
    found = [f"at {i}" for i, a in enumerate(args) if isinstance(a, torch.Tensor) and mode.is_host(a)]
    return found + [k for k, v in kwargs.items() if isinstance(v, torch.Tensor) and mode.is_host(v)]


def placed_like(was: torch.Tensor, now: torch.Tensor) -> torch.Tensor:
    """`now` (the op watch's placement of an allocation `was`) on the GPU's host where `was` is."""
    mode = ACTIVE
    if mode is not None and mode.is_host(was):
        mode._mark(now, host=True)
    return now


def _names_host(device) -> bool:
    return (isinstance(device, str) and device.split(":")[0] == "cpu"
            or isinstance(device, torch.device) and device.type == "cpu")


def _to_host(func, args, kwargs) -> bool:
    """Is this `x.cpu()`, or `x.to(...)` naming the host as its device?"""
    if func is torch.Tensor.cpu:
        return True
    return func is torch.Tensor.to and (any(_names_host(a) for a in args[1:]) or _names_host(kwargs.get("device")))


# conversions that can take floats to integers, and the integer types whose CUDA conversion saturates
_CASTS = frozenset({"to", "int", "long", "short", "char", "byte", "type", "copy_", "__setitem__", "new_tensor",
                    "tensor", "as_tensor", "_to_copy"})
# (uint8: c10 converts floats to it through int64 on both sides, so the int64 conversion's difference shows in
# its low byte.) To int8 and int16, out of range, what CUDA gives depends on the code nvcc made (a saturating
# cvt to the type, or one to 16 or 32 bits, truncated): such a conversion is refused instead (an error where it
# is made)
_CUDA_CAST_RANGE = (torch.int32, torch.int64, torch.uint8)
_CUDA_CAST_UNDEFINED = (torch.int8, torch.int16)


def _cuda_cast(src: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """`src` converted to `dtype` as a CUDA kernel converts it: toward zero, saturated, NaN to 0."""
    if dtype == torch.uint8:
        return _cuda_cast(src, torch.int64).to(torch.uint8)
    info = torch.iinfo(dtype)
    x = src.double().trunc()
    big, small, nan = x >= float(info.max), x <= float(info.min), x.isnan()
    out = torch.where(big | small | nan, torch.zeros_like(x), x).to(dtype)
    out[big] = info.max
    out[small] = info.min
    return out


def _on_host(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with CudaMeansHost():
            return fn(*args, **kwargs)

    return wrapper


def host_for_cuda_where_none(mod: types.ModuleType) -> bool:
    """Make a task module's get_inputs, get_init_inputs and Model run on the host where no CUDA device exists.
    Returns whether it did. The module is a fresh instance (Task.module), so its Model class is patched alone."""
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")  # asking must not initialise CUDA before a fork
    if torch.cuda.is_available():
        return False
    for name in ("get_inputs", "get_init_inputs"):
        setattr(mod, name, _on_host(getattr(mod, name)))
    model = mod.Model
    for name in ("__init__", "forward"):
        if name in vars(model):
            setattr(model, name, _on_host(vars(model)[name]))
    return True


def cuda_means_host_in_this_process(arch: str | None = None, smallest_instance: bool = False) -> bool:
    """In a candidate's process where no CUDA device exists: its own `.cuda()` and `device="cuda"` mean the
    host too, for the rest of the process's life (it judges one candidate and exits), and the device context
    managers (`with torch.cuda.device(x.device):`) do nothing. With `arch` (the GPU the verdict stands for;
    by default the one the runner gave sandbox/compat.py at start-up), its host code sees that GPU
    (`look_like(arch)`; as its smallest MIG instance with `smallest_instance`), and its tensors as that GPU's
    (CudaMeansHost's gpu_tensors). Returns whether it did anything."""
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    if torch.cuda.is_available():
        return False
    if arch is None:
        from ..sandbox import compat

        arch = compat.TARGET_ARCH
    # never left: the mode stays under every watch the harness pushes later. With a GPU to stand for, the
    # candidate's tensors are that GPU's too (x.is_cuda, x.device)
    global ACTIVE
    mode = CudaMeansHost(gpu_tensors=arch is not None)
    mode.__enter__()
    ACTIVE = mode if arch is not None else None
    torch.cuda.device = _posing_as(torch.cuda.device, _DeviceContext)  # type: ignore[misc]
    torch.cuda.device_of = _posing_as(torch.cuda.device_of, _DeviceOf)  # type: ignore[misc]
    if arch is not None:
        look_like(arch, smallest_instance)
    return True


# -- the GPU the verdict stands for ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GPU:
    """What a program can ask the driver about a GPU (cudaDeviceProp; clocks in kHz, sizes in bytes)."""

    name: str
    sms: int
    total_memory: int
    l2_bytes: int
    sm_clock_khz: int
    mem_clock_khz: int
    mem_bus_bits: int
    smem_per_block_optin: int  # CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: what Triton reports
    smem_per_sm: int
    regs_per_sm: int = 65536
    regs_per_block: int = 65536
    smem_per_block: int = 49152  # without opting in
    max_threads_per_sm: int = 2048
    max_threads_per_block: int = 1024
    warp_size: int = 32
    # the GPU's smallest MIG instance (1g: one of its seven compute slices, one of its eight memory slices, an
    # eighth of the L2), whose figures the checks show (checked_as)
    slice_profile: str = ""
    slice_sms: int = 0


# The GPUs a CPU verdict can stand for, by compute capability, from NVIDIA's specifications (H100 SXM5: 132
# SMs, 50 MB L2, 227 KB of shared memory per block; A100 SXM4 80GB: 108 SMs, 40 MB L2, 163 KB) and the memory
# sizes nvidia-smi reports. Another architecture's figures are not known here (see look_like).
KNOWN_GPUS = {
    90: GPU("NVIDIA H100 80GB HBM3", sms=132, total_memory=81559 * 2**20, l2_bytes=50 * 2**20, sm_clock_khz=1980000,
            mem_clock_khz=2619000, mem_bus_bits=5120, smem_per_block_optin=232448, smem_per_sm=233472,
            slice_profile="1g.10gb", slice_sms=16),
    80: GPU("NVIDIA A100-SXM4-80GB", sms=108, total_memory=81920 * 2**20, l2_bytes=40 * 2**20, sm_clock_khz=1410000,
            mem_clock_khz=1593000, mem_bus_bits=5120, smem_per_block_optin=166912, smem_per_sm=167936,
            slice_profile="1g.10gb", slice_sms=14),
}


def checked_as(gpu: GPU) -> GPU:
    """The same GPU as its smallest MIG instance (an H100's 1g.10gb: 16 SMs; what `torch.cuda` reports on such
    an instance, name included), which a second candidate process is shown (sandbox/judge.py
    check_smallest_instance). The checks run the task at small sizes, where a grid capped at 132 SMs covers
    every row or tile at once and a kernel whose programs never loop past the first wave (a persistent kernel
    without its tile loop, a stream-K split whose full waves never run) passes; with the SM count scaled down
    with the problem, the work per program is closer to what the GPU sees at the real size. Everything per SM
    and per block (shared memory, registers, warp size) is the whole GPU's: an instance has whole SMs. A kernel
    correct on the GPU is correct at any SM count."""
    if not gpu.slice_sms:
        return gpu
    return replace(gpu, name=f"{gpu.name} MIG {gpu.slice_profile}", sms=gpu.slice_sms,
                               total_memory=gpu.total_memory // 8, l2_bytes=gpu.l2_bytes // 8)


class UnknownGPU(RuntimeError):
    """A figure of a GPU whose properties the judge does not know. The message names no CUDA GPUs being
    available, so the judge reads the rejection as one that needs a GPU (unverified), never as the kernel's
    fault."""

    def __init__(self, arch: str):
        known = ", ".join(f"sm_{cc}" for cc in sorted(KNOWN_GPUS))
        super().__init__(f"no CUDA GPUs are available here, and the properties of an {arch} GPU are not known to "
                         f"the judge (it knows {known}); judge it on that GPU or choose a known --gpu-arch")


def _capability_of(arch: str) -> int:
    from ..sandbox.target import capability

    return capability(arch)


class _DeviceContext:
    """`torch.cuda.device(...)` where tensors live on the host: any device, the host's included, and nothing
    to switch (one device, the one the kernels run on)."""

    def __init__(self, device: Any = None):
        self.idx = _index(device, strict=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _DeviceOf(_DeviceContext):
    """`torch.cuda.device_of(tensor)`: the device of a tensor, which is the one device here."""

    def __init__(self, obj: Any):
        super().__init__(None)


def _index(device: Any, strict: bool = True) -> int:
    """The CUDA device index a torch.cuda function was given: the one device there is (0) for None, the
    host's device (where this process keeps the tensors a GPU would hold), `cuda` or `cuda:0`; an index past
    it is refused as torch refuses it on a one-GPU machine."""
    if device is None:
        return 0
    if isinstance(device, str):
        device = torch.device(device)
    if isinstance(device, torch.device):
        if device.type != "cuda":
            return 0
        device = 0 if device.index is None else device.index
    if isinstance(device, int) and not isinstance(device, bool):
        if device < 0 or device == 0:
            return 0
        if strict:
            raise AssertionError("Invalid device id")
        return device
    raise ValueError(f"Expected a torch.device, a device string or an index, but got: {device!r}")


class _DeviceProperties:
    """What `torch.cuda.get_device_properties` returns, with the attribute names of torch's own."""

    def __init__(self, gpu: GPU, cc: int):
        self.name, self.major, self.minor = gpu.name, cc // 10, cc % 10
        self.total_memory = gpu.total_memory
        self.multi_processor_count = gpu.sms
        self.max_threads_per_multi_processor = gpu.max_threads_per_sm
        self.max_threads_per_block = gpu.max_threads_per_block
        self.warp_size = gpu.warp_size
        self.regs_per_multiprocessor = gpu.regs_per_sm
        self.shared_memory_per_block = gpu.smem_per_block
        self.shared_memory_per_block_optin = gpu.smem_per_block_optin
        self.shared_memory_per_multiprocessor = gpu.smem_per_sm
        self.L2_cache_size = gpu.l2_bytes
        self.clock_rate = gpu.sm_clock_khz
        self.memory_clock_rate = gpu.mem_clock_khz
        self.memory_bus_width = gpu.mem_bus_bits
        self.is_integrated = self.is_multi_gpu_board = 0
        self.gcnArchName = ""  # an AMD build's gfx target; empty on CUDA builds
        # where the one GPU sits, as a real one says: a UUID and a PCI bus of its own (drawn once per process,
        # since every machine's differ), not a placeholder of zeros that a CPU stand-in would give away
        self.uuid = _Uuid(_MACHINE.uuid)
        self.pci_bus_id, self.pci_device_id, self.pci_domain_id = _MACHINE.pci_bus, _MACHINE.pci_device, \
            _MACHINE.pci_domain

    def __repr__(self) -> str:
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // 2**20}MB, multi_processor_count={self.multi_processor_count}, "
                f"uuid={self.uuid}, pci_bus_id={self.pci_bus_id}, pci_device_id={self.pci_device_id}, "
                f"pci_domain_id={self.pci_domain_id}, L2_cache_size={self.L2_cache_size // 2**20}MB)")


class _Uuid:
    """torch's `_CUuuid`: 16 bytes, printed as a UUID."""

    def __init__(self, raw: bytes):
        self.bytes = list(raw)

    def __str__(self) -> str:
        h = bytes(self.bytes).hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    __repr__ = __str__


@dataclass(frozen=True)
class _Location:
    uuid: bytes
    pci_bus: int
    pci_device: int
    pci_domain: int


def _drawn_location() -> _Location:
    """Where this process's GPU sits, drawn from OS entropy among what machines report: on a bare-metal board
    domain 0, any bus, device 0; in a virtual machine often bus 0 and a device number of the hypervisor's
    choosing, or (Hyper-V) a domain of its own. A fixed few would let a file tell the judge from a GPU."""
    r = os.urandom(6)
    if r[0] % 4:  # a board's slot
        return _Location(os.urandom(16), 1 + r[1] % 254, 0, 0)
    return _Location(os.urandom(16), 0 if r[2] % 2 else r[1], 1 + r[3] % 31,
                     0 if r[2] % 4 < 2 else int.from_bytes(r[4:6], "little"))


_MACHINE = _drawn_location()


class _Stream:
    """A CUDA stream where work runs on the host, in program order: nothing to wait for."""

    cuda_stream = 0
    device = torch.device("cuda", 0)

    def __init__(self, device: Any = None, priority: int = 0, **_):
        _index(device)

    def synchronize(self) -> None:
        pass

    def wait_stream(self, stream: Any) -> None:
        pass

    def wait_event(self, event: Any) -> None:
        pass

    def record_event(self, event: Any = None) -> "_Event":
        event = event if event is not None else _Event()
        event.record(self)
        return event

    def query(self) -> bool:
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def __repr__(self) -> str:  # torch.cuda.Stream's
        return f"<torch.cuda.Stream device={self.device} cuda_stream={self.cuda_stream:#x}>"


class _Event:
    """A CUDA event on the host: recorded at a point of the program, the time between two by the host's clock."""

    def __init__(self, enable_timing: bool = False, blocking: bool = False, interprocess: bool = False):
        self.at: float | None = None
        self._handle = 0

    def record(self, stream: Any = None) -> None:
        if self.at is None:  # a CUevent's address, as a driver hands it out
            self._handle = 0x5500_0000_0000 + (int.from_bytes(os.urandom(3), "little") << 4)
        self.at = time.perf_counter()

    def wait(self, stream: Any = None) -> None:
        pass

    def synchronize(self) -> None:
        pass

    def query(self) -> bool:
        return True

    def __repr__(self) -> str:  # torch.cuda.Event's: a handle once recorded
        return f"<torch.cuda.Event {self._handle:#x}>" if self.at is not None else "<torch.cuda.Event uninitialized>"

    def elapsed_time(self, end: "_Event") -> float:
        if self.at is None or end.at is None:
            raise RuntimeError("both events must be recorded before elapsed_time")
        return (end.at - self.at) * 1e3


# The local version part of the CUDA build of torch a candidate is told it runs under: one of the CUDA builds
# PyPI's Linux wheels of a recent torch come in, drawn per process (the GPU machine's own build is not known
# here, and a fixed one would let a file tell the judge from a machine with another)
CUDA_BUILD = ("cu126", "cu128", "cu130")[os.urandom(1)[0] % 3]


def look_like(arch: str, smallest_instance: bool = False) -> None:
    """This process's host code sees one GPU of architecture `arch` (sm_90: an H100): torch.cuda's device
    queries answer for it, synchronisation, streams and events are the host's program order, and Triton's
    driver lookups (`driver.active.get_active_torch_device()`, `.utils.get_device_properties(0)`,
    `get_current_target()`) answer for it too, the torch device being cuda:0 as the tensors' own device
    queries say (CudaMeansHost), which means the host wherever it is used.
    Capability and name follow from the architecture; SM count, memory and the other figures are known for
    KNOWN_GPUS only, and asking one of another architecture raises UnknownGPU. With `smallest_instance`, the
    figures are those of the GPU's smallest MIG instance (checked_as).
    Never call it in the judge's own process: there `torch.cuda.is_available()` must stay the truth."""
    cc = _capability_of(arch)
    gpu = KNOWN_GPUS.get(cc)
    gpu = checked_as(gpu) if gpu is not None and smallest_instance else gpu

    def figures() -> GPU:
        if gpu is None:
            raise UnknownGPU(arch)
        return gpu

    def get_device_properties(device: Any = None) -> _DeviceProperties:
        _index(device)
        return _DeviceProperties(figures(), cc)

    def get_device_name(device: Any = None) -> str:
        _index(device)
        return figures().name

    def get_device_capability(device: Any = None) -> tuple[int, int]:
        _index(device)
        return cc // 10, cc % 10

    def synchronize(device: Any = None) -> None:
        _index(device)

    def set_device(device: Any) -> None:
        _index(device)

    def current_stream(device: Any = None) -> _Stream:
        return _Stream(device)

    # a CPU build's version says so in its local part ("2.13.0+cpu"); a CUDA build's names its CUDA
    # ("+cu128"), and a version gate must not tell the two apart
    from torch.torch_version import TorchVersion

    torch.__version__ = TorchVersion(str(torch.__version__).split("+")[0] + "+" + CUDA_BUILD)  # type: ignore[misc]
    cuda: Any = torch.cuda  # the module's functions are replaced, for the candidate's calls to find

    def replace(module: Any, name: str, standin: Any) -> None:
        setattr(module, name, _posing_as(getattr(module, name), standin))

    replace(cuda, "is_available", lambda: True)
    replace(cuda, "is_bf16_supported", lambda including_emulation=True: cc >= 80)
    # profiler ranges mark nothing without a profiler (a CPU build's would raise: no NVTX library)
    replace(cuda.nvtx, "range_push", lambda msg: 0)
    replace(cuda.nvtx, "range_pop", lambda: 0)
    replace(cuda.nvtx, "mark", lambda msg: None)
    replace(cuda.nvtx, "range", lambda msg, *args, **kwargs: contextlib.nullcontext())
    replace(cuda, "device_count", lambda: 1)
    replace(cuda, "current_device", lambda: 0)
    replace(cuda, "is_current_stream_capturing", lambda: False)
    replace(cuda, "is_initialized", lambda: True)
    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None:  # torch >= 2.6: the same queries, device-agnostic
        for name, standin in (("is_available", lambda: True), ("current_device_index", lambda: 0),
                              ("device_count", lambda: 1),
                              ("current_accelerator", lambda check_available=False: torch.device("cuda"))):
            if hasattr(accelerator, name):
                replace(accelerator, name, standin)
    replace(cuda, "get_device_capability", get_device_capability)
    replace(cuda, "get_device_name", get_device_name)
    replace(cuda, "get_device_properties", get_device_properties)
    replace(cuda, "synchronize", synchronize)
    replace(cuda, "set_device", set_device)
    replace(cuda, "current_stream", current_stream)
    replace(cuda, "default_stream", lambda device=None: _Stream(device))
    replace(cuda, "stream", lambda stream=None: contextlib.nullcontext(stream))
    replace(cuda, "Stream", _Stream)
    replace(cuda, "Event", _Event)
    _triton_driver_for(arch, cc, figures)


def _posing_as(real: Any, standin: Any) -> Any:
    """`standin` under the name of the torch.cuda function or class it replaces: its repr, and an instance's,
    read as on a GPU machine (`<function is_available at 0x...>`, `<torch.cuda.device_of object at 0x...>`),
    not as this module's lambdas and classes, which a file could test for in a string."""
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(standin, attr, getattr(real, attr))
        except (AttributeError, TypeError):
            pass
    return standin


class _DriverUtils:
    """`driver.active.utils` of Triton's CUDA driver, for the figures its tutorials read."""

    def __init__(self, figures):
        self._figures = figures

    def get_device_properties(self, device: Any = None) -> dict:
        _index(device)
        gpu = self._figures()
        # the keys and meanings of triton/backends/nvidia/driver.c getDeviceProperties
        return {"max_shared_mem": gpu.smem_per_block_optin, "max_num_regs": gpu.regs_per_block,
                "multiprocessor_count": gpu.sms, "warpSize": gpu.warp_size, "sm_clock_rate": gpu.sm_clock_khz,
                "mem_clock_rate": gpu.mem_clock_khz, "mem_bus_width": gpu.mem_bus_bits}


class _TargetGPUDriver:
    """Triton's active driver under the interpreter, which has none ("0 active drivers"): it names the
    target GPU, device 0, and cuda:0 as the torch device the kernels' tensors are on (the host, wherever that
    device is used). It loads and launches nothing: the interpreter runs the kernels."""

    def __init__(self, cc: int, figures):
        from triton.backends.compiler import GPUTarget

        self.target = GPUTarget("cuda", cc, 32)
        self.utils = _DriverUtils(figures)

    @staticmethod
    def is_active() -> bool:
        return True

    def get_current_target(self):
        return self.target

    def get_current_device(self) -> int:
        return 0

    def set_current_device(self, device: Any) -> None:
        _index(device)

    def get_current_stream(self, device: Any = None) -> int:
        return 0

    def get_device_capability(self, device: Any = None) -> tuple[int, int]:
        return self.target.arch // 10, self.target.arch % 10

    def get_active_torch_device(self) -> torch.device:
        return GPU_DEVICE

    def get_device_interface(self):
        return torch.cuda


def _triton_driver_for(arch: str, cc: int, figures) -> None:
    """Under the interpreter, the stand-in driver becomes Triton's active (and default) one; where one is
    active already (the compile for the target, sandbox/target.py), it gains the `utils` lookups it lacks
    and names cuda:0 as its torch device too, so that both processes build the same specialisations.
    Done before anything asks for a driver: with `torch.cuda.is_available()` now True, Triton would otherwise
    build its real CUDA driver, which compiles a C module at first use."""
    try:
        from triton.runtime import driver
    except Exception:  # noqa: BLE001 -- no Triton: nothing to answer for
        return
    active = getattr(driver, "_active", None)
    if active is None:
        driver.set_active(_TargetGPUDriver(cc, figures))
    else:
        if not hasattr(active, "utils"):
            active.utils = _DriverUtils(figures)
        active.get_active_torch_device = lambda: GPU_DEVICE
    if getattr(driver, "_default", None) is None and hasattr(driver, "_default"):
        driver._default = driver._active


def _grown_elsewhere(t: torch.Tensor, args, kwargs) -> torch.Tensor | None:
    """`t.resize_(sizes)` past the end of a storage that cannot grow where it lies (a block of the memory that
    stands for the GPU's, _gpu_allocation): done as CUDA's resize does it, into a new block of the size needed
    with the old bytes copied to its start, the tensor set onto it with contiguous strides at its offset. None
    where the host's own resize_ does it (room enough, a resizable storage, another memory format)."""
    if len(args) != 2 or kwargs.get("memory_format", torch.contiguous_format) is not torch.contiguous_format:
        return None
    sizes = args[1]
    if isinstance(sizes, int):
        sizes = (sizes,)
    if not isinstance(sizes, (tuple, list, torch.Size)) or not all(isinstance(n, int) and n >= 0 for n in sizes):
        return None
    s = t.untyped_storage()
    numel = 1
    for n in sizes:
        numel *= n
    need = (t.storage_offset() + numel) * t.element_size()
    if need <= s.nbytes() or s.resizable():
        return None
    fresh = torch.empty(need, dtype=torch.uint8, device=t.device)
    if s.nbytes():
        fresh[:s.nbytes()].copy_(torch.empty(0, dtype=torch.uint8, device=t.device).set_(s, 0, (s.nbytes(),), (1,)))
    strides, step = [], 1
    for n in reversed(sizes):
        strides.append(step)
        step *= max(n, 1)
    return t.set_(fresh.untyped_storage(), t.storage_offset(), tuple(sizes), tuple(reversed(strides)))
