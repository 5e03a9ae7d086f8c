"""The layouts of a compile for the target (sandbox/layouts.py): which thread holds which element, read from TTGIR,
and the judge's question for a block read back at the positions it was stored."""

import numpy as np

from kernelpilot.sandbox import layouts

FOUR = "#ttg.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>"
EIGHT = "#ttg.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>"
ROWS = "#ttg.blocked<{sizePerThread = [1, 4], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>"
PAIRS = "#ttg.blocked<{sizePerThread = [1, 8], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>"

TTGIR = f"""#blocked = {EIGHT}
#blocked1 = {FOUR}
#loc = loc("/scratch/candidate.py":8:1)
module attributes {{"ttg.num-warps" = 4 : i32}} {{
  tt.func public @k(%u: !tt.ptr<f32>) {{
    %9 = ttg.convert_layout %8 : tensor<4096xf32, #blocked> -> tensor<4096xf32, #blocked1> loc(#loc11)
    tt.store %2, %9, %m : tensor<4096x!tt.ptr<f32>, #blocked1> loc(#loc11)
    %u = tt.load %3, %m2, %cst : tensor<4096x!tt.ptr<f32>, #blocked> loc(#loc12)
    tt.return loc(#loc1)
  }} loc(#loc)
}} loc(#loc)
#loc1 = loc("/scratch/candidate.py":20:4)
#loc11 = loc("/scratch/candidate.py":13:13)
#loc12 = loc("u"(#loc13))
#loc13 = loc("/scratch/candidate.py":17:16)
"""


def test_owners_of_a_one_dimensional_blocked_layout_wrap_past_the_tile():
    t = layouts.owners(EIGHT, (4096,))
    assert t is not None
    assert [int(t[e]) for e in (0, 7, 8, 255, 256, 1023, 1024, 1032)] == [0, 0, 1, 31, 32, 127, 0, 1]


def test_owners_of_a_two_dimensional_layout_follow_its_order():
    t = layouts.owners(ROWS, (128, 128))
    assert t is not None
    grid = t.reshape(128, 128)
    assert int(grid[1, 0]) == 32 and int(grid[0, 4]) == 1 and int(grid[5, 127]) == 32 + 31
    u = layouts.owners(PAIRS, (128, 128)).reshape(128, 128)  # type: ignore[union-attr]
    assert int(u[1, 0]) == 16 and int(u[2, 0]) == 32 and int(u[0, 8]) == 1


def test_a_block_smaller_than_the_tile_is_held_first_by_the_lowest_thread():
    t = layouts.owners(FOUR, (64,))
    assert t is not None and int(t[63]) == 15 and int(t.max()) == 15


def test_other_layouts_are_not_computed():
    assert layouts.owners("#ttg.nvidia_mma<{versionMajor = 3}>", (64, 64)) is None
    assert layouts.owners(FOUR, (8, 8)) is None  # a rank the layout does not have


def test_memory_ops_read_kind_site_shape_and_layout_through_named_locations():
    found = layouts.memory_ops(TTGIR)
    kinds = [(op[0], op[1], op[2], op[3]) for op in found["ops"]]
    assert kinds == [("store", "13:13", [4096], FOUR), ("load", "17:16", [4096], EIGHT)]
    assert found["waits"] and found["waits"][0] < found["ops"][0][4]  # the conversion comes before the store


def test_a_read_back_in_another_layout_is_another_threads_store():
    compiled = layouts.memory_ops(TTGIR)
    why = layouts.different_thread("k", "13:13", "17:16", (4096,), list(range(0, 4096, 3)), [compiled])
    assert why is not None and "different layouts" in why and "warp" in why


def test_one_layout_or_a_wait_between_or_another_site_is_not_a_race():
    compiled = layouts.memory_ops(TTGIR)
    same = layouts.memory_ops(TTGIR.replace("#blocked = " + EIGHT, "#blocked = " + FOUR))
    assert layouts.different_thread("k", "13:13", "17:16", (4096,), list(range(4096)), [same]) is None
    waited = dict(compiled, waits=compiled["waits"] + [compiled["ops"][0][4] + 1])
    waited["ops"] = [op[:4] + [op[4] if op[0] == "store" else op[4] + 2] for op in compiled["ops"]]
    assert layouts.different_thread("k", "13:13", "17:16", (4096,), list(range(4096)), [waited]) is None
    assert layouts.different_thread("k", "13:13", "99:1", (4096,), list(range(4096)), [compiled]) is None
    assert layouts.different_thread("k", "13:13", "17:16", (2048,), list(range(2048)), [compiled]) is None


def test_positions_where_the_two_layouts_agree_are_not_a_race():
    compiled = layouts.memory_ops(TTGIR)
    four, eight = layouts.owners(FOUR, (4096,)), layouts.owners(EIGHT, (4096,))
    agree = np.flatnonzero(four == eight).tolist()  # type: ignore[operator]
    assert agree and layouts.different_thread("k", "13:13", "17:16", (4096,), agree, [compiled]) is None


PTX = """\t.file\t1 "/scratch/candidate.py"
\t.file\t2 "/site-packages/triton/language/standard.py"
\t.loc\t1 13 13
\t@%p1 st.global.v4.b32 [ %rd1 + 0 ], { %r1, %r2, %r3, %r4 };
\t.loc\t2 290 36, function_name $L__info_string0, inlined_at 1 15 9
\tshfl.sync.bfly.b32 %r5, %r4, 16, 31, -1;
\tbar.sync \t0;
\t.loc\t1 17 16
\t@%p2 ld.global.v4.b32 { %r6, %r7, %r8, %r9 }, [ %rd2 + 0 ];
\t.loc\t1 17 16
\tret;
"""


