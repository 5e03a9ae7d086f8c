"""The cross-program race check of interpreted launches (sandbox/races.py): what it reports, and the legitimate
patterns it must leave alone. End to end, tests/adversarial/cases/wrongdata__cross_program_race.py is
rejected and the same kernel with tl.atomic_add passes (test_an_atomic_reduction_is_not_a_race); the
wrongdata__race_*.py cases there are the byte-range and lock tricks below, as kernels."""

import textwrap
from pathlib import Path

import numpy as np

from kernelpilot.sandbox import races
from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.tasks.loader import load_task

CASE = Path(__file__).resolve().parents[1] / "adversarial/cases/wrongdata__cross_program_race.py"


def a(*addrs):
    return np.array(addrs, dtype=np.uint64)


def v(*values):
    return np.array(values, dtype=np.float32)


def pid(x, y=0, z=0):
    return races.program_id((x, y, z))


def test_a_load_of_what_another_program_stores_is_a_race():
    launch = races.LaunchAccesses("stencil")
    launch.add("write", a(0, 4), pid(0), v(1, 2))
    launch.add("read", a(4, 8), pid(1))  # program 1 reads element 4, which program 0 writes
    found = launch.find()
    assert found and "stencil" in found and "program (1, 0, 0) loaded 1 element(s)" in found and "(0, 0, 0)" in found


def test_different_values_stored_to_one_element_by_two_programs_is_a_race():
    launch = races.LaunchAccesses("k")
    launch.add("write", a(0, 4), pid(0, 1), v(1, 2))
    launch.add("write", a(4, 8), pid(0, 2), v(3, 4))
    assert "stored different values" in launch.find()


def test_legitimate_patterns_are_left_alone():
    own = races.LaunchAccesses("in_place")  # a program reading and writing only its own elements
    own.add("read", a(0, 4), pid(0))
    own.add("write", a(0, 4), pid(0), v(1, 2))
    own.add("read", a(8, 12), pid(1))
    own.add("write", a(8, 12), pid(1), v(3, 4))
    assert own.find() is None
    same = races.LaunchAccesses("broadcast")  # several programs storing the same value: benign
    same.add("write", a(0,), pid(0), v(7))
    same.add("write", a(0,), pid(1), v(7))
    assert same.find() is None
    shared_input = races.LaunchAccesses("gemv")  # every program reading one input nobody writes
    shared_input.add("read", a(0, 4, 8), pid(0))
    shared_input.add("read", a(0, 4, 8), pid(1))
    shared_input.add("write", a(100,), pid(0), v(1))
    shared_input.add("write", a(104,), pid(1), v(2))
    assert shared_input.find() is None
    coordinated = races.LaunchAccesses("look_back")  # a flag released after the store, acquired before the load
    coordinated.add("write", a(0,), pid(0), v(1))
    coordinated.atomic(a(200,), pid(0))
    coordinated.atomic(a(200,), pid(1))
    coordinated.add("read", a(0,), pid(1))
    assert coordinated.find() is None


def test_past_the_limit_loads_are_kept_by_page_and_stores_still_checked(monkeypatch):
    """Loads that do nothing cannot push a launch out of the check: past LIMIT a load is kept only where it
    touches a page stored to already (so a load of another program's store is still a race), two programs'
    stores of different values to one element are still found, and past STORE_LIMIT nothing is."""
    monkeypatch.setattr(races, "LIMIT", 3)
    launch = races.LaunchAccesses("big")
    launch.add("write", a(0, 4), pid(0), v(1, 2))
    launch.add("read", a(0, 4), pid(1))
    assert launch.paged and launch.reads and "loaded" in (launch.find() or "")  # the stored page's load: kept
    launch.add("read", a(1 << 20, (1 << 20) + 4), pid(1))  # memory no one stored to: dropped, its page noted
    assert len(launch.reads) == 1 and launch.dropped_pages and launch.incomplete() is None
    launch.add("write", a(0, 4), pid(1), v(3, 4))
    assert "stored different values" in launch.find()
    monkeypatch.setattr(races, "STORE_LIMIT", 5)
    launch.add("write", a(8, 12), pid(2), v(5, 6))
    assert launch.too_many and launch.find() is None


def test_with_atomics_a_load_counts_as_ordered_only_by_an_atomic_between_store_and_load():
    unordered = races.LaunchAccesses("carry")  # the atomics come after the load: nothing orders the two
    unordered.add("write", a(0, 4), pid(0), v(1, 2))
    unordered.atomic(a(200,), pid(0))
    unordered.add("read", a(0, 4), pid(1))
    unordered.atomic(a(200,), pid(1))
    assert "no atomic between the store and the load" in unordered.find()
    elsewhere = races.LaunchAccesses("k")  # atomics on elements the other program never touched atomically
    elsewhere.add("write", a(0,), pid(0), v(1))
    elsewhere.atomic(a(200,), pid(0))
    elsewhere.atomic(a(300,), pid(1))
    elsewhere.add("read", a(0,), pid(1))
    assert elsewhere.find() is not None
    stores = races.LaunchAccesses("k")  # plain stores of different values to one element: a race, atomics or not
    stores.atomic(a(200,), pid(0))
    stores.add("write", a(0, 4), pid(0), v(1, 2))
    stores.add("write", a(0, 4), pid(1), v(3, 4))
    assert "stored different values" in stores.find()


