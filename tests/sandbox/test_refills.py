"""The same-addresses second call's inputs (judge._few_rows_changed): a few parts of one input changed, drawn
anew or, with `swap`, moved within it, so that a cache keyed by any sample of the values, or by anything blind
to their order, is stale there."""

from __future__ import annotations

import torch

from kernelpilot.sandbox.judge import _few_rows_changed


def _inputs():
    torch.manual_seed(0)
    return [torch.randn(32, 16), torch.randint(0, 9, (40,))], [torch.randn(32, 16), torch.randint(0, 9, (40,))]


def test_rows_drawn_anew_change_the_values_held():
    old, fresh = _inputs()
    new = _few_rows_changed(old, fresh, by_rows=True, turn=0)
    changed = (new[0] != old[0]).any(dim=1)
    assert 1 <= int(changed.sum()) <= 2 and new[1] is old[1]
    assert not torch.equal(new[0].sum(), old[0].sum())


def test_swapped_rows_keep_every_value_and_move_two_rows():
    old, fresh = _inputs()
    new = _few_rows_changed(old, fresh, by_rows=True, turn=0, swap=True)
    moved = (new[0] != old[0]).any(dim=1).nonzero().flatten().tolist()
    assert len(moved) == 2
    a, b = moved
    assert torch.equal(new[0][a], old[0][b]) and torch.equal(new[0][b], old[0][a])
    # a key blind to order (a sum of the bits, a sorted sample) is the same
    assert torch.equal(new[0].flatten().sort().values, old[0].flatten().sort().values)


def test_swapped_elements_keep_every_value():
    old, fresh = _inputs()
    for _ in range(20):
        new = _few_rows_changed(old, fresh, by_rows=False, turn=0, swap=True)
        assert 2 <= int((new[0] != old[0]).sum()) <= 8
        assert torch.equal(new[0].flatten().sort().values, old[0].flatten().sort().values)


def test_rows_all_alike_are_drawn_anew_when_asked_to_swap():
    old = [torch.ones(8, 4)]
    fresh = [torch.zeros(8, 4)]
    new = _few_rows_changed(old, fresh, by_rows=True, turn=0, swap=True)
    assert bool((new[0] == 0).any())


def test_integer_inputs_stay_what_their_task_makes_them():
    """The same-addresses trial moves integer values within a row only: rows that are permutations stay
    permutations (a scatter by them writes each element once), a non-decreasing row keeps its order, its
    first and last values and its sum (row pointers keep their total; counts that happen to be sorted still
    add up to the tokens), and something does move."""
    from kernelpilot.sandbox.judge import _integer_values_moved

    gen = torch.Generator().manual_seed(7)
    for _ in range(20):
        perm = torch.argsort(torch.rand(33, 37), 1)
        moved = _integer_values_moved(perm, 4, gen)
        assert not torch.equal(moved, perm)
        assert all(torch.equal(r.sort().values, torch.arange(37)) for r in moved)
    ptr = torch.tensor([0, 3, 3, 7, 9, 12, 15, 15, 20])
    for _ in range(20):
        moved = _integer_values_moved(ptr, 3, gen)
        assert not torch.equal(moved, ptr) and bool((moved[1:] >= moved[:-1]).all())
        assert (moved[0], moved[-1], int(moved.sum())) == (ptr[0], ptr[-1], int(ptr.sum()))
    counts = torch.tensor([0, 0, 0, 0, 0, 0, 0, 1])  # one token, routed to the last expert
    assert int(_integer_values_moved(counts, 4, gen).sum()) == 1
    rows = torch.sort(torch.randint(0, 100, (6, 10)), 1).values.t()  # sorted along dim 0, held transposed
    moved = _integer_values_moved(rows, 4, gen)
    assert moved.stride() == rows.stride() and torch.equal(moved.sum(1), rows.sum(1))
