"""Compiler hints: `tl.multiple_of`, `tl.max_contiguous`, `tl.max_constancy`.

A hint is a promise about values that the compiler believes without checking: with a contiguity and an
alignment it may load four fp32 values with one 16-byte instruction from the first lane's address, so a hint
that lies reads (or writes) other elements on the GPU, or faults on a misaligned address. The Triton
interpreter ignores hints, so there the same kernel computes the right answer. Three steps close that gap:

* in the forked compile for the target, every kernel that applied a hint is compiled a second time with its
  hints switched off (`install_compile_probe`, target.py), and the widest global load and store at each source
  position is compared (`access_widths`, `widened_lines`), per launch (`launch_key`: kernel, constexprs and
  Triton's alignment specialisation of the other arguments);
* wherever the hints widen an access at a checked shape, the judge runs one more trial there in which the
  interpreter makes each widened access as the compiled instruction does (`as_compiled`: the lanes of each
  instruction from its first lane's address, under its first lane's mask): a true hint changes no address, a
  false one the compiler uses gives the GPU's wrong result, out-of-bounds access or misaligned start;
* in the candidate's process each hint is also checked against its values, in the groups one instruction
  can cover (`install_interpreter_check`): this only names the false hint in the verdict's reason, and decides
  the verdict (`unverified.compiler_hint`) where the compile could not tell which accesses the hints widen.

A false hint the compiler makes no use of (the wrapped offsets of a matmul's last block where nothing is
vectorised) changes nothing and is not held against the kernel, and neither is one whose wrong lanes the
kernel masks out at its store.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

import numpy as np

# The most elements one memory instruction covers (16 bytes of 1-byte elements): the compiler uses a hint only
# to let one instruction cover a group of lanes, aligned at a multiple of the group's size, so a claim is
# checked group by group at that size at most. A claim that is false only across such groups changes no
# access: the wrapped offsets of a matmul's last block (`rn % N`, N a multiple of 16) are exact on the GPU.
VECTOR = 16

KINDS = {"tt.divisibility": "tl.multiple_of", "tt.contiguity": "tl.max_contiguous", "tt.constancy": "tl.max_constancy"}
MAX_FOUND = 3  # violations kept per forward: the first one is what the verdict names


def _groups(data: np.ndarray, axis: int, size: int) -> np.ndarray:
    """`data` with `axis` split into aligned groups of `size` (the last one may be short: padded by repeating
    its own last element, which satisfies every claim the real elements satisfy)."""
    n = data.shape[axis]
    size = max(1, min(size, n))
    pad = (-n) % size
    moved = np.moveaxis(data, axis, -1)
    if pad:
        moved = np.concatenate([moved, np.repeat(moved[..., -1:], pad, axis=-1)], axis=-1)
    return moved.reshape(*moved.shape[:-1], -1, size)


def natural_contiguity(data: np.ndarray, axis: int) -> int:
    """The largest power of two g such that `data` runs up by one within every aligned group of g along
    `axis`: the contiguity a compiler that knew the values could prove."""
    g = 1
    while g * 2 <= data.shape[axis]:
        grouped = _groups(data, axis, g * 2)
        if not (np.diff(grouped, axis=-1) == 1).all():
            break
        g *= 2
    return g


def violation(key: str, data: np.ndarray, values: list[int], claimed_contiguity: list[int] | None = None,
              element_bytes: int = 0) -> str:
    """'' when the hint holds for `data`, else what is false about it, with an example. `element_bytes`: the
    size of what `data` points to when it holds pointers, whose contiguity and constancy count elements and
    whose divisibility counts bytes."""
    data = np.asarray(data)
    if data.ndim == 0:
        data = data.reshape(1)
    if data.dtype.kind not in "iub":  # a hint on floats promises nothing checkable here
        return ""
    data = raw = data.astype(np.int64)
    if element_bytes > 1:
        if (data % element_bytes != data.ravel()[0] % element_bytes).any():
            return f"claims whole elements, but the pointers are not {element_bytes} bytes apart"
        data = data // element_bytes
    for axis, claim in enumerate(values):
        claim = int(claim)
        v = min(claim, VECTOR)
        if v <= 1 or axis >= data.ndim:
            continue
        if key == "tt.divisibility":
            # Triton: `claim` divides the first element of every contiguous group along the axis; one access
            # needs its first element aligned to the access
            g = claimed_contiguity[axis] if claimed_contiguity else natural_contiguity(data, axis)
            firsts = _groups(raw, axis, min(int(g), VECTOR))[..., 0]
            bad = firsts % v != 0
            if bad.any():
                at = int(firsts[bad].ravel()[0])
                if element_bytes:
                    return (f"claims pointers aligned to {claim} bytes, but one is {at % v} bytes past a {v}-byte "
                            "boundary")
                return (f"claims the first element of each contiguous group is a multiple of {claim}, but one is "
                        f"{at}")
        else:
            grouped = _groups(data, axis, v)
            step = 1 if key == "tt.contiguity" else 0
            bad = (np.diff(grouped, axis=-1) != step).any(axis=-1)
            if bad.any():
                example = grouped[bad][0][: min(v, 8)].tolist()
                what = "runs of" if step else "constant groups of"
                return (f"claims {what} {claim} along axis {axis}, but {v} elements in a row go "
                        f"{', '.join(map(str, example))}{', ...' if v > 8 else ''}")
    return ""


def install_interpreter_check(sink) -> bool:
    """Check every hint the interpreter applies against its values. `sink()` gives the current forward's list
    of findings and the kernel being run, or None outside a watched launch; each finding is [kernel, what].
    Returns whether the interpreter could be hooked."""
    try:
        from triton.runtime.interpreter import TensorHandle
    except Exception:  # noqa: BLE001 -- no interpreter: nothing to check
        return False
    inner = TensorHandle.set_attr

    def checked_set_attr(self, key, value):
        where = sink()
        if where is not None and key in KINDS and len(where[0]) < MAX_FOUND:
            found, kernel = where
            contiguity = self.attr.get("tt.contiguity") if isinstance(getattr(self, "attr", None), dict) else None
            try:
                what = violation(key, self.data, list(value), contiguity, _pointee_bytes(self))
            except Exception:  # noqa: BLE001 -- a claim this check cannot read is left to the compiler
                what = ""
            if what:
                found.append([str(kernel), f"{KINDS[key]} at {_site()} {what}"])
        return inner(self, key, value)

    TensorHandle.set_attr = checked_set_attr
    return True


def _pointee_bytes(handle) -> int:
    """The element size a handle of pointers points to, 0 for a handle of numbers."""
    import triton.language as tl

    dtype = getattr(handle, "dtype", None)
    if not isinstance(dtype, tl.pointer_type):
        return 0
    return max(1, int(getattr(dtype.element_ty, "primitive_bitwidth", 8)) // 8)


def _site() -> str:
    """The candidate's line that applied the hint."""
    frame = _candidate_frame()
    return f"line {frame.f_lineno} ({frame.f_code.co_name})" if frame is not None else "a kernel line"