def test_masked_lanes_do_not_count():
    launch = races.LaunchAccesses("k")
    mask = np.array([True, False])
    launch.add("write", a(0), pid(0), v(1, 2), mask)  # addresses are the unmasked lanes already
    launch.add("read", a(4), pid(1))
    assert launch.find() is None


def test_an_atomic_reduction_is_not_a_race():
    atomic = CASE.read_text().replace(
        "    old = tl.load(y_ptr + b * dim + ds, mask=dmask, other=0.0)\n"
        "    tl.store(y_ptr + b * dim + ds, old + acc, mask=dmask)",
        "    tl.atomic_add(y_ptr + b * dim + ds, acc, mask=dmask)")
    assert "tl.atomic_add" in atomic
    r = evaluate(load_task("sum_reduction"), atomic, EvalConfig(device="cpu", trials=1, timing=False, timeout_s=120))
    assert r.verdict == "pass", r.reason


def test_lanes_of_one_store_that_put_different_values_in_one_element_are_a_race():
    clash = races.LaunchAccesses("argmax")
    clash.add("write", a(0, 0, 4), pid(0), v(1, 2, 3))
    assert "lanes of program" in clash.find()
    same = races.LaunchAccesses("broadcast")  # a scalar stored by every lane: one value
    same.add("write", a(0, 0, 4), pid(0), v(7, 7, 3))
    assert same.find() is None


def test_loads_and_stores_meet_by_byte_ranges():
    """A value stored as an int64 and read back as the int32 at +4, or stored as an int32 and read back as the
    int64 around it, is the same memory: a race, whatever the addresses of the elements."""
    narrow_load = races.LaunchAccesses("carry")
    narrow_load.add("write", a(0), pid(0), np.array([5 << 32], np.int64))
    narrow_load.add("read", a(4), pid(1), size=4)
    assert "program (1, 0, 0) loaded 1 element(s)" in narrow_load.find()
    unknown = races.LaunchAccesses("carry")  # a load of unknown width counts as its first byte
    unknown.add("write", a(0), pid(0), np.array([5 << 32], np.int64))
    unknown.add("read", a(4), pid(1))
    assert unknown.find() is not None
    wide_load = races.LaunchAccesses("carry")
    wide_load.add("write", a(4), pid(0), np.array([5], np.int32))
    wide_load.add("read", a(0), pid(1), size=8)
    assert "program (1, 0, 0) loaded 1 element(s)" in wide_load.find()
    neighbours = races.LaunchAccesses("k")  # ranges that only touch do not meet
    neighbours.add("write", a(0), pid(0), v(1))
    neighbours.add("write", a(4), pid(1), v(2))
    neighbours.add("read", a(0), pid(0), size=4)
    neighbours.add("read", a(4), pid(1), size=4)
    neighbours.add("read", a(8), pid(0), size=8)
    assert neighbours.find() is None
    halves = races.LaunchAccesses("k")  # an int64 and an int32 store that put different bytes at 4..8
    halves.add("write", a(0), pid(0), np.array([6 << 32], np.int64))
    halves.add("write", a(4), pid(1), np.array([5], np.int32))
    assert "stored different values" in halves.find()
    same = races.LaunchAccesses("k")  # ... and the same bytes: benign
    same.add("write", a(0), pid(0), np.array([5 << 32], np.int64))
    same.add("write", a(4), pid(1), np.array([5], np.int32))
    same.add("write", a(16, 20), pid(2), np.array([1, 2], np.int32))
    same.add("write", a(16), pid(3), np.array([1 | 2 << 32], np.int64))
    assert same.find() is None


LOCK = 200


def acquire(launch, p, lock=LOCK, old=0):
    """while tl.atomic_cas(lock, 0, 1) == 1: pass, as the interpreter runs it: `old` is what the cas returned."""
    launch.atomic(a(lock), p, op="cas", cmp=np.int32(0), val=np.int32(1), old=np.int32(old), size=4)


def release(launch, p, lock=LOCK, value=0, op="xchg"):
    launch.atomic(a(lock), p, op=op, val=np.int32(value), old=np.int32(1), size=4)


def accumulate(launch, p, lock=LOCK, load=True, value=1.0):
    """Triton tutorial 05: take the lock, load the partial sum (not the first writer), store it back, release."""
    acquire(launch, p, lock)
    if load:
        launch.add("read", a(0, 4), p, size=4)
    launch.add("write", a(0, 4), p, v(value, value + 1))
    release(launch, p, lock)


