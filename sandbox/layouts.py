"""Which thread of a program holds which element of a block, as the compile for the target lays it out.

The race check (races.py) takes a block that reads back, at the same positions, what a block of its shape stored
since the last barrier as each thread's own work: it is, where the compiler gives the store and the load one
layout. It need not. Triton's coalescing pass picks a layout per memory operation from its pointer and element
type, so an fp32 scratch store can get 4 elements per thread and its read-back in the fp16 input's layout 8; an
accumulator converted out of the MMA layout for its store can be read back in another blocked layout. Then
another thread, often of another warp, loads what one thread stored, with no barrier between.

`memory_ops` reads the layouts of a kernel's global loads and stores from its TTGIR (in the process that
compiles for the target); `different_thread` is the judge's: for each same-position read-back the interpreter
saw, whether the two layouts hand some element read back to two threads. Blocked layouts are computed exactly;
any other pair of layouts (MMA, slice, linear) counts as different only when both are blocked, so those are a
floor. An op between the store and the load that makes the program's threads wait for each other (a layout
conversion or anything staged through shared memory, a reduction, a dot, a barrier) is taken as a barrier.
"""

from __future__ import annotations

import re

import numpy as np

_LOC_DEF = re.compile(r"^(#loc\d*) = loc\((.*)\)\s*$", re.M)
_LAYOUT_DEF = re.compile(r"^(#[A-Za-z_][\w]*) = (#ttg\.\w+<.*>)\s*$", re.M)
# a global load or store of a block of pointers: `%x = tt.load %p, ... : tensor<64x128x!tt.ptr<f32>, #blocked> loc(#loc3)`
_MEMORY_OP = re.compile(
    r"^\s*(?:%\S+ = )?tt\.(load|store) .*: tensor<((?:\d+x)+)!tt\.ptr<[^>]*>, (#[\w]+)>.* loc\((.*)\)\s*$")
# ops after which every thread of the program has waited for the others (a bar.sync, or shared memory between)
_WAITS = re.compile(r"\b(?:ttg\.convert_layout|ttg\.local_\w+|tt\.reduce|tt\.scan|tt\.dot|ttng\.warp_group_dot|"
                    r"gpu\.barrier|tt\.atomic_\w+|ttg\.async_\w+|tt\.histogram|tt\.gather|tt\.join|tt\.split|"
                    r"tt\.trans|tt\.reshape)\b")
_BLOCKED = re.compile(r"#ttg\.blocked<\{sizePerThread = \[([\d, ]*)\], threadsPerWarp = \[([\d, ]*)\], "
                      r"warpsPerCTA = \[([\d, ]*)\], order = \[([\d, ]*)\]")


def _resolver(ttgir: str):
    defs = {m.group(1): m.group(2) for m in _LOC_DEF.finditer(ttgir)}

    def resolve(loc: str, depth: int = 0) -> str | None:
        loc = loc.strip()
        if depth > 64:
            return None
        if loc in defs:
            return resolve(defs[loc], depth + 1)
        if m := re.fullmatch(r'"[^"]*":(\d+):(\d+)', loc):  # "file":line:column
            return f"{m.group(1)}:{m.group(2)}"
        if m := re.fullmatch(r"callsite\((#loc\d*) at .*\)", loc):  # the callee's position
            return resolve(m.group(1), depth + 1)
        if m := re.fullmatch(r'"[^"]*"\((#loc\d*)\)', loc):  # a named location: the value's name
            return resolve(m.group(1), depth + 1)
        return None

    return resolve