def _candidate_frame():
    """The first frame outside Triton and this harness: the candidate's code being run."""
    import sys
    from types import FrameType

    skip = _SKIP or _skipped_folders()
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if not frame.f_code.co_filename.startswith(skip):
            return frame
        frame = frame.f_back
    return None


_SKIP: tuple[str, ...] = ()


def _skipped_folders() -> tuple[str, ...]:
    global _SKIP
    import triton

    _SKIP = (os.path.dirname(triton.__file__), os.path.dirname(__file__), "<frozen")
    return _SKIP


# -- the compile side -----------------------------------------------------------------------------

class CompileProbe:
    """How many hints the compiles in this process applied, and whether they are being switched off."""

    applied = 0
    off = False


def install_compile_probe() -> bool:
    """Count the hints a compile applies, and let one compile run with them switched off."""
    try:
        from triton.language.semantic import TritonSemantic
    except Exception:  # noqa: BLE001 -- an older Triton: no probe, and the judge treats every hint as used
        return False
    for name in ("multiple_of", "max_contiguous", "max_constancy"):
        inner = getattr(TritonSemantic, name, None)
        if inner is None:
            continue

        def probe(self, x, values, _inner=inner):
            CompileProbe.applied += 1
            return x if CompileProbe.off else _inner(self, x, values)

        setattr(TritonSemantic, name, probe)
    return True