def test_a_lock_orders_a_read_modify_write_accumulation():
    tutorial = races.LaunchAccesses("layer_norm_bwd_dwdb")
    accumulate(tutorial, pid(0), load=False)  # the first writer stores (the count buffer told it so)
    for p in range(1, 4):
        accumulate(tutorial, pid(p), value=float(p + 1))
    assert tutorial.find() is None
    zeroed = races.LaunchAccesses("k")  # every program adds into a buffer zeroed on the host
    for p in range(3):
        zeroed.add("read", a(100), pid(p), size=4)  # its own input, before the lock
        accumulate(zeroed, pid(p), value=float(p + 1))
    assert zeroed.find() is None
    cas_release = races.LaunchAccesses("k")  # released by a cas that puts the lock back
    accumulate(cas_release, pid(0), load=False)
    acquire(cas_release, pid(1))
    cas_release.add("read", a(0, 4), pid(1), size=4)
    cas_release.add("write", a(0, 4), pid(1), v(5, 6))
    cas_release.atomic(a(LOCK), pid(1), op="cas", cmp=np.int32(1), val=np.int32(0), old=np.int32(1), size=4)
    assert cas_release.find() is None


def test_stores_without_one_lock_around_every_read_modify_write_are_still_a_race():
    def found(*programs) -> str | None:
        launch = races.LaunchAccesses("k")
        for step in programs:
            step(launch)
        return launch.find()

    def plain(p):  # no lock: a read-modify-write that loses updates
        def step(launch):
            launch.add("read", a(0, 4), pid(p), size=4)
            launch.add("write", a(0, 4), pid(p), v(p + 10, p + 10))
        return step

    def locked(p, lock=LOCK, load=True):
        return lambda launch: accumulate(launch, pid(p), lock, load, float(p + 1))

    assert found(locked(0, load=False), locked(1), locked(2)) is None
    # the lock taken by only one of the writers
    assert "stored different values" in found(locked(0, load=False), plain(1))
    # two different locks
    assert "stored different values" in found(locked(0, load=False), locked(1, lock=LOCK + 4))

    def load_before_acquiring(launch):
        launch.add("read", a(0, 4), pid(1), size=4)
        acquire(launch, pid(1))
        launch.add("write", a(0, 4), pid(1), v(7, 8))
        release(launch, pid(1))
    assert "not as a read-modify-write inside critical sections of one lock" in found(
        locked(0, load=False), load_before_acquiring)
    # a later writer that stores without loading (the last one to take the lock wins)
    assert "stored different values" in found(locked(0, load=False), locked(1, load=False))

    def release_only(launch):  # an "unlock" by a program that never acquired
        launch.add("read", a(0, 4), pid(1), size=4)
        launch.add("write", a(0, 4), pid(1), v(7, 8))
        release(launch, pid(1))
    assert "stored different values" in found(locked(0, load=False), release_only)

    def never_released(launch):
        acquire(launch, pid(1))
        launch.add("read", a(0, 4), pid(1), size=4)
        launch.add("write", a(0, 4), pid(1), v(7, 8))
    assert "stored different values" in found(locked(0, load=False), never_released)

    def failed_cas(launch):  # a cas that found the lock taken holds nothing
        acquire(launch, pid(1), old=1)
        launch.add("read", a(0, 4), pid(1), size=4)
        launch.add("write", a(0, 4), pid(1), v(7, 8))
        release(launch, pid(1))
    assert "stored different values" in found(locked(0, load=False), failed_cas)

    for how in ("wrong value", "atomic_add"):
        def tampered(launch, how=how):  # the lock changed under the section by other means: it protects nothing
            acquire(launch, pid(1))
            launch.add("read", a(0, 4), pid(1), size=4)
            launch.add("write", a(0, 4), pid(1), v(7, 8))
            if how == "wrong value":
                release(launch, pid(1), value=2)
            else:
                release(launch, pid(1), value=-1, op="add")
        assert "stored different values" in found(locked(0, load=False), tampered), how

    def without_operands(launch):  # atomics reported without their operands: no lock is followed
        for p in range(2):
            launch.atomic(a(LOCK), pid(p))
            launch.add("read", a(0, 4), pid(p), size=4)
            launch.add("write", a(0, 4), pid(p), v(p, p))
            launch.atomic(a(LOCK), pid(p))
    assert "stored different values" in found(without_operands)


