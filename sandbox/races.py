"""Cross-program data races in one interpreted Triton launch.

On a GPU the programs of a launch run concurrently, in no set order, and nothing orders one program's plain
loads and stores against another's. The Triton interpreter runs them one after another, so a kernel whose
programs read-modify-write a shared output (`tl.store(y, tl.load(y) + part)` from several programs, where
`tl.atomic_add` was needed) computes the right answer on the CPU and loses updates on the GPU. The judge
records, per program, every load and store of a launch as byte ranges (address, address + element size), and
afterwards looks for bytes that one program stores and another loads or stores. Ranges, not element
addresses: a value stored as an int64 and read back as the int32 at byte offset +4 is the same memory.

Atomics are how programs legitimately coordinate (split-K, "last program finishes" counters, flags a later
program waits on), so in a launch with atomics a load of another program's store may be ordered by them, and
that happens-before order cannot be read off addresses. Such a load counts as ordered when the reading
program made an atomic access, before the load, to an element the storing program made one to after its store
(a flag released and acquired); a load that no atomic could have ordered (a carry read from the previous
block with the atomics after it) is a race. A spin that waits for the flag and a single read of it look the
same when the programs run one after another, so this is a floor, not a proof. Two programs' plain stores of
different values to the same bytes are a race whatever the atomics do (a read-modify-write by several
programs loses updates), with one exception, a lock, below. The stores atomics make themselves are not plain
stores and are not recorded. Several programs storing the same value is benign and not reported; lanes of one
store that put different values in one element are reported (which lane wins is not defined on a GPU; the
interpreter keeps the last).

Locks (Triton tutorial 05's `while tl.atomic_cas(lock, 0, 1) == 1: pass` ... `tl.atomic_xchg(lock, 0)`):
a program holds lock L from an atomic_cas on L that returned its compare value and stored another, until an
atomic_xchg, a successful atomic_cas or an atomic store by the same program puts the compare value back (a
critical section). A section that is never released that way, or whose lock another atomic of the program
changes in between, protects nothing, and so does an "unlock" by a program that did not acquire. A lock makes
the sections on it mutually exclusive but does not choose their order, so what it allows is an accumulation
whose result does not depend on that order:
  - stores of different values to the same bytes by several programs are not a race when every one of them is
    inside a section on one lock L, and each store that follows another program's store to those bytes is a
    read-modify-write: its program loaded those bytes earlier in the same section;
  - a load inside a section on L of another program's store inside a section on L is ordered by the lock, but
    what it read depends on which programs took the lock first, so afterwards the program may store only, in
    that same section, bytes it loaded there and another program also stores (the accumulator), and make no
    atomic write other than to its locks. A carry handed from block to block under a lock is a race.
Accesses outside critical sections keep the rules above. That a program waits for the lock (the loop around
the atomic_cas) cannot be seen in a run where every atomic_cas succeeds, and an accumulation whose combine
step is not commutative (or that ignores what it loaded) looks like one that is, so this too is a floor.

What the interpreter hooks (sandbox/watch.py) do not report is not assumed: a load given without its element
size counts as its first byte only, and an atomic given without its operation, operands and result counts as
a flag access and takes no lock.

Past LIMIT recorded elements the loads are dropped, past STORE_LIMIT stores everything is: the launch is then
not wholly checked, which makes the verdict `unverified` (`incomplete()`), never a pass, so a flood of loads
or stores from one program cannot hide a race between others.
"""

from __future__ import annotations

import numpy as np

# elements recorded per launch (kept in memory until the launch ends): past LIMIT loads are no longer kept,
# past STORE_LIMIT stores are not either and the launch is not checked
LIMIT = 8_000_000
STORE_LIMIT = 16_000_000

# atomic operations that may change memory (a failed atomic_cas changes nothing; see LaunchAccesses.atomic)
WRITING = {"cas", "xchg", "store", "add", "fadd", "min", "max", "umin", "umax", "and", "or", "xor"}


def program_id(grid_idx) -> int:
    x, y, z = grid_idx
    return int(x) | (int(y) << 21) | (int(z) << 42)


def _program(pid: int) -> tuple[int, int, int]:
    return pid & 0x1FFFFF, (pid >> 21) & 0x1FFFFF, pid >> 42


