"""Which thread of a program holds which element of a block, as the compile for the target lays it out.

The race check (races.py) takes a block that reads back, at the same positions, what a block of its shape stored
since the last barrier as each thread's own work: it is, where the compiler gives the store and the load one
layout. It need not. Triton's coalescing pass picks a layout per memory operation from its pointer and element
type, so an fp32 scratch store can get 4 elements per thread and its read-back in the fp16 input's layout 8; an
accumulator converted out of the MMA layout for its store can be read back in another blocked layout. Then
another thread, often of another warp, loads what one thread stored, with no barrier between.

`memory_ops` reads the layouts of a kernel's global loads and stores from its TTGIR (in the process that
compiles for the target); `different_thread` is the judge's: for each same-position read-back the interpreter
saw, whether the two layouts hand some element read back to two threads. Blocked layouts, and slices of them
(a reduction's result, held by every thread along the reduced dimension: each loads it, the lowest stores it),
are computed exactly; a pair with any other layout (MMA, linear) is not computed, a floor. A barrier between the store's and
the load's instructions in the kernel's PTX (a cross-warp reduction's, a dot's, `tl.debug_barrier()`) orders
them; where the PTX cannot place them, an op between them in TTGIR that goes through shared memory, a dot or a
barrier does.
"""

from __future__ import annotations

import re

import numpy as np

_LOC_DEF = re.compile(r"^(#loc\d*) = loc\((.*)\)\s*$", re.M)
_LAYOUT_DEF = re.compile(r"^(#[A-Za-z_][\w]*) = (#ttg\.\w+<.*>)\s*$", re.M)
# a global load or store of a block of pointers: `%x = tt.load %p, ... : tensor<64x128x!tt.ptr<f32>, #blocked> loc(#loc3)`;
# a block atomic writes as a store does (`tt.atomic_rmw exch, relaxed, gpu, %p, ... : (tensor<1024x!tt.ptr<f32>, ...`)
_MEMORY_OP = re.compile(
    r"^\s*(?:%\S+ = )?tt\.(load|store|atomic_rmw|atomic_cas) .*?: \(?tensor<((?:\d+x)+)!tt\.ptr<[^>]*>, "
    r"(#[\w]+|#ttg\.slice<\{dim = \d+, parent = #[\w]+\}>)>.* loc\((.*)\)\s*$")
# a slice of a parent layout (a reduction's result, an arange along one axis of a tile), written in the type
_SLICE = re.compile(r"#ttg\.slice<\{dim = (\d+), parent = (#[\w]+)\}>")
# where a kernel's PTX cannot place the two accesses: ops after which every thread of the program has waited for
# the others in TTGIR (shared memory between, a dot, a barrier). A reduction or an atomic may not be one (within a
# warp: shuffles; a relaxed atomic: none), so they are not counted
_WAITS = re.compile(r"\b(?:ttg\.convert_layout|ttg\.local_\w+|tt\.dot|ttng\.warp_group_dot|gpu\.barrier)\b")
_PTX_FILE = re.compile(r'^\s*\.file\s+(\d+)\s+"([^"]*)"', re.M)
_PTX_LOC = re.compile(r"^\s*\.loc\s+(\d+)\s+(\d+)\s+(\d+)(?:.*?\binlined_at\s+(\d+)\s+(\d+)\s+(\d+))?")
# what makes every thread of the CTA wait for the others (bar.arrive does not wait)
_PTX_BARRIER = ("bar.sync", "barrier.sync", "bar.red", "barrier.red", "barrier.cta.sync", "barrier.cta.red")
_BLOCKED = re.compile(r"#ttg\.blocked<\{sizePerThread = \[([\d, ]*)\], threadsPerWarp = \[([\d, ]*)\], "
                      r"warpsPerCTA = \[([\d, ]*)\], order = \[([\d, ]*)\]")


def location_resolver(ttgir: str):
    """The candidate "line:column" a TTGIR location (`#loc12`) stands for: through named locations and call sites
    (an op inlined from a `@triton.jit` helper is placed at the helper's line, as the interpreter places it)."""
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