def test_what_a_program_loads_under_a_lock_stays_in_the_lock_accumulation():
    """A lock does not choose which program takes it first, so a value another program stored under it may flow
    only into the lock's own read-modify-write: a carry handed on under a lock is a race."""
    carry = races.LaunchAccesses("cumsum")
    for p in range(3):
        acquire(carry, pid(0, p))
        if p:
            carry.add("read", a(4 * (p - 1)), pid(0, p), size=4)  # the previous block's carry
        carry.add("write", a(4 * p), pid(0, p), v(p + 1))  # its own carry
        release(carry, pid(0, p))
    found = carry.find()
    assert found and "program (0, 1, 0) loaded, inside a critical section" in found and "stored 1 element(s)" in found

    def after_the_lock(extra):
        launch = races.LaunchAccesses("k")
        accumulate(launch, pid(0), load=False)
        accumulate(launch, pid(1), value=5.0)
        extra(launch)
        return launch.find()

    # the accumulated value stored elsewhere once the lock is released
    assert "stored 2 element(s) outside" in after_the_lock(lambda launch: launch.add("write", a(64, 68), pid(1), v(1, 2)))
    # ... or written with an atomic
    assert "wrote with an atomic" in after_the_lock(
        lambda launch: launch.atomic(a(64), pid(1), op="add", val=np.float32(1), old=np.float32(0), size=4))
    # a store of the program's own before it took the lock, and an atomic of another program, are not affected
    ok = races.LaunchAccesses("k")
    ok.add("write", a(64, 68), pid(1), v(1, 2))
    accumulate(ok, pid(0), load=False)
    ok.atomic(a(300), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4)
    accumulate(ok, pid(1), value=5.0)
    assert ok.find() is None


def handoff(release: bool = True, acquire: bool = True) -> races.LaunchAccesses:
    """Program 0 stores a carry then sets a flag; program 1 touches the flag, then loads the carry."""
    launch = races.LaunchAccesses("chained_scan")
    launch.add("write", a(0,), pid(0), v(5))
    launch.atomic(a(64,), pid(0), op="xchg", val=np.array([1], np.int32), size=4, release=release, acquire=acquire)
    launch.atomic(a(64,), pid(1), op="load", size=4, release=release, acquire=acquire)
    launch.add("read", a(0,), pid(1))
    return launch


def test_only_a_release_and_an_acquire_hand_a_store_on():
    assert handoff().find() is None  # acq_rel at gpu scope, Triton's default
    assert handoff(release=False, acquire=False).find()  # relaxed (or scoped to the CTA): orders nothing
    assert handoff(release=False).find() and handoff(acquire=False).find()


def test_a_launch_past_the_limits_is_incomplete_not_clean(monkeypatch):
    monkeypatch.setattr(races, "LIMIT", 8)
    monkeypatch.setattr(races, "STORE_LIMIT", 16)
    monkeypatch.setattr(races, "KEPT_LIMIT", 12)
    operands = races.LaunchAccesses("gemm_like")  # a flood of loads of memory the launch never stores to
    operands.add("read", np.arange(8192, 8232, 4, dtype=np.uint64), pid(1))
    operands.add("write", a(0,), pid(0), v(5))
    operands.add("read", np.arange(8192, 8232, 4, dtype=np.uint64), pid(2))
    assert operands.find() is None and operands.incomplete() is None  # every access that could race was seen
    late = races.LaunchAccesses("store_over_unkept_loads")
    late.add("read", np.arange(8192, 8232, 4, dtype=np.uint64), pid(2))  # past LIMIT: not kept, page noted
    late.add("write", a(8196,), pid(1), v(5))  # over one of them: that race could not be seen
    assert late.find() is None and "no longer kept" in (late.incomplete() or "")
    loads = races.LaunchAccesses("flood_of_loads")
    loads.add("write", a(0,), pid(0), v(5))
    loads.add("read", np.arange(0, 40, 4, dtype=np.uint64), pid(2))  # past LIMIT, on the stored page: kept
    loads.add("read", np.arange(0, 40, 4, dtype=np.uint64), pid(3))  # past KEPT_LIMIT: every load dropped
    assert loads.reads_dropped and "more than 12" in (loads.incomplete() or "")
    stores = races.LaunchAccesses("flood_of_stores")
    stores.add("write", np.arange(1000, 1080, 4, dtype=np.uint64), pid(2), np.zeros(20, np.float32))
    assert stores.find() is None and "more than 16" in (stores.incomplete() or "")
    assert handoff().incomplete() is None


def put(launch, addr, p, value, op="xchg", release=True, acquire=True, dtype=np.float32):
    """An atomic write of `value` by program `p` (xchg, store, add, ...)."""
    launch.atomic(a(addr), p, op=op, val=np.array([value], dtype), old=np.array([0], dtype), size=4,
                  release=release, acquire=acquire)


