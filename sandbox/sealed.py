"""Sealed kernel memory, for the second-inputs check (Judge.check_second_inputs). Runs in the candidate's process.

In that check's call, every kernel launch and every torch call the op watch sees read a second set of inputs in
place of the first (ForwardWatch.remap). Torch work done out of the watch's sight still reads the first inputs,
and so computes the wrong answer, unless it reads what a kernel computed from the second ones: a kernel that only
copies its inputs would hand them to unwatched torch work. So in that call what a kernel stores is sealed: its
bytes are XORed with a key drawn in this process, and they are unsealed only where the sealing is accounted for:
by a kernel's load (through the interpreter), before a watched torch call reads a tensor, and at the end of the
call for every storage a launch was given. Unwatched torch work reads the sealed bytes and computes garbage.

Marks are kept per byte, by page, so a load of another width than the store's (a reinterpreted view) is
unsealed exactly where it overlaps sealed bytes.
"""

from __future__ import annotations

import ctypes
import os

import numpy as np
import torch
from torch.multiprocessing.reductions import StorageWeakRef

PAGE_BITS = 12
PAGE = 1 << PAGE_BITS


def _page_bytes(page: int) -> np.ndarray:
    """The page's bytes, writable in place (the page holds a byte a kernel stored to, so it is mapped)."""
    return np.ctypeslib.as_array((ctypes.c_uint8 * PAGE).from_address(page << PAGE_BITS))


