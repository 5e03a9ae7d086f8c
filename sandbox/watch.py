"""Dispatch-level watch over a forward call: which torch functions it used, how many kernels it launched,
and poisoned, canary-padded allocations so uninitialised or out-of-bounds memory shows up.

Torch calls are sorted into classes:
  meta      shape/stride/dtype queries, data_ptr           always allowed
  view      no data movement (view, permute, expand, ...)  always allowed
  alloc     empty/zeros/full...                            always allowed (and poisoned/padded)
  copy      contiguous/clone/.to()/reshape-that-copies     allowed unless the reference itself is only data movement
  export    zero-copy hand-over to another library (__dlpack__, __cuda_array_interface__): allowed only for
            CUDA candidates that launch their own kernels through cupy
  host      tensor data read into Python (tolist, numpy, __array__, repr, raw storage, or more than a few
            scalar reads): the work is then done outside any kernel, never allowed
  compute   everything else                                never allowed in a candidate's forward
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
import numbers
import threading
from dataclasses import dataclass, field
from typing import Callable, Optional

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from . import gpu_memory, hints, pipelining
from .wire import span
from .compare import fingerprint
from .sealed import Sealed, _tensors

# imported with this module, before the worker server forks: a confined candidate process reads no harness file
from .races import LaunchAccesses, program_id

META = {
    "__get__", "size", "stride", "dim", "numel", "nelement", "element_size", "storage_offset", "is_contiguous",
    "data_ptr", "get_device", "is_floating_point", "is_complex", "__len__", "dim_order", "requires_grad_",
    "__hash__", "is_pinned", "ndimension", "__dlpack_device__",
    # grad-mode switches (torch.no_grad / set_grad_enabled in forward) and dtype arithmetic: no tensor data
    "_set_grad_enabled", "result_type", "promote_types", "can_cast", "is_same_size", "is_inference",
    # torch.device("cuda") in forward: a device object, which a torch function mode sees being made
    "device",
}
# One element each: a few are fine (a scalar parameter), thousands are the computation done in Python.
# allocations that write values (on a GPU a fill kernel): zeros, ones, full and their new_/_like forms
VALUE_ALLOCS = ("zeros", "ones", "full", "new_zeros", "new_ones", "new_full")
SCALAR_READS = {"item", "__float__", "__int__", "__index__", "__bool__", "__complex__"}
SCALAR_READ_BUDGET = 64
OVER_BUDGET = f"more than {SCALAR_READ_BUDGET} scalar reads (.item()/float()/int())"
# Integers read at once with .tolist() (a MoE's tokens per expert for 128 experts, a ragged batch's offsets):
# launch bookkeeping whose size is a model hyper-parameter. Floating values stay scalar reads under the budget
# above. The verified shapes can be small enough for a host loop over an integer input to fit; the compile replay
# at the real size counts these reads too (sandbox/judge.py), where it cannot.
COUNT_READ_BUDGET = 1024
STORES_NOTED = 1 << 20  # stores of one launch noted for fewest_storing_into (a few MiB at most)
OVER_COUNT_BUDGET = f"more than {COUNT_READ_BUDGET} integers read back with .tolist()"
# Numbers kept per call of what forward read on the host (WatchReport.host_values): the compile for the target
# replays them, since it computes nothing. Past this the call's reads are not replayed.
HOST_VALUE_LIMIT = 4096
EXPORT = {"__dlpack__", "__cuda_array_interface__"}
HOST = {"tolist", "untyped_storage", "storage", "numpy", "__array__", "__repr__", "__str__", "__format__", "__reduce_ex__",
        "__getstate__"}
VIEW = {
    "view", "view_as", "permute", "transpose", "t", "unsqueeze", "squeeze", "expand", "expand_as", "narrow",
    "select", "split", "chunk", "unbind", "movedim", "as_strided", "detach", "unflatten", "swapaxes", "swapdims",
    "__getitem__", "broadcast_to", "atleast_1d", "atleast_2d", "atleast_3d", "diagonal", "view_as_real",
    "view_as_complex", "split_with_sizes", "tensor_split", "moveaxis", "broadcast_tensors",
}
ALLOC = {
    "empty", "empty_like", "empty_strided", "zeros", "zeros_like", "ones", "ones_like", "full", "full_like",
    "new_empty", "new_zeros", "new_ones", "new_full", "new_empty_strided", "new_tensor", "tensor", "arange",
}
# random draws that take only sizes (or a template's): they read no input, like an allocation (a dropout seed
# drawn in forward, Triton's tutorial 04)
RANDOM = {"rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like"}
# `unfold`: Tensor.unfold is a window view, F.unfold (im2col) a copy under the same name
MAYBE_COPY = {"reshape", "reshape_as", "flatten", "ravel", "contiguous", "to", "cuda", "cpu", "float", "half", "bfloat16",
              "double", "int", "long", "short", "bool", "byte", "char", "type", "type_as", "unfold"}
COPY = {"clone", "copy_", "zero_", "fill_", "__setitem__", "cat", "stack", "concat", "concatenate",
        # data movement the reference may be made of: a task of these alone is data movement, which a candidate
        # must do with kernels, not with torch's copies (Judge.check_ops)
        "roll", "flip", "fliplr", "flipud", "rot90", "tril", "triu", "repeat", "tile", "pad", "constant_pad_nd",
        "diag_embed", "narrow_copy", "expand_copy", "permute_copy", "transpose_copy", "t_copy", "view_copy",
        "unsqueeze_copy", "squeeze_copy", "select_copy", "slice_copy", "diagonal_copy", "pixel_shuffle",
        "pixel_unshuffle", "channel_shuffle", "native_channel_shuffle"}
# resampling that only repeats elements (mode "nearest"): data movement too; the other modes interpolate
NEAREST = {"interpolate", "upsample", "upsample_nearest"}
# dropout and its kin: in eval mode (training=False) they hand back their input, untouched; a kept nn.Dropout
# module called in forward (the model is judged in eval mode) does no work
DROPOUT = {"dropout", "alpha_dropout", "feature_alpha_dropout", "feature_dropout", "dropout1d", "dropout2d",
           "dropout3d"}
ALIGN = 512  # bytes: CUDA's caching allocator starts every block at such a boundary, a CPU's at 64
PAGE = 4096  # a small buffer's data is placed at one of the ALIGN boundaries of a page, drawn
LARGE, LARGE_WINDOW = 1 << 20, 2 << 20  # a buffer past LARGE bytes: within 2 MiB, or at a 2 MiB boundary


def aligned_empty(numel: int, dtype: torch.dtype, device, lead: int = 0) -> torch.Tensor:
    """A 1-d buffer placed as a GPU allocation would be, so that the addresses a candidate's allocations and
    inputs get do not tell a CPU from a GPU: element `lead` (where the data starts after its pads) sits at an
    ALIGN-byte boundary drawn at random within a page, or for a large buffer within LARGE_WINDOW bytes, and a
    large buffer's data starts at a LARGE_WINDOW boundary half the time, as a cudaMalloc'd segment's does.
    A fixed placement was a signature: glibc maps a large NumPy buffer 16 bytes into a page, so its data sat 512
    bytes into a page every time, where a GPU's hardly ever does. A normal tensor in any mode (gpu_memory.Segment
    says why)."""
    with torch.inference_mode(False):
        return _aligned_empty(numel, dtype, device, lead)


def _aligned_empty(numel: int, dtype: torch.dtype, device, lead: int) -> torch.Tensor:
    if torch.device(device).type != "cpu":
        return torch.empty(numel, dtype=dtype, device=device)
    import secrets

    import numpy as np

    size = torch.empty((), dtype=dtype).element_size()
    nbytes, lead_bytes = numel * size, lead * size
    window = LARGE_WINDOW if nbytes >= LARGE else PAGE
    raw = np.empty(nbytes + window + ALIGN, np.uint8)
    data = raw.ctypes.data + lead_bytes  # where the data would start at offset 0
    if window == LARGE_WINDOW and secrets.randbits(1):
        start = -data % LARGE_WINDOW
    else:
        start = -data % ALIGN + ALIGN * secrets.randbelow(window // ALIGN)
    return torch.from_numpy(raw[start:start + nbytes]).view(dtype)


def op_name(func) -> str:
    name = getattr(func, "__name__", None) or str(func)
    if name == "__get__":
        owner = getattr(func, "__self__", None)
        name = getattr(owner, "__name__", "__get__")
        return name if name in ("__cuda_array_interface__",) else "__get__"
    return name


def _bytes_kept(args) -> tuple[int, int]:
    """The data address and size of the storage a resize_ starts from (0, 0 when it has none)."""
    t = args[0] if args else None
    if type(t) is not torch.Tensor:
        return 0, 0
    with torch._C.DisableTorchFunction():
        s = t.untyped_storage()
        return s.data_ptr(), s.nbytes()


def _storage_moved(t: torch.Tensor, kept: tuple[int, int]) -> bool:
    """Did a resize_ put `t` on another storage than the one `kept` (_bytes_kept) describes?"""
    if type(t) is not torch.Tensor or not kept[0]:
        return False
    with torch._C.DisableTorchFunction():
        return t.untyped_storage().data_ptr() != kept[0]


def _tensors_in(obj) -> list[torch.Tensor]:
    return list(_tensors(obj))


def _first_tensor(args) -> torch.Tensor | None:
    for a in args:
        if isinstance(a, torch.Tensor):
            return a
        if isinstance(a, (list, tuple)):
            t = _first_tensor(a)
            if t is not None:
                return t
    return None


def _dropout_is_identity(name: str, args, kwargs, out) -> bool:
    """A dropout call that did nothing: training given as False (F.dropout(x, p, training, inplace),
    torch.dropout(x, p, train)) or p given as 0 (ATen returns the input then, in training too, on a GPU as
    here: its fused kernel is for 0 < p < 1), and what came back is the input itself, or a view of all of it
    with the same layout. Both are required: training=True with inplace=True also returns the input, changed."""
    if name not in DROPOUT or not args or not isinstance(args[0], torch.Tensor) or not isinstance(out, torch.Tensor):
        return False
    training = kwargs.get("training", kwargs.get("train", args[2] if len(args) > 2 else True))
    p = kwargs.get("p", args[1] if len(args) > 1 else 0.5)
    if training is not False and not (type(p) in (int, float) and p == 0):
        return False
    src = args[0]
    with torch._C.DisableTorchFunction():
        return out is src or (out.untyped_storage().data_ptr() == src.untyped_storage().data_ptr()
                              and out.storage_offset() == src.storage_offset() and out.shape == src.shape
                              and out.stride() == src.stride() and out.dtype == src.dtype)


def _integers(args) -> bool:
    t = args[0] if args and isinstance(args[0], torch.Tensor) else None
    return t is not None and not (t.is_floating_point() or t.is_complex())


def _numel_of(args) -> int:
    t = args[0] if args and isinstance(args[0], torch.Tensor) else None
    return t.numel() if t is not None else 0


def _advanced(i) -> bool:
    """One entry of an index: a view's (an int, a slice, None, ...) or a gather's. Anything else torch takes as
    a sequence of indices and gathers with, whatever it holds: a list (`x[[1, 2]]`), a `range`, a tuple inside
    the index (`x[((2, 0, 1),)]`), an array."""
    if isinstance(i, torch.Tensor):
        return i.dim() > 0 or i.dtype == torch.bool
    if i is None or i is Ellipsis or isinstance(i, slice):
        return False
    if type(i).__module__.split(".")[0] == "numpy":
        return getattr(i, "ndim", 0) > 0
    return not hasattr(type(i), "__index__")  # an int, a bool, a SymInt: one position


def _has_tensor_index(args) -> bool:
    """Indexing that gathers or scatters (torch's advanced indexing) rather than taking a view: an index holding
    a tensor (other than a 0-d integer one), a list or an array, at any depth."""
    idx = args[1] if len(args) > 1 else None
    items = idx if isinstance(idx, tuple) else (idx,)
    return any(_advanced(i) for i in items)


def _element_size(ptrs) -> int:
    """Bytes per element behind an interpreter pointer tensor (a load's, a store's or an atomic's)."""
    import numpy as np
    from triton.runtime.interpreter import _get_np_dtype

    return np.dtype(_get_np_dtype(ptrs.get_element_ty())).itemsize


def _tensors_read_as_numbers(name: str, args, kwargs) -> int:
    """How many 0-d tensors a glue call takes as numbers: an index, a view's offset or length, a size or fill
    value (`x[t]`, `x[t] = v`, `x.select(0, t)`, `x.narrow(0, t, 1)`, `torch.empty(t)`, `torch.full((n,), t)`).
    Torch reads each on the host, and what it makes carries the value (`table[t].storage_offset()` is t): a
    scalar read each. Not: the tensor a method is called on, a `*_like`'s template, a `*_as`'s model, and the
    value `x[i] = v` stores. A tensor of several values that a view or an allocation takes as sizes, offsets or
    split points (`x.tensor_split(t)`, `torch.empty(t)`) is read whole on the host, one read per element (the
    views it makes carry every value back in their shapes); an index tensor of `x[t]` is a gather, and
    `atleast_*`'s and `broadcast_tensors`' further arguments are data."""
    whole = True
    if name == "__setitem__":
        taken, whole = args[1:2], False
    elif name in VIEW and not name.endswith("_as"):
        if name.startswith("atleast_") or name == "broadcast_tensors":  # every argument is data, viewed
            return 0
        taken, whole = (args[1:], kwargs), name != "__getitem__"
    elif name in ALLOC and name not in ("tensor", "new_tensor"):
        taken = (args[1:], kwargs) if name.endswith("_like") or name.startswith("new_") else (args, kwargs)
    elif (name in MAYBE_COPY or name in COPY) and name not in ("cat", "stack", "concat", "concatenate"):
        # `x.reshape(t)`, `F.pad(x, (t, 0))`, `x.roll(t)`: a 0-d tensor among the sizes is a number torch reads
        # (an in-place copy's source or fill value is data, but counting one read for it costs nothing)
        taken, whole = (args[1:], kwargs), False
    else:
        return 0
    return sum(1 if t.dim() == 0 else t.numel() if whole else 0 for t in _tensors_in(taken))


def _numbers(value) -> int:
    return sum(_numbers(v) for v in value) if isinstance(value, list) else 1


def _plain(value) -> bool:
    """A value JSON carries as it is: a bool, an int, a finite float, or lists of them."""
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, (bool, int)) or isinstance(value, float) and math.isfinite(value)


def _same_structure(kept, value) -> bool:
    if isinstance(kept, list) or isinstance(value, list):
        return (isinstance(kept, list) and isinstance(value, list) and len(kept) == len(value)
                and all(_same_structure(a, b) for a, b in zip(kept, value)))
    return isinstance(kept, (bool, int, float)) and isinstance(value, (bool, int, float))


def _like(kept, value):
    """`kept` as the type the read gave now (a JSON round trip makes 2.0 an int's peer)."""
    if isinstance(value, list):
        return [_like(a, b) for a, b in zip(kept, value)]
    return type(value)(kept) if isinstance(value, (bool, int, float)) else value


def _nearest(name: str, args, kwargs) -> bool:
    """F.interpolate / F.upsample in mode "nearest" (their default), or upsample_nearest: every output element
    is an input element."""
    if name == "upsample_nearest":
        return True
    mode = kwargs.get("mode", args[3] if len(args) > 3 else "nearest")
    return mode in ("nearest", "nearest-exact")


def _shares_storage(a: torch.Tensor, b) -> bool:
    return isinstance(b, torch.Tensor) and a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def poison_value(dtype: torch.dtype):
    if dtype.is_floating_point or dtype.is_complex:
        return float("nan")
    if dtype == torch.bool:
        return True
    return torch.iinfo(dtype).max  # a value no index or count can legitimately hold


@contextlib.contextmanager
def _function_modes_pushed(modes):
    """torch-function modes pushed as they stand, not entered anew (a mode's __enter__ may patch), and popped
    after."""
    for mode in modes:
        torch._C._push_on_torch_function_stack(mode)
    try:
        yield
    finally:
        for _ in modes:
            torch._C._pop_torch_function_stack()


@contextlib.contextmanager
def _function_modes_set_aside():
    """The torch-function modes on the stack now (in a mode's handler: those under it), popped for the block and
    pushed back after; yields them."""
    modes = torch.overrides._get_current_function_mode_stack()
    for _ in modes:
        torch._C._pop_torch_function_stack()
    try:
        yield modes
    finally:
        for mode in modes:
            torch._C._push_on_torch_function_stack(mode)


# the attribute whose setter autograd calls through the torch-function modes to clear a tensor's backward hooks
# (_torch_function)
_BACKWARD_HOOKS = torch._C.TensorBase.__dict__["_backward_hooks"]


@dataclass
class Allocation:
    buffer: torch.Tensor
    start: int
    numel: int
    block: Optional[gpu_memory.Block] = None


@dataclass
class WatchReport:
    ops: dict[str, str] = field(default_factory=dict)  # op name -> class
    launches: int = 0
    scalar_reads: int = 0
    count_reads: int = 0  # integers read back with .tolist() from tensors forward allocated (COUNT_READ_BUDGET)
    out_of_bounds: list[str] = field(default_factory=list)  # interpreter memcheck: accesses that hit a guard band
    races: list[str] = field(default_factory=list)  # interpreter: cross-program data races (sandbox/races.py)
    races_unchecked: list[str] = field(default_factory=list)  # launches past what the race check keeps
    canary_broken: list[str] = field(default_factory=list)
    hints: list[list[str]] = field(default_factory=list)  # interpreter: [kernel, what] of false compiler hints
    misaligned: list[str] = field(default_factory=list)  # accesses taken as compiled (hints.as_compiled) that fault
    # interpreter: [kernel, "line:column", iterations back, window, program, elements] of loads that read what the
    # same program stored earlier in the loop (sandbox/pipelining.py: the judge decides with the target compile)
    readbacks: list[list] = field(default_factory=list)
    # interpreter: [kernel, store "line:column", load "line:column", block shape, positions] of blocks read back
    # at the same positions as stored, taken as each thread's own (races.py; the judge holds them against the
    # layouts of the compile for the target, sandbox/layouts.py)
    same_position: list[list] = field(default_factory=list)
    # interpreter: [kernel, "line:column"] of the reductions, scans and dots counted as barriers between the
    # program's threads (races.exchanged); the judge asks whether the compile kept them
    exchanges: list[list] = field(default_factory=list)
    # [name, value] of each value forward read on the host (.item(), int(), .tolist()), in order, for the compile
    # replay (ForwardWatch.replay); None once past HOST_VALUE_LIMIT numbers or a value JSON cannot carry
    host_values: Optional[list[list]] = field(default_factory=list)
    replayed: int = 0  # the compile: numbers read on the host that were the checked run's (ForwardWatch.replay)
    replay_diverged: bool = False  # the compile: a read the checked run did not make, at that point
    # the candidate's custom operators that wrote a tensor argument their schema does not declare mutable
    undeclared_writes: list[str] = field(default_factory=list)


class ForwardWatch(TorchFunctionMode):
    """Records torch calls; with poison=True every allocation is placed as on the GPU (sandbox/gpu_memory.py),
    between canary pads, a new block's data filled as `fill` says: "poison" (NaN), "zero" or "stale"."""

    def __init__(self, poison: bool, fill: str = "poison", replay: Optional[list] = None):
        super().__init__()
        # the compile for the target computes nothing, so what forward reads back on the host there would be
        # whatever the memory held: it is given the values the checked run read instead, in the same order, on
        # the same inputs, as long as its reads are the same ones (a read that differs ends the replay)
        self.replay = replay
        self.replay_at = 0
        self.kept_numbers = 0  # the numbers in report.host_values
        self.poison = poison
        self.fill = fill if fill in gpu_memory.FILLS else "poison"
        self.report = WatchReport()
        self.allocs: list[Allocation] = []
        self.guard_spans: list[tuple[int, int, str]] = []  # [lo, hi) byte addresses no kernel may touch
        self._in_kernel = 0
        # the stores of the current launch as (program, lowest address, past the highest) (note_storing), and
        # those of each interpreted launch of this forward (fewest_storing_into)
        self._storing: list[tuple] = []
        self.launch_stores: list[list[tuple]] = []
        self._py_depth = 0
        # the interpreted launch in progress: its accesses, by program (sandbox/races.py)
        self.launch: Optional[LaunchAccesses] = None
        # the second-inputs check (docs/judging.md, "Evidence and proof"): input storage -> the buffer of the
        # judge's second inputs, laid out alike. Every torch call the watch sees and every kernel launch reads
        # the second inputs in place of the first; code the watch does not see still reads the first.
        self.shadow: dict[int, torch.Tensor] = {}
        # the custom operators whose bodies run now, innermost last
        self.op_bodies: list[OpBody] = []
        # while a launch in one's body runs: the byte spans its writes must fall in (check_op_writes)
        self.op_spans: tuple | None = None
        self._dispatching = 0  # calls of the candidate's operators in progress from this watch's handler
        self._op_modes: list[list] = []  # ... with the torch-function modes under this one at each call
        self.sealed: Sealed | None = None  # in that call, what kernels and watched calls write is sealed
        self.in_atomic = 0  # an atomic's own load or store (sem=...): not a plain access for the race check
        # each launch's kernel with its constexpr values (launch_spec): the judge has exactly these compiled
        self.specs: set[str] = set()
        # the launches (and torch ops) that may still run on a GPU when the next launch starts, if it is made with
        # launch_pdl=True (races.LaunchAccesses.after)
        self.pdl_window: list[LaunchAccesses] = []

    def remap(self, obj):
        """`obj` with every tensor in the inputs' storage replaced by the same view of the second inputs, in
        tuples, lists and dicts, and inside Triton's wrappers (tensor descriptors, reinterpreted tensors)."""
        if not self.shadow:
            return obj
        if isinstance(obj, torch.Tensor):
            with torch._C.DisableTorchFunction():
                twin = self.shadow.get(obj.untyped_storage().data_ptr()) if obj.numel() else None
                if twin is None:
                    return obj
                if twin.dtype != obj.dtype:  # a view of an input as another dtype (x.view(torch.int32))
                    twin = twin.view(obj.dtype)
                out = twin.as_strided(obj.size(), obj.stride(), obj.storage_offset())
                if obj.requires_grad:  # requiring grad, a leaf or not as the input is: its flags read the same
                    out = out.detach().requires_grad_(True)
                    if not obj.is_leaf:
                        out = out.view_as(out)
                return out
        if isinstance(obj, (tuple, list)):
            out = [self.remap(x) for x in obj]
            if all(a is b for a, b in zip(out, obj)):
                return obj  # nothing of the inputs in it (a torch.Size, a tuple of sizes): left as it is
            if type(obj) in (list, tuple):
                return type(obj)(out)
            return type(obj)(*out) if hasattr(obj, "_fields") else type(obj)(out)
        if isinstance(obj, dict):
            return {k: self.remap(v) for k, v in obj.items()}
        base = getattr(obj, "base", None)
        if isinstance(base, torch.Tensor) and type(obj).__module__.split(".")[0] == "triton":
            import copy

            twin = copy.copy(obj)
            twin.base = self.remap(base)
            return twin
        return obj

    def add_guard(self, t: torch.Tensor, what: str) -> None:
        if t.numel():
            lo = t.data_ptr()
            self.guard_spans.append((lo, lo + t.numel() * t.element_size(), what))

    def memcheck(self, ptrs, mask, kind: str, program=None, values=None, size=None) -> None:
        """Under the Triton interpreter: record a load/store whose unmasked lanes point into a guard band, and
        (with `program`, the interpreter's grid index) the addresses it touched, `size` bytes each, for the race
        check."""
        tracking = self.launch if program is not None and not self.in_atomic else None
        guarding = bool(self.guard_spans) and len(self.report.out_of_bounds) < 4
        in_op = self.op_spans is not None and kind == "write"
        if tracking is None and not guarding and not in_op:
            return
        import numpy as np

        p = np.asarray(ptrs)
        m = np.broadcast_to(np.asarray(mask, dtype=bool), p.shape) if mask is not None else np.ones(p.shape, bool)
        p = p[m].astype(np.uint64, copy=False)
        if in_op:
            self.check_op_writes(p)
        if tracking is not None:
            tracking.add(kind, p, program_id(program), values, m, size)
        if p.size == 0 or not guarding:
            return
        for lo, hi, what in self.guard_spans:
            hit = (p >= np.uint64(lo)) & (p < np.uint64(hi))
            if hit.any():
                self.report.out_of_bounds.append(f"{kind} of {int(hit.sum())} element(s) {what}")
                return

    def fewest_storing_into(self, outputs: list) -> int:
        """The fewest programs of one launch that stored (0 where none did): counted among all the programs that
        stored anything, and apart among those that stored into the outputs' storages, the smaller. A launch
        padded with programs that store elsewhere (a scratch buffer, a flag) does not hide a grid of fewer
        programs than the output has rows, nor does a second launch that copies a scratch result out row by
        row. (Both at once, or padding programs that store into the same buffer, still hide it: a heuristic for
        when a shape is worth a call per value family, not a proof.)"""
        spans = [(o.untyped_storage().data_ptr(), o.untyped_storage().data_ptr() + o.untyped_storage().nbytes())
                 for o in outputs if isinstance(o, torch.Tensor) and o.numel()]
        fewest = 0
        for stores in self.launch_stores:
            into = {prog for prog, lo, hi in stores if any(lo < end and start < hi for start, end in spans)}
            for programs in (into, {prog for prog, _, _ in stores}):
                if programs:
                    fewest = min(fewest or len(programs), len(programs))
        return fewest

    # -- kernel launches (wrapped launchers call these) ---------------------------------
    def enter_launch(self, name: str = "kernel", interpreted: bool = False, pdl: bool = False):
        if interpreted and self._in_kernel == 0:
            self.launch = LaunchAccesses(name)
            if pdl:  # programmatic dependent launch: it may overlap the launches before (races.LaunchAccesses.after)
                self.launch.after(self.pdl_window)
        self._in_kernel += 1
        self.report.launches += 1

    def note_storing(self, program, ptrs, mask) -> None:
        import numpy as np

        p = np.asarray(ptrs)
        if mask is not None:
            p = p[np.broadcast_to(np.asarray(mask, dtype=bool), p.shape)]
        if p.size and len(self._storing) < STORES_NOTED:
            self._storing.append((program, int(p.min()), int(p.max()) + 1))

    def exit_launch(self):
        self._in_kernel -= 1
        if self._in_kernel == 0 and self._storing:
            self.launch_stores.append(self._storing)
            self._storing = []
        if self._in_kernel == 0 and self.launch is not None:
            launch, self.launch = self.launch, None
            # what the next launch may overlap, if it is made with launch_pdl=True: this one, and the ones this
            # one may have let run on (a launch without PDL starts once everything before it has finished)
            self.pdl_window = [launch] + (launch.prior if launch.lets_earlier_run_on() else [])
            launch.prior, launch._prior_bytes = [], None
            for site, found in launch.readbacks.items():
                if len(self.report.readbacks) < 32 and [launch.name, site] not in [r[:2] for r in self.report.readbacks]:
                    self.report.readbacks.append([launch.name, site, *found])
            for (store, load, shape), positions in launch.same_position.items():
                if [launch.name, store, load, list(shape)] in [r[:4] for r in self.report.same_position]:
                    continue
                if len(self.report.same_position) < 64:
                    self.report.same_position.append([launch.name, store, load, list(shape), sorted(positions)])
                elif len(self.report.races_unchecked) < 2:  # the judge could not hold it against the layouts
                    self.report.races_unchecked.append(f"kernel {launch.name}: more than 64 read-backs of what a "
                                                       "block stored, at pairs of lines and block shapes, in one call")
            race = launch.find() if len(self.report.races) < 2 else None
            if race:
                self.report.races.append(race)
            elif (gap := launch.incomplete()) and len(self.report.races_unchecked) < 2:
                self.report.races_unchecked.append(gap)
        if self._in_kernel == 0:
            # the interpreter keeps its copies of the arguments in reference cycles (recursive closures) until a
            # collection: a tensor dropped after its launch would outlive its last reference, and its block would
            # not come back to the next allocation as on a GPU (sandbox/gpu_memory.py). The young generations
            # hold them: microseconds
            gc.collect(1)

    def note_exchange(self, site: str, kind: str = "") -> None:
        """A reduction, scan or dot ("") or a scalar atomic ("atomic") of the running launch at `site`, taken
        for a barrier: the judge asks the compile for the target whether it is one (judge.check_exchanges)."""
        assert self.launch is not None
        item = [self.launch.name, site, kind] if kind else [self.launch.name, site]
        if item in self.report.exchanges:
            return
        if len(self.report.exchanges) < 64:
            self.report.exchanges.append(item)
        elif len(self.report.races_unchecked) < 2:  # the judge could not ask whether the compile kept it
            self.report.races_unchecked.append(f"kernel {self.launch.name}: more than 64 lines of reductions, dots "
                                               "or scalar atomics taken for barriers in one call")

    def saw_atomic(self, name: str, args, got, program) -> None:
        """An atomic in the launch in progress (`name`: the interpreter builder's method, `args` as it was
        given them, `got` what it returned): its programs may coordinate (races.py), and where it can be read
        off, which program touched which elements atomically, with what operands and result (its locks)."""
        if self.launch is None:
            return
        where = {"create_atomic_rmw": (1, 3, 2), "create_atomic_cas": (0, None, 2), "create_atomic_load": (0, 1, None),
                 "create_atomic_store": (0, 2, 1), "create_atomic_poll": (0, None, None)}.get(name)
        if where is None or program is None or len(args) <= max(i for i in where if i is not None):
            self.launch.atomics = True
            return
        import numpy as np

        ptr = args[where[0]]
        p = np.asarray(ptr.data)
        m = args[where[1]] if where[1] is not None else None
        m = np.broadcast_to(np.asarray(m.data, dtype=bool), p.shape) if m is not None else np.ones(p.shape, bool)

        def lanes(x):  # an operand or the result, one value per unmasked lane
            return None if x is None else np.broadcast_to(np.asarray(x.data), p.shape)[m]

        op = {"create_atomic_cas": "cas", "create_atomic_load": "load", "create_atomic_store": "store",
              "create_atomic_poll": "poll"}.get(name) or getattr(args[0], "name", "").lower()
        if self.op_spans is not None and op not in ("load", "poll"):
            self.check_op_writes(p[m].astype(np.uint64, copy=False).reshape(-1))
        # every create_atomic_* ends with (sem, scope): a relaxed atomic, or one scoped to the CTA, orders
        # nothing between two programs (the PTX memory model), so it hands no data on
        sem, scope = (str(a).rsplit(".", 1)[-1] for a in args[-2:])
        across = scope != "CTA"
        broadcast = True
        if p.size == 1 and "ACQUIRE" not in sem:
            # a scalar atomic's bar.sync is the one that hands its result to the threads, which the compiler
            # leaves out where the result is unused: the judge asks the compile (judge.check_exchanges)
            site = hints._candidate_site()
            broadcast = not (site and site in LaunchCounter.not_barriers.get(self.launch.name, ()))
            if broadcast and site:
                self.note_exchange(site, "atomic")
        self.launch.atomic(p[m].astype(np.uint64, copy=False).reshape(-1), program_id(program), op=op,
                           cmp=lanes(args[1]) if name == "create_atomic_cas" else None,
                           val=lanes(args[where[2]]) if where[2] is not None else None,
                           old=lanes(got) if name in ("create_atomic_rmw", "create_atomic_cas") else None,
                           size=_element_size(ptr), release=across and "RELEASE" in sem,
                           acquire=across and "ACQUIRE" in sem, lanes=p.size, where=np.flatnonzero(m),
                           shape=tuple(p.shape), waits=("RELEASE" in sem, "ACQUIRE" in sem), broadcast=broadcast)

    def __enter__(self):
        if self.poison:
            gpu_memory.WATCH_PLACES.append(self)
        return super().__enter__()

    def __exit__(self, *exc):
        if self.poison and gpu_memory.WATCH_PLACES and gpu_memory.WATCH_PLACES[-1] is self:
            gpu_memory.WATCH_PLACES.pop()
        return super().__exit__(*exc)

    def places(self, func) -> bool:
        """Does this watch place what `func` allocates (_padded_like)?"""
        return self.poison and op_name(func) in ALLOC and op_name(func) not in ("arange", "tensor", "new_tensor")

    def __torch_function__(self, func, types, args=(), kwargs=None):
        # aten ops issued while a torch function runs belong to that function, already classified here
        self._py_depth += 1
        try:
            return self._torch_function(func, args, kwargs or {})
        finally:
            self._py_depth -= 1

    def _torch_function(self, func, args, kwargs):
        if self._in_kernel:  # the kernel launcher's own bookkeeping (data_ptr, host copies in the interpreter)
            return func(*args, **kwargs)
        if getattr(func, "__self__", None) is _BACKWARD_HOOKS and func.__name__ == "__set__" and len(args) == 2 \
                and args[1] is None:
            # autograd's own reset of a view's hooks when it makes the view's grad_fn anew (after its base was
            # written), which it does holding the view's autograd lock: reading that tensor's autograd state
            # here (remap: `is_leaf`) would wait on the lock for ever. Nothing is computed; passed through as is
            with torch._C.DisableTorchFunction():
                return func(*args, **kwargs)
        if TritonOps.body_of(func) is not None:
            if isinstance(func, torch._ops.OpOverloadPacket):  # a custom operator has its default overload only
                func = func.default
            refuse_as_dispatched(func, args, kwargs)
            # the candidate's own operator, called through the dispatcher, which parses the arguments and checks
            # the result against the schema as on the GPU; the body it calls (TritonOps.watched) runs under this
            # watch (run_op_body): the mode is off in its own handler, which would hide every call inside it
            # the modes under this one (the host standing for the GPU, tasks/devices.py) are set aside for the
            # call itself, which is the operator's body and nothing else, and run_op_body gives them back to the
            # body (the dispatcher runs it with none)
            with _function_modes_set_aside() as modes:
                self._op_modes.append(modes)
                self._dispatching += 1
                try:
                    out = func(*args, **kwargs)
                finally:
                    self._dispatching -= 1
                    self._op_modes.pop()
            if self.op_bodies:  # called in another operator's body: what it returns new is made there
                self.op_bodies[-1].note_made(args, kwargs, out)
            return out
        if self.shadow:
            args, kwargs = self.remap(args), self.remap(kwargs)
        name = op_name(func)
        if self.op_bodies:  # in a custom operator's body: what it touches that is not its own, printed first
            self.op_bodies[-1].note_outside(_tensors((args, kwargs)))
        if self.sealed is not None:
            out = self._sealed_call(func, name, args, kwargs)
        else:
            out = self._watched(func, name, args, kwargs)
        if self.op_bodies:
            self.op_bodies[-1].note_made(args, kwargs, out)
        return out

    def check_op_writes(self, addrs) -> None:
        """In a custom operator's body: a kernel's write must land in memory the body can name (its arguments,
        what it made, what it touched); one computed past them (an offset from an argument's pointer to a
        tensor forward holds) writes what the schema never mentions."""
        import numpy as np

        if self.op_spans is None or not addrs.size or not self.op_bodies:
            return
        lo, hi = self.op_spans
        inside = np.zeros(addrs.size, bool)
        for a, b in zip(lo, hi):
            inside |= (addrs >= a) & (addrs < b)
        if not inside.all():
            self.undeclared(f"{self.op_bodies[-1].op} launches a kernel that writes memory none of the tensors the body "
                            "has holds (an address computed past them, into a tensor forward holds)")

    def run_op_body(self, op: str, body, args, kwargs):
        """A custom operator's body as the dispatcher calls it (its arguments parsed by the schema), watched like
        forward: what its schema leaves alone (_undeclared) and the tensors it touches that are not its own
        (OpBody) must hold after it as before."""
        func = _op_overload(op)
        kept = _undeclared(func, args, kwargs) if func is not None else []
        frame = OpBody(op, _storages((args, kwargs)), pure=func is not None and _declares_nothing(func))
        found = len(self.report.undeclared_writes)
        self.op_bodies.append(frame)
        try:
            with _function_modes_pushed(self._op_modes[-1] if self._op_modes else []), self:
                out = body(*args, **kwargs)
        finally:
            self.op_bodies.pop()
        for arg, t, was in kept:
            if fingerprint(t, 1) != was:
                self.undeclared(f"{op} writes its argument `{arg}`")
        if frame.changed_outside():
            self.undeclared(f"{op} writes a tensor that is none of its arguments (one the module or the file holds)")
        if frame.pure and frame.launched and len(self.report.undeclared_writes) == found:
            self.undeclared(f"{op} declares no output and no write, so torch.compile takes it for pure and drops it, "
                            "yet its body launches a kernel: what that kernel writes reaches forward some other way")
        return out

    def undeclared(self, what: str) -> None:
        if len(self.report.undeclared_writes) < 4 and what not in self.report.undeclared_writes:
            self.report.undeclared_writes.append(what)

    def _sealed_call(self, func, name, args, kwargs):
        """A watched call in the second-inputs check: what it reads is unsealed for it and sealed again after,
        and what it writes (a new storage, an in-place copy) is sealed (sandbox/sealed.py)."""
        sealed = self.sealed
        with torch._C.DisableTorchFunction():
            given = {t.untyped_storage().data_ptr() for t in _tensors_in((args, kwargs))}
        # a view does not read data, but one the watch took for a view when it gathers would: open all but
        # shape queries and allocations from a shape (close() seals again what was opened)
        reads = not (name in META or name in ALLOC and name not in ("tensor", "new_tensor"))
        opened = sealed.open((args, kwargs)) if reads else []
        try:
            out = self._watched(func, name, args, kwargs)
        finally:
            sealed.close(opened)
        writes_in_place = name in COPY or name.endswith("_") and name not in VIEW and name not in META
        for t in _tensors_in(out):
            with torch._C.DisableTorchFunction():
                fresh = t.untyped_storage().data_ptr() not in given
            if fresh or writes_in_place:
                sealed.seal_storage(t)
        if writes_in_place:
            for t in _tensors_in(args[:1]):
                sealed.seal_storage(t)
        return out

    def _over_budget(self, reads: int) -> bool:
        """Counts `reads` scalar reads (a value leaving the device as a Python number); whether the forward is
        now past the budget, past which its host code is taken to compute with them."""
        self.report.scalar_reads += reads
        return self.report.scalar_reads > SCALAR_READ_BUDGET

    def _watched(self, func, name, args, kwargs):
        numbers = _tensors_read_as_numbers(name, args, kwargs)
        if numbers and self._over_budget(numbers):
            self._classify(OVER_BUDGET, "host")
        if self.places(func):
            out = func(*args, **kwargs)
            self._classify(name, "alloc")
            placed = self._padded_like(out, name)
            if name.startswith(VALUE_ALLOCS):
                self._torch_wrote(name, placed)
            return placed
        kept = _bytes_kept(args) if name in ("resize_", "resize_as_") else (0, 0)
        out = func(*args, **kwargs)
        if name in SCALAR_READS or name == "tolist":
            out = self._host_value(name, out)
        if name in SCALAR_READS or name in HOST and _numel_of(args) <= 1:
            name, cls = (OVER_BUDGET, "host") if self._over_budget(1) else (name, "meta")
        elif name == "tolist" and _integers(args):
            self.report.count_reads += _numel_of(args)
            name, cls = ((OVER_COUNT_BUDGET, "host") if self.report.count_reads > COUNT_READ_BUDGET
                         else (name, "meta"))
        elif name == "tolist":  # a few counts read at once (a MoE's tokens per expert): as many scalar reads
            name, cls = (OVER_BUDGET, "host") if self._over_budget(_numel_of(args)) else (name, "meta")
        elif name in HOST:
            cls = "host"
        elif name in EXPORT:
            cls = "export"
        elif name in META:
            cls = "meta"
        elif name in VIEW:
            cls = "compute" if name == "__getitem__" and _has_tensor_index(args) else "view"
        elif name in ALLOC:
            # torch.tensor(t) / t.new_tensor(u) copy a tensor's data: a copy, not an allocation
            data = args[:1] if name == "tensor" else args[1:2] if name == "new_tensor" else ()
            cls = "copy" if any(True for _ in _tensors_in((data, kwargs.get("data")))) else "alloc"
        elif name in ("resize_", "resize_as_"):
            # new memory where it grows (a workspace that grows in place); where it moved bytes it held, a copy
            # kernel of its own on a GPU, as CUDA's resize copies them
            grown = isinstance(out, torch.Tensor) and _storage_moved(out, kept)
            cls = "copy" if grown and kept[1] else "alloc"
        elif name in RANDOM:
            cls = "alloc"
        elif name in MAYBE_COPY:
            src = _first_tensor(args)
            cls = "view" if src is not None and _shares_storage(src, out) else "copy"
        elif name in COPY:
            cls = "compute" if name == "__setitem__" and _has_tensor_index(args) else "copy"
        elif _dropout_is_identity(name, args, kwargs, out):
            cls = "view"
        elif name == "__set__" and len(args) == 2 and (args[1] is None or type(args[1]) is bool):
            # a tensor attribute cleared or flagged (autograd.Function.apply clears one of its outputs' when its
            # inputs require grad; `requires_grad = False`): nothing computed
            cls = "meta"
        elif name in NEAREST and _nearest(name, args, kwargs):
            cls = "copy"
        else:
            cls = "compute"
        self._classify(name, cls)
        if cls == "copy":  # a copy kernel of its own on a GPU (contiguous() of a transposed input, a fill)
            self._torch_wrote(name, args[0] if name == "__setitem__" and args else out)
        return out

    def _torch_wrote(self, name: str, out) -> None:
        """A torch op in forward that wrote `out` (a fill, a copy) is a kernel of its own on a GPU: what the next
        launch may overlap if it is made with launch_pdl=True (a launch without it waits for everything)."""
        if self._in_kernel or type(out) is not torch.Tensor or not out.numel() or out.is_sparse:
            return
        try:
            with torch._C.DisableTorchFunction():
                lo = out.data_ptr()
                hi = lo + span(out) * out.element_size()  # every element it can reach, strides and all
        except (RuntimeError, NotImplementedError):  # a tensor with no memory of its own (meta): no kernel wrote it
            return
        self.pdl_window = [LaunchAccesses.torch_write(name, lo, hi)]

    def _host_value(self, name: str, out):
        """A value forward read on the host: kept (the checks), or the checked run's in its place (the compile)."""
        rep = self.report
        if self.replay is not None:
            if self.replay_at < len(self.replay):
                want, value = self.replay[self.replay_at]
                if want == name and _same_structure(value, out):
                    self.replay_at += 1
                    rep.replayed += _numbers(out)
                    return _like(value, out)
            self.replay, rep.replay_diverged = None, True
            return out
        if rep.host_values is not None:
            self.kept_numbers += _numbers(out)
            if self.kept_numbers <= HOST_VALUE_LIMIT and _plain(out):
                rep.host_values.append([name, out])
            else:
                rep.host_values = None
        return out

    def _classify(self, name: str, cls: str) -> None:
        rank = ["meta", "view", "alloc", "copy", "export", "host", "compute"]
        prev = self.report.ops.get(name)
        if prev is None or rank.index(cls) > rank.index(prev):
            self.report.ops[name] = cls

    def _padded_like(self, out, name: str, values: bool = False):
        """The allocation `out` made, placed as CUDA's caching allocator would place it (sandbox/gpu_memory.py):
        a freed block of the pool that fits, with its contents, or a new one filled as the judge asked; between
        canary pads, in a storage of its own that starts at the data. With `values` (what a torch op computed,
        placed by tasks/devices.py in this call's layout) it holds `out`'s values."""
        if not isinstance(out, torch.Tensor) or out.numel() == 0 or out.is_sparse:
            return out
        # the strides asked for are kept (empty_strided, empty_like of a transposed or channels-last tensor,
        # memory_format=): a kernel that writes in storage order relies on them
        n = span(out)
        values = values or name.startswith(VALUE_ALLOCS)
        with torch._C.DisableTorchFunction():  # the real device: no mode below this one answers for it
            view = (self._packed(out, n) if self.fill == "packed" else self._apart(out, n))
            if values:
                view.copy_(out)
                if self.sealed is not None:  # plain values over what a freed tensor may have left sealed
                    lo = view.data_ptr()
                    self.sealed.unseal_range(lo, lo + n * out.element_size(), restore=False)
        from ..tasks.devices import placed_like

        return placed_like(out, view.requires_grad_(out.requires_grad) if out.requires_grad else view)

    def _packed(self, out: torch.Tensor, n: int) -> torch.Tensor:
        """Side by side in segments, no pads: the GPU's own layout. Only the rounding's slack is guarded."""
        chunk = gpu_memory.PACKED.take(n * out.element_size(), out.device)
        view = gpu_memory.PACKED.hand_out(chunk, out.dtype, out.shape, out.stride(), n)
        self._forget(chunk.address, chunk.address + chunk.size)
        end = chunk.address + n * out.element_size()
        if chunk.address + chunk.size > end:
            self.guard_spans.append((end, chunk.address + chunk.size,
                                     f"past the end of allocation of {n} elements of {out.dtype}"))
        return view

    def _apart(self, out: torch.Tensor, n: int) -> torch.Tensor:
        """Apart between canary pads, which the judge gets back with the outputs."""
        block, reused = gpu_memory.POOL.take(n * out.element_size(), out.device)
        if reused:  # its earlier allocation in this call (pads found intact) gives way to this one
            self._forget(*block.span())
        view = block.hand_out(out.dtype, out.shape, out.stride(), n, reused, self.fill)
        if self.sealed is not None:  # in the second-inputs call: the pads and a new block's data are plain
            lo, hi = block.span()
            data = view.data_ptr()
            self.sealed.unseal_range(lo, data if reused else hi, restore=False)
            self.sealed.unseal_range(data + n * out.element_size(), hi, restore=False)
        buf, start = block.typed(out.dtype)
        self.allocs.append(Allocation(buf, start, n, block))
        self.add_guard(buf[:start], f"before allocation #{len(self.allocs) - 1}")
        self.add_guard(buf[start + n:], f"past the end of allocation #{len(self.allocs) - 1}")
        return view

    def _forget(self, lo: int, hi: int) -> None:
        """Memory [lo, hi) handed out again: the earlier allocations of this call there (their pads found
        intact) and their guard bands give way to the new one's."""
        self.allocs = [a for a in self.allocs if a.block is None or not lo <= a.block.span()[0] < hi]
        self.guard_spans = [g for g in self.guard_spans if not (g[0] < hi and lo < g[1])]

    def check_canaries(self) -> list[str]:
        bad = []
        for i, a in enumerate(self.allocs):
            pv = poison_value(a.buffer.dtype)
            with torch._C.DisableTorchFunction():
                head, tail = a.buffer[: a.start], a.buffer[a.start + a.numel:]
                ok = all(_all_poison(p, pv) for p in (head, tail))
            if not ok:
                bad.append(f"allocation #{i} ({a.numel} elements of {a.buffer.dtype})")
        self.report.canary_broken = bad
        return bad


def _all_poison(t: torch.Tensor, pv) -> bool:
    if t.is_floating_point() or t.is_complex():
        return bool(torch.isnan(t).all())
    return bool((t == pv).all())


# aten operators (dispatcher level) by class, for work a C++ extension does below Python's view.
ATEN_META = {"sym_size", "sym_stride", "sym_numel", "sym_storage_offset", "size", "stride", "numel", "dim",
             "is_contiguous", "is_non_overlapping_and_dense", "is_same_size", "is_pinned"}
ATEN_VIEW = {"view", "_unsafe_view", "as_strided", "permute", "transpose", "t", "expand", "unsqueeze", "squeeze",
             "select", "slice", "narrow", "alias", "detach", "_reshape_alias", "unfold", "split", "split_with_sizes",
             "chunk", "unbind", "view_as_real", "view_as_complex", "diagonal", "movedim", "lift_fresh",
             "squeeze_", "unsqueeze_", "as_strided_", "transpose_", "t_"}
ATEN_EMPTY = {"empty", "empty_like", "empty_strided", "new_empty", "new_empty_strided", "empty_permuted"}
ATEN_ALLOC = ATEN_EMPTY | {"resize_", "zeros", "zeros_like", "ones", "ones_like", "full", "full_like", "new_zeros", "new_ones",
                           "new_full", "scalar_tensor", "arange", "lift_fresh_copy"}
ATEN_COPY = {"clone", "copy_", "_to_copy", "fill_", "zero_", "cat", "stack", "_copy_from", "_copy_from_and_resize",
             "contiguous", "to", "reshape", "index_put_"}


def aten_class(name: str) -> str:
    for cls, names in (("meta", ATEN_META), ("view", ATEN_VIEW), ("alloc", ATEN_ALLOC), ("copy", ATEN_COPY)):
        if name in names:
            return cls
    return "compute"


class AtenWatch(TorchDispatchMode):
    """The op watch one level down, for candidates with a C++ extension (load_inline): its C++ calls torch
    through the dispatcher (at::matmul, tensor operators, x.sum()), which the torch-function watch cannot
    see. Only aten ops that no Python-level torch call issued are recorded, as `aten.<name>`; uninitialised
    allocations made in C++ are poisoned like those made in Python."""

    def __init__(self, outer: ForwardWatch):
        super().__init__()
        self.outer = outer

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if TritonOps.body_of(func) is not None:  # the candidate's operator: its body is watched above (run_op_body)
            return func(*args, **(kwargs or {}))
        # an OpOverload called from Python would go through the torch-function watch again
        with torch._C.DisableTorchFunction():
            out = func(*args, **(kwargs or {}))
            w = self.outer
            if not (w._py_depth or w._in_kernel):
                self._record(func.overloadpacket.__name__, out)
        return out

    def _record(self, name: str, out) -> None:
        w = self.outer
        key, cls = f"aten.{name}", aten_class(name)
        if name == "_local_scalar_dense":  # .item<T>() in C++: a few are parameters, many are host compute
            if w._over_budget(1):
                key, cls = f"more than {SCALAR_READ_BUDGET} scalar reads in C++ (.item())", "host"
            else:
                cls = "meta"
        if w.poison and name in ATEN_EMPTY and isinstance(out, torch.Tensor) and out.numel():
            out.fill_(poison_value(out.dtype))  # the mode is off inside this handler: not recorded
        w._classify(key, cls)


class TritonOps:
    """The operators the candidate makes with `torch.library.triton_op` (PyTorch's packaging of a Triton kernel
    as a custom operator), by qualified name, with the function each decorates. Called through the dispatcher,
    the operator is one torch call to the op watch, whose mode is off while it handles a call: the body's own
    torch calls and launches would go unseen. So the watch runs the body itself (ForwardWatch._torch_function),
    under the watch, as written. Installed before the candidate's module is loaded (it imports the decorator)."""

    bodies: dict[str, Callable] = {}
    devices: dict[str, tuple[str, ...]] = {}  # by name: the device types a custom_op declares, where it does

    @classmethod
    def install(cls) -> bool:
        try:
            import torch.library as library
        except ImportError:
            return False
        real = getattr(library, "triton_op", None)
        if real is None or getattr(real, "_kp_recorded", False):
            return real is not None

        def recorded(make, name, fn, device_types=None):
            def register(f):
                op = make(cls.watched(str(name), f))
                cls.bodies[str(name)] = f
                if device_types is not None:
                    cls.devices_of(str(name), device_types, op)
                cls.autograd_watched(op)
                return op

            return register if fn is None else register(fn)

        @functools.wraps(real)
        def triton_op(name, fn=None, /, *, mutates_args, schema=None):
            return recorded(real(name, mutates_args=mutates_args, schema=schema), name, fn)

        setattr(triton_op, "_kp_recorded", True)
        library.triton_op = triton_op
        custom = getattr(library, "custom_op", None)
        if custom is not None:
            @functools.wraps(custom)
            def custom_op(name, fn=None, /, *, mutates_args, device_types=None, schema=None):
                # `device_types="cuda"`: the body is the GPU's; the host stands for the GPU here, so the body is
                # registered for every device, as it is the one that runs on the GPU
                return recorded(custom(name, mutates_args=mutates_args, schema=schema), name, fn, device_types)

            library.custom_op = custom_op  # type: ignore[assignment]
        return True

    @classmethod
    def devices_of(cls, name: str, device_types, op) -> None:
        """The devices an operator is declared for (its body is registered for every one here), and torch's own
        check of the declaration, which registering for every device skips: an operator with no tensor input
        needs a `device: torch.device` argument to be dispatched at all."""
        kinds = (device_types,) if isinstance(device_types, str) else tuple(device_types)
        cls.devices[name] = tuple(str(k).split(":")[0] for k in kinds)
        from torch._library import utils as library_utils

        schema = op._opoverload._schema
        if not library_utils.has_tensor_arg(schema) and library_utils.get_device_arg_index(schema) is None:
            raise ValueError("Functions without tensor inputs are required to have a `device: torch.device` argument")

    @classmethod
    def autograd_watched(cls, op) -> None:
        """`op.register_autograd(backward, setup_context=...)`: the dispatcher calls setup_context after the body
        (where an input requires grad), with the op watch's mode set aside as for the body, so it runs under the
        watch too, as the body does; backward runs only in a backward pass, which no forward reaches."""
        real = getattr(op, "register_autograd", None)
        if real is None:
            return

        @functools.wraps(real)
        def register_autograd(backward, /, *, setup_context=None):
            return real(backward, setup_context=None if setup_context is None else cls.hook_watched(setup_context))

        op.register_autograd = register_autograd

    @staticmethod
    def hook_watched(fn: Callable) -> Callable:
        """`fn`, run under the forward's watch where the watch's handler is dispatching the candidate's operator."""
        @functools.wraps(fn)
        def hook(*args, **kwargs):
            w = LaunchCounter.current
            if isinstance(w, ForwardWatch) and w._dispatching:
                with _function_modes_pushed(w._op_modes[-1] if w._op_modes else []), w:
                    return fn(*args, **kwargs)
            return fn(*args, **kwargs)

        return hook

    @staticmethod
    def watched(name: str, body: Callable) -> Callable:
        """What the operator registers: the body, run under the forward's watch when the watch's handler called
        the operator (ForwardWatch.run_op_body), as written otherwise. Its signature is the body's, from which
        torch.library infers the schema."""
        @functools.wraps(body)
        def watched_body(*args, **kwargs):
            w = LaunchCounter.current
            if isinstance(w, ForwardWatch) and w._dispatching:
                return w.run_op_body(name, body, args, kwargs)
            # elsewhere (in __init__, in the compile for the target) the dispatcher runs the body with no
            # torch-function mode, where the body's code sees the host standing for the GPU as all of the
            # candidate's code does (tasks/devices.py)
            from ..tasks import devices

            mode = devices.ACTIVE
            if mode is None or mode in torch.overrides._get_current_function_mode_stack():
                return body(*args, **kwargs)
            with _function_modes_pushed([mode]):
                return body(*args, **kwargs)

        return watched_body

    @classmethod
    def body_of(cls, func) -> Optional[Callable]:
        if not cls.bodies:
            return None
        name = getattr(getattr(func, "_schema", None), "name", None)
        if name is None:  # `torch.ops.<namespace>.<name>(...)`: the packet of the overloads, by its qualified name
            name = getattr(func, "_qualified_op_name", None) if isinstance(func, torch._ops.OpOverloadPacket) else None
        return cls.bodies.get(name) if isinstance(name, str) else None


def _storages(obj) -> dict[int, int]:
    """The storages a call's arguments hold, their tensors' and any storage passed as itself: address -> bytes."""
    found: dict[int, int] = {}
    with torch._C.DisableTorchFunction():
        stack = [obj]
        while stack:
            x = stack.pop()
            if isinstance(x, (torch.UntypedStorage, torch.TypedStorage)):
                found[x.data_ptr()] = x.nbytes()
            elif isinstance(x, (list, tuple)):
                stack.extend(x)
            elif isinstance(x, dict):
                stack.extend(x.values())
            else:
                for t in _tensors(x):
                    st = t.untyped_storage()
                    found[st.data_ptr()] = st.nbytes()
    return found


def _op_overload(name: str):
    """The OpOverload of a candidate's operator by its qualified name (for its schema), or None."""
    ns, _, op = name.partition("::")
    try:
        return getattr(getattr(torch.ops, ns), op).default
    except (AttributeError, RuntimeError):
        return None


def refuse_as_dispatched(func, args, kwargs) -> None:
    """What the dispatcher does with a call of the candidate's operator that the body, registered for every
    device here, would not show: an operator declared for CUDA alone, given only tensors that are the host's on
    the GPU too (`torch.tensor(x.shape)`), has no kernel for them there (NotImplementedError at every call);
    and a tensor given for a number or a list of numbers is read on the host by the dispatcher, out of the op
    watch's sight (refused: pass `x.shape[0]`, not a tensor of it)."""
    from ..tasks import devices

    schema = func._schema
    name = str(schema.name)
    kinds = TritonOps.devices.get(name)
    tensors = list(_tensors((args, kwargs)))
    if kinds and "cpu" not in kinds and devices.ACTIVE is not None and tensors \
            and all(devices.ACTIVE.is_host(t) for t in tensors):
        raise NotImplementedError(f"Could not run '{name}' with arguments from the 'CPU' backend: it is declared for "
                                  f"{', '.join(kinds)} only, and every tensor it is given is in host memory on the GPU "
                                  "too (made with no device, or moved to the host)")
    named = dict(kwargs)
    for i, a in enumerate(schema.arguments):
        value = args[i] if i < len(args) else named.get(a.name)
        if value is None or "Tensor" in str(a.type):
            continue
        if any(True for _ in _tensors(value)):
            raise TypeError(f"{name}: argument `{a.name}` is declared {a.type} but given a tensor, which the "
                            f"dispatcher would read on the host out of the kernels' sight: pass the number itself "
                            f"(x.shape[0], a Python int or float)")


def _declares_nothing(func) -> bool:
    """A schema with no returns and no argument it writes: torch.compile takes such an operator for pure with no
    outputs, and drops its calls."""
    schema = func._schema
    return not schema.returns and not any(getattr(getattr(a, "alias_info", None), "is_write", False)
                                          for a in schema.arguments)


@dataclass
class OpBody:
    """A custom operator's body while it runs: the storages of its arguments (its schema says which it may
    write, _undeclared), those it made, and every other storage it touched, printed whole before its first
    use. An operator whose schema declares no write is pure to torch.compile, which may drop or reorder it:
    writing a tensor the module or the file holds from its body is as undeclared as writing an argument."""

    op: str
    given: dict[int, int]  # storage address -> bytes, as _storages gives them
    pure: bool = False  # its schema returns nothing and writes nothing (_declares_nothing)
    launched: bool = False  # a kernel was launched in it
    made: dict[int, int] = field(default_factory=dict)
    outside: dict[int, tuple[torch.Tensor, int]] = field(default_factory=dict)

    def note_outside(self, tensors) -> None:
        with torch._C.DisableTorchFunction():
            for t in tensors:
                ptr = t.untyped_storage().data_ptr()
                if ptr in self.given or ptr in self.made or ptr in self.outside:
                    continue
                whole = torch.empty(0, dtype=torch.uint8, device=t.device).set_(t.untyped_storage())
                self.outside[ptr] = (whole, fingerprint(whole, 1))

    def note_made(self, args, kwargs, out) -> None:
        """Storages a call made: only new ones. A view, an in-place write or a copy into a tensor returns a
        storage it was given, which is not made here (a view of a tensor the module holds stays the module's)."""
        returned = _storages(out)
        if not returned:
            return
        had = _storages((args, kwargs)).keys() | self.given.keys() | self.outside.keys()
        self.made.update({ptr: n for ptr, n in returned.items() if ptr not in had})

    def spans(self) -> list[tuple[int, int]]:
        """The bytes the body may reach: its arguments', what it made, and what it touched (printed)."""
        known = {**self.given, **self.made, **{ptr: whole.numel() for ptr, (whole, _) in self.outside.items()}}
        return [(ptr, ptr + n) for ptr, n in known.items()]

    def changed_outside(self) -> bool:
        with torch._C.DisableTorchFunction():
            return any(fingerprint(whole, 1) != was for whole, was in self.outside.values())


def _undeclared(func, args, kwargs) -> list[tuple[str, torch.Tensor, int]]:
    """The tensor arguments of a call of a custom operator that its schema does not mark as written
    (`mutates_args`), with a print of each: an operator that writes one anyway is one torch.compile may drop
    or reorder (it takes the op for pure), leaving the output it was to fill uninitialised."""
    schema = getattr(func, "_schema", None)
    if schema is None:
        return []
    named = dict(kwargs)

    def tensors_of(i, a) -> list[torch.Tensor]:
        value = args[i] if i < len(args) else named.get(a.name)
        return [value] if isinstance(value, torch.Tensor) else \
            [t for t in value if isinstance(t, torch.Tensor)] if isinstance(value, (list, tuple)) else []

    def written(a) -> bool:
        alias = getattr(a, "alias_info", None)
        return alias is not None and bool(getattr(alias, "is_write", False))

    with torch._C.DisableTorchFunction():
        mutable = {t.untyped_storage().data_ptr() for i, a in enumerate(schema.arguments) if written(a)
                   for t in tensors_of(i, a)}
    kept = []
    for i, a in enumerate(schema.arguments):
        if written(a):
            continue
        for t in tensors_of(i, a):
            if t.untyped_storage().data_ptr() in mutable:  # a view of what it may write (an in-place variant)
                continue
            # the whole storage, not the view: a kernel may write past a one-element view it was given
            with torch._C.DisableTorchFunction():
                whole = torch.empty(0, dtype=torch.uint8, device=t.device).set_(t.untyped_storage())
            kept.append((a.name, whole, fingerprint(whole, 1)))
    return kept


class LaunchCounter:
    """Wraps Triton's launch entry points so the watch can tell launches apart from user torch calls."""

    current: ForwardWatch | None = None
    _lock = threading.Lock()

    @classmethod
    def install(cls) -> list[str]:
        patched = []
        try:
            from triton.runtime.jit import JITFunction

            JITFunction.run = cls._wrap(JITFunction.run)
            patched.append("triton.jit")
        except Exception:  # noqa: BLE001 - Triton absent: CUDA-only candidates still work
            pass
        try:
            from triton.runtime.interpreter import GridExecutor

            GridExecutor.__call__ = cls._wrap(GridExecutor.__call__, interpreted=True)
            patched.append("triton.interpreter")
            cls._install_memcheck()
            if hints.install_interpreter_check(cls._hint_sink):
                patched.append("triton.hints")
        except Exception:  # noqa: BLE001
            pass
        return patched

    @classmethod
    def _hint_sink(cls):
        """Where a false compiler hint is noted (sandbox/hints.py): the interpreted launch in progress."""
        w = cls.current
        if w is None or w.launch is None:
            return None
        return w.report.hints, w.launch.name

    @classmethod
    def _install_memcheck(cls) -> None:
        """Interpreter loads/stores are checked against the guard bands of the current forward call."""
        from triton.runtime.interpreter import InterpreterBuilder

        load, store = InterpreterBuilder.create_masked_load, InterpreterBuilder.create_masked_store

        def checked_load(self, ptrs, mask, other, *a, **k):
            w = cls.current
            if w is not None and hints.AsCompiled.widths:
                ptrs, mask = _as_compiled(w, ptrs, mask)
            if w is not None:
                w.memcheck(ptrs.data, mask.data if mask is not None else None, "read", self.grid_idx,
                           size=_element_size(ptrs))
            got = load(self, ptrs, mask, other, *a, **k)
            if w is not None and w.sealed is not None:
                got.data = w.sealed.load(ptrs.data, mask.data if mask is not None else None, got.data)
            if w is not None and w.launch is not None and not w.in_atomic:
                w.launch.loaded(got.data)  # what it read: the write-after-read check compares stores with it
                # a one-element load's value, and what the pointer and mask carried (races.LaunchAccesses.spread)
                labels = w.launch.take_label() | _labels((ptrs, mask, other))
                if labels:
                    _set_labels(got, labels)
            return got

        def checked_store(self, ptrs, value, mask, *a, **k):
            w = cls.current
            if w is not None and hints.AsCompiled.widths:
                ptrs, mask = _as_compiled(w, ptrs, mask)
            if w is not None:
                if self.grid_idx is not None:
                    w.note_storing(program_id(self.grid_idx), ptrs.data, mask.data if mask is not None else None)
                w.memcheck(ptrs.data, mask.data if mask is not None else None, "write", self.grid_idx, value.data)
                if w.sealed is not None:
                    value = type(value)(w.sealed.store(ptrs.data, value.data, mask.data if mask is not None else None),
                                        value.dtype)
            return store(self, ptrs, value, mask, *a, **k)

        InterpreterBuilder.create_masked_load, InterpreterBuilder.create_masked_store = checked_load, checked_store

        barrier = InterpreterBuilder.create_barrier

        def noted_barrier(self, *a, **k):  # tl.debug_barrier(): the program's threads see each other's stores
            w = cls.current
            if w is not None and w.launch is not None and self.grid_idx is not None:
                w.launch.barrier(program_id(self.grid_idx))
            return barrier(self, *a, **k)

        InterpreterBuilder.create_barrier = noted_barrier

        from triton.runtime.interpreter import ReduceScanOpInterface

        apply = ReduceScanOpInterface.apply

        def exchanging(self, input):  # a reduction or scan across warps: a barrier between them (races.py)
            w = cls.current
            if w is not None and w.launch is not None and _across_warps(input, getattr(self, "axis", None)):
                cls._exchanged(w)
            return apply(self, input)

        def exchange_first(op, sited: bool):  # an op whose threads exchange values behind a bar.sync
            def run(self, *a, **k):
                w = cls.current
                if w is not None and w.launch is not None:
                    if sited:
                        cls._exchanged(w)
                    else:
                        w.launch.exchanged()
                return op(self, *a, **k)
            return run

        # tl.dot: operands staged in shared memory; tl.join (tl.interleave): each element's value from the same
        # position of the two operands, held by the thread that loaded it or handed over behind a bar.sync
        InterpreterBuilder.create_dot = exchange_first(InterpreterBuilder.create_dot, sited=True)
        InterpreterBuilder.create_join = exchange_first(InterpreterBuilder.create_join, sited=False)
        ReduceScanOpInterface.apply = exchanging  # type: ignore[method-assign]

        def gdc(call: str):  # interp_semantics: tl.extra.cuda.gdc_* in an interpreted program
            def noted(builder) -> None:
                w = cls.current
                if w is not None and w.launch is not None and builder.grid_idx is not None:
                    getattr(w.launch, call)(program_id(builder.grid_idx))
            return noted

        setattr(InterpreterBuilder, "kp_gdc_wait", gdc("gdc_wait"))
        setattr(InterpreterBuilder, "kp_gdc_launch_dependents", gdc("gdc_launch_dependents"))

        def noting(atomic, name):  # an atomic in a launch: its programs coordinate (races.py)
            def op(self, *a, **k):
                w = cls.current
                if w is None:
                    return atomic(self, *a, **k)
                # in the second-inputs check, the memory an atomic reads and writes is unsealed for it and sealed
                # again after (atomic loads, stores and polls go through the masked load and store above)
                if w.sealed is None or name not in ("create_atomic_rmw", "create_atomic_cas"):
                    w.in_atomic += 1
                    try:
                        got = atomic(self, *a, **k)
                    finally:
                        w.in_atomic -= 1
                else:
                    ptr = a[1] if name == "create_atomic_rmw" else a[0]
                    mask = a[3].data if name == "create_atomic_rmw" and a[3] is not None else None
                    size = _element_size(ptr)
                    touched = w.sealed.before_atomic(ptr.data, mask, size)
                    try:
                        got = atomic(self, *a, **k)
                    finally:
                        w.sealed.after_atomic(touched)
                # after it ran, with what it returned: an atomic_cas that returned its compare value took a lock
                w.saw_atomic(name, a, got, self.grid_idx)
                return got

            return op

        for name in ("create_atomic_rmw", "create_atomic_cas", "create_atomic_load", "create_atomic_store",
                     "create_atomic_poll"):
            if hasattr(InterpreterBuilder, name):
                setattr(InterpreterBuilder, name, noting(getattr(InterpreterBuilder, name), name))

    # kernel -> the "line:column" of reductions and dots the compile for the target removed (their results are
    # unused): in the trial the judge asks for with them (judge.check_exchanges) they are no barrier
    not_barriers: dict[str, set[str]] = {}

    @classmethod
    def _exchanged(cls, w: ForwardWatch) -> None:
        """A reduction, scan or dot of the running launch, at the candidate's line being run: a barrier between
        the program's threads, unless the judge found that the compiler removed it."""
        launch = w.launch
        assert launch is not None
        site = hints._candidate_site()
        if site and site in cls.not_barriers.get(launch.name, ()):
            return
        launch.exchanged()
        if site:
            w.note_exchange(site)

    @classmethod
    def install_labels(cls) -> None:
        """Carry the labels of one-element loads (races.LaunchAccesses.spread) through every interpreter op to
        what it makes, and note where they reach work that all of a program's threads do: a result of more than
        one element (a splat, a block op), a branch or a loop bound. Installed after every other change to the
        interpreter's builder (libdevice, casts, dots), so that it wraps what runs. Atomics are left out: a
        one-element atomic hands thread 0's result to every thread."""
        try:
            from triton.runtime import interpreter
            from triton.runtime.interpreter import InterpreterBuilder, ReduceScanOpInterface
        except ImportError:  # no Triton (CUDA-only candidates): nothing is interpreted
            return

        def spreading(owner, name: str) -> None:
            op = getattr(owner, name)
            if getattr(op, "_kp_labels", False):
                return

            def run(*a, **k):
                got = op(*a, **k)
                w = cls.current
                if w is not None and w.launch is not None and w.launch.next_label > 1:
                    labels = _labels(a) | _labels(tuple(k.values())) if k else _labels(a)
                    if labels:
                        _set_labels(got, labels)
                        if _elements(got) > 1:
                            w.launch.spread(labels)
                return got

            setattr(run, "_kp_labels", True)
            setattr(owner, name, run)

        skip = {"create_masked_load", "create_masked_store", "create_barrier", "create_assert", "create_print"}
        for name in [n for n in dir(InterpreterBuilder) if n.startswith("create_") or n.endswith("_op")]:
            if name not in skip and not name.startswith("create_atomic") and callable(getattr(InterpreterBuilder, name)):
                spreading(InterpreterBuilder, name)
        spreading(ReduceScanOpInterface, "apply")

        patch = interpreter._patch_lang_tensor
        if getattr(patch, "_kp_labels", False):
            return

        def patched(tensor, scope) -> None:  # a branch or a loop bound on a labelled value
            patch(tensor, scope)
            for attr in ("__index__", "__bool__"):
                scope.set_attr(tensor, attr, _branching(getattr(tensor, attr)))

        def _branching(inner):
            def at(self):
                w = cls.current
                labels = _labels(self)
                if labels and w is not None and w.launch is not None:
                    w.launch.spread(labels)
                return inner(self)
            return at

        setattr(patched, "_kp_labels", True)
        interpreter._patch_lang_tensor = patched

    @classmethod
    def _wrap(cls, fn, interpreted: bool = False):
        def launch(*a, **k):
            w = cls.current
            if w is not None and w.shadow and a:  # a launch reads the second inputs (ForwardWatch.shadow)
                a, k = (a[0], *w.remap(a[1:])), w.remap(k)
            if w is not None and w.sealed is not None:  # what it stores there is unsealed when the call ends
                for t in _tensors((a[1:], k)):
                    w.sealed.keep(t)
            if a:
                check_constexpr_launch(a[0], a[1:], k)
                check_device_arguments(a[1:], k)
                k = host_code_first(a[0], a[1:], k)
            if w is None:
                return fn(*a, **k)
            if a and w._in_kernel == 0:
                w.specs.add(launch_spec(a[0], a[1:], k))
                warps = k.get("num_warps")
                global LAUNCH_WARPS
                LAUNCH_WARPS = warps if isinstance(warps, int) and not isinstance(warps, bool) and warps > 0 else 4
                stages = k.get("num_stages")  # the loops' default (sandbox/pipelining.py); Triton's is 3 for sm_90
                pipelining.LAUNCH_STAGES = stages if isinstance(stages, int) and not isinstance(stages, bool) else 3
                if hints.AsCompiled.widths:  # the accesses of this launch's compiled kernel (hints.as_compiled)
                    hints.AsCompiled.key = hints.launch_key(a[0], a[1:], k)
            if w.op_bodies and a and w._in_kernel == 0:
                # in a custom operator's body: a tensor the launch gets that is none of the operator's arguments
                # and was not made in its body (a global, one the module holds) is not its to write either
                w.op_bodies[-1].note_outside(_tensors((a[1:], k)))
                w.op_bodies[-1].launched = True
                import numpy as np

                spans = w.op_bodies[-1].spans()
                w.op_spans = (np.array([lo for lo, _ in spans], np.uint64), np.array([hi for _, hi in spans], np.uint64))
            w.enter_launch(getattr(getattr(a[0], "fn", None), "__name__", "kernel") if a else "kernel", interpreted,
                           pdl=bool(k.get("launch_pdl")))
            try:
                return fn(*a, **k)
            finally:
                w.exit_launch()
                if w._in_kernel == 0:
                    w.op_spans = None

        setattr(launch, "__wrapped__", fn)  # functools' marker: inspect.signature and inspect.unwrap follow it
        return launch


def _handle(obj):
    """The interpreter's TensorHandle behind a builder operand or a tl.tensor, or None."""
    handle = getattr(obj, "handle", obj) if type(obj).__name__ == "tensor" else obj
    return handle if type(handle).__name__ == "TensorHandle" else None


def _labels(obj) -> int:
    """The one-element loads (their label bits, races.py) a builder operand or a tl.tensor was computed from."""
    if isinstance(obj, (list, tuple)):
        bits = 0
        for x in obj:
            bits |= _labels(x)
        return bits
    kind = type(obj).__name__  # (every interpreter op's operands pass here: the common cases first)
    if kind == "TensorHandle":
        return getattr(obj, "kp_labels", 0)
    return getattr(_handle(obj), "kp_labels", 0) if kind == "tensor" else 0


def _set_labels(obj, bits: int) -> None:
    if isinstance(obj, (list, tuple)):
        for x in obj:
            _set_labels(x, bits)
    elif (handle := _handle(obj)) is not None:
        handle.kp_labels = getattr(handle, "kp_labels", 0) | bits


def _elements(obj) -> int:
    if isinstance(obj, (list, tuple)):
        return max((_elements(x) for x in obj), default=0)
    return int(getattr(getattr(_handle(obj), "data", None), "size", 0) or 0)


# a launch's warps (num_warps, Triton's default 4), set at each launch: whether a reduction spans them
LAUNCH_WARPS = 4


def _across_warps(input, axis) -> bool:
    """Whether a reduction or scan of `input` (a tl.tensor, or a tuple of them) along `axis` combines values
    held by different warps, which Triton does through shared memory behind a bar.sync: a whole reduction (all
    but the reduced axis of size 1) of at least 32 elements per warp, so that each warp holds its own share
    rather than a copy of the whole. A reduction along one axis of a tile is taken to stay within warps."""
    first = input[0] if isinstance(input, tuple) and input else input
    try:
        shape = [int(getattr(d, "value", d)) for d in first.shape]
    except (AttributeError, TypeError, ValueError):
        return False
    n = math.prod(shape)
    kept = n // shape[axis] if axis is not None and shape and shape[axis] else 1
    return kept == 1 and n >= 32 * LAUNCH_WARPS


def _as_compiled(w: ForwardWatch, ptrs, mask):
    """An interpreter access's pointer and mask handles as the compiled kernel's (hints.as_compiled)."""
    got, active, problem = hints.as_compiled(ptrs.data, None if mask is None else mask.data, _element_size(ptrs))
    if problem and len(w.report.misaligned) < 2:
        w.report.misaligned.append(problem)
    if got is ptrs.data:
        return ptrs, mask
    return type(ptrs)(got, ptrs.dtype), (mask if active is None else type(mask)(active, mask.dtype))


def _scalar(v) -> bool:
    """What a tl.constexpr may hold: compile-time scalars (and tuples of them), never an object with code or
    data behind it."""
    if isinstance(v, tuple):
        return all(_scalar(x) for x in v)
    if isinstance(v, torch.Tensor):
        return False
    if v is None or isinstance(v, (bool, int, float, str, numbers.Number, torch.dtype)):
        return True
    try:
        import triton.language as tl
    except ImportError:
        return False
    if isinstance(v, tl.constexpr):
        return _scalar(v.value)
    return isinstance(v, tl.dtype)


def check_device_arguments(args, kwargs) -> None:
    """A tensor that is the host's on the GPU too (made with no device, moved to the host: tasks/devices.py)
    passed to a kernel: Triton raises there, in these words, so it raises here too."""
    from ..tasks.devices import host_arguments

    host = host_arguments(args, kwargs)
    if host:
        raise ValueError(
            f"Pointer argument ({host[0]}) cannot be accessed from Triton (cpu tensor?): on the GPU this tensor is "
            "in host memory: it was made with no device (`torch.empty(n)` where `torch.empty(n, device=x.device)` "
            "was meant) or moved to the host, and Triton refuses it there")


def check_constexpr_launch(kernel, args, kwargs) -> None:
    """At every launch, in the candidate's process (evidence, like the rest of this file; the static contract
    refuses the same thing in the source): a callable or a tensor passed as a tl.constexpr reaches an
    interpreted kernel as a raw Python object and runs as Python inside it, where the op watch stands aside.
    `kernel` is a GridExecutor (interpreter) or a JITFunction (compiled)."""
    params = _parameters(kernel)
    if params is None:
        return
    names, const = params
    given = dict(zip(names, args))
    given.update({k: v for k, v in kwargs.items() if k in names})
    for name, value in given.items():
        if name in const and not _scalar(value):
            raise TypeError(f"tl.constexpr argument `{name}` got a {type(value).__name__}: constexpr arguments "
                            "must be scalars (int, float, bool, str, dtype)")
        if name not in const and not _kernel_argument(value):
            raise TypeError(f"kernel argument `{name}` got a {type(value).__name__}: a kernel takes tensors and "
                            "scalars (an object would reach an interpreted kernel as itself)")


def _parameters(kernel) -> tuple[list[str], set[str]] | None:
    """A launched kernel's parameter names and which of them are tl.constexpr; `kernel` is a GridExecutor
    (interpreter) or a JITFunction (compiled)."""
    fn = getattr(kernel, "fn", None)
    if hasattr(kernel, "constexprs") and callable(fn) and not hasattr(kernel, "params"):  # GridExecutor
        import inspect

        return list(inspect.signature(fn).parameters), set(kernel.constexprs)
    if hasattr(kernel, "params"):  # JITFunction.run(*args, grid, warmup, **kwargs)
        return [p.name for p in kernel.params], {p.name for p in kernel.params if getattr(p, "is_constexpr", False)}
    return None


def launch_spec(kernel, args, kwargs) -> str:
    """`name[P=v, ...]`: a launch's kernel and the value of each of its tl.constexpr parameters, given or left
    at its default, which decide what the compiler builds (block sizes, flags). The verified run and the
    compile for the GPU target write it the same way, so the judge can require that every specialisation the
    interpreter ran was also compiled."""
    import inspect

    fn = getattr(kernel, "fn", None)
    name = str(getattr(fn, "__name__", None) or getattr(kernel, "__name__", "kernel"))
    if not callable(fn):
        return name
    # by name: the static contract binds each jit function's name once (the interpreter recompiles the
    # function, so its code object says nothing the compiled one would)
    where = name
    try:
        sig = inspect.signature(fn)
        bound = sig.bind_partial(*args, **{k: v for k, v in kwargs.items() if k in sig.parameters})
    except (TypeError, ValueError):
        return where
    bound.apply_defaults()

    def plain(v):
        v = getattr(v, "value", v) if type(v).__name__ == "constexpr" else v
        return repr(v)

    const = _declared_constexprs(fn)
    values = ", ".join(f"{k}={plain(v)}" for k, v in bound.arguments.items() if k in const)
    # the element types of pointer (tensor) arguments too: the same constexprs over fp32 pointers are another
    # kernel than over fp16 ones (another shared-memory size, another dot). Scalars are left out: the
    # interpreter's run hands them on converted (sandbox/compat.py)
    kinds = ", ".join(f"{k}:{v.dtype}" for k, v in bound.arguments.items()
                      if k not in const and isinstance(v, torch.Tensor))
    return f"{where}[{values}; {kinds}]" if kinds else f"{where}[{values}]"


def _declared_constexprs(fn) -> set[str]:
    """The parameters a kernel's source annotates as tl.constexpr (as Triton's KernelParam decides it)."""
    import inspect

    out = set()
    for p in inspect.signature(fn).parameters.values():
        ann = p.annotation
        text = ann if isinstance(ann, str) else getattr(ann, "__name__", "") or str(ann)
        if "constexpr" in text:
            out.add(p.name)
    return out


def _kernel_argument(v) -> bool:
    """What a non-constexpr kernel parameter may receive: a tensor, a scalar, or Triton's own wrappers
    (reinterpreted tensors, tensor descriptors), and tuples of those."""
    if isinstance(v, tuple):
        return all(_kernel_argument(x) for x in v)
    if isinstance(v, torch.Tensor) or _scalar(v):  # _scalar: a tl.constexpr only around a scalar
        return True
    if type(v).__module__.split(".")[0] != "triton":
        return False
    import triton.language as tl

    if isinstance(v, tl.tensor):  # a float argument rounded as a compiled launch does (compat._as_launched)
        return not v.type.is_block() and getattr(getattr(v.handle, "data", None), "size", 0) == 1
    # Triton's wrappers wrap a tensor: anything else as their base (an object of the candidate's) would have
    # its methods (data_ptr, untyped_storage) run inside the launch, where the op watch stands aside
    return isinstance(getattr(v, "base", None), torch.Tensor)


def _bound_arguments(fn, args, kwargs) -> dict:
    """The kernel's parameters by name, as its launch binds them (defaults included), for a grid function."""
    import inspect

    sig = inspect.signature(fn)
    bound = sig.bind_partial(*args, **{k: v for k, v in kwargs.items() if k in sig.parameters})
    bound.apply_defaults()
    return {**kwargs, **bound.arguments}


def host_code_first(kernel, args, kwargs) -> dict:
    """Run the candidate's host code of a launch before the launch starts, where the op watch sees it.

    Everything a launch runs counts as the kernel's own bookkeeping and is let through by the watch. Triton
    calls a grid function (`grid = lambda meta: ...`, the usual idiom) and its pre-run hooks inside the launch,
    so a grid lambda that closes over the forward's tensors could compute the answer with torch out of sight.
    Here they are called first and the launch gets the grid as a tuple. Returns the keyword arguments to
    launch with."""
    fn = getattr(kernel, "fn", None)
    if not callable(fn):
        return kwargs
    if hasattr(kernel, "constexprs") and not hasattr(kernel, "params"):  # the interpreter's GridExecutor
        hooks = list(getattr(kernel, "pre_run_hooks", None) or ())
        if hooks:
            kernel.pre_run_hooks = []
            for hook in hooks:
                hook(*args, **kwargs)
        if callable(getattr(kernel, "grid", None)):
            kernel.grid = tuple(kernel.grid(_bound_arguments(fn, args, kwargs)))
        return kwargs
    if callable(kwargs.get("grid")):  # JITFunction.run(*args, grid, warmup, **kwargs)
        rest = {k: v for k, v in kwargs.items() if k not in ("grid", "warmup")}
        return {**kwargs, "grid": tuple(kwargs["grid"](_bound_arguments(fn, args, rest)))}
    return kwargs