def test_atomic_writes_whose_result_depends_on_their_order_are_a_race():
    """Red-team round 4, a09: every program publishes `old + part` with atomic_xchg. Puts of different values
    do not commute, nor does a put with a combine, nor two kinds of combine; one kind of combine does."""
    publish = races.LaunchAccesses("sum")
    for p in range(3):
        put(publish, 64, pid(p), 1.0, op="fadd")  # the running total
        put(publish, 0, pid(p), float(p + 1))  # the output: last xchg wins
    found = publish.find()
    assert found and "depends on their order" in found and "(0, 0, 0)" in found
    mixed = races.LaunchAccesses("k")  # a combine beside a put
    put(mixed, 0, pid(0), 2.0, op="fadd")
    put(mixed, 0, pid(1), 5.0)
    assert "depends on their order" in mixed.find()
    kinds = races.LaunchAccesses("k")  # two kinds of combine
    put(kinds, 0, pid(0), 2, op="add", dtype=np.int32)
    put(kinds, 0, pid(1), 5, op="max", dtype=np.int32)
    assert "depends on their order" in kinds.find()
    commuting = races.LaunchAccesses("k")  # split reductions: one kind of combine, and puts of one value
    for p in range(3):
        put(commuting, 0, pid(p), float(p), op="fadd")
        put(commuting, 8, pid(p), p, op="max", dtype=np.int32)
        put(commuting, 16, pid(p), 1, op="xchg", dtype=np.int32)
    assert commuting.find() is None


def test_a_reset_after_the_last_ticket_is_ordered():
    """The program that draws the last ticket (its acquire comes after every other program's release on the
    counter) may put the counter and the accumulator back; a flag given back to one value by every program
    ends with that value whatever the order."""
    launch = races.LaunchAccesses("ticket")
    for p in range(3):
        put(launch, 0, pid(p), 1.0, op="fadd", release=False, acquire=False)  # relaxed partials
        put(launch, 64, pid(p), 1, op="add", dtype=np.int32)  # acq_rel ticket
    launch.add("read", a(0), pid(2), size=4)  # the last program reads the accumulator plainly
    put(launch, 0, pid(2), 0.0)
    put(launch, 64, pid(2), 0, dtype=np.int32)
    assert launch.find() is None
    flags = races.LaunchAccesses("k")
    for p in range(3):
        put(flags, 0, pid(p), 1, dtype=np.int32)
        put(flags, 0, pid(p), 0, dtype=np.int32)
    assert flags.find() is None
    early = races.LaunchAccesses("k")  # a reset by a program that acquired nothing first
    put(early, 64, pid(0), 0, dtype=np.int32)
    put(early, 64, pid(1), 1, op="add", dtype=np.int32)
    assert "depends on their order" in early.find()


def test_atomic_writes_and_plain_accesses_meet():
    """Red-team round 4, a11 and a12: a carry written by an atomic and loaded plainly, or stored plainly and
    read by an atomic, with nothing between; and a plain store over another program's atomic write."""
    plain_load = races.LaunchAccesses("carry")
    put(plain_load, 0, pid(0), 5.0, op="fadd", release=False, acquire=False)
    plain_load.add("read", a(0), pid(1), size=4)
    assert "program (0, 0, 0) wrote with an atomic" in plain_load.find()
    atomic_read = races.LaunchAccesses("carry")
    atomic_read.add("write", a(0), pid(0), v(5))
    put(atomic_read, 0, pid(1), 0.0, op="fadd")  # atomic_add(p, 0.0): a read that writes nothing
    found = atomic_read.find()
    assert found and "with an atomic that program (0, 0, 0) stored" in found
    store_over = races.LaunchAccesses("k")
    put(store_over, 0, pid(0), 2.0, op="store")  # an atomic store: a write that reads nothing
    store_over.add("write", a(0), pid(1), v(0))
    assert "wrote with an atomic" in store_over.find()
    # ordered: the writer releases a flag after its atomic write, the reader acquires it before its load
    flagged = races.LaunchAccesses("chained_scan")
    put(flagged, 0, pid(0), 5.0, release=False, acquire=False)
    put(flagged, 64, pid(0), 1, release=True, acquire=False, dtype=np.int32)
    flagged.atomic(a(64), pid(1), op="add", val=np.array([0], np.int32), old=np.array([1], np.int32), size=4,
                   release=False, acquire=True)
    flagged.add("read", a(0), pid(1), size=4)
    assert flagged.find() is None
    # a load that comes before the other program's write is not ordered by a flag the reader touched earlier
    war = races.LaunchAccesses("k")
    war.atomic(a(64), pid(0))
    war.add("read", a(0), pid(0), size=4)
    war.add("write", a(0), pid(1), v(1))
    war.atomic(a(64), pid(1))
    assert war.find() is not None


