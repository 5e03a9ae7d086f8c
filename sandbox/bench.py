"""Timing. The same functions time the candidate (in its process) and the baselines (in the judge), so the
method can never differ between them. Trusted references to torch/cuda functions are bound at import,
before any candidate code runs, so later monkey-patching of torch cannot reach them."""

from __future__ import annotations

import statistics
import time
from typing import Callable, Sequence

import torch

_perf_counter = time.perf_counter
_Event = torch.cuda.Event
_synchronize = torch.cuda.synchronize
_empty = torch.empty

L2_FLUSH_BYTES = 256 << 20  # larger than any current L2 (H100: 50 MB, H200: 60 MB)

from .gpus import GPU_PEAKS, gpu_peaks  # noqa: F401 - the one table of peaks, re-exported


def stats(samples_ms: Sequence[float]) -> dict:
    s = sorted(samples_ms)
    q = statistics.quantiles(s, n=4) if len(s) >= 2 else [s[0], s[0], s[0]]
    return {"median_ms": statistics.median(s), "p25_ms": q[0], "p75_ms": q[2], "n": len(s)}


def input_variant(pool: Sequence[Sequence], i: int) -> list:
    """Inputs of a baseline's timed call i: pool set i % V with every floating tensor rolled by i // V, so the
    contents of consecutive calls differ (eager and torch.compile find nothing cached). Only the judge's own
    baselines run on these: a candidate's calls each get inputs drawn afresh (Judge.measure), because a roll
    of a set seen before is an answer a cache could update cheaply."""
    src, shift = pool[i % len(pool)], i // len(pool)
    return [torch.roll(v.reshape(-1), shift).view(v.shape) if isinstance(v, torch.Tensor) and v.is_floating_point()
            and shift else v for v in src]


class FixedArgs:
    """One set of argument buffers that stay at the same addresses for every timed call; contents change."""

    def __init__(self, pool: Sequence[Sequence], place: Callable):
        self.pool = pool
        self.args = [place(v) for v in pool[0]]

    def prepare(self, i: int) -> None:
        for buf, v in zip(self.args, input_variant(self.pool, i)):
            if isinstance(buf, torch.Tensor):
                buf.copy_(v)


def l2_flush_buffer() -> torch.Tensor:
    """A buffer larger than any L2, zeroed before each timed call so that no call finds its data cached."""
    return _empty(L2_FLUSH_BYTES // 4, dtype=torch.int32, device="cuda")


def permuted(t) -> bool:
    """Is `t` a tensor laid out in another dimension order than row-major (a transpose or NHWC returned as a
    view), over the dimensions longer than one? A padded row-major slice is not; an expanded one is left be."""
    if not isinstance(t, torch.Tensor) or t.dim() < 2:
        return False
    strides = [st for n, st in zip(t.shape, t.stride()) if n > 1]
    return 0 not in strides and any(a < b for a, b in zip(strides, strides[1:]))


def in_row_major(out):
    """`out` (a tensor, or a tuple or list of them) with each permuted output made contiguous: timed calls, the
    candidate's and the baselines' alike, end in the layout a row-major consumer reads, so an output returned
    as a view in another order (`y.t()` of an untransposed copy) carries the copy it left undone."""
    if isinstance(out, (tuple, list)):
        return type(out)(o.contiguous() if permuted(o) else o for o in out)
    return out.contiguous() if permuted(out) else out


def timed_call(fn: Callable, gpu: bool, flush: torch.Tensor | None = None,
               finish: Callable | None = in_row_major) -> tuple:
    """(finish(fn()), milliseconds) for one call. On a GPU: L2 flushed first, CUDA events around the call, and
    the whole device synchronised before the end event, so work hidden on side streams is inside the window. On
    a CPU: wall time (interpreter)."""
    finish = finish or (lambda o: o)
    if gpu:
        if flush is not None:
            flush.zero_()
        _synchronize()
        start, end = _Event(enable_timing=True), _Event(enable_timing=True)
        start.record()
        out = finish(fn())
        _synchronize()  # device-wide: covers every stream the call may have used
        end.record()
        _synchronize()
        return out, start.elapsed_time(end)
    t0 = _perf_counter()
    out = finish(fn())
    return out, (_perf_counter() - t0) * 1e3


def time_calls(fn: Callable, args: FixedArgs, warmup: int, reps: int, gpu: bool,
               after: Callable | None = None) -> dict:
    """Time fn(*args) `reps` times after `warmup` untimed calls, inputs refreshed before every call outside
    the measured window, each call measured by timed_call (the candidate's timed calls are measured by it
    too, one request each). `after(i, out)` runs after call i, outside the window."""
    flush = l2_flush_buffer() if gpu else None
    for i in range(warmup):
        args.prepare(i)
        fn(*args.args)
    samples = []
    for j in range(reps):
        i = warmup + j
        args.prepare(i)
        out, ms = timed_call(lambda: fn(*args.args), gpu, flush)
        samples.append(ms)
        if after is not None:
            after(i, out)
    return stats(samples)


def speedup_verdict(base: dict, cand: dict) -> tuple[float, str]:
    """Speedup of medians, called faster/slower only when the interquartile ranges do not overlap."""
    speed = base["median_ms"] / cand["median_ms"] if cand["median_ms"] > 0 else float("inf")
    if cand["p75_ms"] < base["p25_ms"]:
        return speed, "faster"
    if cand["p25_ms"] > base["p75_ms"]:
        return speed, "slower"
    return speed, "within noise"


def roofline_ms(flops: float, nbytes: float, device_name: str, low_precision: bool) -> float | None:
    """Lower bound on run time from peak bandwidth and peak compute: no correct kernel can beat it."""
    peaks = gpu_peaks(device_name)
    if peaks is None:
        return None
    bw, fp32, tensor = peaks
    return max(nbytes / bw, flops / (tensor if low_precision else fp32)) * 1e3


def h100_equivalent_ms(ms: float, counts: tuple[float, float] | None, device_name: str, low_precision: bool) -> float:
    """A time measured on this GPU, scaled to an H100 by the peak of whichever resource the roofline says
    binds: an H200 runs a memory-bound kernel in about 0.7x the H100's time (4.8 vs 3.35 TB/s) and a
    compute-bound one in the same time. As measured where the GPU or the counts are unknown."""
    here, h100 = gpu_peaks(device_name), GPU_PEAKS["H100"]
    if here is None or counts is None:
        return ms
    flops, nbytes = counts
    peak = 2 if low_precision else 1
    memory_bound = nbytes / here[0] >= flops / here[peak]
    return ms * (here[0] / h100[0] if memory_bound else here[peak] / h100[peak])


def low_precision(inputs: Sequence) -> bool:
    """Whether the tensor-core peak applies: any input is fp16/bf16."""
    return any(isinstance(x, torch.Tensor) and x.dtype in (torch.float16, torch.bfloat16) for x in inputs)


def roofline_for_inputs(counts: tuple[float, float], inputs: Sequence, device_name: str) -> float | None:
    """roofline_ms for a task's (flops, bytes), at tensor-core peak when any input is fp16/bf16."""
    return roofline_ms(*counts, device_name, low_precision(inputs))