def _bits(values: np.ndarray, shape) -> np.ndarray:
    """Each stored element's bit pattern as uint64, so equal values compare equal whatever their dtype."""
    v = np.ascontiguousarray(np.broadcast_to(values, shape))
    return v.view(f"u{v.itemsize}").astype(np.uint64) if v.itemsize in (1, 2, 4, 8) else np.zeros(shape, np.uint64)


def _lane_bits(x, n: int) -> np.ndarray:
    """An atomic's operand, one value per unmasked lane (a scalar operand is every lane's), as bit patterns."""
    a = np.asarray(x)
    return _bits(a.reshape(-1) if a.size == n else a.reshape(-1)[:1], (n,))


def _byte_span(addrs: np.ndarray, size: int) -> np.ndarray:
    """Every byte address the elements at `addrs`, `size` bytes each, cover."""
    return (addrs.reshape(-1, 1) + np.arange(size, dtype=np.uint64)).reshape(-1)


def _lane_clash(addrs: np.ndarray, bits: np.ndarray, pid: int, name: str) -> str | None:
    """Lanes of one store that write different values to the same element: the interpreter keeps the last
    lane's, a GPU any one of them."""
    a = addrs.reshape(-1)
    if a.size < 2:
        return None
    order = np.lexsort((bits, a))
    a, b = a[order], bits[order]
    same = a[1:] == a[:-1]
    clash = same & (b[1:] != b[:-1])
    if not clash.any():
        return None
    return (f"kernel {name}: lanes of program {_program(pid)} stored different values to the same element "
            f"({int(np.unique(a[1:][clash]).size)} such element(s)) in one store; which lane's value lands is "
            "not defined on a GPU")


class _Section:
    """A critical section: a program holding the lock at `lock`, `size` bytes, free while it holds `unlocked`."""

    __slots__ = ("lock", "size", "unlocked", "released", "loaded")

    def __init__(self, lock: int, size: int | None, unlocked: int):
        self.lock, self.size, self.unlocked = lock, size, unlocked
        self.released = 0  # the sequence number of the release; 0 while held, -1 when it protects nothing
        self.loaded: list[np.ndarray] = []  # the bytes the program loaded inside it (read-modify-writes)