def test_within_a_program_a_load_of_another_positions_store_needs_a_barrier():
    """Red-team round 4, a06: a scan in the output buffer within one program. A load of what the program stored
    since its last barrier must read it at the position of the block it was stored from (the same thread);
    tl.debug_barrier() or a scalar atomic (its result is handed to the threads behind a barrier) resets it."""
    def scan(barrier: str | None) -> str | None:
        launch = races.LaunchAccesses("scan")
        launch.add("write", a(0, 4, 8, 12), pid(0), v(1, 2, 3, 4), np.ones(4, bool))
        if barrier == "debug_barrier":
            launch.barrier(pid(0))
        elif barrier == "scalar atomic":
            launch.atomic(a(64), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4, lanes=1)
        elif barrier == "scalar atomic, no bar.sync in the compile":
            launch.atomic(a(64), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4, lanes=1,
                          broadcast=False)
        elif barrier == "block atomic":
            launch.atomic(a(64, 68), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4, lanes=2)
        launch.add("read", a(0, 4, 8, 12), pid(0), mask=np.ones(4, bool), size=4)  # same positions: fine
        launch.add("read", a(0, 4, 8), pid(0), mask=np.r_[False, True, True, True], size=4)  # shifted by one
        return launch.find()
    assert "loaded 3 element(s) that it had stored itself at other positions" in scan(None)
    assert "loaded 3 element(s)" in scan("block atomic")
    assert "loaded 3 element(s)" in scan("scalar atomic, no bar.sync in the compile")
    assert scan("debug_barrier") is None and scan("scalar atomic") is None
    shape = races.LaunchAccesses("k")  # a scalar load of an element a block stored
    shape.add("write", a(0, 4), pid(0), v(1, 2), np.ones(2, bool))
    shape.add("read", a(4), pid(0), mask=np.ones(1, bool), size=4)
    assert "from a block of another shape" in shape.find()
    # a one-element store is thread 0's, which holds position 0 of every block: a scalar read back of it, and a
    # block load that reads it at position 0, are that thread's; at position 1 another thread's
    for read_where, raced in ((np.ones((), bool), False), (np.r_[True, False], False), (np.r_[False, True], True)):
        stat = races.LaunchAccesses("k")
        stat.add("write", a(8), pid(0), np.float32(3), np.ones((), bool))
        stat.add("read", a(8), pid(0), mask=read_where, size=4)
        assert (stat.find() is not None) == raced, (read_where, stat.find())
    ordered = races.LaunchAccesses("k")  # a reduction across warps or a tl.dot between: a bar.sync
    ordered.add("write", a(0, 4, 8, 12), pid(0), v(1, 2, 3, 4), np.ones(4, bool))
    ordered.exchanged()
    ordered.add("read", a(0, 4, 8), pid(0), mask=np.r_[False, True, True, True], size=4)
    assert ordered.find() is None
    other = races.LaunchAccesses("k")  # the next program's accesses start afresh
    other.add("write", a(0, 4), pid(0), v(1, 2), np.ones(2, bool))
    other.add("write", a(8, 12), pid(1), v(1, 2), np.ones(2, bool))
    other.add("read", a(12), pid(1), mask=np.r_[False, True], size=4)
    assert other.find() is None


def test_within_a_program_a_store_over_what_another_position_loaded_needs_a_barrier():
    """An in-place shift or stencil in one program: a store over bytes the program loaded since its last barrier
    (or reduction), from another position of its block, with another value than was loaded, is a race: the thread
    that loaded them may not have done so yet. The same position, the same value, a barrier or a reduction in
    between, a scalar load stored back as a scalar, and loads of another program leave it alone."""
    def shift(between: str | None = None, values=(9, 9, 9), same_position: bool = False) -> str | None:
        launch = races.LaunchAccesses("shift")
        launch.add("read", a(4, 8, 12, 16), pid(0), mask=np.ones(4, bool), size=4)  # y[i + 1]
        launch.loaded(v(2, 3, 4, 5))
        if between == "debug_barrier":
            launch.barrier(pid(0))
        elif between == "reduction":
            launch.exchanged()
        elif between == "next program":
            launch.add("read", a(100), pid(1), mask=np.ones(1, bool), size=4)
        where = np.r_[True, True, True, False] if same_position else np.r_[False, True, True, True]
        full = np.zeros(4, np.float32)
        full[where] = values
        launch.add("write", a(4, 8, 12), pid(0 if between != "next program" else 1), full, where)
        return launch.find()
    assert "stored other values over 3 element(s) it had loaded itself" in shift()
    assert "write-after-read" in shift()
    assert shift("debug_barrier") is None and shift("reduction") is None
    assert "that program (1, 0, 0) stored" in shift("next program")  # two programs: the cross-program check's
    assert shift(values=(2, 3, 4)) is None  # what was there already: nothing changes, whoever loads first
    assert shift(same_position=True) is None  # positions 0..2 loaded 4, 8, 12 and store them: the same threads
    fixup = races.LaunchAccesses("k")  # a block loaded, then its first element set by a one-element store
    fixup.add("read", a(0, 4, 8, 12), pid(0), mask=np.ones(4, bool), size=4)
    fixup.loaded(v(1, 2, 3, 4))
    fixup.add("write", a(0), pid(0), np.float32(0), np.ones((), bool))
    assert fixup.find() is None  # thread 0 loaded position 0 and stores it
    fixup.add("write", a(4), pid(0), np.float32(0), np.ones((), bool))
    assert "write-after-read" in fixup.find()  # position 1 was another thread's load
    scalar = races.LaunchAccesses("k")  # a scalar counter read and written back by one program
    scalar.add("read", a(0), pid(0), mask=np.ones((), bool), size=4)
    scalar.loaded(np.float32(1))
    scalar.add("write", a(0), pid(0), np.float32(2), np.ones((), bool))
    assert scalar.find() is None
    divide = races.LaunchAccesses("k")  # x / x[0] in place: every thread loads x[0], one stores over it
    divide.add("read", a(0), pid(0), mask=np.ones((), bool), size=4)
    divide.loaded(np.float32(4))
    divide.add("read", a(0, 4), pid(0), mask=np.ones(2, bool), size=4)
    divide.loaded(v(4, 8))
    divide.add("write", a(0, 4), pid(0), v(1, 2), np.ones(2, bool))
    assert "from a block of another shape" in divide.find()


