"""The judge: a trusted worker process that forks the confined candidate, feeds it inputs, computes the
reference in its own address space (the candidate never sees reference outputs), and decides the verdict.

Process tree per candidate:  orchestrator -> (forkserver) -> judge -> candidate [PID 1 of its namespace]
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import random
import re
import select
import shutil
import signal
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import torch
import torch.utils._pytree as pytree
from torch.utils._python_dispatch import TorchDispatchMode

from . import bench, isolation, layouts, libdevice, weights, wire
from .compare import Match, compare, fingerprint, rms
from .config import EvalConfig
from .races import _program
from .result import (KEY_GONE, BuildInfo, CorrectnessInfo, EvalResult, ShapeCheck, Stage, TimingInfo, TimingStats,
                     fail)
from .target import REAL_SIZE_LIMIT, assemble, capability, ptxas_path, warm_up
from .watch import COUNT_READ_BUDGET, SCALAR_READ_BUDGET, ForwardWatch, poison_value
from ..tasks.loader import (EXACT_ZEROS, TYPICAL, ZERO_SHARE, Task, comparable, draw_inputs, on_meta, signed_args,
                            sorted_rows, structured_like, tensors_in, value_families)
from ..tasks.sizes import BELOW, POWERS_KEPT


# what the compile replay at the real size may raise that says nothing of the GPU's run: the stand-in driver's
# gaps and the sandbox refusing a tool (sandbox/target.py), memory this machine lacks
REPLAY_GAPS = ("needs a GPU driver feature", "needed a subprocess", "memory", "allocate")


def refuses_real_size(reply: dict) -> bool:
    """Whether forward raised at the real size (the compile replay's `not_checked`) for a reason the GPU's run
    would raise for too: before reading anything on the host (then what it did follows from the sizes, dtypes
    and layouts, which are the GPU's), and not for a gap of this machine's (REPLAY_GAPS, a demand for CUDA).
    Any exception type: a refusal can be an assert, a RuntimeError or an IndexError from a table of sizes."""
    why, trace = str(reply.get("not_checked", "")), str(reply.get("traceback", ""))
    return (reply.get("scalar_reads") == 0 and not reply.get("count_reads") and not demands_cuda(why, trace)
            and not any(m in why.lower() for m in REPLAY_GAPS))


def instance_key(init_args: list, state: dict) -> str | None:
    """What a ModelNew is built from, where it can be told: the constructor's arguments (plain values only) and
    the names, shapes and dtypes of the reference's weights. None where an argument is anything else (a tensor,
    an object), so that the candidate is built afresh."""
    plain = (bool, int, float, str, type(None))

    def ok(v) -> bool:
        return isinstance(v, plain) or isinstance(v, (list, tuple)) and all(ok(e) for e in v)

    if not all(ok(a) for a in init_args):
        return None
    return repr((init_args, [(k, tuple(v.shape), str(v.dtype)) for k, v in state.items()]))


# the labels of the large shapes the judge adds on a CPU (tasks/sizes.py range_shapes, wide_shape,
# many_programs_shape): the costly ones
# A forward that reads on the host what its kernels computed: how many of its calls per shape (those whose reads
# differ), with their inputs up to this size, are kept for the compile for the target to replay (Judge.keep_replay)
REPLAYS_KEPT = 3
REPLAY_INPUT_BYTES = 32 << 20
LARGE_CPU_SHAPES = ("real length:", "long length:", "exact length:", "wide output:", "many programs:", "mid length:",
                    "index range:")
# of those, the ones checked in one call per autotune config: what they add is the grid (which programs run, in
# which order), or a length's exact value (a whole number of chunks)
EXTRA_INSTANCES = 2  # instances of ModelNew built beside the first (check_second_instance)
STACKS_SIGNAL = signal.SIGUSR2  # asks a candidate out of time for its stacks (Judge.dump_stacks)
# the kinds of the fields of a forward's reply (runner._forward), checked before any is read: the reply comes
# from the candidate's process, whose code can reach what builds it
REPLY_FIELDS: dict[str, type | tuple[type, ...]] = {
    "n_guards": int, "launches": int, "fewest_storing": int, "tf32_dots": int, "tuple": bool,
    "ms": (int, float), "ops": dict, "spent": dict, "autotune": dict,
    **{k: list for k in ("out_of_bounds", "races", "hint_violations", "exchanges", "same_position", "readbacks",
                         "misaligned", "races_unchecked", "canary_broken", "weights_changed", "undeclared_writes",
                         "host_outputs", "autotune_benched", "bench_changed", "kernels", "specs", "input_prints",
                         "host_values", "earlier_prints", "held")},
    "earlier_inputs": dict}
# what puts text of the file's own into the GPU compile's PTX, which the interpreter never runs
ASSEMBLY_WORDS = ("inline_asm", "extern_elementwise")
GRID_FILLS = ("poison", "stale")  # the fills of a grid-only shape's call (Judge.check_shape)
# (and the lengths between the given ones and the real one: each a path of its own at most, met in one call)
GRID_SHAPES = ("wide output:", "many programs:", "exact length:", "mid length:", "index range:")
# ... and of those, the one where a kernel that gives a program several rows (a persistent kernel, a loop over
# rows) has it take more than one: what a program carries from a row into the next is wrong only on some values
# (a running max never reset: falling rows), so where a launch has fewer programs that store anything than the
# output has rows (whatever else it launches, and however many of its programs return at once), a call on each
# value family too
SEVERAL_PER_PROGRAM = ("many programs:",)


def _few_rows_changed(inputs: list, fresh: list, by_rows: bool, turn: int = 0, integers: bool = True,
                      swap: bool = False) -> list:
    """The inputs with a few parts of one of them taken from a fresh draw of the same family (of the inputs this
    can change, number `turn` modulo their count): a cache that compares one operand whole and skips reading
    another (`m(x, y1)` then `m(x, y2)`) is stale where only the other changed. With `by_rows`, a few slices along
    the first dimension (one in 16, at least one) of every tensor input of two or more dimensions, or a few
    single elements (one to four) of every floating tensor input, 1-D ones too, and of every integer one, moved
    as its kind allows (_integer_values_moved; not with `integers` False); the others as they were. Valid
    inputs wherever rows (elements) are independent draws (a batch, tokens, a matrix's rows). Rows defeat a
    cache keyed by a sample within a row (the first one's elements); elements, one keyed by any sample of
    positions, a column too (which every changed row changes). With `swap`, the floating input's parts are not
    fresh but its own, moved: two unlike rows exchanged, or a few pairs of unlike elements. The values held
    stay the same, so a cache keyed by anything blind to their order (a sum of every element, a histogram, a
    sorted sample) is stale there, where a fresh draw changes such a key."""
    gen = torch.Generator().manual_seed(_new_seed())
    which = _changeable(inputs, fresh, by_rows, integers)
    if by_rows and not which:  # no input of two or more dimensions (axpy's vectors): single elements instead
        by_rows = False
        which = _changeable(inputs, fresh, by_rows, integers)
    chosen = which[turn % len(which)] if which else -1
    out = []
    for i, (old, new) in enumerate(zip(inputs, fresh)):
        if i != chosen:
            out.append(old)
            continue
        moved = None
        if swap and old.is_floating_point():
            moved = (_rows_swapped(old, gen) if by_rows and old.dim() >= 2 and old.shape[0] > 1
                     else _pairs_swapped(old, 1 + int(torch.randint(4, (), generator=gen)), gen) if not by_rows
                     else None)
        if moved is not None:  # none where every row (element) is alike: fresh parts as without `swap`
            old = moved
        elif by_rows and old.dim() >= 2 and old.shape[0] > 1:
            picked = torch.randperm(old.shape[0], generator=gen)[: max(1, old.shape[0] // 16)]
            old = wire.clone_layout(old)  # the same strides: placed at the same addresses
            old[picked] = new[picked].to(old.device)
        elif not by_rows and (old.is_floating_point() or old.dtype == torch.bool):
            # any element of a floating input; of a bool mask, one a fresh draw gives otherwise
            pool = torch.arange(old.numel()) if old.is_floating_point() else \
                (old != new.to(old.device)).reshape(-1).nonzero().reshape(-1).cpu()
            picked = pool[torch.randperm(pool.numel(), generator=gen)[: 1 + int(torch.randint(4, (), generator=gen))]]
            where = torch.unravel_index(picked, old.shape)
            old = wire.clone_layout(old)  # the same strides: placed at the same addresses
            old[where] = new[where].to(old.device)
        elif not by_rows and integers and _integer(old):
            old = _integer_values_moved(old, 1 + int(torch.randint(4, (), generator=gen)), gen)
        if old is not inputs[i] and old.is_floating_point():
            structured_like(inputs[i], old)  # a symmetric matrix stays one
            # zero in this draw and the fresh one: zero by construction (a band, a triangle, a block pattern),
            # which a kernel may skip; kept
            zeros = (inputs[i] == 0) & (new.to(inputs[i].device) == 0)
            if bool(zeros.any()):
                with torch.no_grad():
                    old.copy_(torch.where(zeros.to(old.device), inputs[i].to(old.device), old))
        out.append(old)
    return out


def _changeable(inputs: list, fresh: list, by_rows: bool, integers: bool = True) -> list[int]:
    """The positions of the inputs _few_rows_changed can change in its mode (`fresh` is a draw like `inputs`)."""

    def changeable(old, new) -> bool:
        if not (isinstance(old, torch.Tensor) and isinstance(new, torch.Tensor) and old.shape == new.shape
                and old.dtype == new.dtype and old.numel() > 0 and 0 not in old.stride()):
            return False
        if by_rows:
            return old.dim() >= 2 and old.shape[0] > 1
        if old.dtype == torch.bool:  # a mask: only where a fresh draw differs (a causal mask is the same in all)
            return integers and bool((old != new.to(old.device)).any())
        # single elements of a sorted table (bucket boundaries) changed or swapped would unsort it: no input of
        # its kind (whole rows of one sorted along its rows are changed as rows); a one-element tensor (a
        # temperature passed as a tensor) is changed whole
        return old.is_floating_point() and not sorted_rows(old) or integers and _integer(old) and old.numel() > 2

    return [i for i, (old, new) in enumerate(zip(inputs, fresh)) if changeable(old, new)]


def _integer(t: torch.Tensor) -> bool:
    return not (t.is_floating_point() or t.is_complex() or t.dtype == torch.bool)


def _pairs_swapped(t: torch.Tensor, k: int, gen: torch.Generator) -> torch.Tensor | None:
    """`t` (a copy, in its own layout) with up to k pairs of elements of different values swapped; None where
    no pair differs."""
    flat = t.reshape(-1)
    order = torch.randperm(flat.numel(), generator=gen).tolist()
    pairs: list[tuple[int, int]] = []
    for a, b in zip(order[::2], order[1::2]):
        if len(pairs) == k:
            break
        if bool(flat[a] != flat[b]):
            pairs.append((a, b))
    if not pairs:
        return None
    out = wire.clone_layout(t)
    first, second = torch.tensor([p[0] for p in pairs]), torch.tensor([p[1] for p in pairs])
    out[torch.unravel_index(first, t.shape)] = flat[second]
    out[torch.unravel_index(second, t.shape)] = flat[first]
    return out


def _rows_swapped(t: torch.Tensor, gen: torch.Generator) -> torch.Tensor | None:
    """`t` (a copy) with two of its rows (slices along the first dimension) that differ exchanged; None where
    every row is alike."""
    order = torch.randperm(t.shape[0], generator=gen).tolist()
    a = order[0]
    b = next((r for r in order[1:] if not bool(torch.equal(t[r], t[a]))), None)
    if b is None:
        return None
    out = wire.clone_layout(t)
    out[[a, b]] = t[[b, a]]
    return out


ROWS_TRIED = 64  # _integer_values_moved: rows looked at for a move before it gives up (every one alike)


def _integer_values_moved(t: torch.Tensor, k: int, gen: torch.Generator) -> torch.Tensor:
    """`t` with a few of its values changed so that it stays what its task makes it, while a cache keyed on a
    sample of it goes stale; up to k moves, each within one row (a slice along the last dimension; a 1-D tensor
    is one row), in rows drawn at random. In a non-decreasing row (row pointers, offsets, a row of sorted
    indices, counts that happen to be sorted), two interior neighbours at least 2 apart each moved 1 toward the
    other (no two such pairs overlap): the order, the first and last values and the sum hold. In any other row
    (ids, targets, column indices, counts, a permutation), a pair of elements of different values swapped: the
    values the row holds, their range and their sum (counts that must add up, a permutation of each row) hold.
    Values are never moved from one row to another, where a row of distinct indices would get one twice."""
    if t.numel() == 0 or t.dim() == 0:
        return t.clone()
    width = t.shape[-1]
    rows = t.reshape(-1, width)
    at: list[int] = []
    values: list = []
    moves = 0
    for r in torch.randperm(rows.shape[0], generator=gen)[:ROWS_TRIED].tolist():
        if moves == k:
            break
        row, base = rows[r], r * width
        if width > 1 and not bool((row[1:] < row[:-1]).any()):
            # an interior pair of neighbours at least 2 apart drawn 1 closer each way: order, first and last
            # element (a row pointer's total) and sum (counts sorted by chance, which must add up) all hold
            ok = ((row[2:-1] - row[1:-2]) >= 2).nonzero().flatten().cpu() + 1
            chosen: list[int] = []
            for p in ok[torch.randperm(len(ok), generator=gen)].tolist():
                if moves + len(chosen) == k:
                    break
                if all(abs(p - q) > 1 for q in chosen):
                    chosen.append(p)
            for p in chosen:
                at += [base + p, base + p + 1]
                values += [row[p] + 1, row[p + 1] - 1]
            moves += len(chosen)
        else:
            order = torch.randperm(width, generator=gen).tolist()
            for a, b in zip(order[::2], order[1::2]):
                if moves == k:
                    break
                if bool(row[a] != row[b]):
                    at += [base + a, base + b]
                    values += [row[b], row[a]]
                    moves += 1
    out = wire.clone_layout(t)  # in the input's own layout (a slice of a wider tensor too)
    if at:
        out[torch.unravel_index(torch.tensor(at), t.shape)] = torch.stack(values).to(out.device)
    return out


def _assembly_names(source: str) -> list[str]:
    """The names of ASSEMBLY_WORDS the file's code uses (names, attributes, imports; not its comments or
    strings), in the order of ASSEMBLY_WORDS; the whole list where the file does not parse."""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return list(ASSEMBLY_WORDS)
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.alias):
            used |= {node.name.rsplit(".", 1)[-1], node.asname or ""}
    return [w for w in ASSEMBLY_WORDS if any(w in u for u in used)]


def _same_bits(a, b) -> bool:
    """Two results alike bit for bit (tensors: shape, dtype and every byte; anything else by ==)."""
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
        return not isinstance(a, torch.Tensor) and not isinstance(b, torch.Tensor) and bool(a == b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    return torch.equal(wire.packed(a.detach()).view(torch.uint8), wire.packed(b.detach()).view(torch.uint8))


def _rows(t: torch.Tensor) -> int:
    """An output's rows: its elements but along the last dimension (a 1-D output's elements, one per row)."""
    return t.numel() if t.dim() <= 1 else t.numel() // max(t.shape[-1], 1)


def declinable(shapes: list[tuple[str, dict]], i: int) -> bool:
    """Whether shapes[i] is a shape the judge chose that the candidate may decline (raise at, before it answers
    anything there): a drawn shape or a size set chosen for the interpreter (`auto:`), followed by its twin with
    the powers of two kept (sandbox/evaluate.py with_unseen_shapes, with_powers_kept_twins), checked instead; a
    twin followed by another (one more size kept a power of two) may be declined in turn; a real length drawn
    short of itself, where the file's sizes were chosen and that length is a power of two, likewise (its twin
    is the exact length, tasks/sizes.range_shapes). A kernel written for power-of-two head dimensions asserts so, or cannot arange another; a wrong
    answer at the drawn shape is never declining it."""
    if shapes[i][0].startswith(BELOW):  # sizes below all the task gives: a kernel may refuse them (none follows)
        return True
    return (shapes[i][0].startswith(("unseen:", "auto:", "real length:", "long length:")) and i + 1 < len(shapes)
            and shapes[i + 1][0].endswith(POWERS_KEPT))


def removed_from_triton(error: str, source: str) -> str:
    """The kernel-language feature of earlier Triton releases (sandbox/checks.py TL_REMOVED) that `error` says
    the installed one lacks, where the candidate's source uses it; "" otherwise."""
    import ast

    from .checks import TL_REMOVED

    try:  # names the code uses, not its docstrings and comments ("no tl.advance here")
        tree = ast.parse(source)
        named = {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(tree)
                 if isinstance(n, (ast.Attribute, ast.Name))}
        named |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        named = set(re.findall(r"\w+", source))
    for name, feature in TL_REMOVED.items():
        gone = (f"module 'triton.language' has no attribute '{name}'" in error
                or name == "make_block_ptr" and "Block pointers have been removed" in error)
        if gone and name in named:
            used = sorted(n for n, f in TL_REMOVED.items() if f == feature and n in named)
            return f"{feature} ({', '.join(f'tl.{n}' for n in used)})"
    return ""


class Reject(Exception):
    """Stops the evaluation with a typed verdict."""

    def __init__(self, stage: Stage, check: str, reason: str):
        super().__init__(reason)
        self.stage, self.check, self.reason = stage, check, reason


class ReferenceRefused(Exception):
    """The reference raised on inputs of a shape the judge chose (BatchNorm in training mode at one value per
    channel): no such shape is checked (Judge.run)."""


CHOSEN = re.compile(r"^[a-z][a-z ]*:")  # a shape's label the judge chose ("below: ...", "unseen: ..."), not the task


def pidns_entered(pid: int) -> bool:
    """Is `pid` (the candidate) in a PID namespace other than ours (the launcher could make one)?"""
    return isolation.pid_namespace_of(pid) not in (None, isolation.pid_namespace_of(os.getpid()))


# What torch and the CUDA runtime say to a process that asks for a GPU where there is none
NO_CUDA_MESSAGES = ("Torch not compiled with CUDA enabled", "Found no NVIDIA driver", "no CUDA GPUs are available",
                    "CUDA driver version is insufficient", "cudaErrorInsufficientDriver", "cudaErrorNoDevice",
                    "CUDA_ERROR_NO_DEVICE", "libcuda.so")


def _hinted_lines(launches) -> dict[str, dict[str, int]]:
    """launch key -> "line:column" -> bytes, as the compile's JSON answer gives it."""
    if not isinstance(launches, dict):
        return {}
    return {str(key): {str(site): int(n) for site, n in sites.items()} for key, sites in launches.items()
            if isinstance(sites, dict)}


def demands_cuda(error: str, traceback_text: str, library: bool = True) -> bool:
    """Did the candidate fail on a CPU only because it wants a GPU: a CUDA runtime's refusal, or an assertion
    whose failing line tests for CUDA in a way the host tensors do not answer as the GPU's would (`x.is_cuda`
    and `x.device` do, tasks/devices.py; `x.untyped_storage().device` does not)? Never a pass: such a candidate
    is `unverified` here and judged on a GPU. A runtime's refusal counts where a library raised it (`library`),
    not the file."""
    if library and any(m in error or m in traceback_text for m in NO_CUDA_MESSAGES):
        return True
    if not error.startswith("AssertionError"):
        return False
    lines = [ln.strip() for ln in traceback_text.splitlines() if ln.strip().startswith("assert ")]
    return bool(lines) and "cuda" in lines[-1].lower()


def _cloned(obj):
    """`obj` with every tensor in it (in lists, tuples and dicts) copied."""
    if isinstance(obj, torch.Tensor):
        return obj.clone()
    if isinstance(obj, (list, tuple)):
        return type(obj)(_cloned(v) for v in obj) if type(obj) in (list, tuple) else obj
    if isinstance(obj, dict):
        return {k: _cloned(v) for k, v in obj.items()}
    return obj


def _one_signed(t: torch.Tensor) -> bool:
    """Every element of `t` of one sign, and some not zero (a probability, a variance, a positive scale)."""
    wide = comparable(t)
    return bool(wide.ne(0).any()) and not (bool((wide < 0).any()) and bool((wide > 0).any()))


def _non_finite(outs: list) -> int:
    """How many elements of the floating tensors among `outs` are NaN or infinite (fp8 through fp16:
    loader.comparable)."""
    return sum(int((~torch.isfinite(comparable(o))).sum())
               for o in outs if isinstance(o, torch.Tensor) and o.is_floating_point() and o.device.type != "meta")


class _NonFiniteSteps(TorchDispatchMode):
    """Counts the NaN and infinite elements every op of a reference call makes, its intermediates included: a
    NaN that an integer conversion then hides (`round(x / 0).to(int8)`, whose value is the platform's) shows
    here where the output is all finite."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.count += _non_finite([t for t in pytree.tree_leaves(out) if isinstance(t, torch.Tensor)])
        return out


def _same_values(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    """Do two lists of outputs hold the same values (-0.0 equal to 0.0, NaN to NaN)?"""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
        if x.is_complex():
            x, y = torch.view_as_real(x), torch.view_as_real(y)
        if x.is_floating_point():
            x, y = comparable(x), comparable(y)
            if not bool(((x == y) | (torch.isnan(x) & torch.isnan(y))).all()):
                return False
        elif not torch.equal(x, y):
            return False
    return True


def _new_seed() -> int:
    # from the OS, not from a generator the candidate could replay at import time
    return int.from_bytes(os.urandom(6), "little")


def _alike(a: list, b: list) -> bool:
    """Two calls' outputs the same, bit for bit."""
    return len(a) == len(b) and all(_same_bits(x, y) for x, y in zip(a, b))


def _takes_as_given(given: tuple[int, list], other: tuple[int, list]) -> bool:
    """Whether the reference takes forward's arguments at other values as it takes the given ones
    (reference_steps' answers on each): outputs of the same count and shapes, other values, and no more NaN or
    infinite elements, in them or on the way."""
    (base, before), (now, after) = given, other
    return now <= base and len(before) == len(after) and all(a.shape == b.shape for a, b in zip(before, after)) \
        and not all(torch.equal(a, b) for a, b in zip(before, after)) \
        and not any(_one_value(a) and not _one_value(b) for a, b in zip(after, before))


FIRST_INIT_DRAW = 1 << 16  # check_other_init_args' factors: drawn at positions no forward argument has
INIT_PLANS = 12  # the sets of the constructor's arguments at other values it builds a reference for, at most


_GOLDEN = 0.6180339887498949  # steps the factor of each float after the first one in a value: far apart, in [0.5, 1.5)
NESTED = 4  # how deep _moved_value looks into tuples, lists and dicts


def _sequence(x) -> bool:
    """A tuple or list an argument is made of, a NamedTuple's too (its fields are arguments as a tuple's are)."""
    return type(x) in (tuple, list) or isinstance(x, tuple) and hasattr(x, "_fields")


def _rebuilt(x, items: list):
    """A tuple or list like `x` holding `items` (a NamedTuple by its fields)."""
    return type(x)(*items) if hasattr(x, "_fields") else type(x)(items)


# below the given sizes the relative L2 bound holds this many times over, against the output's RMS at the sizes
# checked before (check_outputs): a few elements average their rounding less than a whole output does
BELOW_L2_SLACK = 4.0


# how far the fp64 reference may be from the fp32 one, in tolerances, for a match with it to count: the
# reference's own fp32 rounding (a 16M-element norm off by 7e-4, seven times an rtol of 1e-4) is well inside
PRECISE_SLACK = 100.0


def _loosened(tol: dict, factor: float) -> dict:
    """A tolerance `factor` times as wide (atol, rtol and the relative L2 bound)."""
    return {**tol, **{k: tol[k] * factor for k in ("atol", "rtol", "rel_l2") if k in tol}}


def _laid_out_as(a, b):
    """a's values in b's layout (its strides, and the storage between its elements: wire.clone_layout), or b
    itself where that layout cannot hold them (an expanded tensor, whose elements share memory)."""
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)) or a.stride() == b.stride() \
            or a.shape != b.shape:
        return a
    out = wire.clone_layout(b)
    try:
        out.copy_(a)
    except RuntimeError:
        return wire.clone_layout(b)
    return out


def _mapped(x, leaf, depth: int = 0):
    """`x` with `leaf` applied to every value in it that is no tuple, list (a NamedTuple's too) or dict, down to
    NESTED levels (deeper containers are leaves), rebuilt as it was: the one walk of the moves below."""
    if depth < NESTED and _sequence(x):
        return _rebuilt(x, [_mapped(e, leaf, depth + 1) for e in x])
    if depth < NESTED and type(x) is dict:
        return {k: _mapped(e, leaf, depth + 1) for k, e in x.items()}
    return leaf(x)


def _leaves(x) -> list:
    """The values _mapped would give `leaf`, in its order."""
    out: list = []
    _mapped(x, lambda e: out.append(e))
    return out


def _element_factor(factor: float, k: int) -> float:
    """The factor of the k-th float inside one argument (the first's is the argument's own)."""
    return factor if k == 0 else 0.5 + ((factor - 0.5) + _GOLDEN * k) % 1.0


def _is_float(x) -> bool:
    """A Python float, or a numpy floating scalar (np.float64 is a float; np.float32 and np.float16 are not)."""
    return isinstance(x, float) or (type(x).__module__ == "numpy" and getattr(getattr(x, "dtype", None), "kind", "") == "f"
                                    and getattr(x, "ndim", 1) == 0)


def _movable_tensor(t) -> bool:
    """A floating tensor whose values may be moved by factors: finite, and no mask (two values: weights.is_mask)."""
    return (isinstance(t, torch.Tensor) and t.is_floating_point() and t.device.type != "meta" and t.numel() > 0
            and t.element_size() > 1 and not weights.is_mask(t.detach()))  # fp8 has no comparisons of its own