def ptx_marks(ptx: str, source: str = "") -> dict:
    """Where in a kernel's PTX (its lines) the global stores and loads of each candidate "line:column" lie (the
    first and the last), and its barriers, with the candidate "line:column" of each (a reduction's barrier is
    placed, through Triton's inlined library code, at the candidate's call). `source`: the candidate file's path
    (else the file of the first `.loc`)."""
    files = {m.group(1): m.group(2) for m in _PTX_FILE.finditer(ptx)}
    own = next((k for k, v in files.items() if source and v == source), None)
    stores: dict[str, list[int]] = {}
    loads: dict[str, list[int]] = {}
    bars: list[int] = []
    bar_sites: set[str] = set()
    sites: set[str] = set()  # every candidate "line:column" some instruction comes from
    site = ""
    for n, line in enumerate(ptx.splitlines()):
        if m := _PTX_LOC.match(line):
            if own is None:
                own = m.group(1)
            if m.group(1) == own:
                site = f"{m.group(2)}:{m.group(3)}"
            elif m.group(4) == own:
                site = f"{m.group(5)}:{m.group(6)}"
            else:
                site = ""
            continue
        words = line.split()
        if words and words[0].startswith("@"):
            words = words[1:]
        if not words:
            continue
        op = words[0]
        if site and not op.startswith((".", "//", "$", "{", "}")):
            sites.add(site)
        if op.startswith(("st.global", "atom.global", "red.global")):
            span = stores.setdefault(site, [n, n])
            span[1] = n
        elif op.startswith("ld.global"):
            span = loads.setdefault(site, [n, n])
            span[1] = n
        elif op.startswith(_PTX_BARRIER):
            bars.append(n)
            if site:
                bar_sites.add(site)
    return {"st": stores, "ld": loads, "bars": bars[:4096], "bar_sites": sorted(bar_sites)[:512],
            "sites": sorted(sites)[:8192]}


def removed(kernel_compiles: list[dict], site: str) -> bool:
    """Whether every compile of a kernel (with its PTX read) has no instruction from `site`: the op there (a
    reduction, a dot whose result is unused) was removed by the compiler."""
    marks = [c["ptx"] for c in kernel_compiles if isinstance(c, dict) and isinstance(c.get("ptx"), dict)]
    return bool(marks) and all(site not in (m.get("sites") or []) for m in marks)


def memory_ops(ttgir: str, ptx: str = "", source: str = "") -> dict:
    """The global loads and stores of blocks in one compiled kernel: [kind, "line:column", shape, layout, the op's
    line in the TTGIR], the TTGIR lines of the ops that make the threads wait for each other, and where the PTX
    puts the accesses and its barriers (ptx_marks)."""
    layouts = {m.group(1): m.group(2) for m in _LAYOUT_DEF.finditer(ttgir)}
    resolve = location_resolver(ttgir)
    ops, waits = [], []
    for n, line in enumerate(ttgir.splitlines()):
        if m := _MEMORY_OP.match(line):
            site = resolve(m.group(4))
            if site is not None:
                shape = [int(d) for d in m.group(2).rstrip("x").split("x")]
                kind = "load" if m.group(1) == "load" else "store"
                layout = m.group(3)
                if sl := _SLICE.fullmatch(layout):  # the parent's definition, with the dimension sliced away
                    layout = f"slice {sl.group(1)} of {layouts.get(sl.group(2), sl.group(2))}"
                ops.append([kind, site, shape, layouts.get(layout, layout), n])
        elif _WAITS.search(line):
            waits.append(n)
    return {"ops": ops[:512], "waits": waits[:4096], "ptx": ptx_marks(ptx, source) if ptx else None}


def _blocked(layout: str, rank: int) -> tuple[list[int], list[int], list[int], list[int]] | None:
    """A blocked layout's sizePerThread, threadsPerWarp, warpsPerCTA and order, where it has `rank` dimensions."""
    m = _BLOCKED.match(layout)
    if m is None:
        return None
    spt, tpw, wpc, order = ([int(v) for v in g.split(",") if v.strip()] for g in m.groups())
    if not (len(spt) == len(tpw) == len(wpc) == len(order) == rank) or sorted(order) != list(range(rank)):
        return None
    return spt, tpw, wpc, order


