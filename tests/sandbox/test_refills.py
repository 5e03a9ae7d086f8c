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