def _moved_value(v, factor: float, tensors: bool = True):
    """`v` with every finite float in it moved (_other_float), each by a factor of its own from `factor`: a
    plain float, the floats in tuples, lists and dicts (a clamp's bounds as a pair, a config dict's slope), and
    with `tensors` the elements of floating tensors (a 0-d temperature, a constructor's coefficients) that are
    no mask. Anything else stays. The floats of one value keep their order (the moved ones are handed out by
    the rank of the ones they replace), as do a tensor's elements: a range stays a range (low below high), a
    sorted table of boundaries stays sorted, the largest coefficient stays the largest."""
    count = [0]

    def step() -> float:
        count[0] += 1
        return _element_factor(factor, count[0] - 1)

    def tensor_moved(x: torch.Tensor) -> torch.Tensor:
        gen = torch.Generator().manual_seed(int(step() * 1e9))  # the same values in the compile's fork
        f = (0.5 + torch.rand(tuple(x.shape), generator=gen, dtype=torch.float64)).to(x.device)
        # (no structure kept: a fixed matrix that happens to be diagonal or zero, an identity or a carried state
        # of zeros, is the task file's value, and a kernel that reads only its diagonal is wrong on others)
        return _in_order(x.detach().double().reshape(-1), f.reshape(-1)).reshape(x.shape).to(x.dtype)

    # numpy's floats too (`np.sqrt(0.5)`, a config's np.float32(0.2)), kept of their type
    floats = [x for x in _leaves(v) if _is_float(x) and math.isfinite(x)]
    factors = torch.tensor([step() for _ in floats], dtype=torch.float64)
    put = _in_order(torch.tensor(floats, dtype=torch.float64), factors).tolist() if floats else []

    def leaf(x):
        if _is_float(x):
            return type(x)(put.pop(0)) if math.isfinite(x) else x
        return tensor_moved(x) if tensors and _movable_tensor(x) else x

    return _mapped(v, leaf)