def holders(layout: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """Which threads hold each element of a block of `shape` (row-major positions): a boolean matrix, elements
    by threads, for a blocked layout and a slice of one ("slice D of <parent>", as memory_ops writes it: the
    parent's layout over the shape with a dimension of 1 put back at D, so that every thread along D holds the
    element). Where the block is smaller than the layout's tile, several threads hold an element (each loads
    it; Triton lets the lowest of them store it). None for any other layout, or past 8M cells."""
    sliced = None
    if m := re.fullmatch(r"slice (\d+) of (.*)", layout, re.S):
        sliced, layout = int(m.group(1)), m.group(2)
        if sliced > len(shape):
            return None
        shape = (*shape[:sliced], 1, *shape[sliced:])
    parsed = _blocked(layout, len(shape))
    if parsed is None:
        return None
    spt, tpw, wpc, order = parsed
    rank = len(shape)
    threads = int(np.prod(tpw)) * int(np.prod(wpc))
    n = int(np.prod(shape))
    if n * threads > 8 << 20 or n == 0:
        return None
    t = np.arange(threads)
    lane, warp = t % int(np.prod(tpw)), t // int(np.prod(tpw))
    coords = []  # per dimension: the coordinates (threads x values) each thread holds along it
    for d in range(rank):
        below = [e for e in order[:order.index(d)]]  # faster-varying dimensions come first in the thread's index
        lane_d = lane // int(np.prod([tpw[e] for e in below] or [1])) % tpw[d]
        warp_d = warp // int(np.prod([wpc[e] for e in below] or [1])) % wpc[d]
        tile = spt[d] * tpw[d] * wpc[d]
        reps = max(1, -(-shape[d] // tile))
        start = (warp_d * tpw[d] + lane_d) * spt[d]
        along = (start[:, None] + (np.arange(reps)[:, None] * tile + np.arange(spt[d])).reshape(-1)[None, :])
        coords.append(along % shape[d])  # past the block: the same elements again (replicas)
    held = np.zeros((n, threads), bool)
    strides = [int(np.prod(shape[d + 1:])) for d in range(rank)]
    for k in range(threads):
        flat = np.zeros(1, np.int64)
        for d in range(rank):
            flat = (flat[:, None] + coords[d][k][None, :] * strides[d]).reshape(-1)
        held[np.unique(flat), k] = True
    return held


def owners(layout: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """The thread (warp * 32 + lane) that holds each element of a block of `shape` (row-major positions) in a
    blocked layout; where the block is smaller than the layout's tile and several threads hold an element, the
    first of them (the one Triton lets store it). None for any other layout."""
    parsed = _blocked(layout, len(shape))
    if parsed is None:
        return None
    spt, tpw, wpc, order = parsed
    rank = len(shape)
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
        stores = [op for op in ops if op[0] == "store" and op[1] == store and tuple(op[2]) == shape]
        loads = [op for op in ops if op[0] == "load" and op[1] == load and tuple(op[2]) == shape]
        for s in stores:
            for ld in loads:
                if s[3] == ld[3]:
                    continue
                if _waited(compiled, s, ld, store, load):
                    continue
                if str(s[3]).startswith("slice ") or str(ld[3]).startswith("slice "):
                    # a slice's element is held by every thread along the sliced dimension: each of them loads
                    # it, the lowest stores it
                    hs, hl = holders(s[3], shape), holders(ld[3], shape)
                    if hs is None or hl is None:
                        continue
                    a = hs.argmax(axis=1)
                    other = hl.copy()
                    other[np.arange(a.size), a] = False
                    # the loading thread named: one of another warp where there is one
                    warp = np.arange(hl.shape[1]) // 32
                    far = other & (warp[None, :] != (a // 32)[:, None])
                    b = np.where(far.any(axis=1), far.argmax(axis=1),
                                 np.where(other.any(axis=1), other.argmax(axis=1), a))
                else:
                    a, b = owners(s[3], shape), owners(ld[3], shape)  # type: ignore[assignment]
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


def _waited(compiled: dict, s: list, ld: list, store: str, load: str) -> bool:
    """Whether the program's threads all wait for each other between the store and the load: a barrier between
    their instructions in the PTX, where it places both; else an op of _WAITS between them in the TTGIR. A load
    placed before the store (a read-back in the next iteration of a loop) counts any barrier of the kernel."""
    marks = compiled.get("ptx") or {}
    st, lds, bars = (marks.get("st") or {}).get(store), (marks.get("ld") or {}).get(load), marks.get("bars") or []
    if st and lds:
        last_store, first_load = int(st[1]), int(lds[0])
        if last_store < first_load:
            return any(last_store < int(b) < first_load for b in bars)
        return bool(bars)
    waits = compiled.get("waits") or []
    if s[4] < ld[4]:
        return any(s[4] < w < ld[4] for w in waits)
    return bool(waits)


def _describe(layout: str) -> str:
    if m := re.fullmatch(r"slice (\d+) of (.*)", layout, re.S):
        return f"a slice along dimension {m.group(1)} of {_describe(m.group(2))}"
    m = _BLOCKED.match(layout)
    if m is None:
        return layout[:80]
    spt, tpw, wpc, _ = ("x".join(v.strip() for v in g.split(",")) for g in m.groups())
    return f"{spt} per thread, {tpw} threads per warp, {wpc} warps"


def no_barrier_from(kernel_compiles: list[dict], site: str) -> bool:
    """Whether no compile of a kernel (with its PTX read) has a barrier placed at `site`: a scalar atomic whose
    result is unused is a bare `red`, with no bar.sync handing its result to the threads."""
    marks = [c["ptx"] for c in kernel_compiles if isinstance(c, dict) and isinstance(c.get("ptx"), dict)]
    return bool(marks) and all(site not in (m.get("bar_sites") or []) for m in marks)