class LaunchAccesses:
    def __init__(self, name: str):
        self.name = name
        self.reads: list[tuple[np.ndarray, int, int, int, int]] = []  # addresses, program, sequence, size, section
        # ... and the stored bit patterns, and which elements the program loaded earlier in that section
        self.writes: list[tuple[np.ndarray, int, np.ndarray, int, int, int, np.ndarray]] = []
        # program -> (sequence, addresses, whether it releases, whether it acquires)
        self.atomic_events: dict[int, list[tuple[int, np.ndarray, bool, bool]]] = {}
        self.atomic_writes: list[tuple[int, int]] = []  # (program, sequence): atomics that wrote to no lock
        self.sections: list[_Section] = []
        self.held: dict[int, dict[int, int]] = {}  # program -> lock address -> section, in acquiring order
        self.seq = 0
        self.count = 0
        self.stored = 0
        self.atomics = False
        self.reads_dropped = False
        self.lanes: str | None = None  # lanes of one store that put different values in one element
        self.too_many = False

    def _section(self, pid: int) -> int:
        """The section the program is in now (the lock it took last), or -1."""
        held = self.held.get(pid)
        return next(reversed(held.values())) if held else -1

    def add(self, kind: str, addrs: np.ndarray, pid: int, values=None, mask=None, size: int | None = None) -> None:
        """`addrs`: the start addresses of the unmasked lanes; `values`/`mask` as given to the store; `size`: the
        element's bytes (a store's defaults to its values' itemsize; a load's, unknown, counts as 1: it still
        meets every store whose range its first byte falls in)."""
        if self.too_many or addrs.size == 0:
            return
        self.seq += 1
        self.count += addrs.size
        if self.count > LIMIT and not self.reads_dropped:
            self.reads_dropped, self.reads = True, []
            for s in self.sections:
                s.loaded = []
        sec = self._section(pid)
        addrs = addrs.reshape(-1).astype(np.uint64, copy=False)
        if kind == "read":
            if not self.reads_dropped:
                width = max(int(size or 1), 1)
                self.reads.append((addrs, pid, self.seq, width, sec))
                if sec >= 0:
                    self.sections[sec].loaded.append(_byte_span(addrs, width))
        else:
            self.stored += addrs.size
            if self.stored > STORE_LIMIT:
                self.too_many, self.reads, self.writes, self.sections = True, [], [], []
                return
            width = int(size or np.asarray(values).itemsize or 1)
            bits = _bits(values, mask.shape if mask is not None else addrs.shape)
            bits = bits[mask] if mask is not None else bits.reshape(-1)
            if self.lanes is None:
                self.lanes = _lane_clash(addrs, bits, pid, self.name)
            rmw: np.ndarray = np.zeros(addrs.size, bool)
            if sec >= 0 and self.sections[sec].loaded:
                loaded = np.unique(np.concatenate(self.sections[sec].loaded))
                rmw = np.asarray(np.isin(_byte_span(addrs, width), loaded).reshape(addrs.size, width).all(axis=1))
            self.writes.append((addrs, pid, bits, self.seq, width, sec, rmw))

    def atomic(self, addrs: np.ndarray, pid: int, op: str | None = None, cmp=None, val=None, old=None,
               size: int | None = None, release: bool = True, acquire: bool = True) -> None:
        """An atomic access by program `pid` to `addrs` (the unmasked lanes). With `op` ("cas", "xchg", "add",
        ..., "load", "store", "poll"), the operands `cmp` and `val` and the values it returned `old` (one per
        lane, or a scalar for all), its locks are followed; without, it counts as a flag access only.
        `release`/`acquire`: its memory semantics at a scope wider than one program (acq_rel at gpu scope,
        Triton's default, is both; relaxed, or any at cta scope, neither): only a release after a store and
        an acquire before a load order the two."""
        self.atomics = True
        if self.too_many or addrs.size == 0:
            return
        self.seq += 1
        addrs = addrs.reshape(-1).astype(np.uint64, copy=False)
        self.atomic_events.setdefault(pid, []).append((self.seq, np.unique(addrs), release, acquire))
        if op not in WRITING or val is None or op == "cas" and (cmp is None or old is None):
            return
        n = addrs.size
        v = _lane_bits(val, n)
        if op == "cas":
            c, o = _lane_bits(cmp, n), _lane_bits(old, n)
            wrote = o == c
            new = v
        else:
            c, wrote, new = v, np.ones(n, bool), v
        held = self.held.setdefault(pid, {})
        lock_lanes = np.zeros(n, bool)  # lanes that acquire or release one of the program's locks
        mine = np.isin(addrs, np.fromiter(held, np.uint64, len(held))) if held else np.zeros(n, bool)
        maybe = (mine | (c != v)) if op == "cas" else mine  # only these lanes can take or give back a lock
        for k in np.flatnonzero(wrote & maybe):
            lock = int(addrs[k])
            if lock in held:
                s = self.sections[held.pop(lock)]
                if (op in ("cas", "xchg", "store") and int(new[k]) == s.unlocked and size == s.size and release
                        and s.released == 0):
                    s.released = self.seq
                    lock_lanes[k] = True
                else:  # the lock changed under the section by other means, or without ordering: it protects nothing
                    s.released = -1
            elif op == "cas" and c[k] != v[k]:
                held[lock] = len(self.sections)
                self.sections.append(_Section(lock, size, int(c[k])))
                if not acquire:  # taken without acquiring: what the last holder wrote may not be seen
                    self.sections[-1].released = -1
                lock_lanes[k] = True
        if (wrote & ~lock_lanes).any():
            self.atomic_writes.append((pid, self.seq))

    def _ordered(self, writer: int, store_seq: int, reader: int, load_seq: int) -> bool:
        """Whether an atomic could order the writer's store before the reader's load: the reader touched
        atomically, before its load, an element the writer touched atomically after its store."""
        before = [a for q, a, _, acquire in self.atomic_events.get(reader, []) if q < load_seq and acquire]
        after = [a for q, a, release, _ in self.atomic_events.get(writer, []) if q > store_seq and release]
        if not before or not after:
            return False
        return bool(np.intersect1d(np.concatenate(before), np.concatenate(after)).size)

    def _locks(self) -> np.ndarray:
        """Per section, the address of its lock where it protects (released by its program), else 0; one more
        entry, 0, for accesses outside any section (section -1)."""
        return np.array([s.lock if s.released > 0 else 0 for s in self.sections] + [0], dtype=np.uint64)

    def incomplete(self) -> str | None:
        """Why the race check could not look at all of this launch's accesses (past LIMIT or STORE_LIMIT), where
        it stored anything at all; None where it saw them all."""
        if self.too_many:
            return f"kernel {self.name} stored more than {STORE_LIMIT:,} elements in one launch"
        if self.reads_dropped and self.writes:
            return f"kernel {self.name} loaded and stored more than {LIMIT:,} elements in one launch"
        return None

    def find(self) -> str | None:
        """A sentence naming the first race, or None."""
        if self.lanes:
            return self.lanes
        if self.too_many or not self.writes:
            return None
        locks = self._locks()
        w = _Stores(self.writes, locks)

        # plain stores of different values to the same bytes by two programs, outside one lock's accumulation
        clash = (w.lo_pid != w.hi_pid) & w.differ & ~w.accumulated
        if clash.any():
            k = int(np.flatnonzero(clash)[0])
            return (f"kernel {self.name}: programs {_program(int(w.lo_pid[k]))} and {_program(int(w.hi_pid[k]))} "
                    f"both stored different values to the same element ({int(clash.sum())} such element(s)) in one "
                    "launch" + (", not as a read-modify-write inside critical sections of one lock"
                                if any(s.released > 0 for s in self.sections) else ""))

        # loads of another program's store
        tainted: dict[int, tuple[int, int]] = {}  # program -> (sequence, section) of its first lock-ordered load
        for raddr, rpid, rseq, rsize, rsec in self.reads:
            lo = np.searchsorted(w.gend, raddr, side="right")  # the first group ending after the load's start
            hi = np.searchsorted(w.gstart, raddr + np.uint64(rsize), side="left")  # ... and past its last byte
            lanes, groups = [], []
            for step in range(rsize):  # groups do not overlap: a load of n bytes meets at most n of them
                g = lo + step
                ok = g < hi
                if not ok.any():
                    break
                g = g[ok]
                other = (w.lo_pid[g] != rpid) | (w.hi_pid[g] != rpid)
                lanes.append(np.flatnonzero(ok)[other])
                groups.append(g[other])
            met = np.concatenate(groups) if groups else np.zeros(0, np.int64)
            if not met.size:
                continue
            nlanes = int(np.unique(np.concatenate(lanes)).size)
            # the last store to those bytes by another program than the reader
            last = np.where(w.pid[w.glast[met]] != rpid, w.glast[met], w.gprev[met])
            rlock = locks[rsec]
            by_lock = (w.lock[last] == rlock) & (rlock != 0)
            if by_lock.any() and rpid not in tainted:
                tainted[rpid] = (rseq, rsec)
            for j in last[~by_lock][:256]:
                writer, store_seq = int(w.pid[j]), int(w.seq[j])
                if self.atomics and self._ordered(writer, store_seq, rpid, rseq):
                    continue
                return (f"kernel {self.name}: program {_program(rpid)} loaded {nlanes} element(s) that "
                        f"program {_program(writer)} stored in the same launch"
                        + (", with no atomic between the store and the load that could order them"
                           if self.atomics else ""))
        return self._leaks(w, tainted) if tainted else None

    def _leaks(self, w: _Stores, tainted: dict[int, tuple[int, int]]) -> str | None:
        """After a load ordered only by a lock, what the program read depends on the order in which programs
        took the lock: it may flow only into the lock's accumulation (its section's read-modify-writes of
        bytes other programs store too), not into any other store or atomic."""
        tp = np.array(sorted(tainted), dtype=np.int64)
        tseq = np.array([tainted[p][0] for p in tp], dtype=np.int64)
        tsec = np.array([tainted[p][1] for p in tp], dtype=np.int64)
        i = np.minimum(np.searchsorted(tp, w.pid), tp.size - 1)
        after = (tp[i] == w.pid) & (w.seq > tseq[i])
        shared = (w.lo_pid != w.hi_pid)[w.group]
        leak = after & ~((w.sec == tsec[i]) & w.rmw & shared)
        if leak.any():
            pid = int(w.pid[np.flatnonzero(leak)[0]])
            return (f"kernel {self.name}: program {_program(pid)} loaded, inside a critical section, what another "
                    f"program stored under the same lock, and then stored {int((leak & (w.pid == pid)).sum())} "
                    "element(s) outside that lock's read-modify-write; the order in which programs take a lock "
                    "is not set on a GPU, so what it loaded differs from run to run")
        for pid, seq in self.atomic_writes:
            if pid in tainted and seq > tainted[pid][0]:
                return (f"kernel {self.name}: program {_program(pid)} loaded, inside a critical section, what "
                        "another program stored under the same lock, and then wrote with an atomic; the order in "
                        "which programs take a lock is not set on a GPU, so what it loaded differs from run to run")
        return None