def memory_ops(ttgir: str) -> dict:
    """The global loads and stores of blocks in one compiled kernel: [kind, "line:column", shape, layout, the op's
    line in the TTGIR], and the TTGIR lines of the ops that make the threads wait for each other."""
    layouts = {m.group(1): m.group(2) for m in _LAYOUT_DEF.finditer(ttgir)}
    resolve = _resolver(ttgir)
    ops, waits = [], []
    for n, line in enumerate(ttgir.splitlines()):
        if m := _MEMORY_OP.match(line):
            site = resolve(m.group(4))
            if site is not None:
                shape = [int(d) for d in m.group(2).rstrip("x").split("x")]
                ops.append([m.group(1), site, shape, layouts.get(m.group(3), m.group(3)), n])
        elif _WAITS.search(line):
            waits.append(n)
    return {"ops": ops[:512], "waits": waits[:4096]}


def owners(layout: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """The thread (warp * 32 + lane) that holds each element of a block of `shape` (row-major positions) in a
    blocked layout; where the block is smaller than the layout's tile and several threads hold an element, the
    first of them (the one Triton lets store it). None for any other layout."""
    m = _BLOCKED.match(layout)
    if m is None:
        return None
    spt, tpw, wpc, order = ([int(v) for v in g.split(",") if v.strip()] for g in m.groups())
    rank = len(shape)
    if not (len(spt) == len(tpw) == len(wpc) == len(order) == rank) or sorted(order) != list(range(rank)):
        return None
    index = np.indices(shape).reshape(rank, -1)
    lane, warp = np.zeros(index.shape[1], np.int64), np.zeros(index.shape[1], np.int64)
    lane_step, warp_step = 1, 1
    for d in order:  # the fastest-varying dimension first
        lane += (index[d] // spt[d]) % tpw[d] * lane_step
        warp += (index[d] // (spt[d] * tpw[d])) % wpc[d] * warp_step
        lane_step, warp_step = lane_step * tpw[d], warp_step * wpc[d]
    return warp * lane_step + lane


def different_thread(kernel: str, store: str, load: str, shape: tuple[int, ...], positions: list[int],
                     compiles: list[dict]) -> str | None:
    """Whether, in some compile of `kernel`, the store at `store` and the load at `load` of a block of `shape`
    give an element of `positions` to two threads with nothing between them that makes the threads wait."""
    for compiled in compiles:
        ops = compiled.get("ops") or []
        waits = compiled.get("waits") or []
        stores = [op for op in ops if op[0] == "store" and op[1] == store and tuple(op[2]) == shape]
        loads = [op for op in ops if op[0] == "load" and op[1] == load and tuple(op[2]) == shape]
        for s in stores:
            for ld in loads:
                if s[3] == ld[3]:
                    continue
                lo, hi = sorted((s[4], ld[4]))
                between = any(lo < w < hi for w in waits) if s[4] < ld[4] else bool(waits)
                if between:
                    continue
                a, b = owners(s[3], shape), owners(ld[3], shape)
                if a is None or b is None:
                    continue
                at = np.asarray([p for p in positions if 0 <= p < a.size], np.int64)
                differ = at[a[at] != b[at]]
                if differ.size:
                    warps = differ[a[differ] // 32 != b[differ] // 32]  # another warp: no lockstep at all
                    p = int(warps[0] if warps.size else differ[0])
                    where = ", ".join(str(int(v)) for v in np.unravel_index(p, shape))
                    return (f"kernel {kernel}: the store at line {store.split(':')[0]} and the load at line "
                            f"{load.split(':')[0]} touch the same elements of a block of shape "
                            f"{'x'.join(map(str, shape))}, and the compile for the target gives them different "
                            f"layouts ({_describe(s[3])} for the store, {_describe(ld[3])} for the load): element "
                            f"[{where}] is stored by thread {int(a[p])} and loaded by thread {int(b[p])} "
                            f"({differ.size} of the {at.size} elements read back change thread, {warps.size} of "
                            "them to another warp), with no barrier "
                            "between, so the load may run before the other thread's store")
    return None


def _describe(layout: str) -> str:
    m = _BLOCKED.match(layout)
    if m is None:
        return layout[:80]
    spt, tpw, wpc, _ = ("x".join(v.strip() for v in g.split(",")) for g in m.groups())
    return f"{spt} per thread, {tpw} threads per warp, {wpc} warps"
