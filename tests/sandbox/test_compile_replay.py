"""The compile for the GPU target runs forward without computing anything, so a value forward reads back on the
host there (`.item()`, `.tolist()` of what a kernel wrote) is whatever the memory held. The checked run keeps
what it read (ForwardWatch records it) and the compile is given the same values, in the same order, on the
same inputs; a read that differs from the checked run's ends the replay, and what follows is garbage again
(so the judge's verdict stays `unverified`, never a pass)."""

import torch

from kernelpilot.sandbox.watch import HOST_VALUE_LIMIT, ForwardWatch


def test_host_reads_are_recorded_in_order():
    w = ForwardWatch(poison=False)
    with w:
        counts = torch.tensor([3, 1, 2]).tolist()
        scale = torch.tensor(2.5).item()
        n = int(torch.tensor(7))
        flag = bool(torch.tensor(True))
    assert (counts, scale, n, flag) == ([3, 1, 2], 2.5, 7, True)
    assert w.report.host_values == [["tolist", [3, 1, 2]], ["item", 2.5], ["__int__", 7], ["__bool__", True]]


def test_the_compile_reads_the_checked_runs_values():
    kept = [["tolist", [3, 1, 2]], ["item", 2.5], ["__int__", 7]]
    w = ForwardWatch(poison=False, replay=kept)
    with w:
        counts = torch.zeros(3, dtype=torch.int64).tolist()  # what an uncomputed buffer holds
        scale = torch.tensor(0.0).item()
        n = int(torch.tensor(0))
    assert (counts, scale, n) == ([3, 1, 2], 2.5, 7)
    assert type(counts[0]) is int and type(scale) is float
    assert w.report.replayed == 5 and not w.report.replay_diverged


def test_a_read_the_checked_run_did_not_make_ends_the_replay():
    kept = [["tolist", [3, 1, 2]], ["item", 2.5]]
    w = ForwardWatch(poison=False, replay=kept)
    with w:
        counts = torch.zeros(4, dtype=torch.int64).tolist()  # four counts where the checks read three
        scale = torch.tensor(0.5).item()
    assert counts == [0, 0, 0, 0] and scale == 0.5  # nothing more is replayed after the first difference
    assert w.report.replay_diverged and w.report.replayed == 0


def test_other_kinds_of_read_do_not_take_a_kept_value():
    w = ForwardWatch(poison=False, replay=[["__int__", 7]])
    with w:
        x = torch.tensor(0.25).item()  # an .item() where the checks made an int()
    assert x == 0.25 and w.report.replay_diverged


def test_values_json_cannot_carry_or_too_many_are_not_kept():
    w = ForwardWatch(poison=False)
    with w:
        torch.tensor(float("nan")).item()
    assert w.report.host_values is None  # not replayable: the compile keeps reading garbage, so unverified
    w = ForwardWatch(poison=False)
    with w:
        torch.zeros(HOST_VALUE_LIMIT + 1, dtype=torch.int64).tolist()
    assert w.report.host_values is None
