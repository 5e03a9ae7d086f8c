"""Where the checks' worker enters inference mode, and which kind of input each placement inside it makes: both
kinds at every shape inside, and two shapes or more inside wherever there are three to draw from."""

from __future__ import annotations

import types
from collections import defaultdict

from kernelpilot.sandbox.judge import Judge, _FirstTwoApart, _inference_switch
from kernelpilot.tasks.sizes import POWERS_KEPT


def _shapes(n: int, kept: tuple[int, ...] = ()) -> list[tuple[str, dict]]:
    return [(f"s{i}" + (POWERS_KEPT if i in kept else ""), {}) for i in range(n)]


def test_one_shape_enters_at_its_second_call():
    assert _inference_switch(_shapes(1)) == (0, 1)


def test_two_shapes_enter_at_the_second():
    assert {_inference_switch(_shapes(2)) for _ in range(50)} == {(1, 0)}


def test_never_the_first_nor_the_last_of_three_or_more():
    seen = {_inference_switch(_shapes(6))[0] for _ in range(400)}
    assert seen == {1, 2, 3, 4}


def test_a_power_kept_only_where_the_one_before_was_declined_is_never_drawn():
    # positions 0, 2, 4 and 5 may be drawn from; 1 and 3 are kept powers of two
    seen = {_inference_switch(_shapes(6, kept=(1, 3)))[0] for _ in range(400)}
    assert seen == {2, 4}


def _placer(pos: int = 3) -> types.SimpleNamespace:
    judge = types.SimpleNamespace(shape_pos=pos, inside_draws=defaultdict(_FirstTwoApart))
    judge.draw = lambda: Judge.draw_inference_inputs(judge)
    return judge


def test_each_shape_inside_makes_one_of_each_kind_in_its_first_two_placements():
    firsts = set()
    for _ in range(200):
        judge = _placer()
        a, b = judge.draw(), judge.draw()
        assert a != b
        firsts.add(a)
        judge.shape_pos = 4  # the next shape starts over
        assert judge.draw() != judge.draw()
    assert firsts == {True, False}  # which kind comes first is drawn


def test_later_placements_are_drawn_both_ways():
    judge = _placer()
    judge.draw(), judge.draw()
    assert {judge.draw() for _ in range(200)} == {True, False}