class _Stores:
    """A launch's plain stores, one entry per element (per byte where stores of different widths or starts
    overlap), sorted by address and then by sequence, in groups of entries with the same byte range; groups do
    not overlap each other."""

    def __init__(self, writes, locks: np.ndarray):
        start = np.concatenate([a for a, *_ in writes])
        size = np.concatenate([np.full(a.size, s, np.int64) for a, _, _, _, s, _, _ in writes])
        pid = np.concatenate([np.full(a.size, p, np.int64) for a, p, *_ in writes])
        bits = np.concatenate([b for _, _, b, *_ in writes])
        seq = np.concatenate([np.full(a.size, q, np.int64) for a, _, _, q, *_ in writes])
        sec = np.concatenate([np.full(a.size, c, np.int64) for a, _, _, _, _, c, _ in writes])
        rmw = np.concatenate([r for *_, r in writes])
        cols = [start, size, pid, bits, seq, sec, rmw]
        order = np.lexsort((seq, start))
        start, size, pid, bits, seq, sec, rmw = cols = [c[order] for c in cols]
        # clusters of overlapping ranges; one whose entries do not all share a start and a size is split into bytes
        end = start + size.astype(np.uint64)
        new = np.r_[True, start[1:] >= np.maximum.accumulate(end)[:-1]]
        first = np.flatnonzero(new)
        last = np.r_[first[1:] - 1, start.size - 1]
        regular = (start[first] == start[last]) & (np.minimum.reduceat(size, first) == np.maximum.reduceat(size, first))
        if not regular.all():
            split = ~regular[np.cumsum(new) - 1]
            keep = [c[~split] for c in cols]
            s, n = start[split], size[split]
            offset = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
            byte_bits = (np.repeat(bits[split], n) >> (8 * offset).astype(np.uint64)) & np.uint64(0xFF)
            parts = [np.repeat(s, n) + offset.astype(np.uint64), np.ones(offset.size, np.int64),
                     np.repeat(pid[split], n), byte_bits, np.repeat(seq[split], n), np.repeat(sec[split], n),
                     np.repeat(rmw[split], n)]
            cols = [np.concatenate([a, b]) for a, b in zip(keep, parts)]
            order = np.lexsort((cols[4], cols[0]))
            start, size, pid, bits, seq, sec, rmw = [c[order] for c in cols]
        self.start, self.pid, self.bits, self.seq, self.sec, self.rmw = start, pid, bits, seq, sec, rmw
        self.lock = locks[sec]  # section -1: the last entry, 0
        first = np.flatnonzero(np.r_[True, start[1:] != start[:-1]])
        last = np.r_[first[1:] - 1, start.size - 1]
        self.group = np.cumsum(np.r_[True, start[1:] != start[:-1]]) - 1
        self.gstart, self.gend = start[first], start[first] + size[first].astype(np.uint64)
        self.lo_pid, self.hi_pid = np.minimum.reduceat(pid, first), np.maximum.reduceat(pid, first)
        self.differ = np.minimum.reduceat(bits, first) != np.maximum.reduceat(bits, first)
        self.glast = last
        # the last entry of each group by another program than the group's last entry's (-1: none)
        idx = np.arange(start.size)
        self.gprev = np.maximum.reduceat(np.where(pid != pid[last][self.group], idx, -1), first)
        # one lock's accumulation: every store inside a section on one lock, and each one that follows another
        # program's store a read-modify-write
        one_lock = (np.minimum.reduceat(self.lock, first) == np.maximum.reduceat(self.lock, first)) & (
            self.lock[first] != 0)
        changed = np.cumsum(pid != pid[first][self.group])  # a group's first entry adds 0
        follows = changed > changed[first][self.group]
        self.accumulated = one_lock & (np.add.reduceat((follows & ~rmw).astype(np.int64), first) == 0)
