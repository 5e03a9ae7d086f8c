"""Forward's allocations as CUDA's caching allocator hands them out (sandbox/gpu_memory.py): a storage of its
own at offset 0, a freed block back at the same address with its contents (best fit in its pool, sizes
rounded to 512 bytes), new memory filled as the judge drew for the call, canary pads kept outside."""

import pytest
import torch

from kernelpilot.sandbox import gpu_memory
from kernelpilot.sandbox.watch import ForwardWatch


@pytest.fixture(autouse=True)
def fresh_pool(monkeypatch):
    monkeypatch.setattr(gpu_memory, "POOL", gpu_memory.Pool())
    monkeypatch.setattr(gpu_memory, "PACKED", gpu_memory.PackedPool())


def watched(fn, fill="poison"):
    w = ForwardWatch(poison=True, fill=fill)
    with torch.no_grad(), w:
        got = fn()
    return w, got


def test_an_allocation_is_a_storage_of_its_own_at_offset_zero():
    def make():
        a = torch.empty(10, 7)
        b = torch.empty_strided((3, 5), (1, 3))
        return [(t.storage_offset(), t.untyped_storage().nbytes(), t.stride()) for t in (a, b)]

    _, got = watched(make)
    assert got == [(0, 280, (7, 1)), (0, 60, (1, 3))]


def test_a_freed_block_comes_back_with_its_address_and_contents():
    def make():
        a = torch.empty(300)
        a.fill_(7.0)
        where = a.data_ptr()
        del a
        b = torch.empty(300)
        return where, b.data_ptr(), b.clone()

    for fill in gpu_memory.FILLS:  # the padded layouts and the packed one alike
        _, (where, again, values) = watched(make, fill)
        assert again == where and bool((values == 7.0).all())


def test_a_smaller_request_of_the_same_pool_reuses_the_block_a_larger_does_not():
    def make():
        a = torch.empty(1000)  # 4000 bytes: a 4096-byte block
        where = a.data_ptr()
        del a
        bigger = torch.empty(1100)  # 4400 bytes: does not fit
        smaller = torch.empty(1024, dtype=torch.uint8)  # fits, as the start of the block
        return where, bigger.data_ptr(), smaller.data_ptr()

    _, (where, bigger, smaller) = watched(make)
    assert bigger != where and smaller == where


def test_best_fit_takes_the_smallest_free_block():
    def make():
        big, small = torch.empty(4096), torch.empty(512)
        pb, ps = big.data_ptr(), small.data_ptr()
        del big, small
        return pb, ps, torch.empty(300).data_ptr()

    _, (pb, ps, got) = watched(make)
    assert got == ps != pb


def test_small_and_large_requests_come_from_separate_pools():
    def make():
        large = torch.empty(2 << 20, dtype=torch.uint8)
        where = large.data_ptr()
        del large
        return where, torch.empty(1024, dtype=torch.uint8).data_ptr()

    _, (where, small) = watched(make)
    assert small != where


def test_a_live_tensor_or_view_keeps_its_block():
    def make():
        a = torch.empty(300)
        view = a[10:]
        where = a.data_ptr()
        del a
        return where, torch.empty(300).data_ptr(), view

    _, (where, other, _) = watched(make)
    assert other != where


@pytest.mark.parametrize("fill, check", [
    ("poison", lambda t: bool(torch.isnan(t).all())),
    ("zero", lambda t: bool((t == 0).all())),
    ("stale", lambda t: bool(torch.isfinite(t).all()) and float(t.abs().sum()) > 0),
])
def test_new_memory_is_filled_as_the_judge_drew(fill, check):
    _, t = watched(lambda: torch.empty(1000), fill)
    assert check(t)


@pytest.mark.parametrize("dtype", [torch.bool, torch.int32, torch.bfloat16, torch.float8_e4m3fn])
def test_stale_memory_holds_values_of_the_dtype(dtype):
    _, t = watched(lambda: torch.empty(256, dtype=dtype), "stale")
    assert t.dtype == dtype and (dtype == torch.bool or bool(torch.isfinite(t.float()).all()))


def test_zeros_and_full_keep_their_values_in_a_reused_block():
    def make():
        a = torch.empty(64)
        a.fill_(3.0)
        del a
        return torch.zeros(64), torch.full((64,), 2.0)

    _, (z, f) = watched(make)
    assert bool((z == 0).all()) and bool((f == 2.0).all())


def test_a_write_past_the_end_is_seen_and_that_block_is_not_handed_out_again():
    w = ForwardWatch(poison=True)
    with torch.no_grad(), w:
        a = torch.empty(100)
        where = a.data_ptr()
        rec = w.allocs[-1]
        with torch._C.DisableTorchFunction():  # a stray store one past the end, as a kernel's would land
            rec.buffer[rec.start + 100] = 1.0
        del a
        again = torch.empty(100).data_ptr()
    assert again != where
    assert w.check_canaries() == ["allocation #0 (100 elements of torch.float32)"]


def test_the_slack_of_a_reused_block_is_guarded_again():
    """A block reused for a smaller request: what lies past the new end is canary again, and the guard bands
    the interpreter's memcheck watches follow the new end, not the old one."""
    def make():
        a = torch.empty(500)
        a.fill_(1.0)
        del a
        return torch.empty(100)

    w, b = watched(make)
    assert w.check_canaries() == []
    end = b.data_ptr() + 100 * 4
    assert any(lo == end for lo, _, _ in w.guard_spans)
    assert not any(lo < end <= hi - 1 and lo < b.data_ptr() + 400 for lo, hi, _ in w.guard_spans if lo < end)


