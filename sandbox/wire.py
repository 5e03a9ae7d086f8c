"""Messages between judge and candidate: a JSON header on a pipe plus raw tensor bytes. No pickle, because the
judge must never deserialize anything executable that an untrusted process wrote.

The tensor bytes travel through an `Arena` (shared memory) where one exists, else on the pipe after the
header. At a task's real size a message is gigabytes, and a pipe moves them in 1 MiB pieces with two copies
and a context switch each; through shared memory the sender writes each tensor once (straight from the GPU)
and the receiver copies it out once."""

from __future__ import annotations

import json
import mmap
import os
import select
import struct
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16,
    torch.int8, torch.uint8, torch.bool, torch.complex64, torch.complex128)}
# fp8 and the wider unsigned types: buffers a quantising or sorting kernel allocates (their pads come back to
# the judge), and task tensors; carried as their bytes like the rest, where this torch has them
DTYPES.update({name: getattr(torch, name) for name in (
    "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "uint16", "uint32", "uint64")
    if isinstance(getattr(torch, name, None), torch.dtype)})
MAX_HEADER = 1 << 20


# numpy scalars a task's get_init_inputs or get_inputs may give (np.float32(0.5)): sent as their value and
# dtype name, rebuilt as the same numpy type on the other side (nothing but these names is ever looked up)
NUMPY_SCALARS = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "bool")


class WireError(Exception):
    """The other side sent something malformed, or went away."""


class Timeout(WireError):
    pass


def encode(obj: Any, tensors: list[torch.Tensor]) -> Any:
    """Replace tensors inside obj by {"__tensor__": i} references, appending them to `tensors`."""
    if isinstance(obj, torch.Tensor):
        tensors.append(obj)
        return {"__tensor__": len(tensors) - 1}
    if isinstance(obj, (list, tuple)):
        return {"__seq__": [encode(o, tensors) for o in obj], "tuple": isinstance(obj, tuple)}
    if isinstance(obj, dict):
        return {"__dict__": {str(k): encode(v, tensors) for k, v in obj.items()}}
    name = _numpy_scalar(obj)  # first: np.float64 is a float too
    if name:
        return {"__np__": name, "value": obj.item()}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, torch.dtype):
        return {"__dtype__": str(obj).removeprefix("torch.")}
    raise WireError(f"cannot send a value of type {type(obj).__name__}")


def decode(obj: Any, tensors: list[torch.Tensor]) -> Any:
    if isinstance(obj, dict):
        if "__tensor__" in obj:
            return tensors[int(obj["__tensor__"])]
        if "__seq__" in obj:
            items = [decode(o, tensors) for o in obj["__seq__"]]
            return tuple(items) if obj.get("tuple") else items
        if "__dict__" in obj:
            return {k: decode(v, tensors) for k, v in obj["__dict__"].items()}
        if "__dtype__" in obj:
            return DTYPES[obj["__dtype__"]]
        if "__np__" in obj and obj["__np__"] in NUMPY_SCALARS:
            import numpy as np

            value = obj.get("value")
            if not isinstance(value, (bool, int, float)):
                raise WireError(f"malformed numpy scalar {str(obj)[:100]}")
            return getattr(np, "bool_" if obj["__np__"] == "bool" else obj["__np__"])(value)
    return obj


def _numpy_scalar(obj: Any) -> str:
    """The dtype name of a numpy scalar that travels ("" for anything else); numpy is imported only if the
    caller's process has it already."""
    import sys

    np = sys.modules.get("numpy")
    if np is None or not isinstance(obj, np.generic):
        return ""
    name = obj.dtype.name
    return name if name in NUMPY_SCALARS else ""


def span(t: torch.Tensor) -> int:
    """How many elements of its storage a tensor reaches from its first one, the gaps between its elements
    included: numel for a dense tensor, more for a slice of a wider one, less for an expanded one."""
    return span_of(t.shape, t.stride()) if t.numel() else 0


def span_of(shape, strides) -> int:
    """span() of a layout (sizes and strides) with at least one element."""
    return 1 + sum((size - 1) * stride for size, stride in zip(shape, strides))


def over_span(t: torch.Tensor) -> torch.Tensor:
    """The storage a tensor reaches (span), as a flat view from its first element: what is copied to give another
    buffer the same contents under the same strides, gaps included (an expanded tensor cannot be written
    element by element)."""
    return t.as_strided((span(t),), (1,))


def packed(t: torch.Tensor) -> torch.Tensor:
    """t's elements as one flat run of memory (stride 1), copied only where they are not one already: a tensor
    contiguous by torch's rule, which ignores the strides of dimensions of size 1, may not be (one element of
    `x[:, ::2]` has strides (2, 2), and `reshape(-1)` keeps a stride of 2)."""
    flat = t.reshape(-1)
    return flat if flat.numel() == 0 or flat.stride() == (1,) else flat.clone(memory_format=torch.contiguous_format)


