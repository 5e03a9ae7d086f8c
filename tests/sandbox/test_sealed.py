"""Sealed memory (sandbox/sealed.py): what a kernel stores in the second-inputs check reads back right through
the interpreter's loads and watched calls, is garbage to anything else, and is plain again when the call ends."""

from __future__ import annotations

import numpy as np
import torch

from kernelpilot.sandbox.sealed import Sealed


def addrs(t: torch.Tensor) -> np.ndarray:
    return t.data_ptr() + np.arange(t.numel(), dtype=np.uint64) * np.uint64(t.element_size())


def test_a_store_reads_back_through_a_load_and_is_garbage_to_a_plain_read():
    s = Sealed(key=0x5A)
    y = torch.zeros(16)
    vals = np.arange(16, dtype=np.float32) + 1
    raw = s.store(addrs(y), vals, None)
    y.numpy()[:] = raw  # what the interpreter's store would write
    s.keep(y)
    assert not np.array_equal(y.numpy(), vals)  # torch (or numpy) out of the watch's sight sees sealed bytes
    assert np.array_equal(s.load(addrs(y), None, y.numpy().copy()), vals)  # a kernel's load sees the values
    # a load of another width over the same bytes is unsealed byte by byte
    as_int = y.view(torch.int16)
    got = s.load(addrs(as_int), None, as_int.numpy().copy())
    assert np.array_equal(got, torch.from_numpy(vals).view(torch.int16).numpy())
    s.end()
    assert np.array_equal(y.numpy(), vals)  # the storage holds plain values again


def test_masked_lanes_are_neither_sealed_nor_unsealed():
    s = Sealed(key=0x33)
    y = torch.zeros(8)
    mask = np.arange(8) < 4
    y.numpy()[:] = np.where(mask, s.store(addrs(y), np.full(8, 2.0, np.float32), mask), 0)
    s.keep(y)
    assert np.array_equal(y.numpy()[4:], np.zeros(4, np.float32))
    assert np.array_equal(s.load(addrs(y), mask, y.numpy().copy())[:4], np.full(4, 2.0, np.float32))
    s.end()
    assert np.array_equal(y.numpy(), np.array([2, 2, 2, 2, 0, 0, 0, 0], np.float32))


def test_open_and_close_around_a_watched_call_and_whole_storages_sealed():
    s = Sealed(key=0x81)
    x = torch.arange(10, dtype=torch.float32)
    s.seal_storage(x)  # the second inputs, or what a watched call wrote
    assert not torch.equal(x, torch.arange(10, dtype=torch.float32))
    opened = s.open([x[2:5]])  # the whole storage is opened for the call
    assert torch.equal(x, torch.arange(10, dtype=torch.float32))
    x[3] = 42.0  # an in-place write during the call
    s.close(opened)
    s.seal_storage(x)  # nothing left to seal: every byte is sealed already
    s.end()
    want = torch.arange(10, dtype=torch.float32)
    want[3] = 42.0
    assert torch.equal(x, want)


def test_an_atomic_reads_and_leaves_sealed_memory_consistently():
    s = Sealed(key=0x77)
    acc = torch.zeros(4)
    s.seal_storage(acc)
    touched = s.before_atomic(addrs(acc)[:2], None, 4)
    acc[:2] += 5.0  # the atomic, on plain memory
    s.after_atomic(touched)
    assert np.array_equal(s.load(addrs(acc), None, acc.numpy().copy()), np.array([5, 5, 0, 0], np.float32))
    s.end()
    assert torch.equal(acc, torch.tensor([5.0, 5.0, 0.0, 0.0]))


def test_marks_and_lookups_over_many_pages_in_any_order():
    """Byte addresses over several pages, unsorted and repeated, are marked, looked up and unmarked page by
    page (grouped with one sort)."""
    import numpy as np

    from kernelpilot.sandbox.sealed import PAGE, Sealed

    s = Sealed(key=7)
    rng = np.random.default_rng(0)
    base = np.uint64(1 << 40)
    b = base + rng.integers(0, 9 * PAGE, size=5000).astype(np.uint64)
    s._mark(b[:2500])
    got = s._lookup(b)
    want = np.isin(b, b[:2500])
    assert np.array_equal(got, want)
    s._unmark(b[:1000])
    assert np.array_equal(s._lookup(b), np.isin(b, b[:2500]) & ~np.isin(b, b[:1000]))
