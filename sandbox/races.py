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
programs loses updates), with one exception, a lock, below. Several programs storing the same value is benign
and not reported; lanes of one store that put different values in one element are reported (which lane wins is
not defined on a GPU; the interpreter keeps the last).

Atomics are accesses as well. What an atomic writes meets other programs' plain loads and plain stores, and
what it reads meets their plain stores, under the same rule: a carry put by `tl.atomic_add` and read with a
plain load, or stored plainly and read with `tl.atomic_add(p, 0)`, with nothing ordering them, is a race. The
ordering is the flag's: the first access's program makes a release atomic at or after it (an atomic write is
its own release), the second's an acquire atomic on the same element before it (an atomic read's own acquire
does not count: it is the read that has to be ordered), in that order. An atomic whose operand leaves memory as
it was (add, or, xor of 0) writes nothing. Atomic writes of several programs to one element must not depend on
their order: combines of one kind commute (add with add, max with max, and, or, xor alike), a put (xchg, a
successful cas, an atomic store) commutes with a put of the same value only, anything else does not. Such
writes are a race unless every program's last write there puts one same value (a flag or lock given back: the
memory ends with it whatever the order), or each non-commuting pair is ordered as above (the program that drew
the last ticket of an acq_rel counter putting the counter back to 0). The lock's own acquiring and releasing
lanes are not writes in this sense. What a combine returns (a ticket, a running total) depends on the order
too; where it flows into a store, that store is what is checked.

Within one program, the threads of a GPU's CTA run its block statements side by side: see
`LaunchAccesses._own_load`. A load of what the same program stored since its last `tl.debug_barrier()` (or a
scalar atomic, whose result Triton hands to the threads through shared memory behind a barrier) is a race
unless it reads each element at the position of its block the store wrote it from, in a block of the same
shape.

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

