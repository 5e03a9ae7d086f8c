"""The cross-program race check of interpreted launches (sandbox/races.py): what it reports, and the legitimate
patterns it must leave alone. End to end, tests/adversarial/cases/wrongdata__cross_program_race.py is
rejected and the same kernel with tl.atomic_add passes (test_an_atomic_reduction_is_not_a_race)."""

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


def test_past_the_limit_loads_are_dropped_and_stores_still_checked(monkeypatch):
    """Loads that do nothing cannot push a launch out of the check: past LIMIT the loads are dropped, and two
    programs' stores of different values to one element are still found; past STORE_LIMIT nothing is."""
    monkeypatch.setattr(races, "LIMIT", 3)
    launch = races.LaunchAccesses("big")
    launch.add("write", a(0, 4), pid(0), v(1, 2))
    launch.add("read", a(0, 4), pid(1))
    assert launch.reads_dropped and not launch.reads and launch.find() is None  # the load was the race: dropped
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
