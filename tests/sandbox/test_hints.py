"""Compiler hints (sandbox/hints.py): the value check, at the granularity one memory instruction covers, and
the reading of global access widths from PTX."""

from __future__ import annotations

import numpy as np

from kernelpilot.sandbox.hints import AsCompiled, access_widths, as_compiled, natural_contiguity, violation, widened_lines


def test_true_hints_hold():
    offs = 128 + np.arange(64)
    assert violation("tt.contiguity", offs, [64]) == ""
    assert violation("tt.divisibility", offs, [64]) == ""
    assert violation("tt.constancy", np.full(32, 7), [32]) == ""
    assert violation("tt.divisibility", np.arange(0, 64, 16), [16]) == ""  # contiguity 1: every element


def test_a_strided_run_is_not_contiguous():
    offs = np.arange(64) * 300 + 5
    assert "runs of 64" in violation("tt.contiguity", offs, [64])
    assert "multiple of 64" in violation("tt.divisibility", offs, [64])


def test_the_wrap_of_a_last_block_counts_only_inside_one_access():
    # `rn % N` hinted contiguous: false across the wrap; at N = 48 the wrap falls on a 16-lane boundary
    # and every access the GPU makes is exact, at N = 40 it falls inside one
    assert violation("tt.contiguity", (32 + np.arange(32)) % 48, [32]) == ""
    assert violation("tt.divisibility", (32 + np.arange(32)) % 48, [32]) == ""
    assert violation("tt.contiguity", (32 + np.arange(32)) % 40, [32]) != ""


def test_groups_are_aligned_and_the_last_may_be_short():
    assert natural_contiguity(np.array([4, 5, 6, 7, 0, 1, 2, 3]), 0) == 4
    assert natural_contiguity(np.array([3, 4, 5, 6]), 0) == 4
    assert natural_contiguity(np.array([0, 1, 8, 9, 4, 5]), 0) == 2
    assert natural_contiguity(np.array([0, 1, 2, 9, 10, 11]), 0) == 1  # runs of 3 fill no aligned pair
    assert violation("tt.contiguity", np.array([8, 9, 10]), [4]) == ""


def test_two_dimensional_claims_are_per_axis():
    tile = np.arange(4)[:, None] * 100 + np.arange(16)[None, :]  # rows 100 apart, columns contiguous
    assert violation("tt.contiguity", tile, [1, 16]) == ""
    assert "axis 0" in violation("tt.contiguity", tile, [4, 1])
    assert violation("tt.constancy", np.repeat(np.arange(4)[:, None], 8, axis=1), [1, 8]) == ""
    assert "constant groups" in violation("tt.constancy", tile, [1, 8])


def test_scalars_and_floats():
    assert violation("tt.divisibility", np.array(48), [16]) == ""
    assert "one is 40" in violation("tt.divisibility", np.array(40), [16])
    assert violation("tt.contiguity", np.arange(8, dtype=np.float32) * 3, [8]) == ""  # nothing checkable


PTX = """
\t.loc\t1 12 20
\t@%p1 ld.global.v4.b32 { %r1, %r2, %r3, %r4 }, [ %rd1 + 0 ];
\t.loc\t1 14 4
\t@%p2 st.global.b16 [ %rd2 + 0 ], { %rs1 };
\tcp.async.cg.shared.global [ %r9 + 0 ], [ %rd5 + 0 ], 0x10, %r10;
\tld.shared.v4.b32 { %r5, %r6, %r7, %r8 }, [ %r11 ];
\t.loc\t1 20 4
\tatom.global.gpu.acq_rel.add.f32 %f1, [ %rd3 + 0 ], %f2;
"""


def test_access_widths_by_source_line():
    w = access_widths(PTX)
    assert w[(1, 12, 20, 16)] == 1
    assert w[(1, 14, 4, 2)] == 1
    assert w[(1, 20, 4, 4)] == 1
    assert not any(k[1] == 0 for k in w)  # shared-memory accesses are not global ones
    scalar = PTX.replace("ld.global.v4.b32 { %r1, %r2, %r3, %r4 }", "ld.global.b32 { %r1 }")
    assert widened_lines(PTX, scalar) == {"12:20": 16}  # the 16-byte load is 4 bytes without the hints
    assert widened_lines(PTX, PTX.replace("%r1", "%r12")) == {}