def test_a_block_reused_as_another_dtype_gets_pads_of_that_dtype():
    def make():
        a = torch.empty(256, dtype=torch.float32)
        del a
        return torch.empty(512, dtype=torch.bfloat16)

    w, _ = watched(make)
    assert w.check_canaries() == []


_OUTSIDE_FORWARD = r'''
import json
import torch
from kernelpilot.tasks.devices import cuda_means_host_in_this_process

cuda_means_host_in_this_process("sm_90")
found = {}
fresh = torch.empty(1000, device="cuda")
found["fresh_is_zero"] = bool((fresh == 0).all())
marker = torch.full((256,), 7.0, device="cuda")
where = marker.data_ptr()
del marker
again = torch.empty(256, device="cuda")
found["empty_reuses"] = [again.data_ptr() == where, float(again[0]), float(again[255])]
copied = again.clone()
found["clone_offset"] = [copied.storage_offset(), copied.data_ptr() % 512]
where = copied.data_ptr()
del copied
found["empty_like_reuses"] = torch.empty_like(again).data_ptr() == where
grown = torch.empty(0, device="cuda")
grown.resize_(1000)
found["resize_placed"] = [grown.data_ptr() % 512, grown.data_ptr() - fresh.data_ptr() < (2 << 20)]
# in forward, in a call laid out apart: a torch op's result shares the pool with the `empty`s
from kernelpilot.sandbox.watch import ForwardWatch

for fill in ("poison", "packed"):
    with torch.no_grad(), ForwardWatch(poison=True, fill=fill):
        counted = torch.arange(40000, device="cuda")
        where = counted.data_ptr()
        del counted
        found["arange_then_empty_" + fill] = torch.empty(40000, device="cuda").data_ptr() == where
print(json.dumps(found))
'''


def test_what_the_candidate_allocates_outside_forward_comes_from_the_same_pool(tmp_path):
    """At import and in `__init__` (no op watch), in the candidate's process: an `empty` after a free gets the
    freed block and its contents, a torch op's result and memory `resize_` grows are placed in blocks too, in
    the same segment, and new memory holds zeros."""
    import json
    import subprocess
    import sys

    script = tmp_path / "candidate_like.py"  # a file of its own: its calls are the candidate's, not the harness's
    script.write_text(_OUTSIDE_FORWARD)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"empty_reuses": [True, 7.0, 7.0], "clone_offset": [0, 0], "empty_like_reuses": True,
                     "fresh_is_zero": True, "resize_placed": [0, True], "arange_then_empty_poison": True,
                     "arange_then_empty_packed": True}


# -- the packed layout: blocks in segments, as CUDA's caching allocator lays them out ---------------------------

def packed(fn):
    return watched(fn, "packed")[1]


def test_packed_consecutive_allocations_are_adjacent_in_one_segment():
    def make():
        a, b = torch.empty(1000), torch.empty(1000)  # 4000 bytes each: 4096-byte blocks
        return a.data_ptr(), b.data_ptr()

    a, b = packed(make)
    assert b - a == 4096 and a % (2 << 20) == 0  # the first block of a new 2 MiB segment


def test_packed_a_freed_block_is_split_and_the_rest_handed_to_the_next_request():
    def make():
        big = torch.empty(64 * 1024)  # 256 KiB
        where = big.data_ptr()
        keep = torch.empty(10)  # after it in the segment: the freed block cannot merge with the segment's rest
        del big
        first, second = torch.empty(16 * 1024), torch.empty(16 * 1024)  # 64 KiB each, from the freed block
        return where, first.data_ptr(), second.data_ptr(), keep

    where, first, second, _ = packed(make)
    assert first == where and second == where + 64 * 1024


def test_packed_adjacent_free_blocks_merge():
    def make():
        a, b, keep = torch.empty(1024), torch.empty(1024), torch.empty(1)
        where = a.data_ptr()
        del a, b
        return where, torch.empty(2048).data_ptr(), keep  # 8 KiB: the two 4 KiB blocks merged

    where, got, _ = packed(make)
    assert got == where


def test_packed_large_requests_share_a_20_mib_segment_and_huge_ones_get_their_own():
    def make():
        huge = torch.empty(11 << 20, dtype=torch.uint8)  # a 12 MiB segment of its own: 1 MiB left, not split off
        a, b = torch.empty(2 << 20, dtype=torch.uint8), torch.empty(2 << 20, dtype=torch.uint8)
        small = torch.empty(16, dtype=torch.uint8)
        more = torch.empty(11 << 20, dtype=torch.uint8)  # fits in what is left of the 20 MiB segment: best fit
        return huge.data_ptr(), a.data_ptr(), b.data_ptr(), small.data_ptr(), more.data_ptr()

    huge, a, b, small, more = packed(make)
    assert b - a == 2 << 20 and more - a == 4 << 20
    assert not huge <= a < huge + (12 << 20) and not a <= small < a + (20 << 20)


def test_packed_contents_survive_free_and_new_segments_hold_zeros():
    def make():
        fresh = torch.empty(300).clone()
        a = torch.empty(300)
        a.fill_(5.0)
        del a
        return fresh, torch.empty(300)

    fresh, again = packed(make)
    assert bool((fresh == 0).all()) and bool((again == 5.0).all())


def test_packed_slack_is_guarded_and_follows_reuse():
    w = ForwardWatch(poison=True, fill="packed")
    with torch.no_grad(), w:
        a = torch.empty(100)  # 400 bytes of a 512-byte block: 112 bytes of slack
        end = a.data_ptr() + 400
        assert any(lo == end and hi == end + 112 for lo, hi, _ in w.guard_spans)
        del a
        b = torch.empty(128)  # the same block, all of it data now
        assert b.data_ptr() == end - 400
        assert not any(lo < end + 112 and end - 400 < hi for lo, hi, _ in w.guard_spans)