def test_a_block_atomics_write_is_the_programs_store_and_its_semantics_place_the_barriers():
    """A block atomic used as a store (`tl.atomic_xchg(p + cols, v, sem="relaxed")`) and read back at other
    positions: another thread's write, with no bar.sync between (the PTX has none for relaxed). Triton puts a
    bar.sync before a release atomic and after an acquire one (acq_rel, its default: both), whatever the
    scope: then the read-back is ordered. Two atomics of one element are ordered whichever threads make them
    (a histogram adding to one bin from several positions); an atomic over another position's plain store is
    not."""
    def mirrored(waits: tuple[bool, bool]) -> str | None:
        launch = races.LaunchAccesses("k")
        launch.atomic(a(0, 4, 8, 12), pid(0), op="xchg", val=v(1, 2, 3, 4), old=v(0, 0, 0, 0), size=4, lanes=4,
                      where=np.arange(4), shape=(4,), waits=waits)
        launch.add("read", a(12, 8, 4, 0), pid(0), mask=np.ones(4, bool), size=4)
        return launch.find()
    assert "loaded 4 element(s) that it had stored itself at other positions" in (mirrored((False, False)) or "")
    assert mirrored((True, False)) is not None  # release: the barrier is before the atomic
    assert mirrored((False, True)) is None and mirrored((True, True)) is None
    hist = races.LaunchAccesses("hist")  # relaxed adds to the same bins from other positions: atomics, ordered
    for _ in range(3):
        hist.atomic(a(0, 0, 4, 8), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4, lanes=4,
                    where=np.arange(4), shape=(4,))
    assert hist.find() is None
    over = races.LaunchAccesses("k")  # an add over what another position stored plainly: unordered
    over.add("write", a(0, 4), pid(0), v(1, 2), np.ones(2, bool))
    over.atomic(a(4, 0), pid(0), op="add", val=np.int32(1), old=np.int32(0), size=4, lanes=2,
                where=np.arange(2), shape=(2,))
    assert "stored other values over" in (over.find() or "")
    first = races.LaunchAccesses("k")  # a program whose first access is a block atomic: its own, not the last's
    first.add("write", a(100, 104), pid(0), v(1, 2), np.ones(2, bool))
    first.atomic(a(0, 4), pid(1), op="xchg", val=v(1, 2), old=v(0, 0), size=4, lanes=2, where=np.arange(2),
                 shape=(2,))
    first.add("read", a(4, 0), pid(1), mask=np.ones(2, bool), size=4)
    assert "program (1, 0, 0) loaded 2 element(s)" in (first.find() or "")