def test_pointer_hints_count_elements_and_bytes():
    base = 1 << 20
    ptrs = base + 4 * np.arange(64, dtype=np.uint64)  # fp32 pointers
    assert violation("tt.contiguity", ptrs, [64], element_bytes=4) == ""
    assert violation("tt.divisibility", ptrs, [16], element_bytes=4) == ""
    assert "runs of 64" in violation("tt.contiguity", base + 12 * np.arange(64, dtype=np.uint64), [64],
                                     element_bytes=4)
    assert "8 bytes past a 16-byte boundary" in violation("tt.divisibility", ptrs + 8, [16], element_bytes=4)


INLINE = """
\t.file\t1 "/scratch/candidate.py"
\t.file\t2 "/site-packages/triton/language/standard.py"
\t.loc\t1 27 9
\t// begin inline asm
\t.loc\t1 27 9
\tmov.u32 %r1, 0x0;
\t.loc\t1 28 9
\tmov.u32 %r2, 0x0;
\t@%p1 ld.global.v2.b32 { %r1, %r2 }, [ %rd1 + 0 ];
\t// end inline asm
\t.loc\t1 31 5
\t@%p2 st.global.b32 [ %rd2 + 0 ], { %r3 };
"""


def test_inline_asm_accesses_belong_to_the_line_before_the_block():
    # LLVM numbers the lines inside an inline asm block on from the block's own .loc
    assert access_widths(INLINE) == {(1, 27, 9, 8): 1, (1, 31, 5, 4): 1}
    plain = INLINE.replace("ld.global.v2.b32 { %r1, %r2 }", "ld.global.b32 { %r1 }")
    assert widened_lines(INLINE, plain) == {"27:9": 8}
    assert widened_lines(plain, INLINE) == {}
    assert widened_lines(INLINE, INLINE) == {}


def test_accesses_as_compiled_take_each_group_from_its_first_lane():
    base = 1 << 20
    lanes = np.array([0, 2, 1, 3, 4, 6, 5, 7])
    ptrs = (base + 4 * lanes).astype(np.uint64)
    AsCompiled.widths, AsCompiled.key = {"k": {"7:9": 16}}, "k"
    try:
        with_line = patch_line("7:9")
        got, mask, problem = as_compiled(ptrs, None, 4)
    finally:
        AsCompiled.widths = None
        with_line.undo()
    assert problem == "" and mask is None
    assert ((got.astype(np.int64) - base) // 4).tolist() == [0, 1, 2, 3, 4, 5, 6, 7]


def test_a_group_that_starts_off_its_alignment_faults_unless_masked_off():
    base = 1 << 20
    ptrs = (base + 4 * (np.arange(8) + 1)).astype(np.uint64)  # one float past a 16-byte boundary
    AsCompiled.widths, AsCompiled.key = {"k": {"7:9": 16}}, "k"
    try:
        with_line = patch_line("7:9")
        _, _, problem = as_compiled(ptrs, None, 4)
        _, mask, quiet = as_compiled(ptrs, np.zeros(8, dtype=bool), 4)
    finally:
        AsCompiled.widths = None
        with_line.undo()
    assert "4 bytes past an aligned address" in problem
    assert quiet == "" and not mask.any()


def test_the_vectorised_axis_is_the_one_with_unit_steps():
    base = 1 << 20
    tile = (base + 4 * (np.arange(4)[:, None] * 64 + np.arange(8)[None, :])).astype(np.uint64)
    AsCompiled.widths, AsCompiled.key = {"k": {"7:9": 16}}, "k"
    try:
        with_line = patch_line("7:9")
        got, _, _ = as_compiled(tile, None, 4)
    finally:
        AsCompiled.widths = None
        with_line.undo()
    assert (got == tile).all()  # true contiguity along the last axis: the same addresses


class patch_line:
    """Make hints._candidate_site answer `site` (there is no candidate frame in a unit test)."""

    def __init__(self, site: str):
        import kernelpilot.sandbox.hints as h

        self.module, self.saved = h, h._candidate_site
        h._candidate_site = lambda: site

    def undo(self) -> None:
        self.module._candidate_site = self.saved


def test_a_mask_hinted_constant():
    mask = np.arange(32) < 20  # constant over 16-lane groups? no: the second group changes at lane 20
    assert "constant groups of 16" in violation("tt.constancy", mask, [16])
    assert violation("tt.constancy", np.arange(32) < 16, [16]) == ""
