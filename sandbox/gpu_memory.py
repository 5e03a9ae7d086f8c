"""Memory handed out as CUDA's caching allocator hands it out, for what forward allocates. Runs in the
candidate's process (docs/judging.md, "Allocations as on the GPU").

On a GPU, `torch.empty` in forward returns a block of PyTorch's caching allocator: a tensor freed a moment ago
comes back at the same address with its contents (the smallest free block of its pool that fits; sizes are
rounded up to 512 bytes, and requests up to 1 MiB and larger ones are served from separate pools), and memory
no tensor used yet holds zeros or what an earlier tensor left there. The tensor's storage starts at its data
(`storage_offset()` 0, `nbytes` the size asked for). A judge that gave every allocation new NaN-filled memory
at an offset into a padded buffer is told apart by reading a scratch buffer, comparing two addresses or asking
for the offset, and a candidate could take its honest path only there. So here:

- each block lies between two canary pads that only the harness sees: the candidate's tensor is a storage of
  its own over the data alone (from DLPack), and the pads belong to another view of the same memory;
- a block whose candidate storage has died is free, and the next allocation takes the smallest free block of
  its pool that fits, with the contents it has (its pads are re-poisoned, and so is the slack past the new
  request, which the out-of-bounds checks keep guarding); a block whose pads were written is never reused, so
  the judge still gets them as they were;
- a new block's data is filled as the judge asked for the call (Fill): NaN / the largest integer, so that an
  uninitialised read shows up as a mismatch, or zeros, or stale-looking values, so that no fill is a sign of
  being judged. The judge draws the fill per call and never says which.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.multiprocessing.reductions import StorageWeakRef

ROUND = 512             # CUDA's caching allocator rounds every request up to a multiple of 512 bytes
SMALL_REQUEST = 1 << 20  # requests up to 1 MiB are served from the small pool, larger ones from the large pool
PAD_BYTES = 1 << 15      # canary before and after every block: a whole number of elements of every dtype
CACHED_LIMIT = 1 << 29   # free blocks kept past this many bytes are released, largest first (as empty_cache)

FILLS = ("poison", "zero", "stale", "packed")  # "packed": the packed layout (PackedPool), new memory zeroed
SEGMENT_ALIGN = 2 << 20  # cudaMalloc'd segments start at 2 MiB boundaries


def rounded(nbytes: int) -> int:
    return ROUND * max(1, -(-nbytes // ROUND))


@dataclass(eq=False)
class Block:
    raw: torch.Tensor                # uint8: PAD_BYTES, capacity, PAD_BYTES
    capacity: int                    # bytes of data the block holds (a rounded request)
    owner: StorageWeakRef | None = None  # the candidate's storage over it
    dtype: torch.dtype = torch.uint8  # of the current tensor, whose poison fills the pads
    numel: int = 0                    # elements of it the current tensor spans; canary past them

    @property
    def small(self) -> bool:
        return self.capacity <= SMALL_REQUEST

    def free(self) -> bool:
        return self.owner is None or self.owner.expired()

    def span(self) -> tuple[int, int]:
        lo = self.raw.data_ptr()
        return lo, lo + self.raw.numel()

    def typed(self, dtype: torch.dtype) -> tuple[torch.Tensor, int]:
        """The whole block as `dtype`, and where the data starts in it (elements)."""
        return self.raw.view(dtype), PAD_BYTES // dtype.itemsize

    def pads_intact(self) -> bool:
        """Canary before the data and past the current tensor's end, as they were laid (nothing stored there)."""
        from .watch import _all_poison, poison_value

        buf, start = self.typed(self.dtype)
        pv = poison_value(self.dtype)
        return _all_poison(buf[:start], pv) and _all_poison(buf[start + self.numel:], pv)

    def hand_out(self, dtype: torch.dtype, shape, stride, numel: int, reused: bool, fill: str) -> torch.Tensor:
        """The candidate's tensor over this block: the pads and what lies past `numel` are canary; the data is
        what the block held (reused) or filled as `fill` says (a new block)."""
        from .watch import poison_value

        buf, start = self.typed(dtype)
        pv = poison_value(dtype)
        buf[:start].fill_(pv)
        buf[start + numel:].fill_(pv)
        if not reused:
            fill_new(buf[start:start + numel], fill, pv)
        self.dtype, self.numel = dtype, numel
        view = candidate_view(buf, start, numel).as_strided(shape, stride)
        self.owner = StorageWeakRef(view.untyped_storage())
        return view