def _by_page(b: np.ndarray):
    """(page, offsets in it, positions in `b`) for each page the byte addresses `b` fall in: one sort, where
    selecting each page's bytes in turn was quadratic (seconds for a 4 MB buffer)."""
    b = np.asarray(b, dtype=np.uint64).reshape(-1)
    if b.size == 0:
        return
    pages = b >> np.uint64(PAGE_BITS)
    order = np.argsort(pages, kind="stable")
    ordered = pages[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.append(starts[1:], ordered.size)
    offs = (b[order] & np.uint64(PAGE - 1)).astype(np.intp)
    for s, e in zip(starts.tolist(), ends.tolist()):
        yield int(ordered[s]), offs[s:e], order[s:e]


def _byte_addresses(addrs: np.ndarray, itemsize: int) -> np.ndarray:
    a = np.asarray(addrs, dtype=np.uint64).reshape(-1)
    return (a[:, None] + np.arange(itemsize, dtype=np.uint64)[None, :]).reshape(-1)


def storage_range(t: torch.Tensor) -> tuple[int, int]:
    with torch._C.DisableTorchFunction():  # the harness's own look, not a call of forward's for the op watch
        s = t.untyped_storage()
        return s.data_ptr(), s.data_ptr() + s.nbytes()


class Sealed:
    def __init__(self, key: int | None = None):
        self.key = np.uint8(key if key else 1 + os.urandom(1)[0] % 255)
        self.marks: dict[int, np.ndarray] = {}  # page number -> bool[PAGE]: bytes a kernel stored, sealed
        self.given: dict[int, StorageWeakRef] = {}  # storages launches were given, by data pointer

    # -- bookkeeping -------------------------------------------------------------------------
    def _lookup(self, b: np.ndarray) -> np.ndarray:
        out = np.zeros(b.shape, dtype=bool)
        flat = out.reshape(-1)
        for p, offs, where in _by_page(b.reshape(-1)):
            m = self.marks.get(p)
            if m is not None:
                flat[where] = m[offs]
        return out

    def _mark(self, b: np.ndarray) -> None:
        for p, offs, _ in _by_page(b):
            self.marks.setdefault(p, np.zeros(PAGE, dtype=bool))[offs] = True

    def _unmark(self, b: np.ndarray) -> None:
        for p, offs, _ in _by_page(b):
            m = self.marks.get(p)
            if m is not None:
                m[offs] = False

    def _sealed_in(self, lo: int, hi: int) -> np.ndarray:
        """The sealed byte addresses in [lo, hi)."""
        first, last = lo >> PAGE_BITS, (hi - 1) >> PAGE_BITS
        found = []
        for p in [p for p in self.marks if first <= p <= last]:
            base = p << PAGE_BITS
            a, z = max(lo, base) - base, min(hi, base + PAGE) - base
            idx = np.nonzero(self.marks[p][a:z])[0]
            if idx.size:
                found.append(np.uint64(base + a) + idx.astype(np.uint64))
        return np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)

    def _xor_in_place(self, b: np.ndarray) -> None:
        for p, offs, _ in _by_page(b):
            _page_bytes(p)[offs] ^= self.key

    def keep(self, t: torch.Tensor) -> None:
        """`t`'s storage holds sealed bytes (or may: a launch was given it): unsealed at the end of the call."""
        with torch._C.DisableTorchFunction():
            s = t.untyped_storage()
            if s.nbytes():
                ref = self.given.get(s.data_ptr())
                if ref is None or ref.expired():  # a storage at an address a freed one had (the allocator's reuse)
                    self.given[s.data_ptr()] = StorageWeakRef(s)

    def seal_storage(self, t: torch.Tensor) -> None:
        """Seal, in place, every byte of `t`'s storage not sealed yet: what a watched torch call wrote there (a
        new tensor, an in-place copy), and the second inputs, belong to the check's second world."""
        lo, hi = storage_range(t)
        if hi <= lo:
            return
        self.keep(t)
        for p in range(lo >> PAGE_BITS, ((hi - 1) >> PAGE_BITS) + 1):
            base = p << PAGE_BITS
            a, z = max(lo, base) - base, min(hi, base + PAGE) - base
            m = self.marks.setdefault(p, np.zeros(PAGE, dtype=bool))
            sel = np.zeros(PAGE, dtype=bool)
            sel[a:z] = ~m[a:z]
            if sel.any():
                _page_bytes(p)[sel] ^= self.key
                m[sel] = True

    def open(self, obj) -> list[np.ndarray]:
        """Unseal in place the sealed bytes of the storages of every tensor in `obj`, for a watched torch call
        that reads them; returns those bytes, for close()."""
        opened = []
        seen: set[int] = set()
        for t in _tensors(obj):
            lo, hi = storage_range(t)
            if hi <= lo or lo in seen:
                continue
            seen.add(lo)
            b = self._sealed_in(lo, hi)
            if b.size:
                self._xor_in_place(b)
                self._unmark(b)
                opened.append(b)
        return opened

    def close(self, opened: list[np.ndarray]) -> None:
        """Seal again what open() unsealed (an in-place call may have written new values there: sealed too)."""
        for b in opened:
            self._xor_in_place(b)
            self._mark(b)

    # -- the interpreter's memory operations ---------------------------------------------------
    def store(self, ptrs: np.ndarray, values: np.ndarray, mask) -> np.ndarray:
        """The values a store at `ptrs` writes, sealed, with the bytes of the lanes in `mask` marked."""
        shape = np.shape(ptrs)
        vals = np.array(np.broadcast_to(values, shape), copy=True).reshape(-1)
        sealed = (vals.view(np.uint8) ^ self.key).view(vals.dtype).reshape(shape)
        lanes = np.ones(shape, dtype=bool) if mask is None else np.broadcast_to(np.asarray(mask, dtype=bool), shape)
        self._mark(_byte_addresses(np.asarray(ptrs)[lanes], vals.dtype.itemsize))
        return sealed

    def load(self, ptrs: np.ndarray, mask, data: np.ndarray) -> np.ndarray:
        """What a load returned, unsealed in the bytes of its lanes that a kernel's store sealed."""
        if not self.marks:
            return data
        shape, k = np.shape(data), np.asarray(data).dtype.itemsize
        lanes = (np.ones(shape, dtype=bool) if mask is None
                 else np.broadcast_to(np.asarray(mask, dtype=bool), shape)).reshape(-1)
        b = _byte_addresses(np.broadcast_to(ptrs, shape), k)
        hit = self._lookup(b).reshape(-1, k) & lanes[:, None]
        if not hit.any():
            return data
        out = np.array(data, copy=True).reshape(-1)
        out.view(np.uint8).reshape(-1, k)[hit] ^= self.key
        return out.reshape(shape)

    def before_atomic(self, ptrs: np.ndarray, mask, itemsize: int) -> np.ndarray:
        """Unseal the bytes an atomic is about to read and write, in place; returns them for after_atomic."""
        shape = np.shape(ptrs)
        lanes = np.ones(shape, dtype=bool) if mask is None else np.broadcast_to(np.asarray(mask, dtype=bool), shape)
        b = np.unique(_byte_addresses(np.asarray(ptrs)[lanes], itemsize))
        sealed = b[self._lookup(b)]
        if sealed.size:
            self._xor_in_place(sealed)
        return b

    def after_atomic(self, b: np.ndarray) -> None:
        """Seal again, in place, what the atomic left: it is kernel-stored memory like any other."""
        if b.size:
            self._xor_in_place(b)
            self._mark(b)

    # -- what is read outside a kernel --------------------------------------------------------
    def unseal_range(self, lo: int, hi: int, restore: bool = True) -> None:
        """Unseal the sealed bytes in [lo, hi) in place and forget them (a watched torch call is about to read
        them, or the call ends). With restore=False they are only forgotten: the harness wrote plain values
        over them (an allocation's canary pads laid again)."""
        first, last = lo >> PAGE_BITS, (hi - 1) >> PAGE_BITS
        for p in [p for p in self.marks if first <= p <= last]:
            m, base = self.marks[p], p << PAGE_BITS
            sel = np.zeros(PAGE, dtype=bool)
            a, z = max(lo, base) - base, min(hi, base + PAGE) - base
            sel[a:z] = m[a:z]
            if sel.any():
                if restore:
                    _page_bytes(p)[sel] ^= self.key
                m[sel] = False
            if not m.any():
                del self.marks[p]

    def end(self) -> None:
        """At the end of the call: every storage a launch was given and that still exists holds plain values
        again, so the calls after this one see what they would have. Marks anywhere else are dropped: that
        memory is no longer the candidate's tensors'."""
        for ref in self.given.values():
            if not ref.expired():
                s = torch.UntypedStorage._new_with_weak_ptr(ref.cdata)
                if s.nbytes():
                    self.unseal_range(s.data_ptr(), s.data_ptr() + s.nbytes())
        # memory the allocator keeps (sandbox/gpu_memory.py): a tensor freed in this call left its values
        # there, which the next allocation in that block holds, plain, as on a GPU
        from .gpu_memory import ranges

        for lo, hi in ranges():
            if self.marks:
                self.unseal_range(lo, hi)
        self.marks.clear()
        self.given.clear()


def _tensors(obj):
    if isinstance(obj, torch.Tensor):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            yield from _tensors(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _tensors(x)
    else:
        base = getattr(obj, "base", None)
        if isinstance(base, torch.Tensor) and type(obj).__module__.split(".")[0] == "triton":
            yield base