def test_the_barriers_triton_puts_around_block_atomics_are_where_the_race_check_puts_them(tmp_path):
    """The rule above, held against this Triton's compile for sm_90: a bar.sync before a release atomic, after
    an acquire one, none around a relaxed one. (Compiled in a process of its own: other tests here switch this
    one's Triton to the interpreter.)"""
    import json
    import os
    import subprocess
    import sys

    (tmp_path / "k.py").write_text(textwrap.dedent("""
        import json, triton, triton.language as tl
        from triton.backends.compiler import GPUTarget
        from triton.compiler import ASTSource

        @triton.jit
        def k(s_ptr, y_ptr, BLOCK: tl.constexpr, SEM: tl.constexpr):
            cols = tl.arange(0, BLOCK)
            tl.atomic_xchg(s_ptr + cols, cols.to(tl.float32), sem=SEM)
            tl.store(y_ptr + cols, tl.load(s_ptr + BLOCK - 1 - cols))

        out = {}
        for sem in ("relaxed", "release", "acquire", "acq_rel"):
            src = ASTSource(fn=k, signature={"s_ptr": "*fp32", "y_ptr": "*fp32"}, constexprs={"BLOCK": 1024, "SEM": sem})
            out[sem] = triton.compile(src, target=GPUTarget("cuda", 90, 32)).asm["ptx"]
        print(json.dumps(out))
    """))
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    got = subprocess.run([sys.executable, str(tmp_path / "k.py")], capture_output=True, text=True, env=env,
                         timeout=300, cwd=tmp_path)
    assert got.returncode == 0, got.stderr[-2000:]
    for sem, ptx in json.loads(got.stdout).items():
        before, after = {"relaxed": (False, False), "release": (True, False), "acquire": (False, True),
                         "acq_rel": (True, True)}[sem]
        ops = [w[1] if w[0].startswith("@") and len(w) > 1 else w[0]
               for w in (line.split() for line in ptx.splitlines()) if w]
        kinds = [k for o in ops for k, prefix in (("bar", "bar.sync"), ("atom", "atom."), ("ld", "ld.global"))
                 if o.startswith(prefix)]
        first_atom, last_atom = kinds.index("atom"), len(kinds) - 1 - kinds[::-1].index("atom")
        assert ("bar" in kinds[:first_atom]) == before, sem
        assert ("bar" in kinds[last_atom:kinds.index("ld")]) == after, sem


def test_a_cas_that_takes_a_lock_never_given_back_is_a_put():
    """Publishing with atomic_cas instead of atomic_xchg: each cas looks like taking a lock, but a section never
    released protects nothing, so its cas is a put like any other; Triton's float atomic_max (atomic_max and
    atomic_umin on the bits) is one combine."""
    launch = races.LaunchAccesses("sum")
    for p in range(3):
        launch.atomic(a(0), pid(p), op="cas", cmp=np.int32(p), val=np.int32(p + 1), old=np.int32(p), size=4)
    assert "depends on their order" in launch.find()
    fmax = races.LaunchAccesses("amax")
    put(fmax, 0, pid(0), 3, op="max", dtype=np.int32)
    put(fmax, 0, pid(1), 5, op="umin", dtype=np.int32)
    assert fmax.find() is None


def test_same_position_read_backs_are_kept_for_the_judge_and_too_many_leave_the_launch_unchecked(monkeypatch):
    """A block read back at the positions it was stored goes to the judge (store line, load line, shape,
    positions) to hold against the compile's layouts; past SAME_POSITION_KEYS such pairs the check is incomplete
    rather than silently partial."""
    lines = iter(f"{n}:5" for n in range(10_000))
    monkeypatch.setattr(races, "_site", lambda: next(lines))
    launch = races.LaunchAccesses("staged")
    addrs = np.arange(0, 64 * 4, 4, dtype=np.uint64) + np.uint64(4096)
    for _ in range(races.SAME_POSITION_KEYS):
        launch.add("write", addrs, 0, values=np.ones(64, np.float32), mask=np.ones(64, bool))
        launch.add("read", addrs, 0, mask=np.ones(64, bool), size=4)
    assert len(launch.same_position) == races.SAME_POSITION_KEYS and launch.incomplete() is None
    (store, load, shape), positions = next(iter(launch.same_position.items()))
    assert shape == (64,) and positions == set(range(64)) and store != load
    assert launch.find() is None  # the interpreter alone takes each read-back as its thread's own
    launch.add("write", addrs, 0, values=np.ones(64, np.float32), mask=np.ones(64, bool))
    launch.add("read", addrs, 0, mask=np.ones(64, bool), size=4)
    assert launch.incomplete() is not None and "read back" in launch.incomplete()


def test_the_same_program_index_kept_store_by_store_is_the_one_rebuilt_from_every_store():
    """A program that stores a block at each step of a scan (no barrier between): the index of its own stores is
    merged store by store, and is what rebuilding it from all of them gives (the last store of each byte)."""
    rng = np.random.default_rng(0)
    launch = races.LaunchAccesses("scan")
    for step in range(40):
        lanes = int(rng.integers(1, 9))
        addrs = (rng.choice(64, size=lanes, replace=False) * 4).astype(np.uint64)
        values = rng.standard_normal(lanes).astype(np.float32)
        launch.add("write", addrs, pid(0), values, np.ones(lanes, bool))
        assert launch.within is None or "stored other values" in launch.within
    probe = np.arange(0, 64 * 4 + 4, dtype=np.uint64)  # every byte stored, and some never
    kept = launch.own_index.lookup(probe)
    assert len(launch.own_index.runs) > 1  # merged as it went, not one table
    launch.own_index = None
    rebuilt = launch._own_bytes().lookup(probe)
    hit = kept[0]
    assert np.array_equal(hit, rebuilt[0]) and hit.any() and not hit.all()
    assert all(np.array_equal(a[hit], b[hit]) for a, b in zip(kept[1:], rebuilt[1:]))