class Pool:
    """The blocks forward's allocations came from, for the life of the process (the caching allocator's are
    kept for the process's life too)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def take(self, nbytes: int, device) -> tuple[Block, bool]:
        """A block for `nbytes`: (block, reused). A free block of the request's pool that fits, smallest first
        (then the lowest address), whose pads are intact; else a new one."""
        from .watch import aligned_empty

        want = rounded(nbytes)
        small = want <= SMALL_REQUEST
        device = torch.device(device)
        fits = sorted((b for b in self.blocks if b.free() and b.small == small and b.capacity >= want
                       and b.raw.device == device), key=lambda b: (b.capacity, b.span()[0]))
        for b in fits:
            if b.pads_intact():
                return b, True
            self.blocks.remove(b)  # written out of bounds: kept by the watch for the judge, never handed out again
        self._trim()
        raw = aligned_empty(PAD_BYTES + want + PAD_BYTES, torch.uint8, device, lead=PAD_BYTES)
        block = Block(raw, want)
        self.blocks.append(block)
        return block, False

    def _trim(self) -> None:
        cached = sorted((b for b in self.blocks if b.free()), key=lambda b: -b.capacity)
        total = sum(b.capacity for b in cached)
        for b in cached:
            if total <= CACHED_LIMIT:
                break
            self.blocks.remove(b)
            total -= b.capacity


SMALL_SEGMENT = 2 << 20   # the small pool's segments (cudaMalloc'd 2 MiB at a time)
LARGE_SEGMENT = 20 << 20  # a large request under MIN_LARGE_ALLOC gets a 20 MiB segment, split as it is used
MIN_LARGE_ALLOC = 10 << 20
ROUND_LARGE = 2 << 20     # a larger request gets a segment of its size rounded up to 2 MiB


def segment_bytes(want: int) -> int:
    if want <= SMALL_REQUEST:
        return SMALL_SEGMENT
    if want < MIN_LARGE_ALLOC:
        return LARGE_SEGMENT
    return ROUND_LARGE * -(-want // ROUND_LARGE)


@dataclass(eq=False)
class Chunk:
    """A block of a segment, as the caching allocator splits and merges them."""
    segment: "Segment"
    offset: int
    size: int
    owner: StorageWeakRef | None = None  # the candidate's storage while the block is handed out
    used: bool = False                   # handed out, and not yet found freed

    @property
    def address(self) -> int:
        return self.segment.base + self.offset


class Segment:
    def __init__(self, nbytes: int, small: bool, device: torch.device) -> None:
        self.small, self.size = small, nbytes
        # a normal tensor, whatever mode the call that needed it runs in (a forward under its own
        # inference_mode): the harness writes it in place in later calls; what is handed out of it is made in
        # the caller's mode (candidate_view)
        with torch.inference_mode(False):
            if device.type == "cpu":  # at a 2 MiB boundary, as cudaMalloc places a segment
                import numpy as np

                raw = np.empty(nbytes + SEGMENT_ALIGN, np.uint8)
                start = -raw.ctypes.data % SEGMENT_ALIGN
                self.raw = torch.from_numpy(raw[start:start + nbytes])
            else:
                self.raw = torch.empty(nbytes, dtype=torch.uint8, device=device)
            self.raw.zero_()  # new GPU memory: the driver hands out zeroed pages
        self.base = self.raw.data_ptr()
        self.chunks = [Chunk(self, 0, nbytes)]

    def collect(self) -> None:
        """Blocks whose tensors died are free again, and merge with free neighbours."""
        merged: list[Chunk] = []
        for c in self.chunks:
            if c.used and (c.owner is None or c.owner.expired()):
                c.used, c.owner = False, None
            if merged and not c.used and not merged[-1].used:
                merged[-1].size += c.size
            else:
                merged.append(c)
        self.chunks = merged

    def split(self, c: Chunk, want: int) -> Chunk:
        rest = c.size - want
        if (rest >= ROUND) if self.small else (rest > SMALL_REQUEST):  # the allocator's own rule for splitting
            i = self.chunks.index(c)
            self.chunks.insert(i + 1, Chunk(self, c.offset + want, rest))
            c.size = want
        c.used = True
        return c


class PackedPool:
    """Blocks as CUDA's caching allocator lays them out: in segments, split from the front for each request
    (best fit among the free blocks of its pool), merged with free neighbours when freed. No pads between
    blocks: two allocations made one after the other are adjacent, as on a GPU."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []

    def take(self, nbytes: int, device) -> Chunk:
        device = torch.device(device)
        want = rounded(nbytes)
        small = want <= SMALL_REQUEST
        for s in self.segments:
            s.collect()
        free = [c for s in self.segments if s.small == small and s.raw.device == device
                for c in s.chunks if not c.used and c.size >= want]
        if free:
            c = min(free, key=lambda c: (c.size, c.address))
            return c.segment.split(c, want)
        self._trim()
        seg = Segment(segment_bytes(want), small, device)
        self.segments.append(seg)
        return seg.split(seg.chunks[0], want)

    def hand_out(self, c: Chunk, dtype: torch.dtype, shape, stride, numel: int) -> torch.Tensor:
        data = c.segment.raw[c.offset:c.offset + numel * dtype.itemsize].view(dtype)
        view = candidate_view(data, 0, numel).as_strided(shape, stride)
        c.owner = StorageWeakRef(view.untyped_storage())
        return view

    def _trim(self) -> None:
        idle = [s for s in self.segments if len(s.chunks) == 1 and not s.chunks[0].used]
        total = sum(s.size for s in idle)
        for s in sorted(idle, key=lambda s: -s.size):
            if total <= CACHED_LIMIT:
                break
            self.segments.remove(s)
            total -= s.size