def clone_layout(t: torch.Tensor) -> torch.Tensor:
    """A copy with the same strides and the same contents between the elements, also where the tensor is not
    dense (a slice of a wider tensor, an expanded one), where clone() would make it row-major."""
    if t.is_contiguous() or memory_order(t) is not None:
        return t.clone()
    return over_span(t).clone().as_strided(t.shape, t.stride())


PAGE = mmap.ALLOCATIONGRANULARITY
REPLY_BYTES = 16 << 30  # the most a reply may put in shared memory: the same bound recv puts on a message
GROW_LIMIT = 64 << 30   # the most the judge grows its own region to (larger messages go down the pipe)


def _round_up(n: int) -> int:
    return -(-n // PAGE) * PAGE


class Arena:
    """Shared memory for the tensor bytes of one direction of the channel: a memfd that the judge creates before
    it forks the candidate, so that both hold it.

    Its size bounds the memory the candidate can occupy through it: shared pages are outside the candidate's
    rlimits (and reading a hole of a memfd allocates a page), so a region of untouched gigabytes would be a
    memory bomb. So the judge's region (to the candidate) starts empty and the judge grows it to what it
    sends; the candidate's own growth of it is capped at its RLIMIT_FSIZE. The candidate's region (to the
    judge) has a fixed size, no more than a reply may be (REPLY_BYTES; bigger replies go down the pipe and
    meet the same limit there). Neither can shrink: a shrink under the reader's mapping would be a SIGBUS.

    What is in it is as untrusted as what comes down the pipe: the receiver checks every offset against the
    size and copies each tensor out exactly once, because the other side can still write while it reads (two
    reads of the same bytes, say a NaN check and then a difference, could see different values). The judge
    puts in it only what it would send on the pipe: never a reference output."""

    def __init__(self, fd: int, growable: bool = False):
        self.fd, self.growable = fd, growable  # growable: this process grows it when a message needs more

    @classmethod
    def create(cls, size: int = 0, growable: bool = False) -> Arena | None:
        """A region of `size` bytes (fixed), or an empty one that the creator grows (growable). None where memfd
        or sealing is not available: the pipe carries the bytes instead."""
        try:
            import fcntl

            fd = os.memfd_create("kp-arena", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        except (AttributeError, OSError):
            return None
        try:
            os.ftruncate(fd, 0 if growable else size)
            seals = fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL | (0 if growable else fcntl.F_SEAL_GROW)
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
        except (AttributeError, OSError):
            os.close(fd)
            return None
        return cls(fd, growable)

    @property
    def size(self) -> int:
        return os.fstat(self.fd).st_size  # asked each time: the other side may have grown it

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def layout(self, sizes: list[int]) -> list[int] | None:
        """Page-aligned offsets for tensors of these byte sizes (growing the region if this side may), or None if
        they do not fit."""
        offsets, end = [], 0
        for n in sizes:
            offsets.append(end)
            end += _round_up(n)
        size = self.size
        if end > size and self.growable and end <= GROW_LIMIT:
            os.ftruncate(self.fd, end)
            size = end
        return offsets if end <= size else None

    def _map(self, offset: int, n: int, writable: bool) -> mmap.mmap:
        # populated in one go: faulting a gigabyte in page by page costs more than copying it
        prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
        return mmap.mmap(self.fd, n, mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0), prot, offset=offset)

    def write(self, offset: int, t: torch.Tensor) -> None:
        """t's bytes at offset, copied straight from t's device (a GPU tensor is copied once, to here)."""
        import numpy as np

        n = t.numel() * t.element_size()
        if not n:
            return
        src = t.reshape(-1).view(torch.uint8)
        with self._map(offset, n, writable=True) as mm:
            dst = np.frombuffer(mm, dtype=np.uint8, count=n)
            if src.device.type == "cpu":
                # numpy's copy, not torch's: torch would use its OpenMP pool, which deadlocks in a process forked
                # after the pool ran (every candidate is a forked process)
                dst[:] = src.numpy()
            else:
                torch.from_numpy(dst).copy_(src)  # one device-to-host copy, straight into shared memory
            del dst  # the mapping cannot close while an array still points into it

    def read(self, offset: int, n: int, device: torch.device | None = None) -> torch.Tensor:
        """n bytes at offset, read once into memory of this process: on `device` directly (a GPU: one
        host-to-device copy from the shared pages), else a host copy."""
        import warnings

        import numpy as np

        on_host = device is None or device.type == "cpu"
        out = torch.empty(n, dtype=torch.uint8, device=None if on_host else device)
        if not n:
            return out
        with self._map(offset, n, writable=False) as mm:
            src = np.frombuffer(mm, dtype=np.uint8, count=n)
            if on_host:
                out.numpy()[:] = src
            else:
                with warnings.catch_warnings():  # read-only pages, copied from and never written
                    warnings.simplefilter("ignore", UserWarning)
                    out.copy_(torch.from_numpy(src))
                if device is not None and device.type == "cuda":
                    torch.cuda.synchronize(device)  # the copy must be over before the pages are unmapped
            del src
        return out


def memory_order(t: torch.Tensor) -> list[int] | None:
    """For a tensor laid out densely but not row-major (a transpose, channels-last): its dimensions from the
    outermost in memory to the innermost, so that the receiver rebuilds the same strides. None for a row-major
    tensor, and for one that is not dense (expanded, strided with gaps), which travels row-major."""
    if t.dim() < 2 or t.is_contiguous():
        return None
    # by stride, outermost first; a dimension of size 1 keeps its place relative to the others. Dense: the
    # permuted tensor is row-major (is_contiguous ignores the strides of dimensions of size 1)
    strides = t.stride()
    order = sorted(range(t.dim()), key=lambda d: (-strides[d], d))
    return order if t.permute(order).is_contiguous() else None


def send(fd: int, msg: dict, tensors: Sequence[torch.Tensor] = (), arena: Arena | None = None,
         keep_strides: bool = False) -> tuple[str, int]:
    """Send one message. Returns how its tensor bytes went ("shared memory" or "pipe") and how many there were.

    A dense layout other than row-major (a transpose, channels-last) always travels as it is. `keep_strides`
    (the judge's inputs to the candidate) sends a tensor that is not dense with its strides and the storage
    between its elements (`span`): a column slice of a wider tensor arrives as that slice, with the rest of its
    rows around it, and an expanded one as one row read many times, as a GPU kernel is handed them; without
    it such a tensor travels row-major (the candidate's outputs, compared by value)."""
    metas, blobs, flat = [], [], []
    for t in tensors:
        t = t.detach()
        name = str(t.dtype).removeprefix("torch.")
        if name not in DTYPES:
            raise WireError(f"unsupported dtype {t.dtype}")
        meta: dict[str, Any] = {"dtype": name, "shape": list(t.shape)}
        order = memory_order(t)
        if order is not None:  # a dense layout other than row-major (transposed, channels-last): kept
            meta["order"] = order
            t = t.permute(order)
        elif keep_strides and t.numel() and not t.is_contiguous():
            meta["strides"] = list(t.stride())
            t = over_span(t)
        metas.append(meta)
        flat.append(packed(t.contiguous()))  # its bytes are read as one flat run below
    sizes = [t.numel() * t.element_size() for t in flat]
    offsets = arena.layout(sizes) if arena is not None and flat else None
    head = {"msg": msg, "tensors": metas}
    if arena is not None and offsets is not None:
        for off, t in zip(offsets, flat):
            arena.write(off, t)
        head["arena"] = offsets
    else:
        for t in flat:
            t = t.cpu()
            # a view of the tensor's own bytes, not a copy: real-size tensors are gigabytes (reshape first: 0-d)
            blobs.append(t.reshape(-1).view(torch.uint8).numpy().data if t.numel() else b"")
    raw = json.dumps(head).encode()
    os.write(fd, struct.pack("<QQ", len(raw), sum(len(b) for b in blobs)))
    _write_all(fd, raw)
    for b in blobs:
        _write_all(fd, b)
    return ("shared memory" if offsets is not None else "pipe"), sum(sizes)


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float) -> bytearray:
    """n bytes read straight into one buffer (no chunk list, no final copy: tensors are read this way)."""
    out = bytearray(n)
    view, got = memoryview(out), 0
    while got < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout("timed out")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise Timeout("timed out")
        k = os.readv(fd, [view[got:got + (1 << 22)]])
        if not k:
            raise WireError("the other side closed the channel")
        got += k
    return out