_LOC = re.compile(r"^\s*\.loc\s+(\d+)\s+(\d+)\s+(\d+)")
_ACCESS = re.compile(r"^\s*(?:@!?%\w+\s+)?((?:ld|st|atom|red)\.global[.\w:]*|cp\.async\.c[ag][.\w:]*)\s+(.*)")
_VEC = re.compile(r"\.v(\d+)\b")
_BITS = re.compile(r"\.[bsuf](\d+)\b")


def access_widths(ptx: str) -> Counter:
    """Each global memory instruction's width in bytes, by the source position it comes from: (file, line,
    column, bytes) -> how many."""
    where = (0, 0, 0)
    found: Counter = Counter()
    inline = False  # Triton emits its loads and stores as inline asm, whose lines LLVM numbers on from the
    for line in ptx.splitlines():  # block's own .loc: within a block, that one holds
        if "// begin inline asm" in line:
            inline = True
        elif "// end inline asm" in line:
            inline = False
        elif (m := _LOC.match(line)) and not inline:
            where = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if _LOC.match(line):
            continue
        m = _ACCESS.match(line)
        if not m:
            continue
        op, operands = m.group(1), m.group(2)
        if op.startswith("cp.async"):
            size = re.search(r"\]\s*,\s*(\d+)", operands)  # cp.async [dst], [src], size
            width = int(size.group(1)) if size else 0
        else:
            vec = _VEC.search(op)
            bits = _BITS.findall(op)
            width = (int(vec.group(1)) if vec else 1) * (int(bits[-1]) // 8 if bits else 0)
        found[(*where, width)] += 1
    return found


_FILE = re.compile(r'^\s*\.file\s+(\d+)\s+"([^"]*)"', re.M)


def widened_lines(ptx_hinted: str, ptx_plain: str) -> dict[str, int]:
    """The candidate's loads and stores, by source position, whose widest global access is wider with the
    hints than without them: "line:column" (Triton's, the call's 1-based column) -> that access's bytes.
    Triton's own library files are left out: no load of the candidate's is there."""
    import triton

    library = os.path.dirname(triton.__file__)
    files = {int(n): name for n, name in _FILE.findall(ptx_hinted)}

    def widest(ptx: str) -> dict[tuple[int, int, int], int]:
        out: dict[tuple[int, int, int], int] = {}
        for f, line, col, width in access_widths(ptx):
            out[(f, line, col)] = max(out.get((f, line, col), 0), width)
        return out

    hinted, plain = widest(ptx_hinted), widest(ptx_plain)
    return {f"{line}:{col}": w for (f, line, col), w in hinted.items()
            if w > plain.get((f, line, col), 0) and not files.get(f, "").startswith(library)}


def launch_key(kernel, args, kwargs) -> str:
    """A launch's kernel and constexprs (watch.launch_spec) and how Triton specialises its other arguments on
    alignment: a tensor whose data is 16-byte aligned, an int that is 1 or a multiple of 16. Two launches with
    the same key run the same compiled kernel, so the widths found for one hold for the other."""
    import inspect

    import torch

    from .watch import _declared_constexprs, launch_spec

    spec = launch_spec(kernel, args, kwargs)
    fn = getattr(kernel, "fn", None)
    try:
        sig = inspect.signature(fn)  # type: ignore[arg-type]
        bound = sig.bind_partial(*args, **{k: v for k, v in kwargs.items() if k in sig.parameters})
    except (TypeError, ValueError):
        return spec
    const = _declared_constexprs(fn)
    marks = []
    for name, v in bound.arguments.items():
        if name in const:
            continue
        if isinstance(v, torch.Tensor):
            marks.append("A" if v.data_ptr() % 16 == 0 else "u")
        elif isinstance(v, int) and not isinstance(v, bool):
            marks.append("1" if v == 1 else "A" if v % 16 == 0 else "u")
        else:
            marks.append("-")
    return f"{spec}|{''.join(marks)}"


# -- the GPU's view of a hinted access, under the interpreter ------------------------------------

class AsCompiled:
    """Set by the runner for one forward: launch key (launch_key) -> "line:column" -> the bytes one access
    covers there on the GPU (the judge's, from widened_lines), so that a load or store at such a position
    goes where the compiled one goes. `key`: the launch being interpreted (set by the watch)."""

    widths: dict[str, dict[str, int]] | None = None
    key: str = ""


def as_compiled(ptrs: np.ndarray, mask: np.ndarray | None, element_bytes: int) -> tuple[np.ndarray,
                                                                                      np.ndarray | None, str]:
    """The addresses and mask of an access as the GPU makes it with the widths in AsCompiled, or the input
    unchanged; and a description of a misaligned access, which the GPU faults on. One instruction of w lanes
    reads or writes w consecutive elements from the first lane's address under the first lane's predicate:
    the compiler took the lanes to be contiguous and their mask to be constant because a hint said so."""
    widths = (AsCompiled.widths or {}).get(AsCompiled.key)
    if not widths or element_bytes <= 0 or ptrs.ndim == 0:
        return ptrs, mask, ""
    site = _candidate_site()
    nbytes = widths.get(site, 0)
    w = nbytes // element_bytes
    if w <= 1:
        return ptrs, mask, ""
    addr = ptrs.astype(np.int64)
    axis = _contiguous_axis(addr, element_bytes, w)
    if axis is None:
        return ptrs, mask, ""
    n = addr.shape[axis]
    first = np.repeat(np.take(addr, np.arange(0, n, w), axis=axis), w, axis=axis)
    lane = (np.arange(n) % w) * element_bytes
    shape = [1] * addr.ndim
    shape[axis] = n
    out = first + lane.reshape(shape)
    active = np.ones(addr.shape, dtype=bool) if mask is None else \
        np.repeat(np.take(np.broadcast_to(mask, addr.shape), np.arange(0, n, w), axis=axis), w, axis=axis)
    bad = active & (first % nbytes != 0)
    problem = ""
    if bad.any():
        problem = (f"a {nbytes}-byte access at line {site.split(':')[0]} starts {int(first[bad].ravel()[0] % nbytes)} "
                   "bytes past an aligned address (a misaligned address on the GPU)")
    return out.astype(ptrs.dtype), (None if mask is None else active), problem


def _contiguous_axis(addr: np.ndarray, element_bytes: int, w: int) -> int | None:
    """The axis the compiler vectorises along: of those at least w long and a multiple of w, the one where
    neighbouring lanes are most often one element apart (the last on a tie)."""
    best, score = None, -1
    for axis in range(addr.ndim):
        if addr.shape[axis] < w or addr.shape[axis] % w:
            continue
        steps = int((np.diff(addr, axis=axis) == element_bytes).sum())
        if steps >= score:
            best, score = axis, steps
    return best


def _candidate_site() -> str:
    """The candidate's call being run, as Triton's compiler places it: "line:column" of the call expression
    (column 1-based), from the position of the frame's current instruction."""
    frame = _candidate_frame()
    if frame is None:
        return ""
    code = frame.f_code
    try:
        positions = _POSITIONS.get(code)
        if positions is None:  # once per code object: every load and store of an interpreted kernel asks
            positions = _POSITIONS[code] = list(code.co_positions())
        line, _, col, _ = positions[frame.f_lasti // 2]
    except (AttributeError, IndexError, ValueError):  # a Python without positions: the line alone matches none
        return f"{frame.f_lineno}:?"
    return f"{line}:{(col or 0) + 1}"


# a code object's instruction positions (the candidate's kernels and helpers: a handful per evaluation)
_POSITIONS: dict[Any, list] = {}
