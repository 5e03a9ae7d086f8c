"""Cross-program data races in one interpreted Triton launch.

On a GPU the programs of a launch run concurrently, in no set order, and nothing orders one program's plain
loads and stores against another's. The Triton interpreter runs them one after another, so a kernel whose
programs read-modify-write a shared output (`tl.store(y, tl.load(y) + part)` from several programs, where
`tl.atomic_add` was needed) computes the right answer on the CPU and loses updates on the GPU. The judge
records, per program, every element address a launch loads and stores, and afterwards looks for an address
that one program stores to and another loads or stores. In a launch that uses atomics only the stores are
checked: atomics are how programs legitimately coordinate (split-K, "last program finishes" counters, flags a
later program waits on), so a load of another program's store may be ordered by them, and that happens-before
order cannot be read off addresses. Such a load counts as ordered when the reading program made an atomic
access, before the load, to an element the storing program made one to after its store (a flag released and
acquired); a load that no atomic could have ordered (a carry read from the previous block with the atomics
after it) is a race. A spin that waits for the flag and a single read of it look the same when the programs
run one after another, so this is a floor, not a proof. But two programs' plain stores of different values to one element are a
race whatever the atomics do (a read-modify-write by several programs loses updates). The stores atomics make
themselves are not plain stores and are not recorded. Several programs storing the same value to one address
is benign and not reported; lanes of one store that put different values in one element are reported (which
lane wins is not defined on a GPU; the interpreter keeps the last). Past LIMIT recorded elements the loads are dropped and the stores still checked,
so loads that do nothing cannot push a launch out of the check; past STORE_LIMIT stores the launch is not
checked.
"""

from __future__ import annotations

import numpy as np

# elements recorded per launch (kept in memory until the launch ends): past LIMIT loads are no longer kept,
# past STORE_LIMIT stores are not either and the launch is not checked
LIMIT = 8_000_000
STORE_LIMIT = 16_000_000


def program_id(grid_idx) -> int:
    x, y, z = grid_idx
    return int(x) | (int(y) << 21) | (int(z) << 42)


def _program(pid: int) -> tuple[int, int, int]:
    return pid & 0x1FFFFF, (pid >> 21) & 0x1FFFFF, pid >> 42


def _bits(values: np.ndarray, shape) -> np.ndarray:
    """Each stored element's bit pattern as uint64, so equal values compare equal whatever their dtype."""
    v = np.ascontiguousarray(np.broadcast_to(values, shape))
    return v.view(f"u{v.itemsize}").astype(np.uint64) if v.itemsize in (1, 2, 4, 8) else np.zeros(shape, np.uint64)


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


class LaunchAccesses:
    def __init__(self, name: str):
        self.name = name
        self.reads: list[tuple[np.ndarray, int, int]] = []  # addresses, program, sequence number
        self.writes: list[tuple[np.ndarray, int, np.ndarray, int]] = []  # ... and the stored bit patterns
        self.atomic_events: dict[int, list[tuple[int, np.ndarray]]] = {}  # program -> (sequence, addresses)
        self.seq = 0
        self.count = 0
        self.stored = 0
        self.atomics = False
        self.reads_dropped = False
        self.lanes: str | None = None  # lanes of one store that put different values in one element
        self.too_many = False

    def add(self, kind: str, addrs: np.ndarray, pid: int, values=None, mask=None) -> None:
        """`addrs`: the element addresses of the unmasked lanes; `values`/`mask` as given to the store."""
        if self.too_many or addrs.size == 0:
            return
        self.seq += 1
        self.count += addrs.size
        if self.count > LIMIT and not self.reads_dropped:
            self.reads_dropped, self.reads = True, []
        if kind == "read":
            if not self.reads_dropped:
                self.reads.append((addrs, pid, self.seq))
        else:
            self.stored += addrs.size
            if self.stored > STORE_LIMIT:
                self.too_many, self.reads, self.writes = True, [], []
                return
            bits = _bits(values, mask.shape if mask is not None else addrs.shape)
            bits = bits[mask] if mask is not None else bits.reshape(-1)
            if self.lanes is None:
                self.lanes = _lane_clash(addrs, bits, pid, self.name)
            self.writes.append((addrs, pid, bits, self.seq))

    def atomic(self, addrs: np.ndarray, pid: int) -> None:
        """An atomic access by program `pid` to `addrs` (the unmasked lanes)."""
        self.atomics = True
        if self.too_many or addrs.size == 0:
            return
        self.seq += 1
        self.atomic_events.setdefault(pid, []).append((self.seq, np.unique(addrs)))

    def _ordered(self, writer: int, store_seq: int, reader: int, load_seq: int) -> bool:
        """Whether an atomic could order the writer's store before the reader's load: the reader touched
        atomically, before its load, an element the writer touched atomically after its store."""
        before = [a for q, a in self.atomic_events.get(reader, []) if q < load_seq]
        after = [a for q, a in self.atomic_events.get(writer, []) if q > store_seq]
        if not before or not after:
            return False
        return bool(np.intersect1d(np.concatenate(before), np.concatenate(after)).size)

    def find(self) -> str | None:
        """A sentence naming the first race, or None."""
        if self.lanes:
            return self.lanes
        if self.too_many or not self.writes:
            return None
        waddr = np.concatenate([a for a, _, _, _ in self.writes])
        wpid = np.concatenate([np.full(a.size, p, np.int64) for a, p, _, _ in self.writes])
        wval = np.concatenate([v for _, _, v, _ in self.writes])
        wseq = np.concatenate([np.full(a.size, q, np.int64) for a, _, _, q in self.writes])
        order = np.lexsort((wpid, waddr))
        waddr, wpid, wval, wseq = waddr[order], wpid[order], wval[order], wseq[order]
        first = np.flatnonzero(np.r_[True, waddr[1:] != waddr[:-1]])
        last = np.r_[first[1:] - 1, waddr.size - 1]
        addr, lo_pid, hi_pid = waddr[first], wpid[first], wpid[last]
        differ = np.minimum.reduceat(wval, first) != np.maximum.reduceat(wval, first)
        clash = (lo_pid != hi_pid) & differ
        if clash.any():
            k = int(np.flatnonzero(clash)[0])
            return (f"kernel {self.name}: programs {_program(int(lo_pid[k]))} and {_program(int(hi_pid[k]))} both "
                    f"stored different values to the same element ({int(clash.sum())} such element(s)) in one launch")
        for raddr, rpid, rseq in self.reads:
            pos = np.minimum(np.searchsorted(addr, raddr), addr.size - 1)
            hit = (addr[pos] == raddr) & ((lo_pid[pos] != rpid) | (hi_pid[pos] != rpid))
            for k in pos[np.flatnonzero(hit)][:256]:
                g = slice(int(first[k]), int(last[k]) + 1)  # every store to that element, by program
                others = [(int(p), int(q)) for p, q in zip(wpid[g], wseq[g]) if p != rpid]
                writer, store_seq = others[-1]
                if self.atomics and self._ordered(writer, store_seq, rpid, rseq):
                    continue
                return (f"kernel {self.name}: program {_program(rpid)} loaded {int(hit.sum())} element(s) that "
                        f"program {_program(writer)} stored in the same launch"
                        + (", with no atomic between the store and the load that could order them"
                           if self.atomics else ""))
        return None