def test_ptx_marks_place_accesses_and_barriers_at_the_candidates_lines():
    marks = layouts.ptx_marks(PTX, "/scratch/candidate.py")
    assert marks["st"] == {"13:13": [3, 3]} and marks["ld"] == {"17:16": [8, 8]}
    assert marks["bars"] == [6] and marks["bar_sites"] == ["15:9"]  # a library reduction's, at the call
    assert {"13:13", "15:9", "17:16"} <= set(marks["sites"])


def test_a_barrier_between_in_the_ptx_orders_the_read_back_and_none_does_not():
    compiled = dict(layouts.memory_ops(TTGIR), ptx=layouts.ptx_marks(PTX, "/scratch/candidate.py"))
    assert layouts.different_thread("k", "13:13", "17:16", (4096,), list(range(4096)), [compiled]) is None
    unsynced = dict(compiled, ptx=layouts.ptx_marks(PTX.replace("\tbar.sync \t0;\n", ""), "/scratch/candidate.py"))
    assert layouts.different_thread("k", "13:13", "17:16", (4096,), list(range(4096)), [unsynced]) is not None


def test_an_op_with_no_instruction_in_any_compile_was_removed():
    compiled = [dict(layouts.memory_ops(TTGIR), ptx=layouts.ptx_marks(PTX, "/scratch/candidate.py"))]
    assert not layouts.removed(compiled, "15:9")
    assert layouts.removed(compiled, "16:5")
    assert not layouts.removed([layouts.memory_ops(TTGIR)], "16:5")  # no PTX read: not known, not removed


TILE = "#ttg.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>"
LINE = "#ttg.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>"
ROW_STAT = f"""#blocked = {TILE}
#blocked1 = {LINE}
module attributes {{"ttg.num-warps" = 4 : i32}} {{
  tt.func public @k(%u: !tt.ptr<f32>) {{
    %4 = ttg.convert_layout %row_max : tensor<4xf32, #ttg.slice<{{dim = 1, parent = #blocked}}>> -> tensor<4xf32, #blocked1> loc(#loc1)
    tt.store %3, %4, %m : tensor<4x!tt.ptr<f32>, #blocked1> loc(#loc1)
    %rm = tt.load %2, %m2, %cst : tensor<4x!tt.ptr<f32>, #ttg.slice<{{dim = 1, parent = #blocked}}>> loc(#loc2)
    tt.return loc(#loc1)
  }} loc(#loc1)
}} loc(#loc1)
#loc1 = loc("/scratch/candidate.py":33:5)
#loc2 = loc("/scratch/candidate.py":34:10)
"""


def test_a_slice_is_held_by_every_thread_along_the_sliced_dimension():
    """A row statistic of a [4, 1024] tile reduced along its rows (`tl.max(x, axis=1)`) is a slice of the
    tile's layout: with one row per thread and 32 lanes x 4 warps along the columns, every thread holds all
    four values. Holders agree with owners() where each element has one thread."""
    held = layouts.holders(f"slice 1 of {TILE}", (4,))
    assert held is not None and held.shape == (4, 128) and held.all()
    cols = layouts.holders(f"slice 0 of {TILE}", (1024,))  # an arange along the columns: one thread each
    assert cols is not None and (cols.sum(axis=1) == 1).all() and [int(cols[e].argmax()) for e in (33, 128)] == [33, 0]
    first = layouts.holders(FOUR, (4096,))
    assert first is not None and (first.argmax(axis=1) == layouts.owners(FOUR, (4096,))).all()
    assert layouts.holders(f"slice 3 of {TILE}", (4,)) is None


def test_a_statistic_stored_in_one_layout_and_read_back_in_a_slice_is_another_threads():
    """Red-team: the row max converted to a line layout for its store (thread i stores element i) and loaded
    back in the slice layout, where every thread loads all four: threads of other warps read what warp 0
    stored, with no barrier between."""
    compiled = layouts.memory_ops(ROW_STAT)
    assert [op[3] for op in compiled["ops"]] == [LINE, f"slice 1 of {TILE}"]
    why = layouts.different_thread("k", "33:5", "34:10", (4,), [0, 1, 2, 3], [compiled])
    assert why is not None and "a slice along dimension 1" in why and "4 of them to another warp" in why
    waited = dict(compiled, waits=[compiled["ops"][0][4] + 1])
    waited["ops"] = [op[:4] + [op[4] if op[0] == "store" else op[4] + 2] for op in compiled["ops"]]
    assert layouts.different_thread("k", "33:5", "34:10", (4,), [0, 1, 2, 3], [waited]) is None


def test_a_scalar_atomic_is_a_barrier_only_where_the_compile_puts_one_from_its_line():
    """A scalar atomic's bar.sync (handing its result to the threads) is placed at its line; with the result
    unused the PTX has none there, and the atomic is no barrier."""
    used = {"ptx": {"bar_sites": ["6:9"], "sites": ["6:9"]}}
    unused = {"ptx": {"bar_sites": [], "sites": ["13:5"]}}
    assert not layouts.no_barrier_from([used], "6:9")
    assert layouts.no_barrier_from([unused], "13:5")
    assert not layouts.no_barrier_from([used, unused], "6:9")
    assert not layouts.no_barrier_from([{"ops": []}], "13:5")  # no PTX read: not known, so kept