Past LIMIT recorded elements a load is kept only where it touches a page (4 KiB) some program stored to
before it; the others, of memory nothing has written yet (a GEMM's operands), are dropped, their pages noted,
and a later store to a noted page leaves the launch not wholly checked. A race needs a store and a load of the
same bytes: a load after the store was kept, a load before it makes the store's page a noted one. Past
KEPT_LIMIT loads kept that way, past STORE_LIMIT stores, and past OWN_LIMIT elements one program stored
between two barriers, the check stops short too. A launch not wholly checked makes the verdict `unverified`
(`incomplete()`), never a pass, so a flood of loads or stores from one program cannot hide a race between
others.
"""

from __future__ import annotations

import numpy as np

from . import pipelining

# elements recorded per launch (kept in memory until the launch ends): past LIMIT loads are no longer kept,
# past STORE_LIMIT stores are not either and the launch is not checked
LIMIT = 8_000_000
STORE_LIMIT = 16_000_000
# past LIMIT: loads kept (those touching pages already stored to) before all of them are dropped
KEPT_LIMIT = 16_000_000

# atomic operations that may change memory (a failed atomic_cas changes nothing; see LaunchAccesses.atomic)
WRITING = {"cas", "xchg", "store", "add", "fadd", "min", "max", "umin", "umax", "and", "or", "xor"}
# ... of which these put a value in place of what was there (they commute only with the same value put)
SETTING = {"cas", "xchg", "store"}
# ... and these combine an operand with it: two of one kind commute (a + b + c in any order), two kinds do not.
# Triton's float atomic_max is an int atomic_max for the lanes >= 0 and a uint atomic_umin for the others (and
# atomic_min the mirror), so max/umin count as one kind and min/umax as another: a floor, int atomics of those
# two kinds on one element do not commute
COMBINING = ("add", "fadd", "max", "min", "and", "or", "xor")
KIND_OF = {**{op: op for op in COMBINING}, "umin": "max", "umax": "min"}
# an operand of all zero bits leaves memory as it was (atomic_add(p, 0) reads): not a write
NEUTRAL_ZERO = {"add", "fadd", "or", "xor"}
# a plain access's kind in the store index (_Stores.kind); an atomic put is SET, a combine 2 + COMBINING.index(op)
PLAIN, SET = 0, 1
# stores one program has made since its last barrier that the same-program check keeps (then: incomplete)
OWN_LIMIT = 4_000_000
# ... and loads, for the write-after-read check (past it, a store over a load no longer kept: incomplete)
OWN_LOAD_LIMIT = 4_000_000
# the write-after-read check finds the loads a store may overlap by the 4 KiB pages they touch
PAGE_SHIFT = np.uint64(12)


# positions kept per same-position read-back (_same_position): enough to find a thread that differs; and the
# read-backs (pairs of lines, block shape) one launch may have, past which its race check is incomplete
SAME_POSITIONS_KEPT = 4096
SAME_POSITION_KEYS = 32


def _site() -> str:
    """The candidate's kernel line being run, as Triton's compiler locates it ("line:column")."""
    from .hints import _candidate_site  # noqa: PLC0415 -- hints imports the watch, which imports this module

    return _candidate_site()


def program_id(grid_idx) -> int:
    x, y, z = grid_idx
    return int(x) | (int(y) << 21) | (int(z) << 42)


def _program(pid: int) -> tuple[int, int, int]:
    return pid & 0x1FFFFF, (pid >> 21) & 0x1FFFFF, pid >> 42


def _bits(values: np.ndarray, shape) -> np.ndarray:
    """Each stored element's bit pattern as uint64, so equal values compare equal whatever their dtype."""
    v = np.ascontiguousarray(np.broadcast_to(values, shape))
    return v.view(f"u{v.itemsize}").astype(np.uint64) if v.itemsize in (1, 2, 4, 8) else np.zeros(shape, np.uint64)


def _bytes_of(bits: np.ndarray, width: int) -> np.ndarray:
    """The bytes of elements `width` bytes wide, from their bit patterns (_bits), in address order."""
    shifts = np.arange(width, dtype=np.uint64) * np.uint64(8)
    return ((bits.reshape(-1, 1) >> shifts) & np.uint64(0xFF)).reshape(-1)


def _accessed_bytes(launch: "LaunchAccesses") -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """The bytes a launch stored and loaded, and the byte ranges it wrote whole."""
    spans = [_byte_span(w[0], w[4]) for w in launch.writes + launch.atomic_puts]
    written = np.unique(np.concatenate(spans)) if spans else np.zeros(0, np.uint64)
    read = (np.unique(np.concatenate([_byte_span(r[0], r[3]) for r in launch.reads]))
            if launch.reads else np.zeros(0, np.uint64))
    return written, read, launch.intervals


def _lane_bits(x, n: int) -> np.ndarray:
    """An atomic's operand, one value per unmasked lane (a scalar operand is every lane's), as bit patterns."""
    a = np.asarray(x)
    return _bits(a.reshape(-1) if a.size == n else a.reshape(-1)[:1], (n,))


class _ByteIndex:
    """The last store of each byte, as sorted runs (a log-structured merge): a run per store added, neighbouring
    runs of like sizes merged (the newer winning), so a program storing a block at each of thousands of steps
    costs about n log n, where one sorted table rebuilt or grown at each store cost n squared. Columns: the
    byte's address, then what the store kept for it (position in its block, block shape id, byte value,
    whether the block had one element, the store's number in `own`)."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, ...]] = []

    def add(self, run: tuple[np.ndarray, ...]) -> None:
        """`run`: the columns of one or more stores, their entries in the order they were made."""
        self.runs.append(_last_per_byte(run))
        while len(self.runs) > 1 and self.runs[-2][0].size <= 2 * self.runs[-1][0].size:
            newer, older = self.runs.pop(), self.runs.pop()
            self.runs.append(_last_per_byte(tuple(np.concatenate([o, n]) for o, n in zip(older, newer))))

    def lookup(self, byte: np.ndarray) -> tuple[np.ndarray, ...]:
        """For each of `byte`: whether a store wrote it, then that store's columns (undefined where none)."""
        hit = np.zeros(byte.size, bool)
        out: list[np.ndarray] = []
        for run in reversed(self.runs):  # newest first: the first run that has a byte holds its last store
            if not out:
                out = [np.zeros(byte.size, c.dtype) for c in run[1:]]
            if run[0].size == 0:
                continue
            i = np.minimum(np.searchsorted(run[0], byte), run[0].size - 1)
            take = ~hit & (run[0][i] == byte)
            for o, c in zip(out, run[1:]):
                o[take] = c[i[take]]
            hit |= take
        if not out:
            out = [np.zeros(byte.size, np.int64), np.zeros(byte.size, np.int64), np.zeros(byte.size, np.uint8),
                   np.zeros(byte.size, bool), np.zeros(byte.size, np.int64)]
        return (hit, *out)


def _last_per_byte(cols: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Columns whose first is a byte address, sorted by it, with only the last entry of each byte kept: entries
    come in the order they were made, so the later store of a byte is the one that stays."""
    order = np.argsort(cols[0], kind="stable")
    byte = cols[0][order]
    last = np.r_[byte[1:] != byte[:-1], True]
    return tuple(c[order][last] for c in cols)


def _pages(addrs: np.ndarray, size: int) -> list[int]:
    """The pages (of 2 ** PAGE_SHIFT bytes) the elements at `addrs`, `size` bytes each, touch."""
    a = addrs.reshape(-1).astype(np.uint64, copy=False)
    return np.unique(np.concatenate([a >> PAGE_SHIFT, (a + np.uint64(max(size, 1) - 1)) >> PAGE_SHIFT])).tolist()


def _byte_span(addrs: np.ndarray, size: int) -> np.ndarray:
    """Every byte address the elements at `addrs`, `size` bytes each, cover."""
    return (addrs.reshape(-1, 1) + np.arange(size, dtype=np.uint64)).reshape(-1)


def _lane_clash(addrs: np.ndarray, bits: np.ndarray, pid: int, name: str) -> str | None:
    """Lanes of one store that write different values to the same element: the interpreter keeps the last
    lane's, a GPU any one of them."""
    a = addrs.reshape(-1)
    if a.size < 2:
        return None
    if (a[1:] > a[:-1]).all():  # addresses rising, as a block's usually are: each element once, no sort needed
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
        # addresses, program, sequence, size, section, and whether an atomic made the access
        self.reads: list[tuple[np.ndarray, int, int, int, int, bool]] = []
        # ... and the stored bit patterns, and which elements the program loaded earlier in that section
        self.writes: list[tuple[np.ndarray, int, np.ndarray, int, int, int, np.ndarray]] = []
        # what atomics wrote, as `writes`, and the kind of each write (SET or a combine, see _Stores.kind)
        self.atomic_puts: list[tuple[np.ndarray, int, np.ndarray, int, int, int, np.ndarray, int]] = []
        # ... and the lanes that took a lock, by section: puts too where the section protects nothing
        self.lock_puts: list[tuple[int, tuple[np.ndarray, int, np.ndarray, int, int, int, np.ndarray, int]]] = []
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
        # past LIMIT (see the module's docstring): pages stored to so far, pages whose loads were not kept, and
        # whether a store met one of those
        self.paged = False
        self.stored_pages: set[int] = set()
        self.dropped_pages: set[int] = set()
        self.unkept_stored = False
        self.kept = 0
        self.lanes: str | None = None  # lanes of one store that put different values in one element
        self.too_many = False
        # the same-program check (see `_own_load`): the stores the program running now made since its last barrier
        self.own_pid = -1
        # addresses, size, positions, shape, seq, stored bit patterns, the store's "line:column"
        self.own: list[tuple[np.ndarray, int, np.ndarray, tuple, int, np.ndarray, str]] = []
        self.own_atomic: list[bool] = []  # per entry of own: a block atomic's write (two atomics are ordered)
        self.own_count = 0
        self.own_span = (0, 0)  # the lowest and past the highest byte they cover
        # byte -> position, shape, byte value stored, whether that shape has one element
        self.own_index: _ByteIndex | None = None
        self.own_shapes: dict[tuple, int] = {}
        # (store "line:column", load "line:column", block shape) -> positions read back as each thread's own
        self.same_position: dict[tuple[str, str, tuple[int, ...]], set[int]] = {}
        self.same_dropped = False  # more of them than SAME_POSITION_KEYS
        self.own_dropped = False
        # ... and the loads it made since its last barrier or reduction (see `_own_reload`): addresses, size,
        # positions, shape, the bit patterns loaded (None until the load has returned: `loaded`)
        self.own_loads: list[list] = []
        self.own_load_count = 0
        self.own_load_span = (0, 0)
        self.own_load_pages: dict[int, list[int]] = {}  # page -> the loads touching it, for those indexed so far
        self.own_loads_indexed = 0
        self.own_loads_lost: list[tuple[int, int]] = []  # byte ranges of loads not kept (past OWN_LOAD_LIMIT)
        self.own_loads_dropped = False  # a store met one of those
        self._pending_load: list | None = None
        # one-element loads (every thread of the program makes one): each gets a bit of its own, which the values
        # computed from it carry (watch.py); `stale`: the loads whose value only thread 0 is sure to have (one
        # read back of a store thread 0 made, or one stored over by thread 0 after it); `spread`: those whose
        # values reached work that every thread does (a block, an address, a branch). Both at once is a race.
        self.next_label, self.label = 1, 0
        self.stale, self.stale_after, self.spread_labels = 0, 0, 0
        self.within: str | None = None  # a load of the program's own store by another of its threads
        self.pipelined: str | None = None  # a load a pipelined loop issues before its store (sandbox/pipelining.py)
        # loads of what the same program stored earlier in the innermost loop, within the pipeliner's window:
        # "line:column" -> (iterations back, the window, program, elements); the judge holds them against the loads
        # the compile for the target made asynchronous copies (pipelining.access)
        self.readbacks: dict[str, tuple[int, int, int, int]] = {}
        pipelining.reset()
        self._events: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        # programmatic dependent launch (`launch_pdl=True`): the launch before it, which may still be running on a
        # GPU until this launch's program has passed gdc_wait(); the programs that have; the first access that
        # met the launch before it (or could not be checked against it)
        self.prior: list[LaunchAccesses] = []
        self.pdl = False
        self.waited: set[int] = set()
        self.programs: set[int] = set()  # the programs seen (an access, a gdc call)
        self.triggered_early = False  # a program called gdc_launch_dependents() before its gdc_wait()
        # byte ranges [lo, hi) written as a whole (a torch op between launches: a fill, a copy)
        self.intervals: list[tuple[int, int]] = []
        self.pdl_race: str | None = None
        self.pdl_unchecked: str | None = None
        self._prior_bytes: list[tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]] | None = None

    def _section(self, pid: int) -> int:
        """The section the program is in now (the lock it took last), or -1."""
        held = self.held.get(pid)
        return next(reversed(held.values())) if held else -1

    def add(self, kind: str, addrs: np.ndarray, pid: int, values=None, mask=None, size: int | None = None) -> None:
        """`addrs`: the start addresses of the unmasked lanes; `values`/`mask` as given to the store (a load's
        mask too: with it, where in its block each lane is); `size`: the element's bytes (a store's defaults to
        its values' itemsize; a load's, unknown, counts as 1: it still meets every store whose range its first
        byte falls in)."""
        if self.too_many or addrs.size == 0:
            return
        self.programs.add(pid)
        if self.pdl and pid not in self.waited and self.pdl_race is None:
            width = size or (np.asarray(values).itemsize if values is not None else 1)
            self._before_gdc_wait(kind, addrs.reshape(-1).astype(np.uint64, copy=False), max(int(width), 1), pid)
        self.seq += 1
        self.count += addrs.size
        if self.count > LIMIT and not self.paged:
            self._page_reads()
        sec = self._section(pid)
        addrs = addrs.reshape(-1).astype(np.uint64, copy=False)
        self._enter(pid)
        where = np.flatnonzero(mask) if mask is not None else np.arange(addrs.size)
        shape = tuple(np.shape(mask)) if mask is not None else (addrs.size,)
        if kind == "read":
            width = max(int(size or 1), 1)
            self.label = 0
            if int(np.prod(shape)) <= 1:  # made by every thread of the program: its value gets a label
                self.label, self.next_label = self.next_label, self.next_label << 1
            if pipelining.STACK and self.pipelined is None:
                pipelining.access(self, kind, addrs, width, pid)
            if self.own and self.within is None:
                self._own_load(addrs, width, where, shape, pid)
            self._keep_own_load(addrs, width, where, shape)
            if self.paged and not self.reads_dropped and not self._on_stored_pages(addrs, width):
                self.dropped_pages.update(_pages(addrs, width))
            elif not self.reads_dropped:
                self.reads.append((addrs, pid, self.seq, width, sec, False))
                if sec >= 0:
                    self.sections[sec].loaded.append(_byte_span(addrs, width))
                self.kept += addrs.size
                if self.paged and self.kept > KEPT_LIMIT:
                    self.reads_dropped, self.reads = True, []
                    for s in self.sections:
                        s.loaded = []
        else:
            self.stored += addrs.size
            if self.stored > STORE_LIMIT:
                self.too_many, self.reads, self.writes, self.sections = True, [], [], []
                self.atomic_puts, self.lock_puts, self.own, self.own_atomic = [], [], [], []
                return
            width = int(size or np.asarray(values).itemsize or 1)
            self._note_stored(addrs, width)
            if pipelining.STACK and self.pipelined is None:
                pipelining.access(self, kind, addrs, width, pid)
            bits = _bits(values, mask.shape if mask is not None else addrs.shape)
            bits = bits[mask] if mask is not None else bits.reshape(-1)
            if self.lanes is None:
                self.lanes = _lane_clash(addrs, bits, pid, self.name)
            rmw: np.ndarray = np.zeros(addrs.size, bool)
            if sec >= 0 and self.sections[sec].loaded:
                loaded = np.unique(np.concatenate(self.sections[sec].loaded))
                rmw = np.asarray(np.isin(_byte_span(addrs, width), loaded).reshape(addrs.size, width).all(axis=1))
            self.writes.append((addrs, pid, bits, self.seq, width, sec, rmw))
            if self.own_loads or self.own_loads_lost:
                self._own_reload(addrs, width, where, shape, bits, pid)
            self._own_store(addrs, width, where, shape, bits, pid)

    # -- past LIMIT: loads kept by page ------------------------------------------------------------------------
    def _page_reads(self) -> None:
        """At LIMIT: the loads kept so far are kept only where they touch a page stored to already; the pages of
        the others are noted (a store there later leaves the launch not wholly checked)."""
        self.paged = True
        spans = [(w[0], w[4]) for w in self.writes] + [(w[0], w[4]) for w in self.atomic_puts] \
            + [(put[0], put[4]) for _, put in self.lock_puts]
        for addrs, width in spans:
            self.stored_pages.update(_pages(addrs, int(width)))
        kept = []
        for read in self.reads:
            addrs, width, is_atomic = read[0], read[3], read[5]
            if is_atomic or self._on_stored_pages(addrs, width):
                kept.append(read)
            else:
                self.dropped_pages.update(_pages(addrs, width))
        self.reads, self.kept = kept, sum(int(r[0].size) for r in kept)
        for sec in self.sections:  # a lock section's loads: kept whole or not at all (a floor either way)
            sec.loaded = []

    def _on_stored_pages(self, addrs: np.ndarray, width: int) -> bool:
        return not self.stored_pages.isdisjoint(_pages(addrs, width))

    def _note_stored(self, addrs: np.ndarray, width: int) -> None:
        if not self.paged:  # _page_reads finds the pages of the stores before it in the writes kept
            return
        pages = _pages(addrs, width)
        if self.dropped_pages and not self.dropped_pages.isdisjoint(pages):
            self.unkept_stored = True
        self.stored_pages.update(pages)

    # -- one program's threads ---------------------------------------------------------------------------------
    def _enter(self, pid: int) -> None:
        """Program `pid` accesses memory: where another program did before, that one's work is done."""
        if pid != self.own_pid:
            self.barrier(self.own_pid, implied=True)
            self.own_pid = pid
            self.next_label, self.stale, self.stale_after, self.spread_labels = 1, 0, 0, 0  # another program: other threads, other values

    def barrier(self, pid: int, implied: bool = False) -> None:
        """`tl.debug_barrier()` in program `pid` (or, `implied`, the program changing or a scalar atomic): its
        threads' stores so far are seen by all of its threads after it. A debug_barrier also keeps Triton from
        pipelining the loops it is in."""
        if not implied:
            pipelining.barrier()
        if pid == self.own_pid:
            self.own, self.own_atomic, self.own_count, self.own_index = [], [], 0, None
            self.own_loads, self.own_load_count, self.own_load_pages, self.own_loads_indexed = [], 0, {}, 0
            self.own_loads_lost, self._pending_load = [], None

    def exchanged(self) -> None:
        """A step of the program running now whose threads exchange values through shared memory behind a
        `bar.sync`, as `tl.debug_barrier()` does: a reduction or scan across warps (watch.py decides which), a
        `tl.dot` (its operands are staged in shared memory). Every access each thread made before it is seen by
        all after it. A `tl.join` (`tl.interleave`) counts too: the thread that stores a joined element holds
        the values loaded at that element's positions of the two operands, or got them behind a bar.sync (an
        in-place interleaved RoPE: stride-2 loads, one contiguous store). An unused one, which the compiler
        removes, still counts, and so does a join of other values than the ones loaded: floors."""
        self.barrier(self.own_pid, implied=True)

    def _keep_own_load(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple) -> None:
        lo, hi = int(addrs.min()), int(addrs.max()) + width
        self._pending_load = None
        if self.own_load_count + addrs.size > OWN_LOAD_LIMIT:
            self.own_loads_lost.append((lo, hi))
            return
        self._pending_load = [addrs, width, where, shape, None, self.label]
        self.own_loads.append(self._pending_load)
        self.own_load_count += addrs.size
        self.own_load_span = (lo, hi) if len(self.own_loads) == 1 else \
            (min(lo, self.own_load_span[0]), max(hi, self.own_load_span[1]))

    def loaded(self, values) -> None:
        """What the load just recorded by `add` returned (the whole block, masked lanes included)."""
        got, self._pending_load = self._pending_load, None
        if got is not None:
            values = np.asarray(values)
            if values.size == np.prod(got[3]):
                got[4] = _bits(values.reshape(got[3]), got[3]).reshape(-1)[got[2]]

    def _own_reload(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, bits: np.ndarray,
                    pid: int) -> None:
        """A store over bytes the same program loaded since its last barrier (or reduction), from another position
        of its block or a block of another shape, with another value than the one loaded: on a GPU the thread that
        loaded it is most likely not the one storing (see _own_load), and nothing orders one thread's load before
        another thread's store, so the load may already see the new value (an in-place shift `x[i] = x[i + 1]`,
        an in-place stencil). A one-element load is made by every thread; one read back by a one-element store
        counts as the same thread's."""
        if self.within is not None:
            return
        lo, hi = int(addrs.min()), int(addrs.max()) + width
        if any(a < hi and b > lo for a, b in self.own_loads_lost):
            self.own_loads_dropped = True
        if not self.own_loads or lo >= self.own_load_span[1] or hi <= self.own_load_span[0]:
            return
        for k in range(self.own_loads_indexed, len(self.own_loads)):  # index the loads not indexed yet
            la, lw = self.own_loads[k][0], self.own_loads[k][1]
            for page in np.unique(np.concatenate([la >> PAGE_SHIFT, (la + np.uint64(lw - 1)) >> PAGE_SHIFT])).tolist():
                self.own_load_pages.setdefault(page, []).append(k)
        self.own_loads_indexed = len(self.own_loads)
        pages = np.unique(np.concatenate([addrs >> PAGE_SHIFT, (addrs + np.uint64(width - 1)) >> PAGE_SHIFT]))
        near = sorted({k for page in pages.tolist() for k in self.own_load_pages.get(page, ())})
        if not near:
            return
        sb = _byte_span(addrs, width)
        order = np.argsort(sb, kind="stable")
        sb, sval, slane = sb[order], _bytes_of(bits, width)[order], np.repeat(where, width)[order]
        single = int(np.prod(shape)) <= 1
        for k in near:
            la, lw, lwhere, lshape, lbits, label = self.own_loads[k]
            if lbits is None:
                continue
            lb = _byte_span(la, lw)
            i = np.minimum(np.searchsorted(sb, lb), sb.size - 1)
            hit = sb[i] == lb
            if not hit.any():
                continue
            if single and int(np.prod(lshape)) <= 1:
                # thread 0 stores over what every thread loaded: only its own load is ordered before the store
                if (hit & (sval[i] != _bytes_of(lbits, lw))).any():
                    self._stale(label, pid, after=True)
                continue
            # a one-element store is thread 0's, which holds position 0 of any block (see _own_load)
            same = (np.repeat(lwhere, lw) == slane[i]) & ((tuple(lshape) == tuple(shape)) | single)
            other = hit & ~same & (sval[i] != _bytes_of(lbits, lw))
            if other.any():
                n = int(np.unique(lb[other] // np.uint64(max(lw, 1))).size)
                self.within = (
                    f"kernel {self.name}: program {_program(pid)} stored other values over {n} element(s) it had "
                    "loaded itself, " + ("from a block of another shape" if tuple(lshape) != tuple(shape) else
                                         "at other positions of its block")
                    + ", with no tl.debug_barrier() (or reduction) between the load and the store: on a GPU another "
                    "of the program's threads made the load, and nothing orders one thread's load before another "
                    "thread's store, so the load may see the new value (write-after-read)")
                return

    def _own_store(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, bits: np.ndarray,
                   pid: int, atomic: str = "") -> None:
        """`atomic`: the op of a block atomic that made this write ("" for a store)."""
        if self.own_count + addrs.size > OWN_LIMIT:
            self.own_dropped = True  # not all of this program's stores are kept: the launch is incomplete
            return
        if self.own and self.within is None and int(addrs.min()) < self.own_span[1] \
                and int(addrs.max()) + width > self.own_span[0]:
            self._own_overwrite(addrs, width, where, shape, bits, pid, atomic)
        self.own_atomic.append(bool(atomic))
        self.own.append((addrs, width, where, shape, self.seq, bits, _site()))
        self.own_count += addrs.size
        lo, hi = int(addrs.min()), int(addrs.max()) + width
        self.own_span = (lo, hi) if len(self.own) == 1 else (min(lo, self.own_span[0]), max(hi, self.own_span[1]))
        if self.own_index is not None:
            # merged into the index kept so far, not rebuilt from every store since the barrier: a program that
            # stores a block at each of 512 steps of a scan would sort all of them again at each one
            self._own_index_add(addrs, width, where, shape, bits, len(self.own) - 1)

    def _own_index_add(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, bits: np.ndarray,
                       k: int) -> None:
        """`_own_bytes`' index with one more store (number `k` of `own`) in it: its bytes win over those kept."""
        assert self.own_index is not None
        self.own_index.add(self._own_columns(addrs, width, where, shape, bits, k))

    def _own_columns(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, bits: np.ndarray,
                     k: int) -> tuple[np.ndarray, ...]:
        """Store number `k` of `own`, byte by byte, as _ByteIndex's columns."""
        sid = self.own_shapes.setdefault(shape, len(self.own_shapes))
        n = addrs.size * width
        return (_byte_span(addrs, width), np.repeat(where, width).astype(np.int64), np.full(n, sid, np.int64),
                _bytes_of(bits, width), np.full(n, int(np.prod(shape)) <= 1, bool), np.full(n, k, np.int64))

    def _own_load(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, pid: int) -> None:
        """A load of bytes the same program stored since its last barrier: a GPU spreads a block's elements over
        the program's threads, element k of a block of a given shape held by the same thread in every block of
        that shape (Triton's blocked layouts: a thread owns contiguous runs of elements, the same runs whatever
        the block's contents, and a load and a store of one pointer shape get one layout). A load that reads,
        at position k of its block, what a store wrote at another position, or from a block of another shape,
        most likely reads another thread's store, which nothing but a barrier orders before it (PTX orders one
        thread's accesses only). The same position of the same shape counts as the same thread, so the two-pass
        kernels that store exp(x - m) and load it back at the same offsets pass, and a scan done in the output
        buffer (a load of the element d places to the left of each one stored) does not.

        Limits: positions are compared, not threads. A thread holding several neighbouring elements (size per
        thread 4) would read some shifted elements itself: still a race for the others, so still reported. Two
        memory operations of one shape can get different layouts (the coalescing pass picks one per pointer's
        contiguity and element type): a same-position read-back is kept (`_same_position`) for the judge to hold
        against the layouts of the compile for the target (sandbox/layouts.py); a block smaller than the CTA, whose elements are held by several
        threads (one stores, all load), counts as held once. A one-element store is made by thread 0, which
        holds position 0 of every block: a load of it at position 0 (or as a scalar) is that thread's. A scalar
        load is made by every thread, though: its value is labelled, and where it read back such a store it is
        a race once the value reaches what every thread does (`spread`: a row statistic stored and loaded back
        to scale the row), not while it only reaches thread 0's own one-element stores (a recurrence that reads
        back its own last scalar output). A reduction or scan across warps, a `tl.dot` and a `tl.join` count as barriers
        (`exchanged`); a reduction within a warp (shuffles, no `bar.sync`) does not. A scalar atomic counts as a
        barrier even where its result is unused and the compiler emits none. Read-after-write is checked here, two stores of one element from different positions in _own_overwrite,
        and a load followed by another thread's store to the same element (write-after-read) in _own_reload."""
        if int(addrs.min()) >= self.own_span[1] or int(addrs.max()) + width <= self.own_span[0]:
            return
        lb = _byte_span(addrs, width)
        lane = np.repeat(where, width)
        hit, pos, shp, _, one, store_of = self._own_bytes().lookup(lb)
        if not hit.any():
            return
        sid = self.own_shapes.get(shape, -1)
        # a one-element store is made by the thread that holds position 0 of any block (Triton predicates it on
        # thread 0), so a load of it at position 0 is that thread's
        other = hit & ((pos != lane) | ((shp != sid) & ~one))
        if self.label and not other.any():  # one element, read back by every thread: thread 0 stored it
            self._stale(self.label, pid, after=False)
        same = hit & ~other & ~one
        if int(np.prod(shape)) > 1 and same.any():
            self._same_position(shape, lane[same], store_of[same])
        if other.any():
            n = int(np.unique(lb[other] // np.uint64(max(width, 1))).size)
            self.within = (
                f"kernel {self.name}: program {_program(pid)} loaded {n} element(s) that it had stored itself "
                + ("from a block of another shape" if (shp[other] != sid).any() else "at other positions of its block")
                + " with no tl.debug_barrier() between the store and the load: on a GPU another thread of the "
                "program stored them, and nothing orders one thread's store before another thread's load without "
                "a barrier")

    def _same_position(self, shape: tuple, positions: np.ndarray, stores: np.ndarray) -> None:
        """A block read back, at the same positions, what a block of its shape stored since the last barrier:
        taken as each thread's own here, which holds where the compiler gives the store and the load one
        layout. The judge holds these against the layouts of the compile for the target (sandbox/layouts.py)."""
        load = _site()
        for k in np.unique(stores).tolist():
            store = self.own[k][6]
            if not store or not load:
                continue
            key = (store, load, tuple(int(d) for d in shape))
            if key not in self.same_position and len(self.same_position) >= SAME_POSITION_KEYS:
                self.same_dropped = True  # not all can be checked: the launch's race check is incomplete
                return
            kept = self.same_position.setdefault(key, set())
            if len(kept) < SAME_POSITIONS_KEPT:
                kept.update(np.unique(positions[stores == k])[: SAME_POSITIONS_KEPT - len(kept)].tolist())

    def take_label(self) -> int:
        """The label of the load `add` just recorded (0 for a block load): watch.py gives it to the loaded value."""
        label, self.label = self.label, 0
        return label

    def _stale(self, label: int, pid: int, after: bool) -> None:
        if not label:
            return
        self.stale |= label
        if after:
            self.stale_after |= label
        if label & self.spread_labels and self.within is None:
            self.within = self._stale_message(pid, after)

    def spread(self, labels: int) -> None:
        """A value computed from the one-element loads `labels` reached work that every thread of the program does
        with its own copy of it: a block (a splat, a block's mask or addresses), an address, a branch or a loop's
        bounds. Only thread 0's copy is sure where such a load read back a store of thread 0, or where thread 0
        stored over the element after it; a one-element store (thread 0's) of such a value is that thread's work
        alone, so a recurrence that reads back its own last scalar output passes."""
        if labels & self.stale and self.within is None:
            self.within = self._stale_message(self.own_pid, after=bool(labels & self.stale & self.stale_after))
        self.spread_labels |= labels

    def _stale_message(self, pid: int, after: bool) -> str:
        how = ("stored over an element it had loaded itself as one value (every thread of the program makes such a "
               "load; thread 0 alone makes a one-element store), after that value had reached work that all its "
               "threads do (a block, an address, a branch or a loop bound), with no tl.debug_barrier() between the "
               "load and the store: on a GPU another thread may load it after the store and see the new value"
               if after else
               "loaded back as one value an element it had stored itself (thread 0 alone makes a one-element store; "
               "every thread makes a one-element load), with no tl.debug_barrier() between the store and the load, "
               "and the value reached work that all its threads do (a block, an address, a branch or a loop bound): "
               "on a GPU the other threads may load it before thread 0's store and compute with the old value")
        return f"kernel {self.name}: program {_program(pid)} {how}"

    def _own_bytes(self) -> _ByteIndex:
        """The program's stores since its last barrier, by byte (the last store of each byte): its address, the
        position in its block and the block's shape (an id) that stored it, the byte's value, whether that
        block had one element, and the store's number in `own`."""
        if self.own_index is None:  # every store since the barrier, in the order made: one run
            stores = [self._own_columns(a, w, where, shape, bits, k)
                      for k, (a, w, where, shape, _, bits, _) in enumerate(self.own)]
            self.own_index = _ByteIndex()
            self.own_index.add(tuple(np.concatenate(col) for col in zip(*stores)))
        return self.own_index

    def _own_overwrite(self, addrs: np.ndarray, width: int, where: np.ndarray, shape: tuple, bits: np.ndarray,
                       pid: int, atomic: str = "") -> None:
        """A store over bytes the same program stored since its last barrier, with other values, from another
        position of its block or a block of another shape: on a GPU another thread made the first store, and
        nothing orders two threads' stores without a barrier, so either value may be the one that stays (the
        interpreter keeps the second). The same position of the same shape is the same thread (see _own_load); a
        one-element block is stored by the thread that holds position 0 of any block. A block atomic over what
        an atomic wrote is ordered (each element's atomics are); over a plain store it is not, and one that
        combines (an add) changes the value whatever its operand."""
        lb = _byte_span(addrs, width)
        hit, pos, shp, val, one, store_of = self._own_bytes().lookup(lb)
        if not hit.any():
            return
        lane = np.repeat(where, width)
        sid = self.own_shapes.get(shape, -1)
        single = int(np.prod(shape)) <= 1
        same = (pos == lane) & ((shp == sid) | one | single)
        changed = (val != _bytes_of(bits, width)) if atomic in ("", *SETTING) else np.ones(lb.size, bool)
        other = hit & ~same & changed
        if atomic:
            other &= ~np.asarray(self.own_atomic, bool)[store_of]
        if other.any():
            n = int(np.unique(lb[other] // np.uint64(max(width, 1))).size)
            self.within = (
                f"kernel {self.name}: program {_program(pid)} stored other values over {n} element(s) it had "
                "stored itself, " + ("from a block of another shape" if (shp[other] != sid).any() else
                                     "at other positions of its block")
                + ", with no tl.debug_barrier() between the two stores: on a GPU two of the program's threads make "
                "them, and nothing orders two threads' stores without a barrier, so which value stays is not "
                "defined")

    # -- programmatic dependent launch ---------------------------------------------------------------------------
    def after(self, prior: "list[LaunchAccesses]") -> None:
        """This launch was made with `launch_pdl=True` while the launches in `prior` may still run on a GPU (the
        one before it, and those that one could start before its own gdc_wait: ForwardWatch.pdl_window)."""
        self.pdl, self.prior = True, list(prior)

    def gdc_wait(self, pid: int) -> None:
        """`tl.extra.cuda.gdc_wait()` in program `pid`: from here on it sees everything the launches before it
        wrote (they have all finished)."""
        self.waited.add(pid)
        self.programs.add(pid)

    def gdc_launch_dependents(self, pid: int) -> None:
        """`tl.extra.cuda.gdc_launch_dependents()` in program `pid`: the next launch may start once every
        program has called it (or ended); before this program's gdc_wait(), that is before the launches before
        this one have finished."""
        self.programs.add(pid)
        if pid not in self.waited:
            self.triggered_early = True

    def lets_earlier_run_on(self) -> bool:
        """Whether the launch after this one may start while the launches before this one still run: some
        program signalled (gdc_launch_dependents, or its end) before waiting for them (gdc_wait)."""
        return self.pdl and (self.triggered_early or bool(self.programs - self.waited))

    @classmethod
    def torch_write(cls, name: str, lo: int, hi: int) -> "LaunchAccesses":
        """A torch op in forward that wrote bytes [lo, hi) (a fill, a copy): a launch of its own on a GPU."""
        op = cls(f"torch.{name}")
        op.intervals.append((lo, hi))
        return op

    def _before_gdc_wait(self, kind: str, addrs: np.ndarray, width: int, pid: int) -> None:
        """An access of a PDL launch's program before its gdc_wait(): on a GPU the launch before may still be
        running then (it may start as soon as that launch's programs call gdc_launch_dependents, or end), so a
        load of what it stores, or a store over what it loads or stores, races with it."""
        if not self.prior:
            return
        if any(p.too_many or (p.reads_dropped or p.dropped_pages) and kind == "write" for p in self.prior):
            if self.pdl_unchecked is None:
                self.pdl_unchecked = (f"kernel {self.name} is launched with launch_pdl=True and accesses memory before "
                                      "gdc_wait(), after launches whose accesses were not all kept")
            return
        if self._prior_bytes is None:
            self._prior_bytes = [_accessed_bytes(p) for p in self.prior]
        mine = _byte_span(addrs, width)
        for prior, (written, read, intervals) in zip(self.prior, self._prior_bytes):
            met = (np.isin(mine, written).any() or kind == "write" and np.isin(mine, read).any()
                   or any(((mine >= np.uint64(lo)) & (mine < np.uint64(hi))).any() for lo, hi in intervals))
            if not met:
                continue
            what = ("loads what" if kind == "read" else "stores over memory that") + f" {prior.name}"
            self.pdl_race = (
                f"kernel {self.name} is launched with launch_pdl=True, and program {_program(pid)} {what}, a "
                f"launch before it, {'stores' if kind == 'read' else 'accesses'}, before calling "
                "tl.extra.cuda.gdc_wait(): with programmatic dependent launch it may start while that launch still "
                "runs (the launch before it, and any that one let run on by signalling before its own gdc_wait), "
                "and only gdc_wait() waits for them and makes their stores visible")
            return

    def readback(self, site: str, back: int, window: int, pid: int, n: int) -> None:
        """A load of what program `pid` stored `back` iterations before in the loop it runs (pipelining.access)."""
        if site not in self.readbacks and len(self.readbacks) < 16:
            self.readbacks[site] = (back, window, pid, n)

    def pipelined_load(self, found: str) -> None:
        """A load that a software-pipelined loop issues before a store of the same program it reads
        (sandbox/pipelining.py), found when the loop ended."""
        if self.pipelined is None:
            self.pipelined = found

    # -- atomics -----------------------------------------------------------------------------------------------
    def atomic(self, addrs: np.ndarray, pid: int, op: str | None = None, cmp=None, val=None, old=None,
               size: int | None = None, release: bool = True, acquire: bool = True, lanes: int = 0,
               where: np.ndarray | None = None, shape: tuple = (), waits: tuple[bool, bool] = (False, False),
               broadcast: bool = True) -> None:
        """An atomic access by program `pid` to `addrs` (the unmasked lanes). With `op` ("cas", "xchg", "add",
        ..., "load", "store", "poll"), the operands `cmp` and `val` and the values it returned `old` (one per
        lane, or a scalar for all), its locks are followed, what it wrote is a write and what it read a read;
        without, it counts as a flag access only. `release`/`acquire`: its memory semantics at a scope wider
        than one program (acq_rel at gpu scope, Triton's default, is both; relaxed, or any at cta scope,
        neither): only a release after a store and an acquire before a load order the two. `lanes`: the size of
        its block; an atomic on a scalar (1) is a barrier for the program's threads where Triton puts a bar.sync
        with it: to hand its result to them through shared memory (`broadcast`: the watch takes it so unless the
        judge found none in the compile, as where the result is unused), or for its semantics (`waits`). A block
        atomic's write is one of the program's stores for the
        same-program checks, made by the thread that holds its position (`where`: the unmasked lanes' positions
        in a block of `shape`); `waits`: whether Triton puts a bar.sync before it (its semantics release, at any
        scope) and after it (acquire): a relaxed block atomic read back by other threads is a race, an acq_rel
        one is not."""
        self.atomics = True
        self.programs.add(pid)
        block = lanes > 1 and where is not None and len(shape) > 0
        if block:
            self._enter(pid)
            if waits[0]:
                self.barrier(pid, implied=True)
        if self.pdl and pid not in self.waited and self.pdl_race is None and addrs.size:
            # an atomic reads and writes: held against what the launches that may still run store and load
            self._before_gdc_wait("write", addrs.reshape(-1).astype(np.uint64, copy=False), max(int(size or 4), 1),
                                  pid)
        if self.too_many or addrs.size == 0:
            return
        self.seq += 1
        if lanes == 1 and pid == self.own_pid and (broadcast or waits[0] or waits[1]):
            self.barrier(pid, implied=True)
        addrs = addrs.reshape(-1).astype(np.uint64, copy=False)
        self.atomic_events.setdefault(pid, []).append((self.seq, np.unique(addrs), release, acquire))
        self._events.pop(pid, None)
        sec = self._section(pid)
        if op is not None and size and op != "store" and not self.reads_dropped:
            self.count += addrs.size
            self.reads.append((addrs, pid, self.seq, int(size), sec, True))
        if op not in WRITING or val is None or op == "cas" and (cmp is None or old is None):
            if block and waits[1]:
                self.barrier(pid, implied=True)
            return
        if pipelining.STACK and self.pipelined is None and size:  # an atomic write is a store a later load reads
            pipelining.access(self, "write", addrs, int(size), pid)
        n = addrs.size
        v = _lane_bits(val, n)
        if op == "cas":
            c, o = _lane_bits(cmp, n), _lane_bits(old, n)
            wrote = o == c
            new = v
        else:
            c, new = v, v
            wrote = v != 0 if op in NEUTRAL_ZERO else np.ones(n, bool)
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
                if size:  # a put after all where the section turns out to protect nothing (never given back)
                    self._note_stored(addrs[k:k + 1], int(size))
                    self.lock_puts.append((held[lock], (addrs[k:k + 1], pid, new[k:k + 1], self.seq, int(size), sec,
                                                        np.ones(1, bool), SET)))
        put = wrote & ~lock_lanes
        if put.any():
            self.atomic_writes.append((pid, self.seq))
            if size:
                self.stored += int(put.sum())
                self._note_stored(addrs[put], int(size))
                kind = SET if op in SETTING else 2 + COMBINING.index(KIND_OF[op])
                self.atomic_puts.append((addrs[put], pid, new[put], self.seq, int(size), sec,
                                         np.ones(int(put.sum()), bool), kind))
        if block and size and put.any() and where is not None and where.size == n:
            width = int(size)
            if self.own_loads or self.own_loads_lost:
                self._own_reload(addrs[put], width, where[put], shape, new[put], pid)
            self._own_store(addrs[put], width, where[put], shape, new[put], pid, atomic=op or "atomic")
        if block and waits[1]:
            self.barrier(pid, implied=True)

    def _program_events(self, pid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """A program's atomic accesses, one row per address: sequence, address, release, acquire."""
        got = self._events.get(pid)
        if got is None:
            ev = self.atomic_events.get(pid, [])
            n = [a.size for _, a, _, _ in ev]
            got = (np.repeat(np.array([q for q, *_ in ev], np.int64), n),
                   np.concatenate([a for _, a, _, _ in ev]) if ev else np.zeros(0, np.uint64),
                   np.repeat(np.array([r for *_, r, _ in ev], bool), n),
                   np.repeat(np.array([q for *_, q in ev], bool), n))
            self._events[pid] = got
        return got

    def _ordered(self, first: int, first_seq: int, second: int, second_seq: int) -> bool:
        """Whether an atomic could order one program's access (`first`, at `first_seq`) before another program's
        later one (`second`, at `second_seq`): the first made a release atomic at or after its access (an
        atomic access is its own release) to an element the second made an acquire atomic to before its access,
        the release coming first (a flag released and acquired)."""
        if first_seq > second_seq:
            return False
        q1, a1, r1, _ = self._program_events(first)
        q2, a2, _, c2 = self._program_events(second)
        rel = (q1 >= first_seq) & r1
        acq = (q2 < second_seq) & c2
        if not rel.any() or not acq.any():
            return False
        ra, rq, aa, aq = a1[rel], q1[rel], a2[acq], q2[acq]
        order = np.lexsort((rq, ra))  # the first release of each address
        ra, rq = ra[order], rq[order]
        keep = np.r_[True, ra[1:] != ra[:-1]]
        ra, rq = ra[keep], rq[keep]
        i = np.minimum(np.searchsorted(ra, aa), ra.size - 1)
        return bool(((ra[i] == aa) & (rq[i] < aq)).any())

    def _locks(self) -> np.ndarray:
        """Per section, the address of its lock where it protects (released by its program), else 0; one more
        entry, 0, for accesses outside any section (section -1)."""
        return np.array([s.lock if s.released > 0 else 0 for s in self.sections] + [0], dtype=np.uint64)

    def incomplete(self) -> str | None:
        """Why the race check could not look at all of this launch's accesses (past LIMIT or STORE_LIMIT), where
        it stored anything at all; None where it saw them all."""
        if self.too_many:
            return f"kernel {self.name} stored more than {STORE_LIMIT:,} elements in one launch"
        if self.reads_dropped and (self.writes or self.atomic_puts):
            return (f"kernel {self.name} loaded more than {KEPT_LIMIT:,} elements of memory its launch also stores to"
                    f", past {LIMIT:,} loads in all")
        if self.unkept_stored:
            return (f"kernel {self.name} stored to memory it had loaded earlier in the launch, past {LIMIT:,} loads "
                    "(those loads were no longer kept)")
        if self.own_dropped:
            return (f"kernel {self.name} stored more than {OWN_LIMIT:,} elements in one program between two "
                    "barriers")
        if self.own_loads_dropped:
            return (f"kernel {self.name} loaded more than {OWN_LOAD_LIMIT:,} elements in one program between two "
                    "barriers, and stored over them")
        if self.same_dropped:
            return (f"kernel {self.name} read back what it stored at more than {SAME_POSITION_KEYS} pairs of lines and "
                    "block shapes, which the check of the compile's layouts holds at most")
        return self.pdl_unchecked

    def find(self) -> str | None:
        """A sentence naming the first race, or None."""
        if self.pdl_race:
            return self.pdl_race
        if self.lanes:
            return self.lanes
        if self.within:
            return self.within
        if self.pipelined:
            return self.pipelined
        puts = self.atomic_puts + [put for sec, put in self.lock_puts if self.sections[sec].released <= 0]
        if self.too_many or not (self.writes or puts):
            return None
        locks = self._locks()
        w = _Stores(self.writes, locks) if self.writes else None
        aw = _Stores(puts, locks) if puts else None

        # plain stores of different values to the same bytes by two programs, outside one lock's accumulation
        clash = (w.lo_pid != w.hi_pid) & w.differ & ~w.accumulated if w is not None else np.zeros(0, bool)
        if clash.any():
            assert w is not None
            k = int(np.flatnonzero(clash)[0])
            return (f"kernel {self.name}: programs {_program(int(w.lo_pid[k]))} and {_program(int(w.hi_pid[k]))} "
                    f"both stored different values to the same element ({int(clash.sum())} such element(s)) in one "
                    "launch" + (", not as a read-modify-write inside critical sections of one lock"
                                if any(s.released > 0 for s in self.sections) else ""))
        if aw is not None and (found := self._atomic_order(aw)):
            return found

        # loads of another program's store (plain loads of plain and atomic stores, atomics' reads of plain
        # stores), and plain stores to what another program's atomic writes
        tainted: dict[int, tuple[int, int]] = {}  # program -> (sequence, section) of its first lock-ordered load
        for raddr, rpid, rseq, rsize, rsec, by_atomic in self.reads:
            for index in (w, None if by_atomic else aw):
                if index is None:
                    continue
                found = self._meets(index, locks, raddr, rpid, rseq, rsize, rsec, tainted,
                                    "an atomic" if by_atomic else "", index is aw)
                if found:
                    return found
        if aw is not None:
            for waddr, wpid, _, wseq, wsize, _, _ in self.writes:
                found = self._meets(aw, locks, waddr, wpid, wseq, wsize, -1, None, "", True)
                if found:
                    return found
        return self._leaks(w, tainted) if tainted else None

    def _meets(self, w: _Stores, locks: np.ndarray, raddr: np.ndarray, rpid: int, rseq: int, rsize: int,
               rsec: int, tainted: dict[int, tuple[int, int]] | None, how: str, atomic_store: bool) -> str | None:
        """An access (a load, or with `tainted` None a plain store) by program `rpid` against the writes of index
        `w` by other programs: a race unless a lock or an atomic orders them. Loads ordered only by a lock are
        noted in `tainted`."""
        lo = np.searchsorted(w.gend, raddr, side="right")  # the first group ending after the access's start
        hi = np.searchsorted(w.gstart, raddr + np.uint64(rsize), side="left")  # ... and past its last byte
        lanes, groups = [], []
        for step in range(rsize):  # groups do not overlap: an access of n bytes meets at most n of them
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
            return None
        nlanes = int(np.unique(np.concatenate(lanes)).size)
        # the last write to those bytes by another program than the accessing one
        last = np.where(w.pid[w.glast[met]] != rpid, w.glast[met], w.gprev[met])
        if tainted is not None:
            rlock = locks[rsec]
            by_lock = (w.lock[last] == rlock) & (rlock != 0)
            if by_lock.any() and rpid not in tainted:
                tainted[rpid] = (rseq, rsec)
            last = last[~by_lock]
        for j in last[:256]:
            writer, store_seq = int(w.pid[j]), int(w.seq[j])
            if self.atomics and (self._ordered(writer, store_seq, rpid, rseq)
                                 or self._ordered(rpid, rseq, writer, store_seq)):
                continue
            stored = "wrote with an atomic" if atomic_store else "stored"
            if tainted is None:
                return (f"kernel {self.name}: program {_program(rpid)} stored {nlanes} element(s) that program "
                        f"{_program(writer)} {stored} in the same launch, with no atomic between the two that could "
                        "order them: which lands last is not set on a GPU")
            return (f"kernel {self.name}: program {_program(rpid)} loaded {nlanes} element(s)"
                    + (f" with {how}" if how else "") + f" that program {_program(writer)} {stored} in the same "
                    "launch" + (", with no atomic between the store and the load that could order them"
                                if self.atomics else ""))
        return None

    def _atomic_order(self, aw: _Stores) -> str | None:
        """Atomic writes of two programs to the same bytes whose result depends on their order: combines of one
        kind commute (add with add, max with max, ...), puts (xchg, cas, atomic store) only with puts of the same
        value, nothing else does. Such writes are fine when every program's last write there puts one same value
        (a lock or flag given back), or when an atomic orders each pair (a ticket: the program that drew the last
        one resets the counter)."""
        first = np.flatnonzero(np.r_[True, aw.start[1:] != aw.start[:-1]])
        kind_lo, kind_hi = np.minimum.reduceat(aw.kind, first), np.maximum.reduceat(aw.kind, first)
        mixed = (aw.lo_pid != aw.hi_pid) & ((kind_lo != kind_hi) | ((kind_lo == SET) & aw.differ))
        ends = np.r_[first[1:], aw.start.size]
        for g in np.flatnonzero(mixed)[:4096]:
            s, e = int(first[g]), int(ends[g])
            pid, kind, bits, seq = aw.pid[s:e], aw.kind[s:e], aw.bits[s:e], aw.seq[s:e]
            # every program's last write there a put of one value: the memory ends with it whatever the order
            last_of = {int(p): k for k, p in enumerate(pid)}
            lasts = np.fromiter(last_of.values(), np.int64)
            if (kind[lasts] == SET).all() and np.unique(bits[lasts]).size == 1:
                continue
            for j in range(1, e - s):
                clash = (pid[:j] != pid[j]) & ((kind[:j] != kind[j]) | ((kind[j] == SET) & (bits[:j] != bits[j])))
                # per other program its latest such write: if that one is ordered before, so are its earlier ones
                seen: set[int] = set()
                for i in np.flatnonzero(clash)[::-1]:
                    q = int(pid[i])
                    if q in seen:
                        continue
                    seen.add(q)
                    if not self._ordered(q, int(seq[i]), int(pid[j]), int(seq[j])):
                        return (f"kernel {self.name}: programs {_program(q)} and {_program(int(pid[j]))} wrote the "
                                "same element with atomics whose result depends on their order ("
                                + " and ".join(sorted({_kind_name(int(kind[i])), _kind_name(int(kind[j]))}))
                                + "), with nothing that orders them: which lands last is not set on a GPU")
        return None

    def _leaks(self, w: _Stores | None, tainted: dict[int, tuple[int, int]]) -> str | None:
        """After a load ordered only by a lock, what the program read depends on the order in which programs
        took the lock: it may flow only into the lock's accumulation (its section's read-modify-writes of
        bytes other programs store too), not into any other store or atomic."""
        tp = np.array(sorted(tainted), dtype=np.int64)
        tseq = np.array([tainted[p][0] for p in tp], dtype=np.int64)
        tsec = np.array([tainted[p][1] for p in tp], dtype=np.int64)
        if w is not None:
            i = np.minimum(np.searchsorted(tp, w.pid), tp.size - 1)
            after = (tp[i] == w.pid) & (w.seq > tseq[i])
            shared = (w.lo_pid != w.hi_pid)[w.group]
            leak = after & ~((w.sec == tsec[i]) & w.rmw & shared)
        if w is not None and leak.any():
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


def _kind_name(kind: int) -> str:
    return "a put (xchg, cas, atomic store)" if kind == SET else f"atomic_{COMBINING[kind - 2]}"


class _Stores:
    """A launch's plain stores (or its atomic writes, with their kinds), one entry per element (per byte where
    stores of different widths or starts overlap), sorted by address and then by sequence, in groups of entries
    with the same byte range; groups do not overlap each other."""

    def __init__(self, writes, locks: np.ndarray):
        start = np.concatenate([a for a, *_ in writes])
        # each write's scalars, one per element it wrote (np.repeat of the per-write values: one call, not one
        # array per write, which took seconds for a launch of thousands of programs)
        n = np.fromiter((w[0].size for w in writes), np.int64, len(writes))
        size = np.repeat(np.fromiter((w[4] for w in writes), np.int64, len(writes)), n)
        pid = np.repeat(np.fromiter((w[1] for w in writes), np.int64, len(writes)), n)
        bits = np.concatenate([b for _, _, b, *_ in writes])
        seq = np.repeat(np.fromiter((w[3] for w in writes), np.int64, len(writes)), n)
        sec = np.repeat(np.fromiter((w[5] for w in writes), np.int64, len(writes)), n)
        rmw = np.concatenate([w[6] for w in writes])
        kind = np.repeat(np.fromiter((w[7] if len(w) > 7 else PLAIN for w in writes), np.int64, len(writes)), n)
        cols = [start, size, pid, bits, seq, sec, rmw, kind]
        order = np.lexsort((seq, start))
        start, size, pid, bits, seq, sec, rmw, kind = cols = [c[order] for c in cols]
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
                     np.repeat(rmw[split], n), np.repeat(kind[split], n)]
            cols = [np.concatenate([a, b]) for a, b in zip(keep, parts)]
            order = np.lexsort((cols[4], cols[0]))
            start, size, pid, bits, seq, sec, rmw, kind = [c[order] for c in cols]
        self.start, self.pid, self.bits, self.seq, self.sec, self.rmw = start, pid, bits, seq, sec, rmw
        self.kind = kind
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