def widen_pipe(fd: int) -> None:
    """A 1 MiB pipe buffer instead of 64 KiB: gigabytes of real-size tensors cross these pipes."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (OSError, AttributeError):
        pass  # an old kernel or a lower pipe-max-size: slower, still correct


MAX_NESTING = 32  # no message this protocol sends nests deeper; the reader walks what it gets by recursion


def _nesting(obj) -> int:
    """How deep lists and dicts nest in a decoded header (iteratively: the header is the sender's)."""
    deepest, stack = 0, [(obj, 1)]
    while stack:
        x, d = stack.pop()
        if isinstance(x, (list, dict)):
            deepest = max(deepest, d)
            if d <= MAX_NESTING:
                stack.extend((v, d + 1) for v in (x.values() if isinstance(x, dict) else x))
    return deepest


def recv(fd: int, timeout: float, max_bytes: int = 16 << 30, arena: Arena | None = None,
         device: Callable[[dict], str | None] | None = None, stats: dict | None = None, strided: bool = False
         ) -> tuple[dict, list[torch.Tensor]]:
    """Read one message; every size, dtype and offset is validated before anything is allocated, and every
    tensor returned is this process's own memory: on the host, or on `device(msg)` where that names one (a
    GPU gets its tensors straight from shared memory, without a host copy). `stats` gets the time spent on the
    tensor bytes from the header's arrival on ("data_s"), their number ("bytes") and their path ("via").
    `strided`: tensors sent with `keep_strides` are taken (the candidate's side); the judge takes none."""
    deadline = time.monotonic() + timeout
    hlen, blen = struct.unpack("<QQ", _read_exact(fd, 16, deadline))
    if hlen > MAX_HEADER or blen > max_bytes:
        raise WireError(f"message too large ({hlen} header bytes, {blen} data bytes)")
    try:
        head = json.loads(_read_exact(fd, hlen, deadline))
        msg, metas = head["msg"], head["tensors"]
        offsets = head.get("arena")
        if not isinstance(msg, dict) or not isinstance(metas, list):
            raise ValueError("bad layout")
        if _nesting(head) > MAX_NESTING:
            raise ValueError(f"nested more than {MAX_NESTING} deep")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        # RecursionError: a header nested thousands deep (json.loads recurses), written by the candidate
        raise WireError(f"malformed message header: {type(e).__name__}: {str(e)[:200]}") from None
    shared: Arena | None = None  # where the header places the tensors in shared memory: this channel's region
    if offsets is not None:
        if arena is None or blen or not isinstance(offsets, list) or len(offsets) != len(metas):
            raise WireError("malformed message header: tensors in shared memory that this channel does not have")
        shared, size = arena, arena.size  # the size once: it can only grow, so what lies below it now stays mapped
    t0 = time.monotonic()
    name = device(msg) if device is not None else None
    dev = torch.device(name) if name is not None else None
    tensors, total = [], 0
    for k, m in enumerate(metas):
        dtype_name = m.get("dtype") if isinstance(m, dict) else None
        dtype = DTYPES.get(dtype_name) if isinstance(dtype_name, str) else None
        shape = m.get("shape") if isinstance(m, dict) else None
        if dtype is None or not isinstance(shape, list) or not all(isinstance(s, int) and s >= 0 for s in shape):
            raise WireError(f"malformed tensor description {m!r}")
        numel = 1
        for s in shape:
            numel *= s
        strides = m.get("strides")
        if strides is not None:
            if not strided or not numel or not isinstance(strides, list) or len(strides) != len(shape) \
                    or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in strides):
                raise WireError(f"malformed tensor description {str(m)[:200]}")
            numel = span_of(shape, strides)
        nbytes = numel * torch.empty(0, dtype=dtype).element_size()
        total += nbytes
        if shared is not None:
            off = offsets[k]
            if total > max_bytes or not isinstance(off, int) or off < 0 or off % PAGE or off + nbytes > size:
                raise WireError(f"tensor {k} lies outside the shared memory or the message size limit")
            raw = shared.read(off, nbytes, dev)
        elif total > blen:
            raise WireError("tensor sizes do not add up to the data sent")
        elif nbytes:
            raw = torch.frombuffer(_read_exact(fd, nbytes, deadline), dtype=torch.uint8)
            raw = raw.to(dev) if dev is not None else raw
        order = m.get("order")
        if order is not None and (not isinstance(order, list) or sorted(order) != list(range(len(shape)))):
            raise WireError(f"malformed tensor description {m!r}")
        if not nbytes:
            tensors.append(torch.empty(shape, dtype=dtype, device=dev))
        elif strides is not None:  # the span of a tensor that is not dense: the sender's strides over it
            tensors.append(raw.view(dtype).as_strided(shape, strides))
        elif order:  # stored in this dimension order: the same strides as the sender's tensor
            t = raw.view(dtype).reshape([shape[d] for d in order])
            tensors.append(t.permute([order.index(d) for d in range(len(shape))]))
        else:
            tensors.append(raw.view(dtype).reshape(shape))
    if offsets is None and total != blen:
        raise WireError("tensor sizes do not add up to the data sent")
    if stats is not None:
        stats["data_s"] = stats.get("data_s", 0.0) + time.monotonic() - t0
        stats["bytes"] = stats.get("bytes", 0) + total
        stats["via"] = "shared memory" if offsets is not None else "pipe"
    return msg, tensors