POOL = Pool()
PACKED = PackedPool()
# the poisoning op watches open now (sandbox/watch.py): an allocation one of them places is not placed twice
# (tasks/devices.py places what the candidate's code makes outside forward, and what the watch leaves)
WATCH_PLACES: list = []
# forward run only to compile its launches for the target, at up to the real size: nothing is computed, and
# memory not written stays untouched (sandbox/runner.py compile), so no block is filled
COMPILING = False


def fill_new(data: torch.Tensor, fill: str, poison) -> None:
    """A new block's data (1-d), as the judge asked for this call."""
    if fill == "zero":
        data.zero_()
    elif fill == "stale":  # values an earlier tensor could have left: finite, of the dtype's kind
        dtype = data.dtype
        try:
            if dtype == torch.bool:
                data.copy_(torch.randint(0, 2, data.shape, device=data.device).bool())
            elif dtype.is_floating_point or dtype.is_complex:
                data.copy_(torch.randn(data.shape, device=data.device).to(dtype))
            else:
                data.copy_(torch.randint(0, 100, data.shape, device=data.device).to(dtype))
        except (RuntimeError, TypeError):  # a packed dtype torch does not convert to (float4 pairs): zeros
            data.view(torch.uint8).zero_()
    else:
        data.fill_(poison)


def ranges() -> list[tuple[int, int]]:
    """The memory every pool holds, [lo, hi) byte addresses: mapped for as long as this process lives."""
    return [b.span() for b in POOL.blocks] + [(s.base, s.base + s.size) for s in PACKED.segments]


def candidate_view(buf: torch.Tensor, start: int, numel: int) -> torch.Tensor:
    """Elements [start, start + numel) of `buf` as a tensor with a storage of its own (offset 0, its own nbytes):
    what `torch.empty` gives on a GPU. The memory stays `buf`'s: DLPack's capsule keeps it alive."""
    with torch._C.DisableTorchFunction():
        return torch.from_dlpack(buf[start:start + numel].detach())