def _in_order(x: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
    """Values `x` (flat) moved by factors `f` from [0.5, 1.5], in the order of `x`: the positive ones moved and
    handed back by rank (each stays within its own band, half to one and a half times itself), the negative
    ones alike, and each zero given its own fraction in [0.25, 0.75] of the positive value nearest zero (of the
    negative one where there is no positive, of 1 where there is neither), so that it stays between the two."""
    out = torch.empty_like(x)
    for part in (x > 0, x < 0):
        if bool(part.any()):
            where = part.nonzero().reshape(-1)
            out[where[x[where].argsort(stable=True)]] = (x[where] * f[where]).sort().values
    zero = x == 0
    if bool(zero.any()):
        near = out[x > 0].min() if bool((x > 0).any()) else out[x < 0].max() if bool((x < 0).any()) else 1.0
        out[zero] = (0.25 + (f[zero] - 0.5) / 2) * near
    return out


def _has_floats(v, tensors: bool = True) -> bool:
    """Whether `v` holds a float that _moved_value moves (not counting bools and ints)."""
    return any(math.isfinite(x) if _is_float(x) else tensors and _movable_tensor(x) for x in _leaves(v))


# how far a float whose moves change nothing the reference gives (a softplus threshold of 20 on inputs below 5,
# moved to 10..30) is taken, alone, in turn, until the output moves by MATTERS of its largest magnitude
FURTHER = (0.1, 10.0, 0.01, 100.0)
MATTERS = 1e-3


def _scaled_floats(v, s: float, tensors: bool = True):
    """`v` with every finite float in it times `s` (> 0: their order kept), floating tensors' elements too with
    `tensors` (no mask)."""
    def leaf(x):
        if _is_float(x):
            return type(x)(x * s) if math.isfinite(x) else x
        return (x * s).to(x.dtype) if tensors and _movable_tensor(x) else x

    return _mapped(v, leaf)


def _other_float(v: float, factor: float) -> float:
    """A float moved by its factor; 0.0 given a value from [0.25, 0.75] (a clamp's lower bound of 0, a slope)."""
    return v * factor if v != 0.0 else 0.25 + (factor - 0.5) / 2


def _negated(v):
    """A number, or the floats of a tuple, list, dict or floating tensor, of the other sign; None where there is
    no float to turn."""
    if type(v) is int or _is_float(v):
        return -v
    if not _has_floats(v):
        return None
    return _mapped(v, lambda x: -x if _is_float(x) or _movable_tensor(x) else x)


def _other_init_values(v, factor: float) -> list:
    """The other values check_other_init_args tries for one constructor argument, in order: the floats in it
    moved (_moved_value: a plain float, those in tuples, lists and dicts, a floating tensor's elements); an int
    (a dim, a count) moved by the factor as forward's are, then one lower and one higher, keeping its sign;
    a bool flipped. Anything else (a string, a mask, ints in a structure) has none."""
    if type(v) is bool:
        return [not v]
    if type(v) is int:
        out = []
        for w in (_int_moved(v, factor), v - 1, v + 1):
            if w != v and w not in out and (w >= 0) == (v >= 0):
                out.append(w)
        return out
    return [_moved_value(v, factor)] if _has_floats(v) else []


def _relative_change(before: list[torch.Tensor], after: list[torch.Tensor]) -> float:
    """How far outputs moved: the largest finite change of a floating output over its largest finite magnitude
    (1.0 where no output is floating: any change is the whole answer)."""
    out = -1.0
    for a, b in zip(before, after):
        if not (a.is_floating_point() and a.numel()):
            continue
        a, b = a.detach().double(), b.detach().double()
        d = (a - b).abs()
        d, m = d[torch.isfinite(d)], a.abs()[torch.isfinite(a)]
        if d.numel():
            out = max(out, (d.max() / (m.max() + 1e-30 if m.numel() else 1.0)).item())
    return out if out >= 0 else 1.0


def _one_value(t: torch.Tensor) -> bool:
    """Every element the same: an output that no longer depends on the inputs (a clamp whose bounds have
    crossed gives its upper bound everywhere) marks a setting the operator is not used at, where kernels that
    agree at every real setting may differ (which bound a crossed clamp applies last)."""
    flat = t.detach().reshape(-1)
    return flat.numel() > 1 and bool((flat == flat[0]).all())


CONSTANT_STEP = 8  # how far _constant_moved moves an integer buffer's elements, at most (a 4-bit zero point's range)


def _constant_moved(t: torch.Tensor) -> torch.Tensor:
    """Other values for an integer or bool buffer that holds one value repeated: a quarter of a bool's elements
    (one at least) turned; each integer moved by its own nonzero step of at most CONSTANT_STEP either way,
    within its dtype (a uint8 zero point of 0 goes up)."""
    gen = torch.Generator().manual_seed(_new_seed())
    flat = t.detach().reshape(-1).cpu()
    if t.dtype == torch.bool:
        turn = torch.rand(flat.shape, generator=gen) < 0.25
        turn[int(torch.randint(flat.numel(), (1,), generator=gen))] = True
        return (flat ^ turn).reshape(t.shape).to(t.device)
    info = torch.iinfo(t.dtype)
    step = torch.randint(1, CONSTANT_STEP + 1, flat.shape, generator=gen)
    step = torch.where(torch.rand(flat.shape, generator=gen) < 0.5, -step, step)
    wide = flat.long()
    new = torch.where((wide + step < info.min) | (wide + step > info.max), wide - step, wide + step)
    return new.clamp(info.min, info.max).to(t.dtype).reshape(t.shape).to(t.device)


def _int_moved(v: int, factor: float) -> int:
    """An int multiplied by its factor and rounded, one step further where that rounds back to it (3 by 1.1 is
    4), keeping its sign; a 0 made 1 or 2 (a start position, an offset)."""
    if v == 0:
        return 1 if factor < 1 else 2
    n = round(v * factor)
    n = n if n != v else v + (1 if (factor >= 1) == (v > 0) else -1)
    return n if n != 0 else (1 if v > 0 else -1) * 2 * abs(v)


SMALL_FLAGS = 2  # a bool tensor of at most this many elements that every draw gives alike is a flag


def _moved_ints(v, factor: float):
    """`v` with its ints moved (_int_moved, each by a factor of its own from `factor`) and its bools flipped:
    a plain one, those in tuples, lists and dicts (a roll's shifts, a pad, an options dict), and the elements of
    an integer tensor (position ids, an offset as `torch.tensor([0])`: _int_tensor_moved) or a bool one of one or
    two elements (check_other_ints gives only the fixed ones). Floats stay."""
    count = [0]

    def step() -> float:
        count[0] += 1
        return _element_factor(factor, count[0] - 1)

    def leaf(x):
        if type(x) is bool:
            return not x
        if type(x) is int:
            return _int_moved(x, step())
        if isinstance(x, torch.Tensor) and _int_tensor(x):
            return ~x if x.dtype == torch.bool else _int_tensor_moved(x, step())
        return x

    return _mapped(v, leaf)


def _ints_stepped(v):
    """`v` with its ints one step away from zero (0 to 1, -3 to -4) and, of an integer tensor, about half of
    its elements so (one at least), drawn: the smallest move an int argument has, tried where the reference
    refuses _moved_ints' (token type ids of all zeros into a table of two rows: the factor's 2 is out of it).
    Bools are flipped, as there."""
    gen = torch.Generator().manual_seed(_new_seed())

    def leaf(x):
        if type(x) is bool:
            return not x
        if type(x) is int:
            return x + 1 if x >= 0 else x - 1
        if isinstance(x, torch.Tensor) and _int_tensor(x):
            if x.dtype == torch.bool:
                return ~x
            pick = torch.rand(x.shape, generator=gen) < 0.5
            pick.view(-1)[int(torch.randint(x.numel(), (1,), generator=gen))] = True
            wide = x.detach().to("cpu", torch.int64)
            moved = torch.where(pick, torch.where(wide >= 0, wide + 1, wide - 1), wide)
            return moved.clamp(torch.iinfo(x.dtype).min, torch.iinfo(x.dtype).max).to(x.dtype).to(x.device)
        return x

    return _mapped(v, leaf)


# modes torch's functions take by name, tried for a string argument beside those the task file names
TORCH_MODES = ("floor", "trunc", "mean", "sum", "none", "batchmean", "tanh", "max", "min", "prod", "amax", "amin",
               "reflect", "replicate", "circular", "constant", "zeros", "border", "nearest", "linear", "bilinear",
               "bicubic", "left", "right", "ieee", "tf32", "fro", "nuc")
OTHER_NAMES = 8  # the other strings (or dtypes) a string (or dtype) argument is tried at, at most
FLOAT_DTYPES = ("float32", "float16", "bfloat16", "float64")


def _task_names(mod) -> list[str]:
    """The word-like strings the task file writes (docstrings aside): the modes its reference tells apart."""
    import ast

    try:
        tree = ast.parse(Path(mod.__file__).read_text())
    except Exception:  # noqa: BLE001 -- no file to read: torch's modes only
        return []
    docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out: list[str] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs \
                and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", n.value) and n.value not in out:
            out.append(n.value)
    return out


def _other_names(v, task_names: list[str]) -> list:
    """The other values a string argument (the task file's names first, then torch's modes) or a dtype argument
    (the other floating dtypes) is tried at."""
    if isinstance(v, torch.dtype):
        return [getattr(torch, d) for d in FLOAT_DTYPES if getattr(torch, d) != v][:OTHER_NAMES]
    return [w for w in dict.fromkeys([*task_names, *TORCH_MODES]) if w != v][:OTHER_NAMES]


# torch operators whose output order is theirs to choose where a flag says so (topk's and unique's `sorted`)
ORDER_FREE_OPS = frozenset({"topk", "_unique2", "unique_dim", "_unique"})


def _reordered_freely(before: list, after: list) -> bool:
    """Every output holds the values it held before, row by row (along its last dimension), some in another
    order, and that order is no sorted one: a flag that leaves the order to the implementation (topk's
    `sorted=False`), not one that sets it (sort's `descending`)."""
    moved = False
    for a, b in zip(before, after):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if torch.equal(a, b):
            continue
        if a.dim() == 0 or not torch.equal(a.sort(dim=-1).values, b.sort(dim=-1).values) or sorted_rows(b):
            return False
        moved = True
    return moved


def _ties_broken(inputs: list, up: bool) -> list:
    """`inputs` with each exact zero of a floating tensor replaced by a tiny positive value of its own, rising
    with its position (`up`) or falling: the ties among the zeros broken one way or the other."""
    out = []
    for v in inputs:
        if isinstance(v, torch.Tensor) and v.is_floating_point() and v.device.type != "meta" and v.element_size() > 1:
            zero = v == 0
            n = int(zero.sum())
            if n:
                rank = torch.arange(n, device=v.device, dtype=torch.float64)
                tiny = torch.finfo(v.dtype).tiny * (1 + (rank if up else n - 1 - rank) / n)
                base, v = v, v.clone()
                v[zero] = tiny.to(v.dtype)
                structured_like(base, v)  # a triangular matrix's zeros by construction are no ties to break
        out.append(v)
    return out


def _same_arg(a, b) -> bool:
    """Two forward arguments alike (tensors by their values)."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
                and a.dtype == b.dtype and torch.equal(a, b.to(a.device)))
    if _sequence(a) and type(b) is type(a):
        return len(a) == len(b) and all(_same_arg(x, y) for x, y in zip(a, b))
    if type(a) is dict and type(b) is dict:
        return a.keys() == b.keys() and all(_same_arg(a[k], b[k]) for k in a)
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:  # noqa: BLE001 -- a value that cannot say whether it equals another: not alike
        return False


def _int_tensor(t) -> bool:
    """An integer tensor (a bool one of one or two elements: a flag) that _moved_ints may move."""
    return (isinstance(t, torch.Tensor) and not (t.is_floating_point() or t.is_complex()) and t.device.type != "meta"
            and t.numel() > 0 and (t.dtype != torch.bool or t.numel() <= SMALL_FLAGS))


def _int_tensor_moved(t: torch.Tensor, factor: float) -> torch.Tensor:
    """An integer tensor's elements moved as _int_moved moves an int, each by a factor of its own, handed out by
    the rank of the values they replace (positions that rise still rise: an arange of positions becomes other
    positions, not a shuffle)."""
    gen = torch.Generator().manual_seed(int(factor * 1e9))  # the same values in the compile's fork
    v = t.detach().reshape(-1).to("cpu", torch.int64)
    f = 0.5 + torch.rand(v.shape, generator=gen, dtype=torch.float64)
    n = torch.round(v.double() * f).long()
    n = torch.where(n == v, v + torch.where((f >= 1) == (v > 0), 1, -1), n)
    n = torch.where((n == 0) & (v != 0), torch.sign(v) * 2 * v.abs(), n)
    n = torch.where(v == 0, torch.where(f < 1, 1, 2), n)
    out = torch.empty_like(n)
    out[v.argsort(stable=True)] = n.sort().values
    return out.reshape(t.shape).to(t.dtype).to(t.device)


def _has_ints(v) -> bool:
    """Whether `v` holds an int or a bool that _moved_ints moves (tensors aside: the caller knows which are fixed)."""
    return any(type(x) in (int, bool) for x in _leaves(v))


def _moved(inputs: list, factors: dict[int, float], ints: bool = False) -> list:
    """forward's arguments moved by their factors: the floats in one (a float, those in a tuple, list or dict, a
    fixed floating tensor's elements) by _moved_value (0.0 given a value of its own: _other_float), as
    Judge.move_floats chose them; with `ints` (check_other_ints), the ints and bools in one instead."""
    out = []
    for i, v in enumerate(inputs):
        if i in factors:
            # a tensor in a tuple or list is drawn at random (only a fixed one at the top was chosen)
            v = _moved_ints(v, factors[i]) if ints else _moved_value(v, factors[i], isinstance(v, torch.Tensor))
        out.append(v)
    return out


def _grad_mode() -> bool:
    """Whether a forward runs with autograd on: drawn per call, since a caller may make it either way (a harness
    under `no_grad`, a training step or a plain `model(x)` with it on) and a file can ask which
    (`torch.is_grad_enabled()`). Inference mode is the third way (Judge.draw_grad)."""
    return bool(os.urandom(1)[0] & 1)


def _inference_switch(shapes: list) -> tuple[int, int]:
    """Where the checks' worker enters inference mode, as (position in `shapes`, call number at that shape): a
    server runs under it (`torch.inference_mode()`, its tensors made there inference tensors), and a file can
    ask (`torch.is_inference_mode_enabled()`, `x.is_inference()`). Once entered it holds for the worker's
    remaining calls (a tensor made there cannot be written in place outside it: a buffer forward cached there
    would fail a later call without it, as no caller's would). Drawn among the shapes after the first (not a
    power kept only where the one before was declined), at its first call, which places new inputs (runner.py
    makes them inference tensors there or not, as draw_inference_inputs draws): every evaluation checks calls
    both outside and inside it. Not at the last shape where there are three or more: two shapes or more are
    checked inside, so that neither kind of input there rests on one shape's draws (a shape of one element,
    whose values may not tell a wrong path from the right one)."""
    positions = [i for i, (label, _) in enumerate(shapes) if not label.endswith(POWERS_KEPT)] or [0]
    if len(positions) == 1:  # one shape: from its second call on (its first is outside)
        return positions[0], 1
    later = positions[1:-1] if len(positions) >= 3 else positions[1:]
    return later[os.urandom(1)[0] % len(later)], 0


class _FirstTwoApart:
    """A yes/no drawn per call, where the first two are one of each (which first, drawn) and later ones are coin
    tosses: both answers are seen early, and neither is known in advance."""

    def __init__(self) -> None:
        self.n, self.first = 0, False

    def draw(self) -> bool:
        self.n += 1
        if self.n == 1:
            self.first = bool(os.urandom(1)[0] & 1)
            return self.first
        return not self.first if self.n == 2 else bool(os.urandom(1)[0] & 1)


def _new_fill() -> str:
    """How forward's allocations are laid out and filled in one call (sandbox/gpu_memory.py): apart between
    canary pads, new memory NaN (a third of the calls: a read of memory no one wrote shows up as a mismatch,
    a store past the end in the pads), zeros or stale-looking values; or, a third of the calls, packed side by
    side in segments as CUDA's caching allocator lays them out (split, merged, new memory zeroed). Drawn per
    call from the OS and never announced: a candidate that computes honestly only on what it sees in one kind
    of call fails the others."""
    return ("poison", "poison", "zero", "stale", "packed", "packed")[os.urandom(1)[0] % 6]


class TargetCompile:
    """The forked judge that compiles for the GPU target (Judge.start_target_compile); pid 0 when it could not
    start (no ptxas)."""

    def __init__(self, pid: int, result_fd: int, pids_fd: int):
        self.pid, self.result_fd, self.pids_fd = pid, result_fd, pids_fd
        self.started = pid != 0  # pid becomes 0 once it is reaped
        self.chunks: list[bytes] = []
        self.payload: dict | None = None  # once it has answered

    def _read(self, deadline: float) -> bool:
        """Read what it has written until `deadline` (monotonic); True once its answer is whole."""
        while self.payload is None and self.result_fd >= 0:
            if not select.select([self.result_fd], [], [], max(deadline - time.monotonic(), 0.0))[0]:
                return False
            chunk = os.read(self.result_fd, 1 << 20)
            if chunk:
                self.chunks.append(chunk)
                continue
            self._reap()
            try:
                payload = json.loads(b"".join(self.chunks))
            except ValueError:
                payload = None
            self.payload = payload if isinstance(payload, dict) else {
                "reject": ["sandbox", "sandbox.judge_error", "the compile for the target ended without an answer"]}
        return self.payload is not None

    def answer(self, deadline: float) -> dict | None:
        """Its JSON answer, or None when it gave none by the deadline (then it is killed)."""
        if not self._read(deadline):
            self.abandon()
            return None
        return self.payload

    def abandon(self) -> None:
        """Kill it and its candidate, if still there (the checks failed first, or time is up)."""
        if self.pid:
            isolation.kill_tree(self.pid)
            try:
                pids = os.read(self.pids_fd, 1 << 16).split()
            except (BlockingIOError, OSError):
                pids = []
            for cand in pids:  # PID 1 of its namespace, re-parented to this judge (a subreaper)
                isolation.kill_tree(int(cand))
                try:
                    os.waitpid(int(cand), 0)
                except ChildProcessError:
                    pass
        self._reap()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0
        for fd in (self.result_fd, self.pids_fd):
            if fd >= 0:
                os.close(fd)
        self.result_fd = self.pids_fd = -1


class Judge:
    # the pipes to the candidate and from it: set by spawn, closed (None) by stop
    cmd: int | None
    res: int | None

    def __init__(self, task: Task, source: str, cfg: EvalConfig, device: str, backend: str, on_spawn=None,
                 workdir: str | None = None):
        self.on_spawn = on_spawn or (lambda pid: None)
        self.task, self.source, self.cfg, self.device, self.backend = task, source, cfg, torch.device(device), backend
        self.deadline = time.monotonic() + cfg.timeout_s
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="kp-judge-"))
        self.log_path = self.workdir / "candidate.log"
        self.isolation: list[str] = []
        self.pid = 0
        self.info = CorrectnessInfo()
        self.phase = "starting"
        self.compiling_for_target = False
        self.tf32_dots = False  # the candidate's last forward ran fp32 dots at TF32 (its own report: a hint only)
        self.autotune_benched: list[str] = []  # its autotuned kernels timed at that forward (a hint only)
        self.bench_changed: list[str] = []  # arguments a second timed run left changed (check_after_shape)
        self.host_output = ""  # why an output was the host's (check_after_shape)
        self.inference_drawn = False  # the worker has run a call under inference mode (draw_grad)
        self.reference_writes_inputs = False  # the reference changed an input in place (reference)
        self.second_instance_done = False  # check_second_instance has run
        self.init_args: list = []  # the constructor arguments of the models built last (build_models)
        self.instance_built: tuple[str, int] = ("", 0)  # the kept instance's arguments (repr) and seed (build_models)
        self.leaf_draws = _FirstTwoApart()  # over the worker's calls on new inputs (draw_leaf_grad)
        # over each shape's placements inside inference mode (draw_inference_inputs)
        self.inside_draws: defaultdict[int, _FirstTwoApart] = defaultdict(_FirstTwoApart)
        self.training_ignored: bool | None = None  # the reference is the same in training mode (note_training_ignored)
        # where it is not: whether the calls run in training mode, as the module is built (note_training_ignored)
        self.judged_training = False
        self.mode_note = ""  # which mode was not checked, where the modes differ (note_training_ignored)
        self.output_scale: dict[int, float] = {}  # each output's largest RMS at the shapes not below the given (check_outputs)
        self.partly_calls = os.urandom(1)[0] & 1  # the same-addresses calls with a few parts changed, from a drawn start
        self.partly_turn = os.urandom(1)[0]  # which input those calls change first (_few_rows_changed)
        self.partly_swap = os.urandom(1)[0] & 1  # and whether they move its parts or draw new ones first
        self.partly_covered = False  # whether a shape has had such a call for each input alone
        self.inference_at: tuple[int, int] | None = None  # where it enters it (_inference_switch)
        self.shape_pos = 0  # the position in the shapes of the one being checked
        self.shape_label = ""  # the shape being checked
        self.reference_refused: dict[str, str] = {}  # shapes the judge chose where the reference raised: unchecked
        self.autotuned: dict[str, int] = {}  # the last forward's autotuned kernels -> configs kept by their pruning
        self.autotune_checked = 0  # the most autotune configs compared with the reference at one shape
        self.launched: dict[str, set[str]] = defaultdict(set)  # verified shape -> kernels its forwards launched
        self.renewed: list[str] = []  # the reference's weights renewed before each trial (sandbox/weights.py)
        self.flipped: list[str] = []  # of those, the one-signed parameters whose renewals flip some signs
        self.moved_floats: dict[int, float] = {}  # forward's float arguments moved, by position (move_floats)
        self.float_args: list[int] = []  # where forward's float arguments are, moved or not (move_floats)
        self.float_fixed: set[int] = set()  # those of them that are fixed tensors
        # what the factors are drawn from, once per evaluation and before the compile for the target forks, so that
        # the fork moves them alike (a kernel that makes a float a constexpr compiles for the value checked)
        self.float_draw = int.from_bytes(os.urandom(8), "little")
        self.other_floats_done = False  # check_other_floats has run
        self.other_ints_done = False  # check_other_ints has run
        self.other_init_done = False  # check_other_init_args has run
        self.init_declined = ""  # the constructor's other values the candidate raised at (check_other_init_args)
        self.structure: set[str] = set()  # buffers found to be structure at a shape checked (build_models)
        self.ints_declined = ""  # the other values of forward's ints at which the candidate raised (check_other_ints)
        self.floats_declined = ""  # forward's moved floats, where the candidate raised at its first call (move_floats)
        self.far_declined = ""  # forward's floats taken further, where the candidate raised (check_idle_floats)
        self.floats_tried = False  # the candidate has been called with forward's floats as move_floats left them
        # the reference's integer outputs that depend on how ties among exact zeros break (their positions)
        self.zero_ties: set[int] = set()
        self.case = TYPICAL  # the value family of the trial being checked
        self.zero_weights: list[str] = []  # the parameters the exact-zeros family's trials zero elements of
        self.weight_zeros_planned = False
        self.declined_floats: dict[int, float] = {}  # the moved floats it raised at (declines_floats)
        self.zero_rows = False  # exact_zeros also zeroes a whole row of each input (plan_zeros)
        self.zero_also: list[int] = []  # ... and scattered elements of these one-signed inputs
        self.zero_signed = False  # ... each zero of the replaced value's sign, where the reference tells them apart
        self.zeros_planned = False
        self.floats_decided = False
        self.flip_found: dict[tuple[str, ...], list[str]] = {}  # signs_to_mix's answers, by the names it was asked
        self.unused_weights: set[str] = set()  # of those, ones its forward does not read
        self.last_kernels: set[str] = set()
        # verified shape -> each kernel its forwards launched, with its constexpr values (watch.launch_spec)
        self.launched_specs: dict[str, set[str]] = defaultdict(set)
        self.last_specs: set[str] = set()
        self.last_fewest_storing = 0  # the fewest programs that stored in one launch of the last forward (interpreter)
        self.last_host_values: list | None = None  # what the last forward read on the host, [name, value] each
        # verified shape -> (inputs, values its forward read on the host) of up to REPLAYS_KEPT calls whose reads
        # differ: what the compile for the target replays when its own run read garbage (compile_with_replay)
        self.replays: dict[str, list[tuple[list, list]]] = defaultdict(list)
        self.compile_replays: dict[str, list[tuple[list, list]]] = {}  # the replays a compile process is given
        self.shapes: list[tuple[str, dict]] = []  # what run() checks, in order
        self.real_size_kernels: list[str] = []  # the kernels the compile at the task's own size launched
        self.compiled_specs: set[str] = set()  # what the build for the GPU target compiled, at any verified shape
        self.compiled_at: list[tuple[str, dict]] = []  # verified shape -> what the build compiled there, in order
        # a drawn shape the candidate declined (raised at before answering), and why; then the shapes whose
        # checks were completed, and the candidate's calls completed at the shape being checked
        self.declined: dict[str, str] = {}
        self.verified: set[str] = set()
        self.ref_changed: set[str] = set()  # weights the reference's forward changed, in its first calls
        self.ref_calls_watched = 0
        self.calls_at_shape = 0
        # shapes whose checks have started, from a drawn start: where each shape's families start (check_shape). A
        # shape checked in one call (the exact length, the wide output) gets a family drawn per evaluation, not
        # the one its place in the order would always give it
        self.shapes_begun = _new_seed() % 4096
        # the ModelNew the candidate process holds: (its pid, what it was built from); see build_models
        self.instance: tuple[int, str] | None = None
        self.compile_declined: dict[str, list[str]] = {}  # the same, in the compile for the target: its verdict
        # false compiler hints the interpreter met, as (shape, kernel, what) (the candidate's report:
        # sandbox/hints.py), and by shape, the kernels whose hints the compile for the target found in use there
        # (None: not known)
        self.hint_violations: list[tuple[str, str, str]] = []
        # shape -> launch key -> "line:column" -> bytes
        self.hints_used: dict[str, dict[str, dict[str, int]]] | None = {}
        self.as_compiled: dict[str, dict[str, int]] | None = None  # the next forwards' accesses as compiled
        # loads that read what the same program stored earlier in a loop, within the pipeliner's window (the
        # candidate's report, sandbox/pipelining.py): (kernel, "line:column") -> (shape, back, window, program, n);
        # and kernel -> the "line:column" of the loads the compile for the target made asynchronous copies
        self.readbacks: dict[tuple[str, str], tuple[str, int, int, int, int]] = {}
        self.pipelined: dict[str, set[str]] = {}
        # blocks read back at the positions a block of their shape stored, taken as each thread's own (the
        # candidate's report, races.py): (kernel, store site, load site, shape) -> (shape label, positions); and
        # kernel -> the layouts of its loads and stores in each compile for the target (sandbox/layouts.py)
        self.same_position: dict[tuple[str, str, str, tuple[int, ...]], tuple[str, list[int]]] = {}
        # output index -> the tensor input (its index among the tensor inputs) the reference returns there
        self.passthrough: dict[int, int] = {}
        # (kernel, "line:column") of reductions and dots counted as barriers (the candidate's report) -> the shape
        # label they were first seen at; and the trial that took the removed ones for none (check_exchanges)
        self.exchanges: dict[tuple[str, str], str] = {}
        self.atomic_exchanges: set[tuple[str, str]] = set()  # of those, scalar atomics
        self.not_barriers: dict[str, list[str]] | None = None
        self.layouts: dict[str, list[dict]] = {}
        self.seconds: dict[str, float] = defaultdict(float)  # where the wall time went (EvalResult.seconds)
        self.arenas: tuple = (None, None)  # shared memory for tensor bytes: to the candidate, from it
        self.transfer: dict = {}
        self.spawned = 0
        self.owner = os.getpid()  # names the candidates' cgroups, also those of the target compile's fork
        self.cgroup: isolation.Cgroup | None = None  # the running candidate's (made here, removed in kill)
        self.pid_ns: str | None = None  # the running candidate's PID namespace, to check it is empty afterwards
        self.survivors = ""  # processes of a candidate that outlived SIGKILL (never expected: fails the verdict)

    @contextlib.contextmanager
    def spent(self, what: str):
        t0 = time.monotonic()
        try:
            yield
        finally:
            self.seconds[what] += time.monotonic() - t0

    # -- the candidate process -------------------------------------------------------------
    def spawn(self, target: str | None = None, smallest_instance: bool = False) -> int:
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        for fd in (cmd_w, res_w):
            wire.widen_pipe(fd)
        # shared memory for the tensor bytes, one region per direction, inherited by the candidate: ours grows
        # with what we send, the candidate's is fixed at what a reply may be, and no larger than its memory limit
        reply_bytes = min(wire.REPLY_BYTES, self.cfg.candidate_memory_mb(self.device.type == "cuda") << 20)
        self.arenas = ((wire.Arena.create(growable=True), wire.Arena.create(reply_bytes)) if self.cfg.shared_memory
                       else (None, None))
        log_fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.inference_drawn, self.inference_at = False, None  # a new worker starts outside inference mode
        self.leaf_draws = _FirstTwoApart()  # its calls on new inputs (draw_leaf_grad)
        self.inside_draws = defaultdict(_FirstTwoApart)
        # check_earlier: the salt sent with the next call, and the judge's copies of what a caller may still hold
        # from earlier calls, by "serial:index": outputs as received, inputs as checked after their last call
        self.earlier_salt = _new_seed()
        self.earlier_outputs: dict[str, torch.Tensor] = {}
        self.earlier_inputs: dict[str, torch.Tensor] = {}
        self.serial = 0  # the worker's run and call requests so far (each names the inputs it was sent)
        # what the candidate's confinement needs from outside it: a cgroup bounding its memory and processes as a
        # whole, an empty folder for its new root to be mounted on, and a uid of its own
        self.spawned += 1
        gpu = self.device.type == "cuda"
        memory_mb = self.cfg.candidate_memory_mb(gpu or target is not None)
        try:
            self.cgroup = isolation.Cgroup.create(f"kernelpilot-{self.owner}-{self.spawned}", memory_mb << 20,
                                                  self.cfg.max_processes)
        except OSError:
            self.cgroup = None
        root_dir = self.workdir / f"root-{self.spawned}"
        root_dir.mkdir(mode=0o700)
        plan = isolation.Plan.for_this_process(str(root_dir), self.cgroup)
        # A process that has entered a new PID namespace can no longer create threads (the kernel refuses
        # CLONE_THREAD), and the judge needs threads for torch. So a short-lived launcher enters it, forks
        # the candidate as PID 1 there and exits; as child subreaper the judge inherits the candidate.
        isolation.become_subreaper()
        pid_r, pid_w = os.pipe()
        launcher = os.fork()
        if launcher == 0:
            # a fork of the judge never returns into the judge's code (it holds the result channel and the
            # key's pipe): whatever fails here (a fork refused under load) ends this process, and the judge
            # reads no pid
            code = 70
            try:
                pidns = isolation.enter_pid_namespace()
                pid = os.fork()
                if pid == 0:
                    os.close(pid_r)
                    os.close(pid_w)
                    self._candidate_process(cmd_r, cmd_w, res_r, res_w, log_fd, pidns, target, plan, memory_mb,
                                            smallest_instance)
                os.write(pid_w, str(pid).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(pid_w)
        pid = int(os.read(pid_r, 64).decode() or 0)
        os.close(pid_r)
        os.waitpid(launcher, 0)
        if pid <= 0:
            raise RuntimeError("the candidate process could not be started (its launcher failed; a fork refused "
                               "under the machine's load?)")
        os.close(cmd_r)
        os.close(res_w)
        os.close(log_fd)
        self.cmd, self.res, self.pid = cmd_w, res_r, pid
        self.instance = None
        self.pid_ns = isolation.pid_namespace_of(pid) if pidns_entered(pid) else None
        self.on_spawn(pid)  # the orchestrator must be able to kill it even if this judge hangs
        return pid

    def _candidate_process(self, cmd_r, cmd_w, res_r, res_w, log_fd, pidns, target, plan, memory_mb,
                           smallest_instance: bool = False) -> None:
        """Runs in the forked candidate: confine, then serve the judge's requests. Never returns.

        With `target`, the candidate's kernels are compiled for that GPU instead of run (sandbox/target.py)."""
        code = 70
        try:
            os.setpgid(0, 0)
            os.close(cmd_w)
            os.close(res_r)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(log_fd, 1)
            os.dup2(log_fd, 2)
            isolation.close_other_fds({cmd_r, res_w} | {a.fd for a in self.arenas if a is not None})
            import faulthandler

            faulthandler.register(STACKS_SIGNAL, all_threads=True)  # onto the log (dump_stacks)
            gpu = self.device.type == "cuda"
            # compiling at the real size allocates real-size inputs that are never computed on: address space,
            # not memory (memory_mb is the GPU's larger figure then)
            feats, scratch = isolation.confine("kp-scratch", pidns is not None, gpu=gpu, memory_mb=memory_mb,
                                               cpu_s=int(self.cfg.timeout_s) + 1, file_mb=self.cfg.file_size_mb,
                                               nproc=self.cfg.max_processes, plan=plan)
            feats += ([pidns] if pidns else []) + ["new-process-group", "scratch-dir"]
            wire.send(res_w, {"ready": True, "isolation": feats})
            from .runner import serve

            # interpreted on a CPU, the kernels compute as the GPU the verdict stands for would (--gpu-arch)
            serve(cmd_r, res_w, scratch, self.source, str(self.device), target, arenas=self.arenas,
                  emulate=self.cfg.gpu_arch if self.device.type == "cpu" else None,
                  smallest_instance=smallest_instance)
            code = 0
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 71
            try:  # a confinement step that failed half-way: say which, in the candidate's log (stderr)
                import traceback

                traceback.print_exc(limit=4)
                sys.stderr.flush()
            except BaseException:  # noqa: BLE001
                pass
        finally:
            os._exit(code)

    def judges_own_shape(self) -> bool:
        """Whether the shape being checked is one the judge chose rather than one the task or the user gave: the
        real or long reduction lengths, a wide output, a drawn shape, sizes chosen for the interpreter, or the
        file's own sizes where it has no SHAPES (sandbox/evaluate.py labels them so)."""
        return self.shape_label.startswith((*LARGE_CPU_SHAPES, "unseen:", "auto:")) or (
            self.shape_label == "default" and getattr(self.task._meta, "SHAPES", None) is None)

    def ask(self, msg: dict, tensors=(), results_on_device: bool = False) -> tuple[dict, list[torch.Tensor]]:
        """One request/reply with the candidate, under the evaluation's deadline. With results_on_device, the
        tensors of the reply land on the judge's device (where they are compared)."""
        place = (lambda _m: str(self.device)) if results_on_device else None
        assert self.cmd is not None and self.res is not None  # asked only while the candidate runs (spawn to stop)
        if msg.get("op") in ("run", "call") and self.passthrough:  # outputs that may be inputs (reference)
            msg = {**msg, "passthrough": sorted(self.passthrough.items())}
        if msg.get("op") in ("run", "call"):
            self.serial += 1
            msg = {**msg, "earlier_salt": self.earlier_salt, "serial": self.serial}
        try:
            with self.spent(self.SENDING):
                # inputs keep their strides, a slice of a wider tensor or an expanded one too, as a GPU gets them
                via, n = wire.send(self.cmd, msg, list(tensors), arena=self.arenas[0], keep_strides=True)
            self.note_transfer("sent", via, n)
            stats: dict = {}
            reply, out = wire.recv(self.res, timeout=max(0.0, self.deadline - time.monotonic()), arena=self.arenas[1],
                                   device=place, stats=stats)
            self.seconds[self.RECEIVING] += stats.get("data_s", 0.0)
            self.note_transfer("received", stats.get("via", "pipe"), stats.get("bytes", 0))
        except wire.Timeout:
            self.dump_stacks()
            self.kill()
            if self.device.type == "cpu" and not self.compiling_for_target and self.judges_own_shape():
                # a shape the judge chose on a CPU (the real reduction lengths, a drawn one, sizes picked for the
                # interpreter, a file's own size where it has no SHAPES): the interpreter's time there says
                # nothing against the kernel (a direct convolution of 8192 programs, a tl.associative_scan with a
                # combine function, which the interpreter runs element by element); never a pass either
                raise Reject("correctness", "unverified.interpreter_time",
                             f"at shape {self.shape_label} (sizes the judge chose on a CPU, not ones the task "
                             f"gives) the Triton interpreter did not finish within {self.cfg.timeout_s:g} s during "
                             f"{self.phase}; many programs or launches, or a scan or reduction with a combine "
                             "function, are slow there: judge it on a GPU, or raise --timeout")
            raise Reject(self.phase_stage(), "sandbox.timeout",
                         f"timed out after {self.cfg.timeout_s:g} s during {self.phase} (infinite loop, deadlock or far "
                         "too slow; raise --timeout if the kernel is legitimately slow under the interpreter)")
        except (wire.WireError, BrokenPipeError, OSError) as e:
            check, why = self.death(str(e))
            raise Reject("sandbox" if check != "sandbox.crash" else self.phase_stage(), check, why)
        if "error" in reply:
            check = str(reply.get("check", "exception"))
            detail = str(reply.get("traceback", ""))[-1500:]
            stage = "sandbox" if check.startswith("sandbox") else (
                "build" if self.phase in ("import", "construction") else self.phase_stage())
            # whose code raised it (runner._raised_in): the errors read below as "cannot be checked here" are a
            # library's or the harness's; their text raised by the file itself (`raise RuntimeError("...")`) is
            # the file's own failure
            origin = str(reply.get("raised_in", "candidate"))
            library = origin != "candidate"
            # (a name tl lacks fails in the kernel's own frame: the attribute read, not a `raise` of the file's)
            missing = str(reply["error"]).startswith("AttributeError: module 'triton.language' has no attribute")
            removed = removed_from_triton(str(reply["error"]) + detail, self.source) if (
                origin == "triton" or missing and not reply.get("raise_statement")) else ""
            if removed:  # the Triton it was written for runs it; this one can neither run nor compile it
                import triton

                raise Reject(stage, "unverified.triton_version",
                             f"the kernel uses {removed}, which the installed Triton {triton.__version__} no longer "
                             f"supports (the names remain in triton.language, but using them raises; during "
                             f"{self.phase}), so this Triton can neither run nor compile it; judge it with the "
                             "Triton it was written for: `--target-triton PYTHON` (an environment with Triton 3.6, "
                             "as `make gpu-rehearsal` builds) or on a GPU machine that has it")
            unmapped = libdevice.unmapped_in_error(str(reply["error"]), self.source) if origin == "harness" else None
            if unmapped:  # the interpreter cannot compute it as the GPU would: that says nothing against the kernel
                raise Reject(stage, "unverified.libdevice",
                             f"the kernel calls libdevice {unmapped}, which the Triton interpreter here cannot compute "
                             f"as the GPU does (during {self.phase}); judge it on a GPU, or use a mapped function")
            if self.device.type == "cpu" and origin == "triton" and "inline_asm" in self.source \
                    and "inline_asm not supported in interpreter mode" in str(reply["error"]) + detail:
                raise Reject(stage, "unverified.inline_asm",
                             f"the kernel runs inline assembly (tl.inline_asm_elementwise), which the Triton "
                             f"interpreter cannot execute (during {self.phase}); judge it on a GPU")
            gap = re.search(r"'InterpreterBuilder' object has no attribute '(\w+)'", str(reply["error"]))
            if self.device.type == "cpu" and gap and origin == "triton":  # one the interpreter cannot run (map_elementwise)
                raise Reject(stage, "unverified.interpreter_unsupported",
                             f"the kernel uses a construct the Triton interpreter here cannot run (it has no "
                             f"{gap.group(1)!r}; tl.map_elementwise needs it) during {self.phase}; judge it on a GPU")
            if self.device.type == "cpu" and origin == "harness" \
                    and "while loop's condition was tested more than" in str(reply["error"]):
                raise Reject(stage, "unverified.interpreter_order",
                             f"{reply['error']} (during {self.phase}). On a GPU the programs run at the same time, "
                             "and one may wait for any other; whether this kernel's waits are met there is not known "
                             "on a CPU: judge it on a GPU")
            if self.device.type == "cpu" and demands_cuda(str(reply["error"]), detail, library):
                raise Reject(stage, "unverified.needs_cuda",
                             f"the candidate demands a CUDA device, which this machine does not have (during "
                             f"{self.phase}): {reply['error']}; judge it on a GPU" + (f"\n{detail}" if detail else ""))
            raise Reject(stage, check, f"{reply['error']} (during {self.phase})" + (f"\n{detail}" if detail else ""))
        if msg.get("op") in ("run", "call") and "n_out" in reply:
            self.check_earlier(reply, out)
        return reply, out

    def check_earlier(self, reply: dict, out: list) -> None:
        """A forward leaves what earlier ones returned and were given as it was (`y1 = m(x1); y2 = m(x2); y3 =
        m(x3)` leaves y1, y2, x1 and x2 alone): the candidate's fingerprints of the earlier outputs still alive there,
        and of the inputs earlier placements dropped that are still alive (the candidate kept them), under the salt
        sent with this call, unknown to it before, against the judge's of its own copies of what it received and
        sent. The judge keeps a copy for as long as the candidate's process reports the tensor alive (the last
        call's outputs until this report), and this call's outputs join them."""
        prints, held, kept = reply.get("earlier_prints"), reply.get("held"), reply.get("earlier_inputs")
        if not (isinstance(prints, list) and isinstance(held, list) and isinstance(kept, dict)):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process did not report what its forward left of "
                                                        "the earlier calls' outputs and inputs")
        salt = self.earlier_salt
        self.earlier_outputs = self.compare_earlier(prints, self.earlier_outputs, salt, "output", "returned")
        self.earlier_inputs = self.compare_earlier(kept.get("prints"), self.earlier_inputs, salt, "input", "was given")
        n_out = int(reply["n_out"])
        self.earlier_outputs.update({f"{self.serial}:{i}": out[i] for i in held
                                     if isinstance(i, int) and 0 <= i < min(n_out, len(out))})
        self.earlier_salt = _new_seed()

    def compare_earlier(self, items, copies: dict[str, torch.Tensor], salt: int, what: str, how: str
                        ) -> dict[str, torch.Tensor]:
        """The reported [key, fingerprint] pairs of earlier outputs or kept inputs against the judge's copies under
        `salt`; returns the copies of those still alive. A key the judge holds no copy of (an input of a call whose
        inputs it did not compare) is not compared."""
        if not isinstance(items, list):
            raise Reject("sandbox", "sandbox.protocol", f"the candidate process did not report the {what}s it kept")
        alive: dict[str, torch.Tensor] = {}
        for item in items:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], str)):
                raise Reject("sandbox", "sandbox.protocol", f"the candidate process reported {what}s no earlier call "
                                                            f"{how}")
            key, got = item
            copy = copies.get(key)
            if copy is None:
                continue
            alive[key] = copy
            if got != str(fingerprint(copy, salt, self.device)):
                serial, _, index = key.partition(":")
                ago = self.serial - int(serial) if serial.isdigit() else 0
                when = "the previous call" if ago == 1 else f"the call {ago} calls before this one"
                raise Reject("correctness", f"correctness.earlier_{what}_changed",
                             f"in {self.phase}, forward changed {what} {index} of {when}, which the caller still "
                             f"holds (y1 = m(x1); y2 = m(x2) leaves {'y1' if what == 'output' else 'x1'} as it was): "
                             f"a module may not keep an {what} it {how} as scratch for later calls")
        return alive

    def note_transfer(self, way: str, via: str, nbytes: int) -> None:
        """Tensor bytes moved between judge and candidate (EvalResult.transfer): at the real size, gigabytes."""
        if nbytes:
            self.transfer[f"{way}_bytes"] = int(self.transfer.get(f"{way}_bytes", 0)) + int(nbytes)
            self.transfer["via"] = via if self.transfer.get("via", via) == via else "pipe and shared memory"

    def phase_stage(self) -> Stage:
        if self.compiling_for_target:  # the GPU-target compile is the build stage, whatever it was doing
            return "build"
        stages: dict[str, Stage] = {"import": "build", "construction": "build", "timing": "timing"}
        return stages.get(self.phase, "correctness")

    def death(self, why: str) -> tuple[str, str]:
        """(check, reason) for a candidate that went away: its memory cgroup's OOM kill is `sandbox.memory`
        (memory held by any means: heap, tmpfs, /dev/shm), any other death `sandbox.crash`."""
        if self.pid and not self._exited_within(2.0):
            # alive, yet what it sent on the channel was not a message: it wrote into the channel itself
            self.kill()
            return "sandbox.protocol", (f"the candidate process wrote something other than the harness's messages "
                                        f"into its channel to the judge during {self.phase} ({why}); it was killed")
        reason = self.death_reason(why)
        if self.cgroup is not None and self.cgroup.oom_killed():
            return "sandbox.memory", (f"{reason}: the kernel killed it for holding more memory than the sandbox's "
                                      f"limit ({self.cfg.candidate_memory_mb(self.device.type == 'cuda')} MiB, "
                                      "counting heap, tmpfs and shared memory)")
        return "sandbox.crash", reason

    def _exited_within(self, seconds: float) -> bool:
        """Has the candidate exited (reaped here, its status kept for death_reason)?"""
        end = time.monotonic() + seconds
        while True:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if pid:
                self._status: int | None = status
                return True
            if time.monotonic() > end:
                return False
            time.sleep(0.01)

    def death_reason(self, why: str) -> str:
        status = getattr(self, "_status", None)
        if status is None:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                return f"the candidate process went away during {self.phase} ({why})"
        self._status = None
        self.pid = 0
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            hint = {"SIGSEGV": "segmentation fault (often an out-of-bounds access)", "SIGXCPU": "CPU time limit",
                    "SIGKILL": "killed (memory or time limit)", "SIGABRT": "aborted (often an out-of-bounds store "
                    "or an allocation beyond the memory limit)", "SIGBUS": "bus error"}.get(name, "")
            return f"the candidate process died with {name}{': ' + hint if hint else ''} during {self.phase}"
        code = os.WEXITSTATUS(status)
        if code == 0:
            return (f"the candidate process exited with status 0 during {self.phase} before answering; "
                    "exiting early is never a pass")
        return f"the candidate process exited with status {code} during {self.phase}"

    def dump_stacks(self) -> None:
        """Where a candidate that ran out of time was: its threads' Python stacks, into its log (log_tail), by
        the faulthandler it registered for STACKS_SIGNAL (_candidate_process)."""
        if self.pid:
            try:
                os.kill(self.pid, STACKS_SIGNAL)
            except OSError:
                return
            time.sleep(0.3)

    def kill(self) -> None:
        if self.pid:
            isolation.kill_tree(self.pid)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0
        # checked, not assumed: nothing of the candidate remains (its PID namespace and its cgroup are empty)
        try:
            isolation.reap(self.pid_ns, self.cgroup)
        except RuntimeError as e:
            self.survivors = str(e)
        self.pid_ns = None
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def draw_grad(self) -> bool | str:
        """A correctness call's autograd mode: inference mode from the call drawn for it (_inference_switch) on,
        else on or off as drawn per call (_grad_mode). The worker's timed calls, and the baselines they are
        compared with, run in inference mode too where it was entered."""
        at = self.inference_at
        if at is not None and (self.shape_pos, self.calls_at_shape) >= at:
            self.inference_drawn = True
        return "inference" if self.inference_drawn else _grad_mode()

    def draw_inference_inputs(self) -> bool:
        """Whether a placement inside inference mode makes its inputs inference tensors (as a server's
        activations are) or hands over the caller's own, made before it: at each shape, of its first two
        placements there exactly one of each (which, drawn), then drawn per placement. Per shape, not per
        worker: a file honest on one kind only is then compared on the other at every shape inside, not at one
        placement whose values may not tell the two apart (a tensor of one element, a draw without negatives)."""
        return self.inside_draws[self.shape_pos].draw()

    def draw_leaf_grad(self) -> bool:
        """Whether a call's new inputs require grad (their floating ones), as a layer's activations in training
        do: of a worker's first two placements exactly one (which, drawn), then drawn per placement."""
        return self.leaf_draws.draw()

    def draw_training(self) -> bool:
        """A correctness call's training flag for the candidate's module: drawn where the reference computes the
        same in training mode as in eval mode (a module is built in training mode, and a file can ask
        `self.training`), else the mode the task is judged in (note_training_ignored)."""
        if self.training_ignored is True:
            return bool(os.urandom(1)[0] & 1)
        return self.judged_training

    def note_training_ignored(self, ref, inputs) -> None:
        """Whether the reference's outputs on `inputs` are the same, bit for bit, in training mode as in eval mode
        (on a copy of it: training mode may update its running statistics). Once per evaluation: whether a
        module has dropout, batch statistics or a `self.training` of its own does not change with the sizes.

        Where they differ, the calls run in one mode: training mode where the module is built in it (as
        KernelBench calls its models, and as running the file does: BatchNorm normalises by the batch's
        statistics) and training mode computes the same twice (no dropout drawing), or as the task says
        (TRAINING = False: judged as deployed, running statistics); else eval mode (a dropout's draw cannot be
        compared)."""
        if self.training_ignored is not None:
            return
        self.training_ignored = False
        changed: set[str] = set()
        runs = self.runs_in_modes(ref, inputs, (False, True, True), changed)
        if runs is None:  # a reference that cannot be copied or run so: eval mode, as before
            return
        self.training_ignored = _alike(runs[0], runs[1])
        steady = _alike(runs[1], runs[2])
        self.judged_training = not self.training_ignored and steady and self.task.training is not False
        self.info.training = self.judged_training
        # said, not silent: the mode not checked
        self.mode_note = "" if self.training_ignored else (
            "; checked in training mode, the model as built (its output in eval mode differs and was not checked)"
            if self.judged_training else
            "; checked in eval mode, as the task says (TRAINING = False); training mode was not checked"
            if steady else "; checked in eval mode only: training mode draws at random here (dropout)")
        weights.in_mode(ref, self.judged_training)
        if self.judged_training:
            # the state training mode changes (BatchNorm's running statistics and its count of batches): the
            # candidate's may change it too (check_weights_kept); ref_call watched only the first calls, made in
            # eval mode before the mode was decided
            self.ref_changed |= changed

    def runs_in_modes(self, ref, inputs, modes: tuple[bool, ...], changed: set[str] | None = None) -> list[list] | None:
        """The reference's outputs on `inputs` in each training mode of `modes`, each on a copy of it as it is
        (training mode updates running statistics), and into `changed` the state its training-mode calls
        changed; None where it cannot be copied or run so."""
        import copy

        runs = []
        try:
            for train in modes:
                twin = weights.in_mode(copy.deepcopy(ref), train)
                before = {k: fingerprint(v, 1) for k, v in twin.state_dict().items()} if train and changed is not None \
                    else {}
                args = [x.to(self.device, copy=True) if isinstance(x, torch.Tensor) else x for x in inputs]
                with torch.no_grad():
                    out = self.ref_call(twin, args)
                runs.append(list(out) if isinstance(out, (tuple, list)) else [out])
                if before and changed is not None:
                    changed |= {k for k, v in twin.state_dict().items() if before.get(k) != fingerprint(v, 1)}
        except Exception:  # noqa: BLE001 -- the caller's stand
            return None
        return runs

    # -- the protocol --------------------------------------------------------------------------
    def run(self) -> EvalResult:
        shapes = self.shapes = self.shapes_to_check()
        # the build for the GPU target needs nothing from the checks until they are done: it runs beside them
        # (forked before any candidate exists, so that it holds none of their channels)
        beside = self.start_target_compile(shapes)
        try:
            with self.spent("start-up"):
                self.spawn()
            self.inference_at = _inference_switch(shapes)
            self.phase = "sandbox start-up"
            assert self.res is not None  # spawn opened it
            with self.spent("start-up"):
                hello, _ = wire.recv(self.res, timeout=30.0)
            self.isolation = list(hello.get("isolation", []))
            self.phase = "import"
            with self.spent("import"):
                self.ask({"op": "load"})
            for i, (label, overrides) in enumerate(shapes):
                if label.endswith(POWERS_KEPT) and shapes[i - 1][0] not in self.declined:
                    continue  # only where the shape before it was declined
                self.shape_pos = i
                try:
                    self.check_shape(label, overrides)
                except ReferenceRefused as e:  # in the mode the task is judged in (training: BatchNorm at one row)
                    self.reference_refused[label] = str(e)
                    continue
                except Reject as r:
                    if not (declinable(shapes, i) and self.raised_first(r)):
                        raise
                    try:  # once more: a file that refuses a size only the first time it meets it answers later
                        self.check_shape(label, overrides)
                    except Reject as again:
                        if not self.raised_first(again):
                            raise
                        self.declined[label] = again.reason.splitlines()[0].split(" (during ")[0][:300]
                        continue
                self.verified.add(label)
                self.readbacks_known(beside)
            self.check_assembly_unseen()
            with self.spent("timing"):
                timing = self.measure(*self.timing_shape(shapes)) if self.cfg.timing else None
            self.check_after_shape()  # the timed calls' outputs too
            with self.spent("waiting for the target compile"):
                build = self.finish_target_compile(beside)
            self.check_hints(beside is not None, [s for s in shapes if s[0] in self.verified])
            self.check_readbacks()
            self.check_exchanges([s for s in shapes if s[0] in self.verified])
            self.check_smallest_instance(shapes)
            if timing is None:
                return EvalResult(verdict="pass", stage="correctness", check="pass", correctness=self.info, build=build,
                                  reason=f"correct on {self.info.trials} trials over {len(self.info.shapes)} shape(s); "
                                         "not timed (timing switched off)" + self.build_note(build)
                                         + self.declined_note())
            return EvalResult(verdict="pass", stage="timing", check="pass", reason=self.pass_reason(timing) +
                              self.build_note(build) + self.declined_note(), correctness=self.info, timing=timing,
                              build=build)
        except Reject as r:
            if r.check.startswith("unverified."):  # what this machine cannot judge is never a fail
                return EvalResult(verdict="unverified", stage=r.stage, check=r.check, reason=r.reason,
                                  correctness=self.info)
            return fail(r.stage, r.check, r.reason, correctness=self.info)
        except wire.WireError as e:
            check, why = self.death(str(e))
            return fail("sandbox", check, why)
        except (torch.cuda.OutOfMemoryError, MemoryError) as e:
            # the judge's own side (the reference, its copies of inputs and outputs, the baselines) did not fit:
            # this machine cannot judge the task at this size, which says nothing about the kernel
            first = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
            where = "GPU" if isinstance(e, torch.cuda.OutOfMemoryError) else "host"
            return EvalResult(verdict="unverified", stage=self.phase_stage(), check="unverified.judge_out_of_memory",
                              correctness=self.info,
                              reason=f"the judge ran out of {where} memory during {self.phase} ({first}); the "
                                     "reference and the judge's copies of inputs and outputs do not fit beside the "
                                     "candidate here: judge fewer at once, or on a GPU with more memory")
        finally:
            self.stop()
            if beside is not None:
                beside.abandon()

    def declined_note(self) -> str:
        ints = (f"; it raised at other values of forward's int, bool or mode arguments ({self.ints_declined}): it "
                "is checked at the task's values only") if self.ints_declined else ""
        if self.floats_declined:
            ints += (f"; it raised at other values of forward's float arguments ({self.floats_declined}): they are "
                     "checked at the task's values only")
        if self.far_declined:
            ints += (f"; it raised at forward's float arguments taken further from the task's values "
                     f"({self.far_declined}): it is verified near the task's values only")
        if self.init_declined:
            ints += (f"; built with other values of the constructor's arguments, {self.init_declined}: it is "
                     "verified at get_init_inputs' values only")
        ints += self.mode_note
        if self.reference_refused:
            ints += ("; the reference itself raised at shape(s) the judge chose, in the mode the task is judged in ("
                     + "; ".join(f"{label} ({why})" for label, why in self.reference_refused.items())
                     + "): not checked there")
        if not self.declined:
            return ints
        below = {label: why for label, why in self.declined.items() if label.startswith(BELOW)}
        drawn = {label: why for label, why in self.declined.items() if label not in below}
        note = ""
        if drawn:
            which = "; ".join(f"{label} ({why})" for label, why in drawn.items())
            note += (f"; it declined the shape(s) the judge chose, {which}, and was checked instead where the sizes "
                     "the task gives only as powers of two stay powers of two")
        if below:
            which = "; ".join(f"{label.removeprefix(BELOW)} ({why})" for label, why in below.items())
            note += (f"; it refused sizes below those the task gives ({which}): it is not verified there, and raises "
                     "rather than answers")
        return note + ints

    def stop(self) -> None:
        """Ask the candidate to exit, then make sure it has."""
        try:
            if self.pid:  # spawn set it with the pipes, and kill clears it before they are closed
                assert self.cmd is not None
                wire.send(self.cmd, {"op": "exit"})
        except OSError:
            pass
        self.kill()
        for arena in getattr(self, "arenas", ()):
            if arena is not None:
                arena.close()
        self.arenas = (None, None)
        for fd in (getattr(self, "cmd", None), getattr(self, "res", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.cmd = self.res = None

    def start_target_compile(self, shapes) -> "TargetCompile | None":
        """On a CPU, a Triton candidate is also compiled for a real GPU (cfg.gpu_arch), at the shapes it is
        checked at, in a confined process of its own: a kernel that only the interpreter accepts is rejected at
        the build stage, and the compiled kernels' resource figures are kept. That compile runs in a fork of
        this judge beside the interpreter's checks; its findings are read (finish_target_compile) only once the
        checks have passed, so the verdict is the one the two steps would give one after the other."""
        if self.device.type != "cpu" or self.backend != "triton" or not self.cfg.target_compile:
            return None
        if ptxas_path(capability(self.cfg.gpu_arch)) is None:  # Triton cannot finish a compile
            return TargetCompile(0, -1, -1)
        result_r, result_w = os.pipe()
        pids_r, pids_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:  # never back into the judge's code (spawn's launcher says why)
                os.close(result_r)
                os.close(pids_r)
                self.forget_candidate()  # the checks' own, where it is forked after them (compile_with_replay)
                self._target_compile_process(shapes, result_w, pids_w)
            finally:
                os._exit(70)
        os.close(result_w)
        os.close(pids_w)
        os.set_blocking(pids_r, False)
        return TargetCompile(pid, result_r, pids_r)

    def _target_compile_process(self, shapes, result_w: int, pids_w: int) -> None:
        """The forked judge that compiles for the target: compile_for_target, then one JSON answer. Never
        returns."""
        payload: dict = {}
        try:
            # a fork of a judge whose OpenMP pool may have run already (compile_with_replay forks after the
            # checks): GNU OpenMP is not fork-safe, and the first parallel torch op here (building the models,
            # `torch.rand(n) / 2` in a task's __init__) would wait forever on the parent's threads
            torch.set_num_threads(1)
            torch.manual_seed(_new_seed())  # its inputs are drawn afresh, not the checked run's
            self.log_path = self.workdir / "target-compile.log"
            # its root folders and cgroups are named apart from the checked run's, and from an earlier compile's
            self.spawned = 2000 if self.compile_replays else 1000
            self.seconds = defaultdict(float)

            def on_spawn(pid: int) -> None:
                # to the judge, which kills it if this process must die first; not to the orchestrator, which
                # kills what this judge leaves by its process group and cgroups (a pid it kept after the
                # process ended could be another process's by then)
                os.write(pids_w, f"{pid}\n".encode())

            self.on_spawn = on_spawn
            t0 = time.monotonic()
            try:
                build = self.compile_for_target(shapes)
                payload["build"] = build.model_dump(mode="json") if build is not None else None
            except Reject as r:
                payload["reject"] = [r.stage, r.check, r.reason]
            except wire.WireError as e:
                payload["reject"] = ["sandbox", *self.death(str(e))]
            except MemoryError as e:
                first = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
                payload["reject"] = ["build", "unverified.judge_out_of_memory",
                                     f"the judge ran out of host memory during {self.phase} ({first})"]
            finally:
                self.stop()
            payload["compiled_at"] = self.compiled_at
            payload["declined_at"] = self.compile_declined
            payload["hints_used"] = self.hints_used
            payload["pipelined"] = {k: sorted(v) for k, v in self.pipelined.items()}
            payload["layouts"] = self.layouts
            payload["survivors"] = self.survivors
            payload["real_size_kernels"] = self.real_size_kernels
            payload["seconds"] = time.monotonic() - t0
        except BaseException as e:  # noqa: BLE001 - nothing may escape a forked judge
            payload = {"reject": ["sandbox", "sandbox.judge_error",
                                  f"the harness failed compiling for the target: {type(e).__name__}: {e}"]}
        try:
            data = json.dumps(payload).encode()
            while data:
                data = data[os.write(result_w, data):]
        finally:
            os._exit(0)

    def forget_candidate(self) -> None:
        """In a fork of this judge: the candidate process and its channels are the parent's to stop, not this one's."""
        for fd in (getattr(self, "cmd", None), getattr(self, "res", None)):
            if fd is not None:
                os.close(fd)
        self.cmd = self.res = None
        self.pid, self.pid_ns, self.cgroup = 0, None, None
        self.arenas = (None, None)

    def finish_target_compile(self, beside: "TargetCompile | None") -> BuildInfo | None:
        """The target compile's findings, judged against what the verified run launched, in the order the two
        steps would give them one after the other. Where that compile's forward read on the host what its
        kernels never computed and was sent elsewhere by it, once more with the checked run's values; where it
        could not run forward and the checks found it declines forward's floats at other values, once more with
        the task's (the compile started beside the checks before that was known)."""
        try:
            return self.judge_target_compile(beside)
        except Reject as r:
            if r.check != "unverified.target_compile" or self.compile_replays or not (self.floats_declined or any(
                    self.replays.get(label) for label in self.verified)):
                raise
            first = r
        try:
            return self.judge_target_compile(self.compile_with_replay())
        except Reject as r:
            if r.check == "sandbox.timeout":  # no time left for the second compile: what the first found stands
                raise first from None
            raise

    def compile_with_replay(self) -> "TargetCompile":
        """The compile for the target again, in a new fork, where at each verified shape forward gets the inputs
        of checked calls that read values on the host, and reads what those calls read (ForwardWatch.replay): a
        count a kernel computed sizes the next launch as it did in the checks, and as it will on the GPU."""
        self.compile_replays = {label: kept for label, kept in self.replays.items() if label in self.verified}
        beside = self.start_target_compile(self.shapes)
        assert beside is not None  # the first compile started under the same conditions
        return beside

    def judge_target_compile(self, beside: "TargetCompile | None") -> BuildInfo | None:
        if beside is None:
            return None
        arch = self.cfg.gpu_arch
        self.compiling_for_target = True
        self.phase = f"compiling for {arch}"
        if not beside.started:
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but not compiled for {arch}: there is no ptxas here (Triton "
                         "ships one in its wheel; this installation has none and none is on PATH), so whether the "
                         "kernels compile for that GPU is not known")
        # it keeps the same deadline itself, and then says where it was: a few seconds more for that answer
        payload = beside.answer(self.deadline + 5.0)
        if payload is None:
            raise Reject("build", "sandbox.timeout",
                         f"timed out after {self.cfg.timeout_s:g} s during the compile for {arch} (raise --timeout "
                         "if the kernel is legitimately slow to compile)")
        self.seconds["target compile (beside the checks)"] += float(payload.get("seconds", 0.0))
        self.survivors = self.survivors or str(payload.get("survivors", ""))
        declined = payload.get("declined_at") or {}
        for label in sorted(self.verified & set(declined)):
            if label.startswith(BELOW) and isinstance(declined[label], list) and len(declined[label]) == 3:
                # sizes below all the task gives that do not compile for the target (a tl.dot on a block of 2):
                # the kernel fails there loudly, as one that raises does; it is not verified there
                self.verified.discard(label)
                self.declined[label] = f"not compiled for {arch}: " + (str(declined[label][2]).strip().splitlines() or [""])[-1][:200]
                continue
            raise Reject(*declined[label])  # the checks ran it: the compile's verdict stands
        compiled = {label for label, _ in payload.get("compiled_at", [])}
        if "reject" not in payload and (uncompiled := sorted(self.verified - compiled)):
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but at shape {uncompiled[0]} its forward was not compiled for "
                         f"{arch} (it declined that shape there, and not in the checked run), so whether its kernels "
                         "compile for that GPU is not known")
        for label, reply in payload.get("compiled_at", []):
            self.check_every_kernel_compiled(label, reply, arch)
        ran = set().union(*self.launched.values()) if self.launched else set()
        unseen = [str(k) for k in payload.get("real_size_kernels") or [] if str(k) not in ran]
        if unseen and "reject" not in payload:
            raise Reject("build", "unverified.real_size_path",
                         f"correct at the checked shapes, but at the task's own size forward launches kernel(s) "
                         f"{', '.join(unseen[:4])}, which no checked shape ran (its host code takes another path "
                         "there, by the sizes alone); whether they compute the right result is not known on a CPU: "
                         "judge it on a GPU, or give the task a SHAPES entry that takes that path")
        used = payload.get("hints_used")
        self.hints_used = ({str(k): _hinted_lines(v) for k, v in used.items()} if isinstance(used, dict) else None)
        self.note_pipelined(payload.get("pipelined"), payload.get("layouts"))
        if "reject" in payload:
            self.log_path = self.workdir / "target-compile.log"  # what the candidate printed there
            raise Reject(*payload["reject"])
        return BuildInfo.model_validate(payload["build"]) if payload.get("build") else None

    def compile_for_target(self, shapes) -> BuildInfo | None:
        """The compile for cfg.gpu_arch, at the checked shapes and then at the real size, in the forked judge of
        start_target_compile."""
        import triton

        arch, t0 = self.cfg.gpu_arch, time.monotonic()
        self.stop()
        self.compiling_for_target = True
        warm_up(arch)  # inherited by the compile process, which cannot run ptxas --version itself
        self.spawn(target=arch)
        self.phase = f"start-up of the {arch} compile"
        assert self.res is not None  # spawn opened it
        wire.recv(self.res, timeout=30.0)
        self.phase = f"import for {arch}"
        self.ask({"op": "load"})
        kernels: dict = {}
        notes: list[str] = []
        last: dict = {}
        for i, (label, overrides) in enumerate(shapes):
            if label.endswith(POWERS_KEPT) and shapes[i - 1][0] not in self.compile_declined:
                continue  # as in the checks (Judge.run)
            try:
                mod, ref = self.build_models(overrides)
                # the mode the checks call forward in, decided here too where this fork began beside them
                self.note_training_ignored(ref, self.fresh_inputs(mod))
                reply = None
                calls: list[tuple[list, list | None]] = [*self.compile_replays.get(label, [])]
                for inputs, values in calls or [(self.fresh_inputs(mod), None)]:
                    tensors: list = []
                    msg = {"op": "compile", "inputs": wire.encode(inputs, tensors), "replay": values,
                           "contexts": True, "train": self.judged_training}
                    one = self.compile_once(arch, f"shape {label}", label, msg, tensors, kernels, notes, verified=True)
                    assert one is not None  # verified: a forward that could not be compiled is rejected, not None
                    # what each replayed call compiled counts at this shape, as each call's launches did in the checks
                    reply = one if reply is None else {**one, "kernels": {**reply["kernels"], **one["kernels"]},
                                                       "specs": sorted({*reply["specs"], *one["specs"]})}
            except Reject as r:
                # declined here (its constructor or forward raised, or a kernel sized by the shape would not
                # compile): whether that stands is decided once the checks say whether they ran it
                if not declinable(shapes, i) or r.check not in ("init.exception", "build.target_compile",
                                                                "unverified.target_compile"):
                    raise
                self.compile_declined[label] = [r.stage, r.check, r.reason]
                continue
            assert reply is not None
            # checked against what the verified run launched once that run is over (finish_target_compile)
            self.compiled_at.append((label, {"kernels": list(reply.get("kernels", {})), "specs": reply.get("specs")}))
            last = reply  # the recorder's config lists are cumulative
        if not kernels:  # nothing launched was compiled at any verified shape: nothing is known of the GPU's view
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but no kernel was compiled for {arch} at the verified "
                         "shapes, so whether they compile for that GPU is not known")
        if self.task.shapes():  # verified at SHAPES only: the real size may specialise kernels differently
            real = self.compile_at_real_size(arch, kernels, notes)
            if real is not None and not real.get("scalar_reads") and not real.get("count_reads"):
                # what forward launched there follows from the sizes alone (it read nothing on the host)
                self.real_size_kernels = sorted({str(k).split("#")[0] for k in real.get("kernels", {})})
            last = real or last
        # as on a GPU, the autotuner skips configs that do not compile or fit
        notes += [f"autotune config dropped for {arch}: {d}" for d in dict.fromkeys(last.get("dropped_configs", []))]
        return BuildInfo(ok=True, compiler=f"Triton {triton.__version__} for {arch} (ptxas)", kernels=kernels,
                         compile_ms=(time.monotonic() - t0) * 1e3, log="\n".join(notes))

    def check_hints(self, compiled: bool, shapes) -> None:
        """Compiler hints (sandbox/hints.py). Wherever the compile for the target found that a kernel's hints
        widen some of its loads or stores at a checked shape, that shape gets one more trial with those
        accesses made as the GPU makes them: each instruction's lanes from its first lane's address, under its
        first lane's mask. It must still match the reference, stay in bounds and be aligned. A true hint
        changes no address there; a false one the compiler uses does. This does not rest on the list of false
        hints the candidate's process reports (that list only names the hint in the reason); where the compile
        could not tell which accesses the hints widen, a false hint leaves the verdict unverified."""
        overrides = dict(shapes)
        if not compiled or self.hints_used is None:
            if self.hint_violations:
                label, kernel, what = self.hint_violations[0]
                raise Reject("correctness", "unverified.compiler_hint",
                             f"kernel {kernel} at shape {label}: {what}. The compiler believes a hint without "
                             "checking it, and whether it makes this kernel's loads or stores wider was not found "
                             "out here (no compile for the target), so what the GPU reads is not known on a CPU. "
                             "Make the hint true at every shape (or drop it), or judge the kernel on a GPU")
            return
        for label, overrides_at in overrides.items():
            widths = self.hints_used.get(label)
            if not widths:
                continue
            false = [f"kernel {k}: {w}" for lab, k, w in self.hint_violations if lab == label]
            self.check_as_compiled(label, overrides_at, widths, false[0] if false else "")

    def note_pipelined(self, found, laid_out=None) -> None:
        """The loads a compile for the target made asynchronous copies, per kernel (pipelining.async_copy_positions),
        and the layouts of each compile's loads and stores (layouts.memory_ops)."""
        if isinstance(found, dict):
            for kernel, sites in found.items():
                if isinstance(sites, list):
                    self.pipelined.setdefault(str(kernel), set()).update(str(site) for site in sites)
        if isinstance(laid_out, dict):
            for kernel, compiles in laid_out.items():
                kept = self.layouts.setdefault(str(kernel), [])
                for compiled in compiles if isinstance(compiles, list) else []:
                    if isinstance(compiled, dict) and compiled not in kept and len(kept) < 64:
                        kept.append(compiled)

    def readbacks_known(self, beside: "TargetCompile | None") -> None:
        """Where a checked shape read back a store of the same program in a loop, check_readbacks before the next
        shape, not after all of them: the larger ones can hold the interpreter for minutes, and no later check
        can make right a read-back the GPU runs ahead of. That waits for the target compile (a few seconds, and
        only for such candidates). Not where that compile rejects: finish_target_compile gives its verdict."""
        if beside is None or not beside.started or not (self.readbacks or self.same_position):
            return
        with self.spent("waiting for the target compile"):
            early = beside.answer(self.deadline + 5.0)
        if early is not None and "reject" not in early:
            self.note_pipelined(early.get("pipelined"), early.get("layouts"))
            self.check_readbacks()

    def check_readbacks(self) -> None:
        """Software pipelining (sandbox/pipelining.py). A load that reads what the same program stored earlier in
        the loop, within the pipeliner's window, reads the right values under the interpreter, which runs the
        iterations one after another; where the compile for the target made that load an asynchronous copy (in
        any compile of the kernel: at a checked shape or at the real size), the GPU starts it iterations ahead,
        before those stores. Loads feeding a tl.dot in a plain `range` loop, and loads pipelined only at the real
        size, are found here; the interpreter's own model of `tl.range(num_stages=...)` loops reports as a race."""
        for (kernel, store, load, shape), (label, positions) in self.same_position.items():
            try:
                found = layouts.different_thread(kernel, store, load, shape, positions, self.layouts.get(kernel, []))
            except (TypeError, ValueError, IndexError):  # the candidate's process sent what the judge cannot read
                found = None
            if found:
                raise Reject("correctness", "correctness.race",
                             f"a data race between the threads of one program, at shape {label}: {found}. The "
                             "interpreter runs a block's accesses one after another, which hides it. Keep the value "
                             "in registers instead of reading it back, or put tl.debug_barrier() between the store "
                             "and the load")
        for (kernel, site), (label, back, window, pid, n) in self.readbacks.items():
            if site not in self.pipelined.get(kernel, set()):
                continue
            when = "earlier in the same iteration" if back == 0 else f"{back} iteration{'s' if back > 1 else ''} before"
            raise Reject("correctness", "correctness.race",
                         f"a load that runs ahead of the store it reads: kernel {kernel} at shape {label}: the load at "
                         f"line {site.split(':')[0]} read {n} element(s) that program {_program(pid)} had stored {when} in the "
                         f"same loop. Compiled for {self.cfg.gpu_arch}, that load is an asynchronous copy which "
                         "Triton's software pipeliner issues up to num_stages - 1 = "
                         f"{window} iteration(s) ahead, before the stores of the iterations in between, so on the GPU "
                         "it reads memory not yet written: keep the value in registers (a loop-carried variable) "
                         "instead of reading it back, or launch with num_stages=1")

    def check_exchanges(self, shapes) -> None:
        """The race check counts a reduction across warps, a scan and a `tl.dot` as a barrier between a program's
        threads: the GPU's code has one there (a bar.sync, shared memory between). Where a kernel's compile for
        the target has no instruction at all from one (its result is unused, so the compiler removed it), the
        barrier is not there: the shape it was seen at gets one more trial in which it counts for none. So does
        a scalar atomic of relaxed or release semantics with no bar.sync from its line in the compile (Triton
        hands a scalar atomic's result to the threads behind one, and leaves it out where the result is
        unused)."""
        removed: dict[str, dict[str, list[str]]] = {}
        for (kernel, site), label in self.exchanges.items():
            compiles = self.layouts.get(kernel, [])
            gone = (layouts.no_barrier_from(compiles, site) if (kernel, site) in self.atomic_exchanges
                    else layouts.removed(compiles, site))
            if gone:
                removed.setdefault(label, {}).setdefault(kernel, []).append(site)
        overrides = dict(shapes)
        for label, sites in removed.items():
            if label not in overrides:
                continue
            self.not_barriers = sites
            try:
                self.one_more_trial(label, overrides[label], "without the reductions the compiler removed",
                                    "removed reductions as no barrier")
            except Reject as r:
                if r.check != "correctness.race":
                    raise
                where = "; ".join(f"kernel {k}: line(s) {', '.join(sorted({x.split(':')[0] for x in v}))}"
                                  for k, v in sites.items())
                raise Reject("correctness", "correctness.race",
                             f"{r.reason.rstrip('.')}. Found once the reductions, dots or scalar atomics whose results "
                             f"are unused ({where}) are not taken for barriers: the compile for {self.cfg.gpu_arch} "
                             "has no bar.sync with them, so they order nothing between the program's threads") from r
            finally:
                self.not_barriers = None

    def one_more_trial(self, label: str, overrides: dict, how: str, title: str) -> None:
        """One trial at a checked shape on fresh inputs, under what the caller set for it (as_compiled,
        not_barriers): rejects as any trial does, and counts as one where it passes."""
        self.shape_label = label
        mod, ref = self.build_models(overrides)
        inputs = self.fresh_inputs(mod)
        ref_ops = self.reference_ops(ref, inputs)
        self.phase = f"a trial of shape {label} {how}"
        shape_check = ShapeCheck(shape=f"{label} ({title})", trials=1)
        outs, _, _ = self.run_candidate(inputs, "place", ref_ops)
        self.check_outputs(outs, self.reference(ref, inputs), shape_check, "", precise=self.precise_on_cpu(ref, inputs))
        self.info.shapes.append(shape_check)
        self.info.trials += 1

    def check_as_compiled(self, label: str, overrides: dict, widths: dict[str, dict[str, int]], what: str) -> None:
        """One more trial at a checked shape, with the hinted accesses made as the compiled kernel makes them."""
        self.as_compiled = widths
        try:
            self.one_more_trial(label, overrides, "with the hinted accesses made as compiled",
                                "hinted accesses as compiled")
        except Reject as r:
            if not r.check.startswith("correctness."):
                raise
            sites = sorted({f"line {site.split(':')[0]} ({n} bytes)" for lines in widths.values()
                            for site, n in lines.items()})
            raise Reject("correctness", "correctness.compiler_hint",
                         (f"{what}. " if what else "") + f"The compiler believes hints (tl.multiple_of, "
                         f"tl.max_contiguous, tl.max_constancy) without checking them, and at shape {label} it "
                         f"widens the accesses at {', '.join(sites)} on them; made as the GPU makes them (each "
                         f"instruction's lanes from its first lane's address), the kernel is wrong: {r.reason}") from r
        finally:
            self.as_compiled = None

    def check_every_kernel_compiled(self, label: str, reply: dict, arch: str) -> None:
        """Every kernel the interpreter ran at this verified shape must have been compiled for the target at it;
        one that was not has no compiled form this machine has seen, so the GPU's verdict on it is not known."""
        compiled = {str(k).split("#")[0] for k in reply.get("kernels", {})}
        missing = sorted(self.launched.get(label, set()) - compiled)
        if missing:
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but at shape {label} the forward compiled for {arch} did not "
                         f"compile kernel(s) {', '.join(missing)}, which the verified run launched there (its host "
                         "code took another path); whether they compile for that GPU is not known")
        # the same kernels, built as the interpreter ran them: block sizes and flags are constexprs, and a forward
        # that launches other ones when compiling would leave the verified ones uncompiled
        # compiled at any verified shape counts: the autotuner compiles a key's configs at its first launch and
        # then only the winner it caches, as on a GPU
        specs = reply.get("specs")
        self.compiled_specs |= {str(s) for s in specs} if isinstance(specs, list) else set()
        other = sorted(self.launched_specs.get(label, set()) - self.compiled_specs) if isinstance(specs, list) else []
        if other:
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but at shape {label} the forward compiled for {arch} did not "
                         f"launch {other[0]} with those constexpr values, which the verified run did (its host code "
                         "took another path); whether the kernel the interpreter ran compiles for that GPU is not known")

    def compile_at_real_size(self, arch: str, kernels: dict, notes: list[str]) -> dict | None:
        """Compile once more at the task's own (GPU) size, where block sizes derived from the shape, and integer
        arguments past 2**31, differ from the small SHAPES. Nothing is computed, so the candidate gets
        uninitialised real-size inputs (integer ones zeroed, so that indices stay valid), described from
        get_inputs() on the meta device."""
        mod = self.task.module({})
        try:
            with on_meta():
                metas = list(mod.get_inputs())
        except Exception:  # noqa: BLE001 -- a generator that needs values (a CSR structure) cannot run on meta
            notes.append("real size not compiled: the task's get_inputs() needs real values")
            return None
        size = sum(t.numel() * t.element_size() for t in tensors_in(metas))
        if size > REAL_SIZE_LIMIT:
            notes.append(f"real size not compiled: its inputs take {size / 2**30:.1f} GiB "
                         f"(limit {REAL_SIZE_LIMIT / 2**30:.1f} GiB on the CPU)")
            return None
        # in the layout get_inputs gives (a transposed input stays transposed), as the checked runs had it
        # tensors inside tuples, lists and dicts too (an options dict holding a cap), their containers kept (wire)
        specs = wire.encode(pytree.tree_map_only(torch.Tensor, lambda x: {
            "empty": list(x.shape), "stride": list(x.stride()), "dtype": str(x.dtype).removeprefix("torch.")}, metas),
            [])
        self.phase = "construction at the real size"
        tensors: list = []
        self.ask({"op": "init", "seed": _new_seed(), "init_args": wire.encode(list(mod.get_init_inputs()), tensors),
                  "state": wire.encode({}, tensors)}, tensors)
        return self.compile_once(arch, "the real size", "real size",
                                 {"op": "compile", "specs": specs, "train": self.judged_training}, [], kernels, notes)

    def compile_once(self, arch: str, where: str, label: str, msg: dict, tensors: list, kernels: dict,
                     notes: list[str], verified: bool = False) -> dict | None:
        """One compile request: ptxas is run here on what came back, a kernel that does not compile is
        rejected, and the figures are kept under `label`. Returns the reply, or None when nothing compiled."""
        import triton

        self.phase = f"compiling for {arch} at {where}"
        reply, ptx = self.ask(msg, tensors)
        if self.device.type == "cpu" and _assembly_names(self.source):
            # unverified on a CPU whatever ptxas says (check_assembly_unseen): its text is not assembled here
            notes.append("not assembled: the file holds inline assembly")
        else:
            notes += self.assemble(reply, ptx, arch, scratch=self.workdir)
        scalars, counts = reply.get("scalar_reads"), reply.get("count_reads")
        counts = counts if isinstance(counts, int) else 0
        reads = scalars + counts if isinstance(scalars, int) else None  # any value read on the host
        replayed = reply.get("replayed")
        if isinstance(reads, int) and isinstance(replayed, int) and not reply.get("replay_diverged"):
            reads = max(reads - replayed, 0)  # the checked run's values (compile_with_replay) are not garbage
        if ("compile_error" in reply or "launch_error" in reply) and isinstance(reads, int) and reads > 0:
            # nothing is computed in this replay: a value forward read on the host (`.item()` of what a kernel
            # wrote, say a maximum length that sizes the next launch) is whatever the memory held, so the launch
            # it shaped is not the one the GPU would make
            what = reply.get("compile_error") or reply.get("launch_error")
            raise Reject("build", "unverified.target_compile",
                         f"correct under the interpreter, but at {where} forward read {reads} value(s) on the host "
                         f"(.item(), int(), ...) before kernel {reply.get('kernel', '?')} failed to compile or launch "
                         f"for {arch}; the compile replay computes nothing, so a launch sized by a value a kernel "
                         f"computed is not the one the GPU would make, and whether it compiles there is not known: "
                         f"{str(what).splitlines()[0][:300] if what else ''}")
        if "compile_error" in reply:
            raise Reject("build", "build.target_compile",
                         f"correct under the interpreter, but at {where} kernel {reply.get('kernel', '?')} does not "
                         f"compile for {arch} with Triton {triton.__version__}, so it would fail on that GPU:\n"
                         f"{reply['compile_error']}")
        if "launch_error" in reply:
            raise Reject("build", "build.launch_grid",
                         f"correct under the interpreter, but at {where} kernel {reply.get('kernel', '?')} could not "
                         f"be launched on {arch}: {reply['launch_error']}")
        if "not_checked" in reply:
            if label == "real size" and refuses_real_size(reply):
                # raised before reading any value on the host: what forward did there follows from the sizes,
                # dtypes and device alone, which are the GPU's, so the GPU's run at the task's size raises too
                raise Reject("correctness", "correctness.real_size_raises",
                             f"correct at the checked shapes, but at the task's own size forward raises "
                             f"({reply['not_checked']}) before reading anything on the host, so it fails on the GPU "
                             "at the size the task is for")
            if verified:  # a shape the verdict stands on: what a GPU would do there is not known
                read = (f"; forward read {reads} value(s) on the host first (.item(), .tolist(), ...), which the "
                        "compile replay does not compute (what a kernel wrote there is whatever the memory held)"
                        if isinstance(reads, int) and reads > 0 else "")
                raise Reject("build", "unverified.target_compile",
                             f"correct under the interpreter, but at {where} its forward could not be run through "
                             f"the {arch} compiler ({reply['not_checked']}){read}, so whether its kernels compile "
                             "for that GPU is not known")
            notes.append(f"{where}: not compiled for {arch} ({reply['not_checked']})")
            return None
        if counts > COUNT_READ_BUDGET:
            raise Reject("correctness", "correctness.host_compute",
                         f"at {where} forward read {counts} integers on the host with .tolist() (more than "
                         f"{COUNT_READ_BUDGET}): work that grows with the input is done in Python, outside any kernel")
        if isinstance(scalars, int) and scalars > SCALAR_READ_BUDGET:
            # the verified shapes can be small enough for a host loop over their elements to stay within the
            # budget; at the real size it cannot
            raise Reject("correctness", "correctness.host_compute",
                         f"at {where} forward read {scalars} tensor values on the host (.item(), int(), a 0-d tensor "
                         f"as an index or size; more than {SCALAR_READ_BUDGET}): work that grows with the input is "
                         "done in Python, outside any kernel")
        kernels.update({f"{k} @ {label}": v for k, v in reply.get("kernels", {}).items()})
        self.note_pipelined(reply.get("pipelined"), reply.get("layouts"))
        used = reply.get("hints_used")
        if not isinstance(used, dict) or self.hints_used is None:
            self.hints_used = None
        else:
            self.hints_used[label] = _hinted_lines(used)
        return reply

    @staticmethod
    def assemble(reply: dict, ptx: list[torch.Tensor], arch: str, scratch: Path | None = None) -> list[str]:
        """ptxas, run here on the PTX the compile process sent: its figures join the reply's kernels, and its
        refusal becomes the reply's compile error (the compile process may not start ptxas itself). An
        autotune config that ptxas refuses is dropped instead, as Triton's autotuner drops it on a GPU, when
        another config of the same kernel assembles. Returns notes on what was dropped."""
        config_of = c if isinstance(c := reply.get("config_of"), dict) else {}
        refused = []
        for name, code in zip(reply.get("ptx_of", []), ptx):
            figures, error = assemble(bytes(code.numpy()).decode(errors="replace"), arch, scratch)
            if error:
                refused.append((name, error))
                continue
            reply["kernels"][name].update(figures)
        notes = []
        for name, _ in refused:
            reply["kernels"].pop(name, None)
        for name, error in refused:
            same_kernel = [k for k in reply["kernels"] if k.split("#")[0] == name.split("#")[0]]
            if name in config_of and same_kernel:
                notes.append(f"autotune config dropped for {arch}: {config_of[name]}: ptxas: "
                             f"{error.strip().splitlines()[0][:160] if error.strip() else 'refused'}")
                continue
            reply.setdefault("compile_error", f"{name}: {error}")
            reply["kernel"] = reply.get("kernel", name)
        return notes

    @staticmethod
    def build_note(build: BuildInfo | None) -> str:
        if build is None:
            return ""
        if not build.kernels:
            return f"; not compiled for the GPU target ({build.log or 'no kernel compiled'})"
        worst = max(build.kernels.values(), key=lambda k: k.get("registers", 0))
        spills = sum(k.get("spill_bytes", 0) for k in build.kernels.values())
        return (f"; compiles with {build.compiler}: {len(build.kernels)} kernel(s), up to "
                f"{worst.get('registers', '?')} registers, {spills} spill bytes")

    def shapes_to_check(self) -> list[tuple[str, dict]]:
        small = self.task.shapes()
        if self.device.type == "cuda" or not small:
            return small + [("default", {})]
        return small

    def timing_shape(self, shapes):
        """On a GPU the real size (shapes_to_check's last); on a CPU the first shape verified (not one declined)."""
        verified = [s for s in shapes if s[0] in self.verified]
        return shapes[-1] if self.device.type == "cuda" else verified[0]

    def build_models(self, overrides: dict):
        mod = self.task.module(overrides)
        seed = _new_seed()
        torch.manual_seed(seed)
        init_args = list(mod.get_init_inputs())
        self.init_args = init_args  # the second instance's too (check_second_instance): a draw may differ
        if self.instance is not None and self.instance_built[0] == repr(init_args):
            # the candidate's instance is kept where these are its arguments (below): the reference is built
            # under that instance's seed, so that what a module holds outside its state_dict (a random
            # non-persistent buffer) is the same in both, as it was when the two were built together
            seed = self.instance_built[1]
        torch.manual_seed(seed)
        ref = weights.note_built_modes(mod.Model(*init_args).to(self.device))
        weights.in_mode(ref, self.judged_training)  # eval mode until note_training_ignored has seen the reference both ways
        self.phase = "construction"
        # the same module from another seed: a buffer built the same from both is structure, not state. Built
        # only where there is a floating buffer to tell (a model of large Linear layers is not built twice).
        twin = None
        if weights.floating_buffers(ref):
            torch.manual_seed(_new_seed())
            twin = mod.Model(*init_args)
        # fresh values for the reference's weights, which the candidate gets by name (sandbox/weights.py). A
        # buffer found to be structure at a shape before (a Hadamard matrix) stays so at the later, narrower ones,
        # where it may be too small to tell (a 1 x 1 matrix is one value)
        self.renewed = weights.renewable(ref, {*getattr(mod, "FIXED_BUFFERS", ()), *self.structure}, twin)
        if twin is not None:
            self.structure |= {n for n in weights.floating_buffers(ref) if n not in self.renewed}
        del twin
        # how far this evaluation's draws go beyond the task's (signs, forward's floats, zeros): each decided
        # on the reference; one that cannot be decided leaves the task's draws as they are
        try:
            self.flipped = self.signs_to_mix(mod, ref)
        except Exception:  # noqa: BLE001
            self.flipped = []
        weights.renew(ref, self.renewed, self.flipped)
        for decide in (self.move_floats, self.plan_zeros, self.plan_weight_zeros):
            try:
                decide(mod, ref)
            except Exception:  # noqa: BLE001
                pass
        state = {k: v.detach().cpu() for k, v in ref.state_dict().items()}
        tensors: list = []
        # A module is built once and called on inputs of many shapes (a batch, a sequence length, a vocabulary):
        # where a shape's constructor arguments and weight shapes are those the candidate's ModelNew was built
        # from, that instance is kept and given the new weights, as a user's model would be. A launch setting
        # worked out at the first call and reused (a block size, a one-block path) is then checked at the next
        # shape, not hidden by a fresh instance per shape.
        built_from = instance_key(init_args, state)
        if built_from is not None and self.instance == (self.pid, built_from):
            with self.spent("weights"):
                self.load_weights(state, mod, ref)
            return mod, ref
        self.instance = None
        msg = {"op": "init", "seed": seed, "init_args": wire.encode(init_args, tensors),
               "state": wire.encode(state, tensors)}
        try:
            with self.spent("construction"):
                reply, _ = self.ask(msg, tensors)
        except Reject as r:
            if "TypeError" in r.reason and "__init__" in r.reason:
                raise Reject("build", "build.constructor", "ModelNew's constructor does not match Model's: " + r.reason)
            raise
        self.check_weights_loaded(reply, mod, ref)
        self.instance = (self.pid, built_from) if built_from is not None else None
        self.instance_built = (repr(init_args), seed)
        return mod, ref

    def renew_weights(self, mod, ref, case: str = TYPICAL) -> None:
        """New values for the reference's weights, loaded into the candidate by name, before a trial; for the
        exact-zeros family, with some elements of its parameters exactly zero where the reference stays as
        finite so (plan_zeros): a pruned checkpoint's."""
        if not self.renewed:
            return
        state = weights.renew(ref, self.renewed, self.flipped)
        if case == EXACT_ZEROS and self.zero_weights:
            weights.zeroed(ref, self.zero_weights, ZERO_SHARE)
        self.load_weights(state, mod, ref)

    def signs_to_mix(self, mod, ref) -> list[str]:
        """The renewed parameters built one-signed (weights.one_signed) and whose renewals may flip
        signs: those with which the reference stays as finite (flips_kept_finite: a parameter under a sqrt or a
        log keeps its sign). Found once per set of such names (an evaluation's shapes share them)."""
        names = weights.one_signed(ref, self.renewed)
        if not names:
            return []
        key = tuple(names)
        if key not in self.flip_found:
            self.flip_found[key] = self.flips_kept_finite(mod, ref, names)
        return self.flip_found[key]

    def flips_kept_finite(self, mod, ref, names: list[str]) -> list[str]:
        """Of `names`, those whose renewal with a quarter of the signs flipped leaves the reference with no more
        NaN or infinite elements on a typical draw (its steps counted too) than a renewal without: all together
        first, then one by one."""
        def non_finite(flip: list[str]) -> int | None:
            with self.state_kept(ref):
                weights.renew(ref, names, flip)
                return self.non_finite_steps(ref, inputs)

        with self.spent("reference"):
            inputs = self.fresh_inputs(mod)
            base = non_finite([])
            if base is None:
                return []
            if (n := non_finite(names)) is not None and n <= base:
                return names
            return [name for name in names if (n := non_finite([name])) is not None and n <= base]

    def load_weights(self, state: dict, mod, ref) -> None:
        """Load `state` into the candidate's ModelNew by name, and check what it loaded."""
        tensors: list = []
        reply, _ = self.ask({"op": "weights", "state": wire.encode(state, tensors)}, tensors)
        self.check_weights_loaded(reply, mod, ref)

    def check_weights_loaded(self, reply: dict, mod, ref) -> None:
        """A weight the reference renews and its output depends on must be one the candidate loaded, by name or
        by ModelNew.PARAMETER_NAMES. (The candidate's own report; what stands behind it is the comparison: a
        candidate that computes with anything but the weights it was given is wrong on them.)"""
        loaded = reply.get("loaded_params")
        if not isinstance(loaded, list):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process did not say which weights it loaded")
        have = set(map(str, loaded)) | self.unused_weights
        missing = [n for n in self.renewed if n not in have]
        if not missing:
            return
        # one the reference's forward never reads is not the candidate's to have: renewing it changes nothing
        inputs = self.fresh_inputs(mod)
        before = self.reference(ref, inputs)
        weights.renew(ref, missing)
        after = self.reference(ref, inputs)
        used = [n for n in missing if not all(torch.equal(a, b) for a, b in zip(before, after))]
        if not used:
            self.unused_weights |= set(missing)
            return
        other = o if isinstance(o := reply.get("other_shape"), dict) else {}
        state = ref.state_dict()
        named = "; ".join(f"{n} {list(state[n].shape)}" + (f" (ModelNew's has shape {other[n]})" if n in other else "")
                          for n in missing[:8])
        raise Reject("correctness", "correctness.parameter_missing",
                     f"the reference's weights {named} have no counterpart in ModelNew. The judge gives both models "
                     "new weights before every trial and loads them into ModelNew by name, so a value fixed in "
                     "ModelNew (or taken from the reference's initial weights) is wrong on them. Keep the "
                     "reference's names and shapes (e.g. the same nn.Linear/nn.Conv2d attributes), or map them "
                     "with ModelNew.PARAMETER_NAMES = {'reference.name': 'your_name'}; a layout of your own "
                     "(transposed, packed) is computed from them again when they change (docs/contract.md)")

    def fresh_inputs(self, mod, case: str = TYPICAL, factors: dict[int, float] | None = None) -> list:
        """New inputs of a value family, forward's floats moved by `factors` (the evaluation's by default)."""
        # on a GPU, drawn there: the host's generator took seconds per real-size trial (gelu: 0.9 G normals)
        inputs = draw_inputs(mod, str(self.device), _new_seed(), case, self.zero_rows, self.zero_also,
                             self.zero_signed)
        factors = self.moved_floats if factors is None else factors
        return _moved(inputs, factors) if factors else inputs

    def float_factors(self, at: list[int], second: bool = False) -> dict[int, float]:
        """A factor from U(0.5, 1.5) for each position, from the evaluation's float_draw (the compile's fork gets
        the same ones); with `second`, another that differs from the first by at least a fifth."""
        out = {}
        for i in at:
            first = 0.5 + random.Random(self.float_draw * 1009 + i).random()
            if not second:
                out[i] = first
                continue
            below, above = max(0.0, first - 0.7), max(0.0, 1.3 - first)  # [0.5, first - 0.2], [first + 0.2, 1.5]
            u = random.Random(self.float_draw * 1013 + i + 1).random() * (below + above)
            out[i] = 0.5 + u if u < below else first + 0.2 + (u - below)
        return out

    def move_floats(self, mod, ref) -> None:
        """Once per evaluation: each plain float that get_inputs passes to forward (an alpha, a scale) is
        multiplied by its own factor from U(0.5, 1.5), drawn once (a kernel that makes one a constexpr compiles
        for one value), where that changes the reference's output on a typical draw and leaves it as finite.
        A kernel that reads the task file's literal instead of its argument is wrong on every other value, as
        one that ignores a tensor input would be. (The constructor's: check_other_init_args.)"""
        if self.floats_decided:
            return
        self.floats_decided = True
        inputs = self.fresh_inputs(mod)
        # a floating tensor that every draw gives alike (a 0-d temperature, fixed coefficients) is a value of the
        # task file's too, as a float is; one drawn at random differs already
        fixed = self.fixed_tensors(mod, inputs, _movable_tensor)
        at = [i for i, v in enumerate(inputs) if type(v) is not bool and _has_floats(v, tensors=i in fixed)]
        if not at:
            return
        self.float_args, self.float_fixed = at, fixed
        factors = self.float_factors(at)
        with self.spent("reference"):
            given = self.reference_steps(ref, inputs)
            if given is None:  # a reference that refuses other values: the task's stand
                return

            def taken(some: dict[int, float]) -> bool:
                other = self.reference_steps(ref, _moved(inputs, some))
                return other is not None and _takes_as_given(given, other)

            if taken(factors):
                self.moved_floats = factors
                return
            # one the reference cannot take moved (a scale factor that sizes the output) keeps the task's value;
            # the others still move: each is added where the reference takes it with those kept before it
            kept: dict[int, float] = {}
            for i in at if len(at) > 1 else []:
                if taken({**kept, i: factors[i]}):
                    kept[i] = factors[i]
            self.moved_floats = kept

    def raised_first(self, r: Reject) -> bool:
        """The candidate raised (building or calling) before it answered anything at the current shape."""
        return self.calls_at_shape == 0 and r.check in ("init.exception", "run.exception")

    def fixed_tensors(self, mod, inputs: list, kind) -> set[int]:
        """The positions of `inputs` holding a tensor of `kind` that another draw gives alike (a 0-d temperature,
        position ids): a value of the task file's, as a plain number is."""
        again = self.fresh_inputs(mod)
        return {i for i, (v, w) in enumerate(zip(inputs, again)) if kind(v) and _same_arg(v, w)}

    def declines_floats(self, r: Reject) -> bool:
        """At the candidate's first call, made with forward's floats moved: where it raised, it declines other
        values of them (a distance kernel for p = 2 only, asserting so), as it may decline forward's ints at
        other values; every call from then on passes the task's values, and the result says so. A wrong answer
        there stays wrong."""
        if self.floats_tried or not self.moved_floats or r.check != "run.exception":
            return False
        values = ", ".join(f"argument {i}" for i in sorted(self.moved_floats))
        self.floats_declined = f"{values}: {r.reason.splitlines()[0].split(' (during ')[0][:200]}"
        self.declined_floats, self.moved_floats, self.floats_tried = self.moved_floats, {}, True
        return True

    def plan_zeros(self, mod, ref) -> None:
        """Once per evaluation, where the task has the exact_zeros family: how far it may go beyond zeros in
        mixed-sign inputs (tasks/loader.with_exact_zeros). A whole zero row in each input of two or more
        dimensions (a padding token: a kernel that divides by a row's or a group's max without a floor is NaN
        there), and zeros in each one-signed input (a probability of exactly 0: `t * log(t)` unguarded is NaN
        where `F.kl_div` gives 0), each wherever the reference's output on the same draw has no more non-finite
        elements with it than without (a variance under a log, or rows a reference divides by, keep theirs). And
        zeros of the sign of the values they replace (-0.0 for negative ones, as `x * mask` leaves them) where the
        reference's values on the same draw differ with them (copysign, atan2, 1/x), and it makes no more
        non-finite elements: elsewhere -0.0 equals 0.0 (an argmax's ties, a sort's keys), and a kernel that orders
        them by their bits is right where torch cannot tell them apart."""
        if self.zeros_planned or EXACT_ZEROS not in value_families(mod):
            return
        self.zeros_planned = True
        seed, device = _new_seed(), str(self.device)
        typical = draw_inputs(mod, device, seed, TYPICAL)
        one_signed = [i for i, v in enumerate(typical) if isinstance(v, torch.Tensor) and v.is_floating_point()
                      and v.numel() >= 16 and v.device.type != "meta" and _one_signed(v)]

        def non_finite(rows: bool, also: list[int]) -> int | None:
            return self.non_finite_steps(ref, draw_inputs(mod, device, seed, EXACT_ZEROS, rows, also))

        with self.spent("reference"):
            base = non_finite(False, [])
            if base is None:
                return
            self.zero_also = [i for i in one_signed if (n := non_finite(False, [i])) is not None and n <= base]
            with_rows = non_finite(True, self.zero_also)
            self.zero_rows = with_rows is not None and with_rows <= base
            plain = self.reference_steps(ref, draw_inputs(mod, device, seed, EXACT_ZEROS, self.zero_rows,
                                                          self.zero_also))
            signed = self.reference_steps(ref, draw_inputs(mod, device, seed, EXACT_ZEROS, self.zero_rows,
                                                           self.zero_also, zero_signed=True))
            self.zero_signed = plain is not None and signed is not None and signed[0] <= plain[0] \
                and not _same_values(plain[1], signed[1])
            # the reference's integer outputs (a median's index, an argsort) where the zeros' ties are broken one
            # way and the other: where they differ, which tie it names is its own (torch's median picks any), and
            # the family would ask a kernel to break ties as this torch does
            drawn = draw_inputs(mod, device, seed, EXACT_ZEROS, self.zero_rows, self.zero_also)
            ways = [self.reference_steps(ref, _ties_broken(drawn, up)) for up in (True, False)]
            # (only those: a count of nonzeros beside an argmin of |x| is compared on zeros all the same)
            if ways[0] is not None and ways[1] is not None:
                self.zero_ties = {i for i, (a, b) in enumerate(zip(ways[0][1], ways[1][1]))
                                  if not (a.is_floating_point() or a.is_complex()) and not torch.equal(a, b)}

    def plan_weight_zeros(self, mod, ref) -> None:
        """Once per evaluation: whether the exact-zeros family's trials may zero some elements of the
        parameters (weights.zeroed), decided where the reference makes no more NaN or infinite elements with
        them than without (a parameter under a division keeps none)."""
        if self.weight_zeros_planned or not self.renewed or EXACT_ZEROS not in value_families(mod):
            return
        self.weight_zeros_planned = True
        with self.spent("reference"):
            inputs = self.fresh_inputs(mod)
            base = self.non_finite_steps(ref, inputs)
            if base is None:
                return

            def finite_with(names: list[str]) -> list[str]:
                with self.state_kept(ref):
                    done = weights.zeroed(ref, names, ZERO_SHARE)
                    n = self.non_finite_steps(ref, inputs) if done else None
                return done if n is not None and n <= base else []

            every = finite_with(self.renewed)
            # all at once, or else each that keeps it as finite alone (a temperature it divides by keeps none)
            self.zero_weights = every or [n for n in self.renewed if finite_with([n])]

    def families(self, mod) -> list[str]:
        """The value families the trials go through: the task's, and exact zeros (plan_zeros)."""
        return value_families(mod)

    def reference_steps(self, ref, inputs) -> tuple[int, list[torch.Tensor]] | None:
        """The reference's outputs on `inputs` and the NaN and infinite elements it makes, in them and on the
        way (_NonFiniteSteps), with its state kept; None where it refuses them."""
        with self.state_kept(ref):
            steps = _NonFiniteSteps()
            try:
                with steps:
                    outs = self.reference(ref, inputs)
                return steps.count + _non_finite(outs), outs
            except Exception:  # noqa: BLE001 -- inputs or weights the reference cannot take (or not counted)
                return None

    def non_finite_steps(self, ref, inputs) -> int | None:
        """reference_steps' count alone."""
        got = self.reference_steps(ref, inputs)
        return None if got is None else got[0]

    @contextlib.contextmanager
    def state_kept(self, ref):
        """The reference's parameters and buffers as they were, after reference calls made only to decide
        something (a module that keeps state, such as a cache it writes, gets it back)."""
        held = [(t, t.detach().clone()) for t in [*ref.parameters(), *ref.buffers()]]
        try:
            yield
        finally:
            with torch.no_grad():
                for t, was in held:
                    t.copy_(was)

    def integers_still_valid(self, ref, before: list, after: list, expected: list | None) -> list | bool | None:
        """Where _few_rows_changed moved values of an integer input: the reference's outputs for the changed
        inputs if they have the shapes and dtypes of those for the inputs before (`expected`), False if
        not or if the reference refuses them (counts whose sum must stay the number of rows: valid inputs are
        what the task draws, and a kernel may trust them); None where no integer input changed."""
        if not any(isinstance(a, torch.Tensor) and _integer(a) and a is not b for a, b in zip(before, after)):
            return None
        # a reference that keeps state (a cache it writes) gets it back if these inputs are not used
        held = [(t, t.detach().clone()) for t in [*ref.parameters(), *ref.buffers()]]
        try:
            with self.spent("reference"):
                out = self.reference(ref, after)
        except Exception:  # noqa: BLE001 - inputs the reference cannot take
            out = None
        if out is None or expected is None or len(out) != len(expected) or any(
                o.shape != e.shape or o.dtype != e.dtype for o, e in zip(out, expected)):
            with torch.no_grad():
                for t, was in held:
                    t.copy_(was)
            return False
        return out

    def reference(self, ref, inputs) -> list[torch.Tensor]:
        with torch.no_grad():
            # a copy even where the inputs already live on the device: a reference that works in place must
            # not change the inputs the candidate's are checked against
            args = [x.to(self.device, copy=True) if isinstance(x, torch.Tensor) else x for x in inputs]
            try:
                out = self.ref_call(ref, args)
            except Exception as e:  # noqa: BLE001 -- at a shape the judge chose, that shape is not checked
                if CHOSEN.match(self.shape_label or ""):
                    raise ReferenceRefused(f"{type(e).__name__}: {str(e)[:200]}") from e
                raise
            if not self.reference_writes_inputs:  # said when a candidate does so too (check_inputs_unchanged)
                self.reference_writes_inputs = any(
                    isinstance(a, torch.Tensor) and not torch.equal(a, x.to(a.device)) for a, x in zip(args, inputs)
                    if isinstance(x, torch.Tensor) and not (x.is_floating_point() and x.isnan().any()))
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        self.note_passthrough(args, outs)
        # kept on the device: the comparison runs there (a GPU compares gigabytes in milliseconds)
        return [o.detach() for o in outs]

    def precise_on_cpu(self, ref, inputs):
        """On a CPU, how to get the fp64 reference should an output miss the task's (check_outputs). Only for
        fp32 work: where an input is fp16 or bf16, the rounding to it is the task's meaning, not an error."""
        if self.device.type != "cpu" or any(isinstance(x, torch.Tensor) and x.is_floating_point()
                                            and x.dtype != torch.float32 for x in inputs):
            return None
        return lambda: self.precise_reference(ref, inputs)

    def precise_reference(self, ref, inputs) -> list[torch.Tensor] | None:
        """The reference computed in fp64 (its floating parameters, buffers and inputs), or None where it cannot
        be (a module that does not copy, an op without fp64)."""
        import copy

        try:
            exact = copy.deepcopy(ref).double()
            with torch.no_grad():
                out = exact(*[x.to(self.device, dtype=torch.float64, copy=True)
                              if isinstance(x, torch.Tensor) and x.is_floating_point()
                              else x.to(self.device, copy=True) if isinstance(x, torch.Tensor) else x for x in inputs])
        except Exception:  # noqa: BLE001 -- no fp64 reference: the task's own stands
            return None
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        return [o.detach() for o in outs if isinstance(o, torch.Tensor)] if len(outs) else None

    def reference_ops(self, ref, inputs) -> dict[str, str]:
        watch = ForwardWatch(poison=False)
        args = [x.to(self.device, copy=True) if isinstance(x, torch.Tensor) else x for x in inputs]  # not watched
        with torch.no_grad(), watch:
            out = self.ref_call(ref, args)
        self.note_passthrough(args, list(out) if isinstance(out, (tuple, list)) else [out])
        return watch.report.ops

    def ref_call(self, ref, args: list):
        """The reference's forward; in its first calls, also whether it changes its own weights (a cache written
        in place), which the candidate's may then do too (check_weights_kept)."""
        if self.ref_calls_watched >= 8:
            return ref(*args)
        self.ref_calls_watched += 1
        before = {k: fingerprint(v, 1) for k, v in ref.state_dict().items()}
        out = ref(*args)
        self.ref_changed |= {k for k, v in ref.state_dict().items() if before.get(k) != fingerprint(v, 1)}
        return out

    def note_passthrough(self, args: list, outs: list) -> None:
        """An output that is one of the reference's own inputs (or a view of one): the reference does no work for
        it, and the candidate may return its input there too (runner._validate_outputs)."""
        given = [a for a in args if isinstance(a, torch.Tensor)]
        for i, o in enumerate(outs):
            for k, a in enumerate(given):
                if isinstance(o, torch.Tensor) and o.numel() and a.numel() and \
                        o.untyped_storage().data_ptr() == a.untyped_storage().data_ptr():
                    self.passthrough[i] = k

    def check_smallest_instance(self, shapes) -> None:
        """On a CPU, where the candidate's host code reads the GPU's properties (the contract's only spelling of
        that is `get_device_properties`): one more call per value family at each verified shape (one at a real
        length), in a fresh candidate process
        that is shown the GPU as its smallest MIG instance (tasks/devices.checked_as: 16 SMs on an H100). The
        checks above saw the whole GPU, as the candidate will on the machine it is for; at their small sizes a
        grid of the SM count has a program for every row or tile, and a persistent kernel that never loops past
        its first wave is right there. Here it must loop."""
        from ..tasks.devices import KNOWN_GPUS, checked_as

        gpu = KNOWN_GPUS.get(capability(self.cfg.gpu_arch)) if self.cfg.gpu_arch else None
        if self.device.type != "cpu" or gpu is None or "get_device_properties" not in self.source:
            return
        sliced = checked_as(gpu)
        self.compiling_for_target = False  # finish_target_compile's; these are checks again
        self.stop()
        self.deadline = time.monotonic() + self.cfg.timeout_s  # a process of its own, with a limit of its own
        self.spawn(smallest_instance=True)
        # a process of its own: in inference mode from its first call, or never (draw_grad)
        self.inference_at, self.shape_pos = ((0, 0) if os.urandom(1)[0] & 1 else None), 0
        self.phase = "sandbox start-up"
        assert self.res is not None  # spawn opened it
        with self.spent("start-up"):
            wire.recv(self.res, timeout=30.0)
        self.phase = "import"
        with self.spent("import"):
            self.ask({"op": "load"})
        for label, overrides in shapes:
            if label in self.verified:
                self.check_shape(f"{label} (on {sliced.sms} SMs: {sliced.name})", overrides, quick=True)

    def check_shape(self, label: str, overrides: dict, quick: bool = False) -> None:
        self.shape_label = label
        self.phase = f"construction for shape {label}"
        self.calls_at_shape = 0
        mod, ref = self.build_models(overrides)
        shape_check = ShapeCheck(shape=label, trials=0)
        ref_ops = None
        # Trial t runs autotune config t of every autotuned kernel (modulo what its pruning keeps at this shape);
        # after the trials, one more trial per config not yet run, until every config the GPU's autotuner could
        # choose at this shape has been compared with the reference (explicitly: not left to the number of trials).
        # The trials also go through the task's value families in turn (INPUT_CASES), so every family is checked
        # at every shape, however few trials were asked for. Each shape starts the turn one family later than
        # the shape before, so over the shapes an autotune config meets every family, not only the one its
        # trial number pairs it with (a config that is wrong only on spiky rows is not left to typical ones).
        cases = self.families(mod)
        first = 0 if quick else self.shapes_begun
        self.shapes_begun += 0 if quick else 1
        # quick (check_smallest_instance): a call per value family, one at a real length (the costly shape)
        quick_calls = 1 if label.startswith(LARGE_CPU_SHAPES) else len(cases)
        # the wide output and the many programs (tasks/sizes.py wide_shape, many_programs_shape) are there for the
        # grid, which programs run and in which order: one call per autotune config, not the trials, the families
        # and the repeated calls of the others; at the many programs, a call per family too where a program takes
        # several rows (SEVERAL_PER_PROGRAM)
        grid_only = label.startswith(GRID_SHAPES)
        # the exact length is there for a path taken only at whole chunks (32768 = 8 x 4096): that path meets
        # each value family there or nowhere, so it gets a call on each (a running max that starts at -inf is
        # wrong on masked rows only)
        every_family = not grid_only or label.startswith("exact length:")
        configs, trial = 1, 0
        # quick: a call on each of the task's value families: a persistent kernel that carries a row's max into
        # the next row it takes is wrong on rows of unlike scale (large_logits), never on typical ones
        while trial < (quick_calls if quick else 1 if grid_only else self.cfg.trials + 1) or not quick and (
                trial < configs or every_family and trial < len(cases)):
            reuse = trial == self.cfg.trials  # this trial keeps input addresses, changes contents
            case = self.case = cases[(first + trial) % len(cases)]
            self.phase = (f"correctness trial {trial + 1} of shape {label}" + (" (same addresses, new values)" if reuse
                          else "") + (f" (autotune config {trial + 1} of {configs})" if configs > 1 else "")
                          + (f" (inputs: {case})" if len(cases) > 1 else ""))
            if trial:  # the first trial runs on the weights the models were built with, renewed already
                with self.spent("weights"):
                    self.renew_weights(mod, ref, case)
            with self.spent("inputs"):
                inputs = self.fresh_inputs(mod, case)
            if case not in shape_check.input_cases:
                shape_check.input_cases.append(case)
            if ref_ops is None:
                with self.spent("reference"):
                    ref_ops = self.reference_ops(ref, inputs)
                    self.note_training_ignored(ref, inputs)
            expected = None
            # the same-addresses trial gets a second call at small shapes, on its inputs with a few rows or single
            # elements changed:
            # a cache keyed by the addresses and a sample of the contents returns the last answer there
            partly = reuse and not label.startswith(LARGE_CPU_SHAPES) and not quick and not grid_only
            calls = 2 if (trial == 0 or partly) and not quick and not grid_only else 1
            # the first shape with such calls changes each input it can alone, one call each: the turns over the
            # shapes alone leave an input unchanged where the small shapes are fewer than twice the inputs (a CSR
            # pattern cache keyed by a sample of the indices, never changed where only the values' turns came)
            covering = partly and not self.partly_covered
            if covering:
                calls = 1 + max(1, len(_changeable(inputs, inputs, by_rows=False)))
                self.partly_covered = True
            for attempt in range(calls):
                # the second call of the first trial runs on the inputs the first left in place (checked unchanged)
                if reuse and attempt >= 1:
                    fresh = self.fresh_inputs(mod, case)
                    if covering:  # single elements of input `attempt - 1`, fresh and moved parts in turn
                        by_rows, turn = False, attempt - 1
                        swap = (attempt + self.partly_swap) % 2 == 1
                    else:
                        # rows and elements in turn over the shapes, from a drawn start: every evaluation has both
                        self.partly_calls += 1
                        by_rows, turn = self.partly_calls % 2 == 0, self.partly_calls // 2 + self.partly_turn
                        # a floating input's own parts moved, in turn with fresh ones (rows and elements each get
                        # both over four shapes): a key blind to the values' order stays the same only there
                        swap = (self.partly_calls // 2 + self.partly_swap) % 2 == 1
                    changed = _few_rows_changed(inputs, fresh, by_rows=by_rows, turn=turn, swap=swap)
                    expected_changed = self.integers_still_valid(ref, inputs, changed, expected)
                    if expected_changed is False:  # an integer input with a constraint of its own
                        changed = _few_rows_changed(inputs, fresh, by_rows=by_rows, turn=turn, integers=False,
                                                    swap=swap)
                    inputs = changed
                    expected = expected_changed if isinstance(expected_changed, list) else None
                how = "refill" if reuse else ("keep" if attempt == 1 else "place")
                with self.spent("candidate (with transfers)"):
                    # a shape of one call (the wide output, the many programs, the exact length) is there to see
                    # every element written: its new memory is never zero, where a row left unwritten could
                    # pass for tiny values (a softmax's last chunk)
                    try:
                        outs, prints, salt = self.run_candidate(inputs, how, ref_ops, config=trial,
                                                                fills=GRID_FILLS if grid_only else (),
                                                                unseen_write=reuse and attempt >= 1)
                    except Reject as r:
                        if not self.declines_floats(r):
                            raise
                        inputs = self.fresh_inputs(mod, case)  # the task's floats, from here on
                        outs, prints, salt = self.run_candidate(inputs, how, ref_ops, config=trial,
                                                                fills=GRID_FILLS if grid_only else (),
                                                                unseen_write=reuse and attempt >= 1)
                    self.floats_tried = True
                self.calls_at_shape += 1
                if trial == 0 and label.startswith(SEVERAL_PER_PROGRAM) and outs and not quick:
                    every_family = every_family or 0 < self.last_fewest_storing < _rows(outs[0])
                configs = max([configs, *self.autotuned.values()])
                self.launched[label] |= self.last_kernels
                self.launched_specs[label] |= self.last_specs
                if expected is None:  # reference computed after the candidate's first run, before its second
                    with self.spent("reference"):
                        expected = self.reference(ref, inputs)
                when = "" if attempt == 0 else (" on a second call at the same addresses with a few rows or elements of "
                                                "the inputs changed or moved (a cache keyed by addresses and a sample, or "
                                                "a sum, of the values gives the last answer there)" if reuse else
                                                " on the second call (after the reference ran)")
                with self.spent("compare"):
                    self.check_outputs(outs, expected, shape_check, when, precise=self.precise_on_cpu(ref, inputs))
                    self.check_inputs_unchanged(inputs, prints, salt, when)
                self.keep_replay(label, inputs)
            shape_check.trials += 1
            self.info.trials += 1
            trial += 1
        self.case = TYPICAL  # the checks below pick their own inputs
        if configs > 1:
            self.autotune_checked = max(self.autotune_checked, configs)
        assert ref_ops is not None  # the first trial set it, and there is always one
        if self.cfg.second_inputs and self.device.type == "cpu" and self.backend == "triton" and not quick \
                and not grid_only:
            self.check_second_inputs(label, mod, ref, inputs, ref_ops, shape_check)
        if not quick and not grid_only:
            self.check_second_instance(label, mod, ref, ref_ops, shape_check)
            self.check_other_floats(label, mod, ref, ref_ops, shape_check)
            self.check_other_ints(label, mod, ref, ref_ops, shape_check)
            self.check_other_init_args(label, mod, ref, ref_ops, shape_check)
        self.check_after_shape()
        self.info.shapes.append(shape_check)

    def check_second_instance(self, label: str, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck) -> None:
        """Once per evaluation, at the first shape whose module has weights: two more ModelNew of the same
        constructor arguments, each with weights of its own, built beside the first and called, then the first
        called again. A model holds many layers of one size (every LayerNorm of a transformer); what a file
        derives from its weights and keeps under a key of the sizes alone (a module-level cache of packed
        weights), or in a pool of a few slots shared by the instances, gives one layer another's there. The
        first is called once more before them and the first new instance gets the same inputs (q, k and v
        projections of one activation); after the first is called again on its weights as they were, it gets new
        weights and the inputs of that call again (an optimizer step, then the same batch): an answer kept under a
        key of the inputs alone, however complete, is another layer's, or stale, there."""
        if self.second_instance_done or not self.renewed:
            return
        self.second_instance_done = True
        import copy

        self.phase = f"more instances of shape {label}"
        seen = self.call_instance(mod, ref, ref_ops, shape_check, " on the first instance, before more were built")
        twins = []
        for k in range(EXTRA_INSTANCES):
            # built under the seed its ModelNew is built under, as build_models builds the pair: what a module
            # holds outside its state_dict (a random non-persistent buffer) is then the same in both
            seed = _new_seed()
            twin = self.built_with(mod, self.init_args, seed, ref.state_dict(), every=True)
            if twin is None:  # a module that cannot be built or loaded so: a copy, as before
                twin = copy.deepcopy(ref)
            with self.spent("weights"):
                weights.renew(twin, self.renewed, self.flipped)
            state = {name: v.detach().cpu() for name, v in twin.state_dict().items()}
            tensors: list = []
            msg = {"op": "init", "seed": seed, "init_args": wire.encode(self.init_args, tensors),
                   "state": wire.encode(state, tensors), "aside": True}
            with self.spent("construction"):
                reply, _ = self.ask(msg, tensors)
            self.check_weights_loaded(reply, mod, twin)
            twins.append(twin)
            same = k == 0
            self.call_instance(mod, twin, ref_ops, shape_check,
                               f" on instance {k + 2} of ModelNew (the same arguments, weights of its own) built beside "
                               "the first" + (", on the inputs the first was just called on" if same else ""),
                               inputs=seen if same else None)
        self.ask({"op": "back"})
        again = self.call_instance(mod, ref, ref_ops, shape_check,
                                   f" on the first instance again, called after {EXTRA_INSTANCES} more of the same sizes "
                                   "were built and called")
        with self.spent("weights"):
            state = weights.renew(ref, self.renewed, [*self.flipped, *self.signs_to_turn(mod, ref)])
            state.update(self.renew_integers(mod, ref))
            self.load_weights(state, mod, ref)
        self.call_instance(mod, ref, ref_ops, shape_check,
                           " on the first instance given new weights, on the inputs of its call just before", inputs=again)
        del twins

    def signs_to_turn(self, mod, ref) -> list[str]:
        """The renewed floating parameters of both signs, for the one renewal of check_second_instance that
        flips a quarter of their signs (the trials' renewals keep each element's sign): a file that derived
        something from the sign pattern once (the live gates of a relu(g), the dead channels) is stale after a
        checkpoint where any sign changed. Those with which the reference makes no more NaN or infinite elements
        on a typical draw than without (flips_kept_finite)."""
        params = {n for n, _ in ref.named_parameters(remove_duplicate=False)}
        state = ref.state_dict()
        # not a sorted table (learned thresholds): signs turned would unsort it, no checkpoint of its kind
        names = [n for n in self.renewed if n in params and n not in self.flipped and state[n].is_floating_point()
                 and bool((state[n] > 0).any()) and bool((state[n] < 0).any()) and not sorted_rows(state[n])]
        return self.flips_kept_finite(mod, ref, names) if names else []

    def renew_integers(self, mod, ref) -> dict[str, torch.Tensor]:
        """The reference's buffers that its constructor draws at random and the trials do not renew (packed
        int4 codes, int8 weights, a random 0/1 pruning mask: they differ in a module built from another seed),
        given that module's values in place, all from the one module so that buffers drawn together stay
        consistent (every one of them of the same shape and dtype there, or none is renewed). Once per
        evaluation (check_second_instance): the trials renew floating weights only, and not masks, and a value
        the candidate derived once from these (codes unpacked, a mask copied, at the first call) is stale after a
        checkpoint loads new ones."""
        fixed = set(getattr(mod, "FIXED_BUFFERS", ()))
        params = {n for n, _ in ref.named_parameters(remove_duplicate=False)}
        renewed = set(self.renewed)
        held = {n: t for n, t in ref.state_dict(keep_vars=True).items()
                if n not in params and n not in fixed and n not in renewed and isinstance(t, torch.Tensor)
                and t.numel() > 0 and not t.is_complex()}
        if not held:
            return {}
        torch.manual_seed(_new_seed())
        try:
            twin = mod.Model(*self.init_args)
        except Exception:  # noqa: BLE001 -- a constructor that refuses to run twice: the task's stand
            return {}
        other = twin.state_dict()
        drawn = {n: t for n, t in held.items() if not (isinstance(other.get(n), torch.Tensor)
                                                      and torch.equal(other[n].to(t.device), t.detach()))}
        if any(not isinstance(other.get(n), torch.Tensor) or other[n].shape != t.shape
               or other[n].dtype != t.dtype for n, t in drawn.items()):
            drawn = {}
        with torch.no_grad():
            for n, t in drawn.items():
                t.copy_(other[n].to(t.device))
        constant = [n for n, t in held.items() if n not in drawn and not t.is_floating_point()
                    and bool((t.reshape(-1) == t.reshape(-1)[0]).all())]
        return {**{n: t.detach() for n, t in drawn.items()}, **self.constants_moved(mod, ref, constant)}

    def constants_moved(self, mod, ref, names: list[str]) -> dict[str, torch.Tensor]:
        """The integer and bool buffers among `names` (each one value repeated in every module built: a zero
        point registered as zeros, a keep mask of all True, as a quantised or pruned module registers them before
        its checkpoint loads) given other values in place (_constant_moved), each kept where the reference takes
        it as it takes the constructor's (the same output shapes, other values, no more NaN or infinite
        elements: _takes_as_given), else put back. A kernel that takes such a buffer as its constructor's value
        (ignores the zero point) is right on no real checkpoint."""
        if not names:
            return {}
        state = ref.state_dict(keep_vars=True)
        with self.spent("reference"):
            inputs = self.fresh_inputs(mod)
            given = self.reference_steps(ref, inputs)
            if given is None:
                return {}
            out = {}
            for n in names:
                t = state[n]
                old = t.detach().clone()
                with torch.no_grad():
                    t.copy_(_constant_moved(old))
                now = self.reference_steps(ref, inputs)
                if now is not None and _takes_as_given(given, now):
                    out[n] = t.detach()
                    continue
                with torch.no_grad():
                    t.copy_(old)
        return out

    def check_other_floats(self, label: str, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck) -> None:
        """Once per evaluation, where move_floats moved forward's float arguments: one more call of the kept
        instance with each moved by a second factor, at least a fifth from the evaluation's, and of the other
        sign where the reference takes that as it takes the usual values. Every other call
        passes the one factor (a kernel that makes a float a constexpr compiles for one value); a file that keeps
        the value of its first call (launch arguments built once and reused) is wrong on any other, as a
        temperature, a schedule or a per-call scale gives it. The other sign is tried first where the task says
        the argument has either (SIGNED_ARGS). Kept where the reference makes no more NaN or
        infinite elements with it than with the evaluation's factor on the same draw. (Its launches are not among
        those the compile for the target must match: a constexpr of this value is the same kernel's.) Then
        each float whose moves leave the reference's output as it was, taken further (check_idle_floats)."""
        if self.other_floats_done or not (self.float_args or self.declined_floats):
            return
        self.other_floats_done = True
        if self.declined_floats:
            # it raised at them at its first call: it must again (or answer right), or it declined them only
            # the first time, to answer wrongly later
            self.phase = f"forward's float arguments at the other values it raised at, again, at shape {label}"
            try:
                self.call_instance(mod, ref, ref_ops, shape_check, " with forward's float arguments at the other "
                                   "values it raised at in its first call", inputs=self.fresh_inputs(
                                       mod, factors=self.declined_floats))
            except Reject as r:
                if r.check != "run.exception":
                    raise
            return
        self.phase = f"forward's float arguments at other values at shape {label}"
        base = self.fresh_inputs(mod, factors={})
        usual_inputs = _moved(base, self.moved_floats)
        with self.spent("reference"):
            usual = self.reference_steps(ref, usual_inputs)
        if usual is None:
            return
        if self.moved_floats:
            self.second_factor_call(mod, ref, ref_ops, shape_check, base, usual_inputs, usual)
        self.check_idle_floats(mod, ref, ref_ops, shape_check, base, usual_inputs, usual)

    def second_factor_call(self, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck, base: list,
                           usual_inputs: list, usual: tuple[int, list]) -> None:
        """check_other_floats' call with the moved floats at a second factor (the other sign first where the
        task says so), where the reference takes that as it takes the usual values."""
        second = self.float_factors(sorted(self.moved_floats), second=True)
        positive = _moved(base, second)
        for i in second:  # an int the second factor rounds to the first's value: one step further
            if type(positive[i]) is int and positive[i] == usual_inputs[i]:
                positive[i] += 1 if positive[i] > 0 else -1
        # the other sign first where the task says the argument has either (SIGNED_ARGS: a negative alpha, where
        # a kernel that clamps to [-alpha, alpha] is right only for the task file's sign), where the reference
        # takes it as it takes the usual values: outputs of the same shapes, other values, and no more NaN or
        # infinite elements. Not elsewhere: a softmax scale of the other sign is no input at all
        signed = signed_args(mod) & set(second)
        negated = [_negated(v) if i in signed and _negated(v) is not None else v for i, v in enumerate(positive)]
        with self.spent("reference"):
            for inputs in ([negated] if signed else []) + [positive]:
                other = self.reference_steps(ref, inputs)
                if other is not None and _takes_as_given(usual, other):
                    break
            else:
                return
        values = ", ".join(f"argument {i}: {v!r}" for i, v in enumerate(inputs) if i in second)
        self.call_instance(mod, ref, ref_ops, shape_check,
                           f" with forward's float arguments at other values than every other call's ({values})",
                           inputs=inputs)

    def check_idle_floats(self, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck, base: list,
                          usual_inputs: list, usual: tuple[int, list]) -> None:
        """A float argument whose moves leave the reference's output as it was (a Hardtanh's bounds of 8 on
        standard normal inputs, moved to 4..12) is checked by none of the calls: one more call with it alone
        taken further from the task's value (FURTHER), at the first value where the reference's output moves
        by MATTERS and stays as finite. One moved in every call is idle where putting back the task's value
        changes nothing; one never moved (no move of it alone changed the output) is."""
        factors = self.float_factors(self.float_args)
        for i in self.float_args:
            if i in self.moved_floats:
                alone = [base[i] if j == i else v for j, v in enumerate(usual_inputs)]
            else:
                alone = [_moved(base, {i: factors[i]})[i] if j == i else v for j, v in enumerate(usual_inputs)]
            if self.moves_reference(ref, usual, alone):
                continue
            tensors = i in self.float_fixed  # a tensor inside a tuple is drawn at random: not a value to move
            for s in FURTHER:
                far = [_scaled_floats(base[i], s, tensors) if j == i else v for j, v in enumerate(usual_inputs)]
                if not self.moves_reference(ref, usual, far):
                    continue
                try:
                    self.call_instance(mod, ref, ref_ops, shape_check, f" with forward's float argument {i} at "
                                       f"{far[i]!r} ({s:g} times the task's), where its moves leave the "
                                       "reference's output as it is", inputs=far)
                except Reject as r:
                    # raising there declines it (a kernel for the task's configuration, asserting so), said in
                    # the result as the floats' other declines are; a wrong answer stays wrong
                    if r.check != "run.exception":
                        raise
                    why = r.reason.splitlines()[0].split(" (during ")[0][:200]
                    self.far_declined += ("; " if self.far_declined else "") + f"argument {i} at {far[i]!r}: {why}"
                break

    def moves_reference(self, ref, usual: tuple[int, list], inputs: list) -> bool:
        """Whether the reference takes `inputs` as it takes those `usual` is its answer on, moving its outputs by
        MATTERS of their largest magnitude at least (_relative_change)."""
        with self.spent("reference"):
            other = self.reference_steps(ref, inputs)
        return other is not None and _takes_as_given(usual, other) and _relative_change(usual[1], other[1]) >= MATTERS

    def check_other_ints(self, label: str, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck) -> None:
        """Once per evaluation: more calls of the kept instance with forward's ints (a shift, an offset, a
        position; plain, in tuples, lists and dicts, or an integer tensor that every draw gives alike: position
        ids) at other values and its bools (a flag) flipped: of the other sign first where the task says they have
        either (SIGNED_ARGS), then moved by a factor as the floats are (rounded, one step further where that
        rounds back, keeping the sign: a position of -36 is no position; a 0 made 1 or 2). One call with them
        all moved, then, where forward takes more than one, one call per argument with it alone moved (a result
        kept under one of them would be stale for another), and one per string or dtype argument (a rounding
        mode, a reduction: other strings the task file names, or torch's modes), each at the first values the
        reference takes as it takes the given ones (outputs of the same shapes, other values, no more NaN or
        infinite elements). A kernel that compiles in the task file's value, or reduces a negative shift with
        C's `%`, is wrong there. Every other call passes the task's values: an int may be a block or group size
        or a dimension that a kernel supports only as given, and a kernel that raises at the other value (an
        assert on a power of two, on the last dimension, on the one mode it implements) declines it, as it may
        decline the sizes below the task's; a wrong answer there is wrong."""
        if self.other_ints_done:
            return
        self.other_ints_done = True
        base = self.fresh_inputs(mod)
        fixed = self.fixed_tensors(mod, base, _int_tensor)  # the task file's values, as its ints are
        ints = [i for i, v in enumerate(base) if _has_ints(v) or i in fixed]
        names = [i for i, v in enumerate(base) if type(v) is str or isinstance(v, torch.dtype)]
        if not ints and not names:
            return
        self.phase = f"forward's int, bool and mode arguments at other values at shape {label}"
        second = self.float_factors(ints, second=True)
        signed = signed_args(mod)

        def tries(at: list[int]) -> list[list]:
            factors = {i: second[i] for i in at}
            out = []
            if signed & set(at):  # the other sign first, where the task says it has either (check_other_floats)
                out.append([-v if i in factors and i in signed and type(v) is int else v
                            for i, v in enumerate(_moved(base, factors, ints=True))])
            # then, where the reference refuses those, the smallest move (an id table of two rows)
            return out + [_moved(base, factors, ints=True), [_ints_stepped(v) if i in at else v
                                                             for i, v in enumerate(base)]]

        plans = ([tries(ints)] if ints else []) + ([tries([i]) for i in ints] if len(ints) + len(names) > 1 else [])
        others = _task_names(mod)
        plans += [[[w if j == i else v for j, v in enumerate(base)] for w in _other_names(base[i], others)]
                  for i in names]
        with self.spent("reference"):
            usual = self.reference_steps(ref, base)
        if usual is None:
            return
        for plan in plans:
            # a flag whose other value only leaves the order to the implementation (topk's `sorted`): any order
            # is right there, so no order can be checked
            changed = [i for i, (v, w) in enumerate(zip(plan[0], base)) if not _same_arg(v, w)] if plan else []
            only_flags = bool(changed) and all(type(base[i]) is bool for i in changed) \
                and bool(ORDER_FREE_OPS & set(ref_ops))
            with self.spent("reference"):
                chosen = next((inputs for inputs in plan if (other := self.reference_steps(ref, inputs)) is not None
                               and _takes_as_given(usual, other)
                               and not (only_flags and _reordered_freely(usual[1], other[1]))), None)
            if chosen is not None:
                self.call_other_args(mod, ref, ref_ops, shape_check, base, chosen, ints + names)

    def call_other_args(self, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck, base: list, inputs: list,
                        at: list[int]) -> None:
        """check_other_ints' call with `inputs` (the task's `base` with some of them moved)."""
        fresh = self.fresh_inputs(mod)  # new tensors: the moved arguments are the change, not stale data
        inputs = [f if isinstance(f, torch.Tensor) and isinstance(v, torch.Tensor) and i not in at else v
                  for i, (f, v) in enumerate(zip(fresh, inputs))] if len(fresh) == len(inputs) else inputs
        values = ", ".join(f"argument {i}: {v!r}" for i, v in enumerate(inputs)
                           if i in at and not _same_arg(v, base[i]))
        for again in (False, True):
            try:
                self.call_instance(mod, ref, ref_ops, shape_check,
                                   f" with forward's int, bool or mode arguments at other values than every other "
                                   f"call's ({values})" + (", called again after it raised there" if again else ""),
                                   inputs=inputs if not again else [
                                       f if isinstance(f, torch.Tensor) and i not in at else v
                                       for i, (f, v) in enumerate(zip(self.fresh_inputs(mod), inputs))])
                return
            except Reject as r:
                if r.check != "run.exception":  # it raised in forward: declined, before it answered anything
                    raise
                if again:  # and again: declined (a file that raises only the first time answers the second)
                    self.ints_declined += ("; " if self.ints_declined else "") + \
                        f"{values} ({r.reason.splitlines()[0].split(' (during ')[0][:200]})"

    def check_other_init_args(self, label: str, mod, ref, ref_ops: dict[str, str], shape_check: ShapeCheck) -> None:
        """Once per evaluation: more ModelNew, built beside the first with the constructor's plain arguments at
        other values (_other_init_values), given the reference's weights, each called once on the value family
        where that moves the reference's output most (a LayerNorm's eps shows on nearly flat rows, not on
        typical ones), against a reference built the same way. Kept where the reference built so takes the
        inputs as the task's does (weights of the same names and shapes; outputs of the same shapes, other
        values, no more NaN or infinite elements): a size that changes the weights' shapes is not moved.

        - The floats (an eps, a slope, a scale, a clamp's bounds, a RoPE base, a normalisation's means in a
          tuple, a 0.0 given a value), all together: a kernel that compiles in get_init_inputs' value instead
          of the one its module was built with is wrong for every model built otherwise. One that raises there,
          building or calling, declines it (said so), as it may decline forward's ints at other values.
        - The ints and bools (a dim, a flag), all together, then each alone: a file written for the task's
          configuration (a scan over its dim) is a solution of that task, so a wrong answer or a refusal there
          is said in the result (verified at get_init_inputs' values only), not failed."""
        if self.other_init_done:
            return
        self.other_init_done = True
        args = self.init_args
        movable = [i for i, v in enumerate(args) if _other_init_values(v, 1.0)]
        if not movable:
            return
        self.phase = f"the constructor's arguments at other values at shape {label}"
        # factors of their own, apart from forward's (drawn at positions past any forward argument's)
        drawn = self.float_factors([FIRST_INIT_DRAW + i for i in movable])
        options = {i: _other_init_values(args[i], drawn[FIRST_INIT_DRAW + i]) for i in movable}
        for i in signed_args(mod, "SIGNED_INIT_ARGS") & set(movable):  # the other sign first, where the task says
            options[i] = [_negated(v) for v in options[i] if _negated(v) is not None] + options[i]
        floats = [i for i in movable if type(args[i]) not in (int, bool)]  # the floats in it (_has_floats)
        others = [i for i in movable if i not in floats]
        with self.spent("reference"):
            cases = {case: self.fresh_inputs(mod, case) for case in self.families(mod)}
            given = {case: self.reference_steps(ref, inputs) for case, inputs in cases.items()}
        float_plans = [{i: v for i, v in zip(floats, combo)} for combo in zip(*(options[i] for i in floats))]
        other_plans = [{i: options[i][0] for i in others}] + [{i: v} for i in others for v in options[i]]
        for plans, soft in ((float_plans, False), (other_plans, True)):
            found = self.other_init_plan(mod, ref, plans, cases, given)
            if found is None and not soft and len(floats) > 1:
                # one the reference cannot be built with moved (a scale factor that sizes the output) keeps
                # get_init_inputs' value; the others still move, each added where the reference takes it
                kept: dict = {}
                for i in floats:
                    more = self.other_init_plan(mod, ref, [{**kept, i: options[i][0]}], cases, given)
                    if more is not None:
                        kept, found = {**kept, i: options[i][0]}, more
            if found is not None:
                self.call_other_instance(mod, ref_ops, shape_check, found, soft)
        # a float that its moves leave without effect on the reference (a threshold above the inputs' range, moved
        # with others that do move it) is not checked by them: alone, taken further (FURTHER) until it shows
        for i in floats:
            if self.other_init_plan(mod, ref, [{i: options[i][0]}], cases, given, least=MATTERS) is None:
                further = [{i: _scaled_floats(args[i], s)} for s in FURTHER]
                found = self.other_init_plan(mod, ref, further, cases, given, least=MATTERS)
                if found is not None:
                    self.call_other_instance(mod, ref_ops, shape_check, found, False)

    def other_init_plan(self, mod, ref, plans: list[dict], cases: dict, given: dict, least: float = 0.0):
        """The first of `plans` (position -> value) the reference takes as it takes get_init_inputs' values, as
        (plan, arguments, seed, reference built so, the inputs of the family it moves most); None if none. With
        `least`, only where it moves the outputs that much (_relative_change) on some family."""
        state, args = ref.state_dict(), self.init_args
        tried: list = []
        with self.spent("reference"):
            for plan in plans:
                if not plan or plan in tried or len(tried) == INIT_PLANS:
                    continue
                tried.append(plan)
                moved_args = [plan.get(i, v) for i, v in enumerate(args)]
                seed = _new_seed()  # the candidate's instance is built under it too (check_second_instance)
                other = self.built_with(mod, moved_args, seed, state)
                if other is None:
                    continue
                best: tuple[float, list] | None = None
                for case, inputs in cases.items():
                    if case == EXACT_ZEROS and self.zero_ties:  # indices among tied zeros: not comparable
                        continue
                    moved, usual = self.reference_steps(other, inputs), given[case]
                    if usual is None or moved is None or not _takes_as_given(usual, moved):
                        continue
                    change = _relative_change(usual[1], moved[1])
                    if best is None or change > best[0]:
                        best = (change, inputs)
                if best is not None and best[0] >= least:
                    return plan, moved_args, seed, other, best[1]
        return None

    def call_other_instance(self, mod, ref_ops: dict[str, str], shape_check: ShapeCheck, found: tuple,
                            soft: bool) -> None:
        """check_other_init_args' call of an instance built with other arguments, set aside and back."""
        plan, moved_args, seed, other, inputs = found
        values = ", ".join(f"argument {i}: {moved_args[i]!r} for {self.init_args[i]!r}" for i in sorted(plan))
        for again in (False, True):
            tensors: list = []
            msg = {"op": "init", "seed": seed, "init_args": wire.encode(moved_args, tensors),
                   "state": wire.encode({n: v.detach().cpu() for n, v in other.state_dict().items()}, tensors),
                   "aside": True}
            try:
                with self.spent("construction"):
                    reply, _ = self.ask(msg, tensors)
                self.check_weights_loaded(reply, mod, other)
                # in the mode the task is judged in: training mode is drawn only where the task's own model
                # ignores it, and one built otherwise may not (a dropout's p of 0.0 moved); in training mode only
                # where this one computes the same twice there too (no dropout drawing), else not called
                if self.judged_training:
                    runs = self.runs_in_modes(other, inputs, (True, True))
                    if runs is None or not _alike(*runs):
                        break
                keep, self.training_ignored = self.training_ignored, False
                try:
                    self.call_instance(mod, other, ref_ops, shape_check,
                                       f" on an instance built with the constructor's arguments at other values than "
                                       f"get_init_inputs' ({values})" + (", built again after it raised there"
                                                                         if again else ""), inputs=inputs)
                finally:
                    self.training_ignored = keep
            except Reject as r:
                declined = r.check in ("init.exception", "run.exception")  # it raised, before it answered
                if not (declined or soft and r.check == "correctness.mismatch"):
                    raise
                if declined and not again:
                    # once more: a file that refuses other values only the first time it meets them answers later
                    self.ask({"op": "back"})
                    continue
                why = (f"it raised: {r.reason.splitlines()[0].split(' (during ')[0][:200]}" if declined
                       else "its answer differs from the reference's")
                self.init_declined += ("; " if self.init_declined else "") + f"{values} ({why})"
            break
        self.ask({"op": "back"})

    def built_with(self, mod, init_args: list, seed: int, state: dict, every: bool = False):
        """The reference module built from `init_args` under `seed`, given the reference's renewed weights (its
        buffers as the moved constructor made them: a RoPE table from its base), or with `every`, the whole of
        `state`; None where it cannot be built so, or its weights' names or shapes differ from the reference's."""
        try:
            torch.manual_seed(seed)
            other = weights.in_mode(weights.note_built_modes(mod.Model(*init_args).to(self.device)), self.judged_training)
            mine = other.state_dict()
            if set(mine) != set(state) or any(mine[n].shape != state[n].shape for n in state):
                return None
            if every:
                other.load_state_dict(state)
            else:
                other.load_state_dict({n: state[n] for n in self.renewed if n in state}, strict=False)
        except Exception:  # noqa: BLE001 -- a constructor that refuses other values: the task's stand
            return None
        return other

    def call_instance(self, mod, model, ref_ops: dict[str, str], shape_check: ShapeCheck, when: str,
                      inputs: list | None = None) -> list:
        """One call of the candidate's current instance on `inputs` (new ones by default), checked against
        `model`'s reference; returns the inputs."""
        inputs = self.fresh_inputs(mod) if inputs is None else inputs
        with self.spent("candidate (with transfers)"):
            outs, prints, salt = self.run_candidate(inputs, "place", ref_ops)
        with self.spent("reference"):
            expected = self.reference(model, inputs)
        with self.spent("compare"):
            self.check_outputs(outs, expected, shape_check, when, precise=self.precise_on_cpu(model, inputs))
            self.check_inputs_unchanged(inputs, prints, salt, when)
        return inputs

    def keep_replay(self, label: str, inputs) -> None:
        """The last forward's host reads, with its inputs, for the compile for the target (compile_with_replay)."""
        values, kept = self.last_host_values, self.replays[label]
        if not values or len(kept) >= REPLAYS_KEPT or any(v == values for _, v in kept):
            return
        if sum(t.numel() * t.element_size() for t in tensors_in(inputs)) > REPLAY_INPUT_BYTES:
            return
        kept.append((_cloned(inputs), values))

    def check_assembly_unseen(self) -> None:
        """On a CPU, a file that holds inline assembly (or an extern call with a library of its own) is not
        verified even where every check ran without reaching it: the interpreter runs none of it, yet the GPU's
        compile takes all of it, taken branches or not, as text into the kernel's PTX, where it can change what
        the rest of the kernel does (a comment opened in one never-taken branch and closed in another removes
        the store between them)."""
        if self.device.type != "cpu":
            return
        found = _assembly_names(self.source)
        if found:
            raise Reject("correctness", "unverified.inline_asm",
                         f"the file uses {found[0]}: the Triton interpreter runs no inline assembly or external "
                         "library (on a branch the checks never took it is not even reached), while the GPU's "
                         "compile puts all of it into the kernel, where it may change the code around it; whether the compiled kernel is "
                         "right is not known on a CPU: judge it on a GPU")

    def check_after_shape(self) -> None:
        """After a shape's outputs were compared (a wrong answer fails there, with what it says): an output on
        the host, and an argument that the autotuner's timing leaves different after each timed run
        (compat.bench_side_effects, evidence from the candidate's process; a kernel whose timing runs make its
        output wrong has failed already, with the autotune hint)."""
        if self.host_output:
            raise Reject("correctness", "correctness.output_device", self.host_output)
        if self.bench_changed:
            changed, self.bench_changed = self.bench_changed, []
            raise Reject("correctness", "correctness.autotune_side_effects",
                         f"the autotuner's timed runs change what the next call sees ({changed[0]}: a second timed "
                         "run left it different from the first). On a GPU the autotuner times each config dozens to "
                         "thousands of times at the first launch of a tuning key, so a kernel (or hook) that adds to "
                         "an argument there hands the next call a state that depends on that count. Name the "
                         "arguments a kernel accumulates into in reset_to_zero or restore_value, or keep no state "
                         "across launches")

    def second_inputs(self, mod, first: list) -> list | None:
        """Inputs for the second-inputs check, laid out exactly as `first` (the same shapes, dtypes and other
        arguments): a fresh draw. Where the task's generator varies its sizes (a CSR structure's nonzeros), the
        floating tensors whose shapes agree are drawn afresh and the rest is kept. None when nothing changed."""
        fresh = self.fresh_inputs(mod)
        if len(fresh) != len(first):
            return None

        def alike(a, b) -> bool:
            if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
                return a.shape == b.shape and a.dtype == b.dtype
            return _same_arg(a, b)  # a tensor inside a tuple or dict is compared by its values

        if not all(alike(a, b) for a, b in zip(fresh, first)):
            fresh = [a if alike(a, b) and isinstance(b, torch.Tensor) and b.is_floating_point()
                     else b.clone() if isinstance(b, torch.Tensor) else b for a, b in zip(fresh, first)]
        # the candidate writes them into the first inputs' buffers: in their layout (a value family's tensor is
        # row-major where the task's own is a slice of a wider one)
        fresh = [_laid_out_as(a, b) for a, b in zip(fresh, first)]
        changed = any(isinstance(a, torch.Tensor) and not torch.equal(a.to(b.device), b) for a, b in zip(fresh, first))
        return fresh if changed else None

    def check_second_inputs(self, label: str, mod, ref, first: list, ref_ops: dict[str, str],
                            shape_check: ShapeCheck) -> None:
        """The judge's check behind the op watch, which runs in the candidate's process.

        One more forward on the inputs of the last trial, still in place, during which every torch call the
        watch sees and every kernel launch reads a second set of inputs the judge drew (laid out alike) in place
        of them. A forward whose work is done by its kernels, with torch for glue, then computes the answer for
        the second inputs, which the judge checks here against the reference on them. Work done where the watch
        does not look (torch with the watch switched off, or anything else that reads the first inputs) still
        computes the answer for the first, and fails this comparison, made in the judge's own process."""
        second = self.second_inputs(mod, first)
        if second is None:
            return
        self.phase = f"second-inputs check of shape {label}"
        with self.spent("reference"):
            expected = self.reference(ref, second)
        tensors: list = []
        salt = _new_seed()
        msg = {"op": "run", "how": "keep", "salt": salt, "config": 0, "order": _new_seed() | 1,
               "fill": _new_fill(), "grad": self.draw_grad(), "train": self.draw_training(),
               "leaf_grad": False, "unseen_write": False, "aten_watch": False,
               "second": wire.encode(second, tensors)}
        with self.spent("candidate (with transfers)"):
            reply, got = self.ask(msg, tensors, results_on_device=True)
        outs = self.check_call(reply, got, ref_ops, "correctness")
        # where the reference returns its input, forward returns the input placed (the first inputs) or, through a
        # torch call on it, its twin (the second): the candidate's process checked it is one of the two, and the
        # trials checked its values; it is no kernel's work to follow here
        expected = [outs[i] if i in self.passthrough and i < len(outs) else e for i, e in enumerate(expected)]
        with self.spent("compare"):
            try:
                self.check_outputs(outs, expected, shape_check, "", precise=self.precise_on_cpu(ref, second))
            except Reject as r:
                if r.check != "correctness.mismatch":
                    raise
                first_answer = self.reference(ref, first)
                stale = len(outs) == len(first_answer) and all(
                    isinstance(compare(o, e, self.task.tolerance(str(e.dtype).removeprefix("torch.")), "output"), Match)
                    for o, e in zip(outs, first_answer))
                # near the answer for the second inputs (a relative L2 error under 10%): the kernels did read
                # them and computed imprecisely, a wrong result like any trial's, not work done elsewhere
                near = not stale and len(outs) == len(expected) and all(
                    compare(o, e, self.task.tolerance(str(e.dtype).removeprefix("torch.")), "output").rel_l2_err < 0.1
                    for o, e in zip(outs, expected))
                if near:
                    raise Reject("correctness", "correctness.mismatch",
                                 f"{r.reason} (in a check call of shape {label} on a second set of inputs)") from None
                if stale:
                    raise Reject("correctness", "correctness.outside_kernels",
                                 f"the result did not come from this call's kernels: in a check call of shape {label}, "
                                 "every kernel launch and every torch call of forward read a second set of inputs, "
                                 "and the output did not follow them (it is the answer for the inputs forward was "
                                 "called with, which its kernels never read). It was computed where the op watch "
                                 "does not see, or kept from an earlier call") from None
                # neither answer: work done out of the watch's sight, or kernels wrong on this call (a path the
                # trials did not take): the judge cannot tell which, and says both
                raise Reject("correctness", "correctness.outside_kernels",
                             f"wrong result in a check call of shape {label}, where every kernel launch and every "
                             "torch call of forward read a second set of inputs: the output is neither their answer "
                             f"nor the answer for the inputs forward was called with ({r.reason.split(': ', 1)[-1]}). "
                             "Part of it was computed where the op watch does not see or kept from an earlier call, "
                             "or forward's kernels are wrong on this call, or on the state the module keeps between "
                             "calls (a cache it writes, running statistics), which earlier calls left other than "
                             "the reference's") from None
            self.check_inputs_unchanged(first, reply.get("input_prints"), salt, " in the second-inputs check")

    def run_candidate(self, inputs, how: str, ref_ops: dict[str, str], config: int = 0, unseen_write: bool = False,
                      fills: tuple[str, ...] = ()):
        """One forward in the candidate: on new inputs ("place"), on new values at the same addresses
        ("refill"), or on the inputs already there ("keep", nothing sent), with autotune config number `config`
        (compat.interpreted_autotuning). Returns the outputs, the candidate's fingerprints of its inputs after
        forward, and the salt they were taken with. `fills`: the allocation fills to draw from, where not all."""
        tensors: list = []
        salt = _new_seed()
        msg = {"op": "run", "how": how, "salt": salt, "config": config, "order": _new_seed() | 1,
               "fill": fills[os.urandom(1)[0] % len(fills)] if fills else _new_fill(), "grad": self.draw_grad(), "train": self.draw_training(),
               "leaf_grad": how == "place" and self.draw_leaf_grad(), "aten_watch": self.backend == "cuda_ext"}
        # every message has the key (what kind a timed call's new inputs are is drawn there too)
        msg["inference_inputs"] = msg["grad"] == "inference" and (
            self.draw_inference_inputs() if how == "place" else bool(os.urandom(1)[0] & 1))
        if self.as_compiled:
            msg["as_compiled"] = self.as_compiled
        if self.not_barriers:
            msg["not_barriers"] = self.not_barriers
        if how != "keep":
            msg["inputs"] = wire.encode(inputs, tensors)
        # refilled as a write torch does not count (version counters kept: runner._refill); every call's message
        # has the key, as every other
        msg["unseen_write"] = unseen_write
        reply, got = self.ask(msg, tensors, results_on_device=True)
        outs = self.check_call(reply, got, ref_ops, "correctness")
        return outs, reply.get("input_prints"), salt

    def check_call(self, reply: dict, got: list, ref_ops: dict[str, str], stage: Stage) -> list[torch.Tensor]:
        """What every forward's reply is checked for, a correctness call's and a timed call's alike; returns its
        outputs. The watch's findings come from the candidate's process (evidence: see docs/judging.md, "How a
        candidate is judged"); the guard bands are checked here on the bytes that came back."""
        try:
            n_out = int(reply["n_out"])
        except (KeyError, TypeError, ValueError):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process's reply to a forward call is malformed")
        wrong = [k for k, kind in REPLY_FIELDS.items() if k in reply and reply[k] is not None and (
            not isinstance(reply[k], kind) or (kind is int and isinstance(reply[k], bool)))]
        if wrong:  # the candidate's process can write its reply: a value of another kind is its doing
            raise Reject("sandbox", "sandbox.protocol",
                         f"the candidate process's reply to a forward call is malformed ({wrong[0]!r} is a "
                         f"{type(reply[wrong[0]]).__name__})")
        if not 0 <= n_out <= len(got):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process's reply to a forward call is malformed")
        if stage == "correctness":  # a timed call's whole round trip counts as "timing"
            self.note_spent(reply.get("spent"))
        n_guards = reply.get("n_guards", len(got) - n_out)
        if not isinstance(n_guards, int) or not 0 <= n_guards <= len(got) - n_out:
            raise Reject("sandbox", "sandbox.protocol", "the candidate process's reply to a forward call is malformed")
        outs, guards, pads = got[:n_out], got[n_out:n_out + n_guards], got[n_out + n_guards:]
        self.check_guards(guards, stage)
        if reply.get("out_of_bounds"):
            oob = str(reply["out_of_bounds"][0])
            raise Reject(stage, "correctness.out_of_bounds_" + ("read" if oob.startswith("read") else "write"),
                         f"a kernel accessed memory outside its tensors ({oob}; found by the interpreter's bounds "
                         "check): an unmasked or mis-masked load/store")
        if reply.get("races") and "software pipeliner" in str(reply["races"][0]):  # sandbox/pipelining.py
            raise Reject(stage, "correctness.race", f"a load that runs ahead of the store it reads: {reply['races'][0]}")
        if reply.get("races"):
            volatile = ("; a volatile load is not an acquire: it orders nothing after it, so poll a flag with an "
                        "atomic that acquires (tl.atomic_add(flag, 0, sem=\"acquire\")) and read what it guards "
                        "after that" if re.search(r"volatile\s*=\s*True", self.source) else "")
            if re.search(r"it had (stored|loaded) itself", str(reply["races"][0])):  # races.py: one program's threads
                raise Reject(stage, "correctness.race",
                             f"a data race between the threads of one program ({reply['races'][0]}). On a GPU a "
                             "program's block is spread over its threads, which run independently; the Triton "
                             "interpreter runs each block statement at once, which hides it. Put tl.debug_barrier() "
                             "between the two accesses, or read and write each element at the same position of "
                             "blocks of the same shape")
            raise Reject(stage, "correctness.race",
                         f"a data race in one launch ({reply['races'][0]}). "
                         "On a GPU the programs of a launch run at the same time in no set order, so the result "
                         "depends on timing; the Triton interpreter runs them one after another, which hides it. "
                         "Give each output element to one program, or combine partial results with tl.atomic_add"
                         + volatile)
        for item in reply.get("hint_violations") or [] if stage == "correctness" else []:
            # judged with the compile for the target at the same shape (check_hints)
            if isinstance(item, list) and len(item) == 2 and len(self.hint_violations) < 64 and \
                    (self.shape_label, str(item[0])[:200]) not in {v[:2] for v in self.hint_violations}:
                self.hint_violations.append((self.shape_label, str(item[0])[:200], str(item[1])[:500]))
        for item in reply.get("exchanges") or []:
            if isinstance(item, list) and len(item) in (2, 3) and len(self.exchanges) < 512:
                key = (str(item[0])[:200], str(item[1])[:40])
                self.exchanges.setdefault(key, self.shape_label)
                if len(item) == 3 and item[2] == "atomic":
                    self.atomic_exchanges.add(key)
        for item in reply.get("same_position") or []:
            if isinstance(item, list) and len(item) == 5 and len(self.same_position) < 512:
                try:
                    pair = (str(item[0])[:200], str(item[1])[:40], str(item[2])[:40], tuple(int(d) for d in item[3]))
                    positions = [int(p) for p in item[4]][:4096]
                except (TypeError, ValueError):
                    continue
                self.same_position.setdefault(pair, (self.shape_label, positions))
        for item in reply.get("readbacks") or []:
            if isinstance(item, list) and len(item) == 6 and len(self.readbacks) < 64:
                try:
                    key, found = (str(item[0])[:200], str(item[1])[:40]), tuple(int(v) for v in item[2:])
                except (TypeError, ValueError):
                    continue
                self.readbacks.setdefault(key, (self.shape_label, *found))  # type: ignore[arg-type]
        if reply.get("misaligned"):
            raise Reject(stage, "correctness.compiler_hint",
                         f"a compiler hint makes an access wider than its alignment allows: {reply['misaligned'][0]}")
        if reply.get("races_unchecked"):
            raise Reject(stage, "unverified.race_check_limit",
                         f"the race check could not keep every access of a launch ({reply['races_unchecked'][0]}), "
                         "so whether its programs race is not known on a CPU; at smaller SHAPES, or on a GPU, it is")
        if reply.get("canary_broken"):
            raise Reject(stage, "correctness.out_of_bounds_write",
                         "wrote past the end of memory it allocated (canary overwritten around "
                         f"{reply['canary_broken'][0]}): an unmasked or mis-masked store")
        # the same canaries, checked here on the bytes that came back
        self.check_guards(pads, stage, "wrote past the end of memory it allocated (the canary pad around an "
                                       "allocation of forward's was overwritten): an unmasked or mis-masked store")
        self.check_ops(reply.get("ops", {}), ref_ops, int(reply.get("launches", 0)), stage)
        self.check_weights_kept(reply.get("weights_changed"), stage)
        undeclared = reply.get("undeclared_writes")
        if isinstance(undeclared, list) and undeclared:
            raise Reject(stage, "correctness.undeclared_mutation",
                         f"a custom operator writes a tensor its schema says it leaves alone ({str(undeclared[0])[:200]}; "
                         "mutates_args does not name it). Eagerly that is right; under torch.compile, which "
                         "the operator is packaged for, an op that changes nothing it declares is taken for pure and "
                         "may be dropped or moved, leaving what it was to fill uninitialised. Name every argument it "
                         "writes in mutates_args, or return a new tensor")
        on_host = reply.get("host_outputs")
        if isinstance(on_host, list) and on_host and not self.host_output:
            # refused once the call's outputs were compared (check_after_shape): a wrong answer says more
            self.host_output = (f"output {on_host[0]} is on the host (cpu), moved there or made with no device; on the "
                                "GPU the outputs must be on cuda, as the reference's are")
        self.tf32_dots = bool(reply.get("tf32_dots"))
        benched = reply.get("autotune_benched")
        self.autotune_benched = [str(n) for n in benched][:5] if isinstance(benched, list) else []
        changed = reply.get("bench_changed")
        if isinstance(changed, list) and changed and not self.bench_changed:
            self.bench_changed = [str(c)[:200] for c in changed][:4]
        seen = reply.get("autotune")
        self.autotuned = ({str(k): int(v) for k, v in seen.items() if isinstance(v, int) and 0 < v < 100_000}
                          if isinstance(seen, dict) else {})
        names = reply.get("kernels")
        self.last_kernels = {str(n) for n in names} if isinstance(names, list) else set()
        specs = reply.get("specs")
        self.last_specs = {str(n) for n in specs} if isinstance(specs, list) else set()
        fewest = reply.get("fewest_storing")
        self.last_fewest_storing = fewest if isinstance(fewest, int) and fewest >= 0 else 0
        values = reply.get("host_values")
        self.last_host_values = values if isinstance(values, list) else None
        return outs

    def check_weights_kept(self, changed, stage: Stage) -> None:
        """The weights the judge loaded into ModelNew hold, after each call, what they held once loaded (the
        candidate's own report): a forward that changes them (scales a weight a little every call, folds
        something into it on the first call) is right on the calls the judge makes and drifts after more, and
        leaves a state_dict that no longer loads back as it was. Where the reference's forward changes its own
        weights, so may the candidate's."""
        if not isinstance(changed, list):
            return
        pairs = [(str(c[0])[:100], str(c[1])[:100]) for c in changed if isinstance(c, list) and len(c) == 2]
        pairs = [(name, mine) for name, mine in pairs if name not in self.ref_changed]
        if not pairs:
            return
        names = ", ".join(mine if mine == name else f"{mine} (the reference's {name})" for name, mine in pairs[:4])
        raise Reject(stage, "correctness.weight_mutation",
                     f"forward changed the weights it was given ({names}) in place, where the reference's forward "
                     "leaves those as they are: each call starts from other weights than the last, which the few "
                     "calls checked here do not show but a long run does, and the module's state_dict no longer "
                     "holds what was loaded. Keep the given weights as they are, and keep a layout of your own "
                     "(transposed, packed, folded) in a buffer of your own, computed in a load_state_dict post hook "
                     "(docs/contract.md)")

    SELF_REPORTED = ("placing inputs", "forward", "input fingerprints")
    # parts of the activities above (EvalResult.seconds): the judge's side of the transfers
    SENDING, RECEIVING = "of which: sending to the candidate", "of which: receiving from the candidate"

    def note_spent(self, spent) -> None:
        """The candidate process's own account of its run, for diagnosis only: untrusted, so it is validated,
        labelled as self-reported, and never used for a verdict or a timing."""
        if not isinstance(spent, dict):
            return
        for k in self.SELF_REPORTED:
            v = spent.get(k)
            if isinstance(v, (int, float)) and 0 <= v < 1e6:
                self.seconds[f"candidate {k} (self-reported)"] += float(v)

    def check_guards(self, guards: list[torch.Tensor], stage: Stage = "correctness", why: str = "") -> None:
        """Guard bands (and canary pads) as they came back: poison everywhere, or something stored there."""
        for g in guards:
            pv = poison_value(g.dtype)
            intact = torch.isnan(g).all() if g.is_floating_point() or g.is_complex() else (g == pv).all()
            if not bool(intact):
                raise Reject(stage, "correctness.out_of_bounds_write",
                             why or "wrote outside its input tensors (the guard band around an input was overwritten): "
                                    "an unmasked or mis-masked store")

    def check_ops(self, ops: dict[str, str], ref_ops: dict[str, str], launches: int,
                  stage: Stage = "correctness") -> None:
        if not isinstance(ops, dict):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process's reply to a forward call is malformed")
        self.info.torch_ops_seen = sorted(set(self.info.torch_ops_seen) | set(ops))
        self.info.kernel_launches += launches
        allowed = set(self.task.allowed_torch_ops)
        host = sorted(n for n, c in ops.items() if n not in allowed and (c == "host" or c == "export" and self.backend != "cuda"))
        if host:
            raise Reject(stage, "correctness.host_compute",
                         f"forward read tensor data on the host or handed it to another library ({', '.join(host)}); "
                         "the work must be done by your kernels, not in Python, numpy or another library")
        compute = sorted(n for n, c in ops.items() if c == "compute" and n not in allowed)
        if compute:
            used_by_ref = [n for n in compute if n in ref_ops]
            why = " — the reference's own op" if used_by_ref else ""
            where = " inside its C++ extension" if any(n.startswith("aten.") for n in compute) else ""
            raise Reject(stage, "correctness.torch_compute",
                         f"forward computed with torch{where} ({', '.join(compute)}){why}; the work must be done by "
                         "your kernels (torch is allowed only for allocation, views, shape queries and dtype conversion)")
        data_movement_task = ref_ops and all(c in ("meta", "view", "alloc", "copy") for c in ref_ops.values())
        copies = sorted(n for n, c in ops.items() if c == "copy" and n not in allowed)
        if data_movement_task and copies:
            raise Reject(stage, "correctness.torch_copy",
                         f"this task is data movement and forward moved the data with torch ({', '.join(copies)}) "
                         "instead of a kernel")
        # at sizes below those the task gives, which the judge chose (tasks/sizes.py below_shape, tiny_shapes), an
        # answer may need no kernel: an empty output, a grid with no interior (a copy of the input); public
        # launchers return early there. What forward did instead is still judged (the torch, host and copy
        # checks above, and the comparison)
        if self.backend == "triton" and launches == 0 and not str(self.shape_label).startswith(BELOW):
            raise Reject(stage, "correctness.no_launch",
                         "forward launched no Triton kernel; the result must come from your kernels")

    def check_outputs(self, outs, expected, shape_check: ShapeCheck, when: str, stage: Stage = "correctness",
                      precise=None) -> None:
        """`precise`: computes the reference in fp64 (Judge.precise_reference), asked for only where an output
        misses the reference: on a CPU torch's own fp32 reductions can be far less accurate than a GPU's (a
        1M-element norm is off by 1e-5, a 16M-element one by 7e-4), and a kernel closer to the exact value than
        the reference is not wrong."""
        if len(outs) != len(expected):
            raise Reject(stage, "correctness.output_count",
                         f"forward returned {len(outs)} tensor(s), the reference returns {len(expected)}")
        exact: list | None = None
        for i, (o, r) in enumerate(zip(outs, expected)):
            what = "output" if len(outs) == 1 else f"output {i}"
            tol = self.task.tolerance(str(r.dtype).removeprefix("torch."))
            below = str(shape_check.shape).startswith(BELOW)
            if below and "rel_l2" in tol:
                # the relative L2 bound is the task's, over outputs of its sizes, where the large elements set
                # the scale; over a handful of elements (one row, one value) it would be the relative error of
                # the smallest, which the task's atol accepts. So there the errors are measured against the
                # output's RMS at the sizes checked before (l2_floor), with BELOW_L2_SLACK for the few elements
                # it averages over: an atol far above the output's values (1e-4 on outputs of 1e-6) leaves no
                # element check, and a kernel wrong on every element of a small batch is caught here
                scale = self.output_scale.get(i, 0.0)
                tol = {**tol, "l2_bound": BELOW_L2_SLACK * tol["rel_l2"], "l2_floor": scale} if scale > 0 \
                    else {**tol, "l2_bound": float("inf")}
            scaled = not below and r.is_floating_point() and r.numel() > 0 and r.device.type != "meta"
            if i in self.zero_ties and self.case == EXACT_ZEROS:
                # which of the tied zeros an index names is the implementation's (plan_zeros): not compared there
                if scaled:
                    self.output_scale[i] = max(self.output_scale.get(i, 0.0), rms(r))
                continue
            res = compare(o, r, tol, what)
            if scaled:  # the reference's RMS as the comparison summed it (rms(r) where it did not)
                got = res.ref_rms if isinstance(res, Match) and res.ref_rms is not None else rms(r)
                self.output_scale[i] = max(self.output_scale.get(i, 0.0), got)
            if not isinstance(res, Match) and precise is not None and r.dtype == torch.float32:
                exact = precise() if exact is None else exact
                if exact is not None and i < len(exact) and exact[i].shape == r.shape:
                    again = compare(o, exact[i].to(r.dtype), tol, what)
                    # the same function, computed closer to the exact value, is within rounding's reach of the
                    # fp32 reference; a reference that reads its own dtype (finfo(x.dtype).eps as a floor, a
                    # fill of finfo.min) is another function in fp64, and no second chance
                    if isinstance(again, Match) and isinstance(
                            compare(exact[i].to(r.dtype), r, _loosened(tol, PRECISE_SLACK), what), Match):
                        res = again
            if not isinstance(res, Match):
                hint = ("; its fp32 tl.dot ran at TF32 precision, as Triton's default input_precision does on "
                        f"{self.cfg.gpu_arch} (sm_80 and newer): pass input_precision=\"ieee\" for full fp32"
                        if self.tf32_dots else "")
                if self.autotune_benched:
                    hint += (f"; this call was the first with its tuning key for autotuned {', '.join(self.autotune_benched)}"
                             ", whose configs the autotuner timed first on the same arguments, as on a GPU: an output "
                             "a kernel accumulates into needs reset_to_zero (or restore_value)")
                if self.device.type == "cpu" and re.search(r"\.cat\(|can_reorder\s*=\s*True", self.source):
                    hint += ("; the kernel uses tl.cat or a reshape with can_reorder=True, whose element order is "
                             "the compiler's to choose (drawn afresh at each call here): a result that depends on "
                             "it is not fixed on a GPU either (tl.join and a plain reshape keep their order)")
                raise Reject(stage, "correctness.mismatch", f"wrong result{when} in {self.phase}: {res.reason}{hint}")
            shape_check.max_abs_err = max(shape_check.max_abs_err, res.max_abs_err)
            shape_check.rel_l2_err = max(shape_check.rel_l2_err, res.rel_l2_err)

    def check_inputs_unchanged(self, inputs, prints, salt: int, when: str = "", stage: Stage = "correctness") -> None:
        """The candidate's fingerprints of its inputs after forward against the judge's of the originals."""
        originals = [x for x in inputs if isinstance(x, torch.Tensor)]
        if not isinstance(prints, list) or len(prints) != len(originals):
            raise Reject("sandbox", "sandbox.protocol", "the candidate process did not report the state of its inputs "
                                                        "after forward")
        for i, (x, got) in enumerate(zip(originals, prints)):
            if str(fingerprint(x, salt, self.device)) != got:
                also = ("; the reference writes its input in place, but a candidate may not: every check "
                        "compares the inputs with the judge's copies, so compute into fresh memory and return that"
                        if self.reference_writes_inputs else "")
                raise Reject(stage, "correctness.input_mutation",
                             f"forward modified input {i} in place{when} in {self.phase}; inputs must be left "
                             f"untouched{also}")
        # what a later call's placement drops, if the candidate keeps it: it must still hold this then (check_earlier)
        self.earlier_inputs.update({f"{self.serial}:{i}": x for i, x in enumerate(originals) if x.numel()})

    # -- timing --------------------------------------------------------------------------------
    def measure(self, label: str, overrides: dict) -> TimingInfo:
        # the timed shape's label: running out of time there, at sizes the judge chose on a CPU, is the
        # interpreter's slowness (judges_own_shape), not the last checked shape's
        self.shape_label = label
        self.phase = "timing"
        mod, ref = self.build_models(overrides)
        self.phase = "timing"
        gpu = self.device.type == "cuda"
        warmup, reps = (self.cfg.warmup_reps, self.cfg.timing_reps) if gpu else (1, self.cfg.interpreter_reps)
        # Every call, warm-up included, gets inputs drawn afresh for it here, from OS entropy, and sent with the
        # call: no call's inputs are a function of another's that the candidate could have seen (a roll, a shift,
        # a set seen in warm-up), integer inputs included, so no answer can be looked up or updated from an
        # earlier one. Drawing and sending happen while the candidate waits, outside its measured window.
        inputs = self.fresh_inputs(mod)
        ref_ops = self.reference_ops(ref, inputs)  # (all of this is counted as "timing" in EvalResult.seconds)
        # Every call is also a full correctness call: the same watch, poisoned allocations and guard bands as the
        # trials (runner._forward), and its outputs come back here, where they are compared with the reference
        # of that call's inputs, one call at a time, while the candidate waits (so nothing of the judge's runs on
        # the device during a timed window, and no call's outputs are held for later). No call is told apart
        # from another: there is nothing to choose, and nothing chosen to tell.
        samples: list[float] = []
        for i in range(warmup + reps):
            if i:
                inputs = self.fresh_inputs(mod)
            salt = _new_seed()
            # timed under no_grad, or inference mode where a correctness call drew it (it holds from there on),
            # as the baselines are (autograd's bookkeeping costs glue microseconds); the correctness calls, whose
            # mode is drawn, are where a file that asks for it is checked every way
            msg = {"op": "call", "i": i, "salt": salt, "config": i, "order": _new_seed() | 1,
                   "fill": _new_fill(), "grad": "inference" if self.inference_drawn else False, "train": self.judged_training,
                   "leaf_grad": False, "unseen_write": False, "aten_watch": self.backend == "cuda_ext",
                   "inference_inputs": bool(os.urandom(1)[0] & 1)}
            tensors: list = []
            msg["inputs"] = wire.encode(inputs, tensors)
            reply, got = self.ask(msg, tensors, results_on_device=True)
            del tensors
            when = f" in timed call {i}" if i >= warmup else f" in warm-up call {i}"
            try:
                outs = self.check_call(reply, got, ref_ops, "timing")
            except Reject as r:  # which call: the checks are the trials' own, their messages do not say
                raise Reject(r.stage, r.check, f"{r.reason} ({when.strip()})") from None
            expected = self.reference(ref, inputs)
            self.check_outputs(outs, expected, ShapeCheck(shape=label, trials=0), when, stage="timing",
                               precise=self.precise_on_cpu(ref, inputs))
            self.check_inputs_unchanged(inputs, reply.get("input_prints"), salt, when, stage="timing")
            del outs, expected, got
            ms = reply.get("ms")
            if not isinstance(ms, (int, float)) or isinstance(ms, bool) or not 0 <= ms < 1e9:
                raise Reject("sandbox", "sandbox.protocol", f"the candidate process reported no time for timed call {i}")
            if i >= warmup:
                samples.append(float(ms))
        del inputs
        cand = TimingStats(**bench.stats(samples))
        if not gpu:
            return TimingInfo(method="interpreter_wall", shape=label, candidate=cand,
                              flags=["Triton interpreter on the CPU: wall time of the interpreter, not GPU performance"])
        return self.gpu_baselines(label, overrides, mod, ref, cand)

    def gpu_baselines(self, label, overrides, mod, ref, cand: TimingStats) -> TimingInfo:
        # The baselines are the judge's own code: they rotate through a few sets of the judge's (each rolled per
        # call, bench.input_variant), as many as fit beside the reference, with the L2 flushed before each call
        # as for the candidate.
        pool = [self.fresh_inputs(mod)]
        nbytes = sum(t.numel() * t.element_size() for t in tensors_in(pool[0]))
        out_bytes = self.task.output_bytes(overrides)
        sets = timing_sets(nbytes, nbytes if out_bytes is None else out_bytes, torch.cuda.mem_get_info(self.device)[0])
        pool += [self.fresh_inputs(mod) for _ in range(sets - 1)]
        dev_pool = [[x.to(self.device) if isinstance(x, torch.Tensor) else x for x in s] for s in pool]
        clone = lambda v: v.clone() if isinstance(v, torch.Tensor) else v  # noqa: E731
        args = bench.FixedArgs(dev_pool, clone)
        w, n = self.cfg.warmup_reps, self.cfg.timing_reps
        with torch.inference_mode() if self.inference_drawn else torch.no_grad():  # as the candidate was timed
            eager = TimingStats(**bench.time_calls(ref, args, w, n, gpu=True))
            compiled = None
            flags: list[str] = []
            if self.cfg.compile_baseline:
                try:
                    compiled = TimingStats(**bench.time_calls(torch.compile(ref), args, w, n, gpu=True))
                except Exception as e:  # noqa: BLE001 - a baseline that cannot compile is reported, not fatal
                    flags.append(f"torch.compile baseline unavailable: {type(e).__name__}: {str(e)[:200]}")
        s_e, v_e = bench.speedup_verdict(eager.model_dump(), cand.model_dump())
        s_c = compiled.median_ms / cand.median_ms if compiled and cand.median_ms > 0 else None
        info = TimingInfo(method="cuda_events", shape=label, candidate=cand, eager=eager, compiled=compiled,
                          speedup_eager=s_e, speedup_compiled=s_c, speedup_eager_verdict=v_e, flags=flags)
        counts = self.task.roofline_counts(overrides)
        if counts:
            bound = bench.roofline_for_inputs(counts, pool[0], torch.cuda.get_device_name(self.device))
            if bound:
                info.roofline_ms, info.roofline_fraction = bound, bound / cand.median_ms
                if cand.median_ms < 0.9 * bound:
                    info.flags.append(f"SUSPICIOUS: {cand.median_ms:.4g} ms is faster than the roofline bound "
                                      f"{bound:.4g} ms; the measurement or the kernel is not what it seems")
        if s_e > 10:
            info.flags.append(f"speedup {s_e:.1f}x over eager is unusually large; inspect before believing it")
        return info

    def pass_reason(self, t: TimingInfo) -> str:
        base = f"correct on {self.info.trials} trials over {len(self.info.shapes)} shape(s)"
        if t.method == "interpreter_wall":
            return f"{base}; interpreter time {t.candidate.median_ms:.1f} ms (CPU, not a GPU speedup)"
        assert t.eager is not None  # timed with CUDA events, always beside the eager baseline
        return (f"{base}; {t.candidate.median_ms:.4g} ms vs eager {t.eager.median_ms:.4g} ms: "
                f"{t.speedup_eager:.2f}x ({t.speedup_eager_verdict})")


def timing_sets(input_bytes: int, output_bytes: int, free_bytes: int) -> int:
    """How many input sets the baselines' timed calls rotate through on a GPU: three where they fit, else one
    (the contents still change every call: each set is rolled by the call's number)."""
    need = lambda sets: 2 * (sets + 1) * input_bytes + 10 * output_bytes  # noqa: E731
    return 3 if need(3) < 0.8 * free_bytes else 1


def judge_main(conn, task_fields: dict, source: str, cfg_json: str, device: str, backend: str, key_conn=None,
               workdir: str | None = None) -> None:
    """Entry point of the judge process (started by the forkserver).

    The result goes to the orchestrator with an HMAC under a key that the orchestrator wrote into `key_conn`.
    The key is read only after every candidate process of this evaluation is dead and checked gone, so it was
    never in a candidate's memory (each candidate is a fork of this process, and closes `key_conn` before any
    of its code runs): whatever a candidate writes into any channel cannot pass for a result."""
    os.setsid()
    t0 = time.monotonic()
    cfg = EvalConfig.model_validate_json(cfg_json)
    # The reference is computed (and the baselines timed) at full fp32 precision: with TF32 a wrong-precision
    # reference would hide a candidate's precision downgrade and make honest fp32 kernels look wrong.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    task = Task(**task_fields)
    judge = Judge(task, source, cfg, device, backend, workdir=workdir,
                  on_spawn=lambda pid: conn.send_bytes(json.dumps({"pid": pid}).encode()))
    try:
        result = judge.run()
    except BaseException as e:  # noqa: BLE001 - a judge failure is reported, not hidden
        # the harness's fault, not the candidate's: no verdict either way (never a pass), and where it happened
        import traceback

        where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
        at = f" (at {Path(where.filename).name}:{where.lineno}, in {where.name})" if where else ""
        result = EvalResult(verdict="unverified", stage="sandbox", check="unverified.judge_error",
                            reason=f"the harness failed{at}: {type(e).__name__}: {e}; this says nothing of the "
                                   "candidate either way: a defect of kernelpilot's, worth reporting")
    if judge.survivors:  # cannot happen with a PID namespace; if it ever does, nothing about the run is trusted
        result = fail("sandbox", "sandbox.survivors", f"the candidate left processes that outlived SIGKILL: {judge.survivors}")
    result.isolation = judge.isolation + (["no-leftovers-checked"] if judge.spawned and not judge.survivors else [])
    result.log_tail = judge.log_tail()
    shutil.rmtree(judge.workdir, ignore_errors=True)
    result.wall_s = time.monotonic() - t0
    result.seconds = {k: round(v, 2) for k, v in sorted(judge.seconds.items(), key=lambda kv: -kv[1])}
    result.transfer = judge.transfer
    payload = result.model_dump_json()
    msg = {"result": payload}
    try:
        if key_conn is not None:
            try:
                key = key_conn.recv_bytes()
            except (EOFError, OSError):  # read by another process: no answer from here can be trusted
                sys.exit(KEY_GONE)
            key_conn.close()
            msg["mac"] = result_mac(key, payload)
        conn.send_bytes(json.dumps(msg).encode())  # bytes, never a pickle: the orchestrator unpickles nothing
        conn.close()
    except (EOFError, OSError):  # the orchestrator is gone (cancelled, Ctrl-C): there is no one to tell
        pass


def result_mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()
