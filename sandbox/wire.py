"""Messages between judge and candidate: a JSON header plus raw tensor bytes. No pickle, because the judge
must never deserialize anything executable that an untrusted process wrote."""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

import torch

DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16,
    torch.int8, torch.uint8, torch.bool, torch.complex64)}
MAX_HEADER = 1 << 20


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
    return obj


def send(fd: int, msg: dict, tensors: list[torch.Tensor] = ()) -> None:
    metas, blobs = [], []
    for t in tensors:
        t = t.detach().contiguous().cpu()
        name = str(t.dtype).removeprefix("torch.")
        if name not in DTYPES:
            raise WireError(f"unsupported dtype {t.dtype}")
        metas.append({"dtype": name, "shape": list(t.shape)})
        # a view of the tensor's own bytes, not a copy: real-size tensors are gigabytes (reshape first: 0-d)
        blobs.append(memoryview(t.reshape(-1).view(torch.uint8).numpy()) if t.numel() else b"")
    head = json.dumps({"msg": msg, "tensors": metas}).encode()
    os.write(fd, struct.pack("<QQ", len(head), sum(len(b) for b in blobs)))
    _write_all(fd, head)
    for b in blobs:
        _write_all(fd, b)


def _write_all(fd: int, data: bytes) -> None:
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


def recv(fd: int, timeout: float, max_bytes: int = 16 << 30) -> tuple[dict, list[torch.Tensor]]:
    """Read one message; every size and dtype is validated before anything is allocated."""
    deadline = time.monotonic() + timeout
    hlen, blen = struct.unpack("<QQ", _read_exact(fd, 16, deadline))
    if hlen > MAX_HEADER or blen > max_bytes:
        raise WireError(f"message too large ({hlen} header bytes, {blen} data bytes)")
    try:
        head = json.loads(_read_exact(fd, hlen, deadline))
        msg, metas = head["msg"], head["tensors"]
        if not isinstance(msg, dict) or not isinstance(metas, list):
            raise ValueError("bad layout")
    except (ValueError, KeyError, TypeError) as e:
        raise WireError(f"malformed message header: {e}") from e
    tensors, total = [], 0
    for m in metas:
        dtype = DTYPES.get(m.get("dtype")) if isinstance(m, dict) else None
        shape = m.get("shape") if isinstance(m, dict) else None
        if dtype is None or not isinstance(shape, list) or not all(isinstance(s, int) and s >= 0 for s in shape):
            raise WireError(f"malformed tensor description {m!r}")
        numel = 1
        for s in shape:
            numel *= s
        nbytes = numel * torch.empty(0, dtype=dtype).element_size()
        total += nbytes
        if total > blen:
            raise WireError("tensor sizes do not add up to the data sent")
        raw = _read_exact(fd, nbytes, deadline) if nbytes else b""
        t = torch.frombuffer(raw, dtype=torch.uint8) if nbytes else torch.empty(0, dtype=torch.uint8)
        tensors.append(t.view(dtype).reshape(shape) if nbytes else torch.empty(shape, dtype=dtype))
    if total != blen:
        raise WireError("tensor sizes do not add up to the data sent")
    return msg, tensors
