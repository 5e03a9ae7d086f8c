"""Loads that Triton's software pipeliner issues ahead of the stores they read (a CPU run's blind spot).

Compiled for sm_80/sm_90, a loop written `for k in tl.range(lo, hi, num_stages=S)` (S >= 2) is software
pipelined: the loads of iteration k + S - 1 are started (as asynchronous copies, `cp.async`) at the end of
iteration k, after its stores, so that they are in flight while iterations k + 1 .. k + S - 2 run. The
interpreter runs the iterations one after another. So a load in iteration m of what the same program stored in
iterations m - S + 2 .. m - 1 of that loop, or earlier in iteration m itself, reads the right values here and
memory not yet written on the GPU (a carry read back from the output chunk stored the iteration before). What
Triton 3.9 pipelines there, as its TTGIR for sm_90 shows (tests/sandbox/test_pipelined_loops.py names the
cases):
  - only a loop with `num_stages` given to `tl.range` and without `tl.dot` in its body: in a plain `range` loop
    (the launch's `num_stages` applies) only loads that feed a `tl.dot` are pipelined, and in a loop with a dot
    only those either, which this check does not model (not flagged);
  - not a loop that holds another loop (`range`/`tl.range` or `while`; a `tl.static_range` is unrolled), a
    `tl.debug_barrier()` or a `tl.device_print` anywhere in its body, nor one that yields a loop-carried value
    unchanged (`a = b` of two loop-carried variables: a distance above one), nor one with `flatten` or
    `warp_specialize` (not modelled, not flagged). With `loop_unroll_factor=u` the unrolled body is pipelined:
    loads run (S - 1) * u iterations ahead. A trip count below S changes nothing (the prologue's loads are
    predicated);
  - in it, every load whose value the iteration uses (a load only carried into the next iteration is not), of
    elements of 4 bytes or more (scalar loads too), at the top level of the body or in a branch of an `if` on a
    constexpr; a load inside an `if` on a run-time value (`scf.if`) is not pipelined. Loads of 1- and 2-byte
    elements are pipelined where the compiler proves 4 contiguous, aligned bytes, which depends on the
    arguments' specialisation (at the real size, 16-divisible, it usually holds): they count at every shape.
    An atomic write counts as a store. Loads inside a `@triton.jit` helper called from the body count as
    the body's (the helper is inlined); a run-time `if` or a `while` inside the helper is not seen (a floor
    the other way: such a load is not pipelined, and would be reported).

Under the interpreter the loop rewriter (sandbox/interp_semantics.py) calls `instrument` on such a loop's AST:
its loads, helper calls and `if` tests are marked (`site`, `cond`), and `_typed_range` opens a `Frame` for every
`range` loop (iteration boundaries, nesting). The race check (sandbox/races.py) passes each access of a launch
to `access`. A hazard is kept until the loop ends, where a barrier or nested loop seen at run time (in a helper)
can still clear it, then reported as a race.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import deque
from typing import Any

import numpy as np

from .layouts import location_resolver

# the smallest element (bytes) whose loads count: 1. Loads of 4 bytes or more are always pipelined; 1- and
# 2-byte ones where the compiler proves 4 contiguous, aligned bytes, which at the real size (16-divisible
# sizes) it usually does, so they are taken as pipelined at every shape
MIN_BYTES = 1
# names of calls in a loop body that are not helpers (builtins the interpreter runs as Python)
_NOT_HELPERS = {"range", "len", "min", "max", "abs", "int", "float", "bool", "str", "tuple", "list", "zip",
                "enumerate", "isinstance", "print", "getattr", "hasattr", "type", "sum", "any", "all"}
_BLOCKING_CALLS = {"debug_barrier": "a tl.debug_barrier()", "device_print": "a tl.device_print",
                   "print": "a print"}
_UNMODELLED = ("flatten", "warp_specialize")  # loop_unroll_factor=u: a lookahead of (num_stages - 1) * u


class Site:
    __slots__ = ("loop", "used", "ifs")

    def __init__(self, loop: int, used: bool, ifs: tuple[int, ...]):
        self.loop, self.used, self.ifs = loop, used, ifs


class LoopInfo:
    __slots__ = ("id", "header")

    def __init__(self, loop_id: int, header: str):
        self.id, self.header = loop_id, header


LOOPS: dict[int, LoopInfo] = {}
SITES: dict[int, Site] = {}
_ids = itertools.count(1)


# -- the AST side: which loops, which loads ---------------------------------------------------------------

def _callee_name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _walk(nodes):
    """The nodes under `nodes`, not entering nested function definitions or lambdas."""
    todo = list(nodes)
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(n))


def _assigned(nodes) -> set[str]:
    return {n.id for n in _walk(nodes) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _blocker(node: ast.For, call: ast.Call, fn: ast.FunctionDef | None) -> str | None:
    """Why Triton does not pipeline the loads of this loop (or this check does not model it), or None."""
    for kw in call.keywords:
        if kw.arg in _UNMODELLED and not (isinstance(kw.value, ast.Constant) and kw.value.value in (None, False, 1)):
            return kw.arg
    for n in _walk(node.body):
        if isinstance(n, ast.While):
            return "a nested loop"
        if isinstance(n, ast.For) and isinstance(n.iter, ast.Call):
            inner = n.iter.func
            if _callee_name(inner) == "range":
                return "a nested loop"
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            return "a dot"
        if isinstance(n, ast.Call):
            name = _callee_name(n.func)
            if name in ("dot", "dot_scaled"):
                return "a dot"
            if name in _BLOCKING_CALLS:
                return _BLOCKING_CALLS[name]
    # a loop-carried variable given another one's value from the start of the iteration (or an argument's, or
    # the induction variable's): the yield passes a block argument on, a distance above one
    if fn is not None:
        args = {a.arg for a in fn.args.args + fn.args.kwonlyargs
                if not (a.annotation is not None and "constexpr" in ast.unparse(a.annotation))}
        args -= _assigned(fn.body)
        before = _assigned([s for s in fn.body if getattr(s, "lineno", 0) < node.lineno]) | args
        inside = _assigned(node.body)
        carried = before & inside
        target = {n.id for n in _walk([node.target]) if isinstance(n, ast.Name)}
        seen: set[str] = set()
        for k, stmt in enumerate(node.body):
            pairs: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                t, v = stmt.targets[0], stmt.value
                if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) and len(t.elts) == len(v.elts):
                    pairs = list(zip(t.elts, v.elts))
                else:
                    pairs = [(t, v)]
            for t, v in pairs:
                if not (isinstance(t, ast.Name) and isinstance(v, ast.Name) and t.id in carried):
                    continue
                later = _assigned(node.body[k + 1:])
                if t.id in later or v.id in seen:
                    continue
                if v.id in carried or v.id in args or v.id in target:
                    return "a loop-carried value passed on unchanged"
            seen |= _assigned([stmt])
    return None


def _reads(name: str, stmts) -> bool:
    """Whether `name` is read in `stmts` (in order) before an assignment replaces it."""
    for s in stmts:
        if isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name) and s.target.id == name:
            return True
        exprs = [s.value] if isinstance(s, (ast.Assign, ast.AnnAssign)) and s.value is not None else [s]
        if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in _walk(exprs)):
            return True
        if isinstance(s, (ast.Assign, ast.AnnAssign)) and name in _assigned([s]):
            return False
    return False


def instrument(node: ast.For, fn: ast.FunctionDef | None) -> tuple[int, dict[int, int], dict[int, int]] | None:
    """For a `for` over `tl.range(..., num_stages=...)` not yet rewritten: None where its loads are not
    pipelined (see the module's docstring), else its id, the ids (Python's) of the load and helper calls to mark
    with their site numbers, and of the `if`/conditional-expression nodes to mark, with theirs."""
    call = node.iter
    if not isinstance(call, ast.Call) or not any(kw.arg == "num_stages" for kw in call.keywords):
        return None
    if _blocker(node, call, fn) is not None:
        return None
    loop_id = next(_ids)
    LOOPS[loop_id] = LoopInfo(loop_id, f"for {ast.unparse(node.target)} in {ast.unparse(call)}")
    parents: dict[int, ast.AST] = {}
    for n in _walk(node.body):
        for c in ast.iter_child_nodes(n):
            parents[id(c)] = n
    ifs: dict[int, int] = {}
    calls: dict[int, int] = {}

    def enclosing_ifs(n: ast.AST) -> tuple[int, ...]:
        out = []
        child, p = n, parents.get(id(n))
        while p is not None:
            if isinstance(p, (ast.If, ast.IfExp)) and child is not p.test:
                out.append(ifs.setdefault(id(p), next(_ids)))
            child, p = p, parents.get(id(p))
        return tuple(out)

    def used(c: ast.Call) -> bool:
        p = parents.get(id(c))
        if isinstance(p, ast.Expr):
            return False
        target: ast.expr | None = None
        if isinstance(p, ast.Assign) and p.value is c and len(p.targets) == 1:
            target = p.targets[0]
        elif isinstance(p, ast.Tuple) and isinstance(stmt := parents.get(id(p)), ast.Assign) and stmt.value is p:
            t = stmt.targets[0]
            if isinstance(t, ast.Tuple) and len(t.elts) == len(p.elts):
                target, p = t.elts[p.elts.index(c)], stmt
        if not isinstance(target, ast.Name):
            return True  # an operand of another operation
        # what follows the assignment in its block, then in the loop's body
        rest: list[ast.stmt] = []
        child, q = p, parents.get(id(p))
        while q is not None:
            for field in ("body", "orelse"):
                stmts = getattr(q, field, None)
                if isinstance(stmts, list) and child in stmts and not rest:
                    rest = stmts[stmts.index(child) + 1:]
            child, q = q, parents.get(id(q))
        top = node.body.index(child) if child in node.body else len(node.body)
        return _reads(target.id, rest + node.body[top + 1:] if child is not p else node.body[top + 1:])

    for n in _walk(node.body):
        if isinstance(n, ast.Call):
            name = _callee_name(n.func)
            if isinstance(n.func, ast.Attribute) and name == "load":
                site = next(_ids)
                SITES[site] = Site(loop_id, used(n), enclosing_ifs(n))
                calls[id(n)] = site
            elif isinstance(n.func, ast.Name) and name not in _NOT_HELPERS and not name.startswith("_kp_"):
                site = next(_ids)
                SITES[site] = Site(loop_id, True, enclosing_ifs(n))
                calls[id(n)] = site
    return loop_id, calls, ifs


# -- the compile side: which loads the compiler made asynchronous copies ---------------------------------------

# cp.async copies and TMA copies (a tensor descriptor's load) alike
_COPY = re.compile(r"^\s*(?:%\S+ = )?ttn?g\.async(?:_tma)?_copy_global_to_local .* loc\((.*)\)\s*$", re.M)


def async_copy_positions(ttgir: str) -> set[str]:
    """"line:column" (Triton's: the call's, 1-based) of every load that a kernel's TTGIR turns into an asynchronous
    copy from global memory (`ttg.async_copy_global_to_local`, or `ttng.async_tma_copy_global_to_local` for a tensor
    descriptor's load): the loads the software pipeliner issues ahead of
    the iterations that use them. A load inlined from a `@triton.jit` helper is placed at the helper's line, as the
    interpreter places it."""
    resolve = location_resolver(ttgir)
    return {pos for m in _COPY.finditer(ttgir) if (pos := resolve(m.group(1))) is not None}


# -- the run-time side ---------------------------------------------------------------------------------------

class Frame:
    """One run of one loop by one program: its iteration, its stores of the last iterations, the hazard.
    `live`: a loop the AST model above says is pipelined; `records`: the innermost loop, whose stores are kept
    for the read-back evidence (`access`) whether or not the AST model covers it."""

    __slots__ = ("info", "lookahead", "iteration", "live", "records", "ifs", "current", "bounds", "recent",
                 "hazard", "sink", "flatten", "shared")

    def __init__(self, info: LoopInfo | None, stages: int, unroll: int = 1):
        self.info = info
        self.lookahead = max(stages - 1, 0) * max(unroll, 1)
        self.live = info is not None and self.lookahead >= 1
        self.records = self.lookahead >= 1
        self.iteration = -1
        self.ifs: dict[int, tuple[int, bool]] = {}
        self.current: list[np.ndarray] = []  # bytes stored so far in this iteration
        self.bounds = (0, 0)  # the lowest and past the highest of them
        self.recent: deque[tuple[int, np.ndarray]] = deque()  # ... in the iterations before, within the window
        self.hazard: tuple[Any, int, str] | None = None
        self.sink: Any = None
        self.flatten = False  # `tl.range(..., flatten=True)`: the loops inside run as one with this one
        self.shared: Frame | None = None  # a loop inside a flattened one: its iterations are that loop's


STACK: list[Frame] = []
_SITE_STACK: list[int] = []
# the num_stages of the launch being interpreted (set by the watch at each launch; Triton's default for sm_90 is
# 3): a plain `range` loop's dot operands are pipelined with it
LAUNCH_STAGES = 3


def reset() -> None:
    STACK.clear()
    _SITE_STACK.clear()


def enter(loop_id: int | None, stages, unroll=None, flatten=None) -> Frame:
    """A `range` loop starts (`loop_id` None: one that is not pipelined); `stages`: its `num_stages`; `unroll`:
    its `loop_unroll_factor` (the unrolled body is what is pipelined, so the loads run that many times further
    ahead); `flatten`: Triton flattens the loops inside it into one loop, pipelined as one, so a loop inside a
    flattened one counts its iterations, and keeps its stores, in the flattened loop's frame."""
    import triton.language as tl

    flatten = flatten.value if isinstance(flatten, tl.constexpr) else flatten
    if STACK and (STACK[-1].flatten or STACK[-1].shared is not None):
        inner = Frame(None, 1)
        inner.shared = STACK[-1].shared or STACK[-1]
        STACK.append(inner)
        return inner
    for f in STACK:  # they hold a loop: Triton pipelines innermost loops only
        f.live = f.records = False
    stages = stages.value if isinstance(stages, tl.constexpr) else stages
    unroll = unroll.value if isinstance(unroll, tl.constexpr) else unroll
    info = LOOPS.get(loop_id) if loop_id is not None and isinstance(stages, int) else None
    if not isinstance(stages, int) or isinstance(stages, bool):  # none given: the launch's applies
        stages = LAUNCH_STAGES
    frame = Frame(info, stages, unroll if isinstance(unroll, int) and not isinstance(unroll, bool) else 1)
    frame.flatten = flatten is True
    if frame.flatten:
        frame.live = False  # the AST model does not cover it: the read-backs do
    STACK.append(frame)
    return frame


def iteration(frame: Frame) -> None:
    if frame.flatten:  # its iterations are those of the loops flattened into it
        return
    frame = frame.shared or frame
    frame.iteration += 1
    if frame.current:
        frame.recent.append((frame.iteration - 1, np.unique(np.concatenate(frame.current))))
        frame.current, frame.bounds = [], (0, 0)
    while frame.recent and frame.recent[0][0] <= frame.iteration - frame.lookahead:
        frame.recent.popleft()


def leave(frame: Frame) -> None:
    if frame in STACK:
        del STACK[STACK.index(frame):]
    if frame.live and frame.hazard is not None and frame.sink is not None:
        frame.sink.pipelined_load(describe(frame))


def site(site_id: int, fn):
    """A marked call in a pipelined loop's body: the loads it makes are that site's."""

    def call(*args, **kwargs):
        _SITE_STACK.append(site_id)
        try:
            return fn(*args, **kwargs)
        finally:
            _SITE_STACK.pop()

    return call


def cond(if_id: int, value):
    """The test of an `if` in a pipelined loop's body: a run-time value makes it an `scf.if`."""
    import triton.language as tl

    if STACK:
        f = STACK[-1]
        f.ifs[if_id] = (f.iteration, isinstance(value, tl.tensor))
    return value


def barrier() -> None:
    """`tl.debug_barrier()`: the loops it runs in are not pipelined."""
    for f in STACK:
        f.live = False


def access(sink, kind: str, addrs: np.ndarray, width: int, pid: int) -> None:
    """A load (`kind` "read") or store of the program running now, `width` bytes each, under the innermost loop.
    Two findings come of a load of what the same program stored earlier in the loop, within the pipeliner's
    window: a hazard where the AST model says the loop's loads are pipelined (a race, reported when the loop
    ends), and in any innermost loop, a read-back (`sink.readback`) that the judge holds against the loads the
    compile for the target made asynchronous copies (`async_copy_positions`), which covers what the AST model
    does not: loads that feed a `tl.dot`, and loads pipelined only at the real size."""
    frame = STACK[-1]
    frame = frame.shared or frame
    if not frame.records:
        return
    if kind == "read" and not (frame.current or frame.recent):
        return  # nothing stored in the window yet (the usual load): no need of its bytes
    span = (addrs.reshape(-1, 1) + np.arange(width, dtype=np.uint64)).reshape(-1)
    if kind != "read":
        lo, hi = int(span.min()), int(span.max()) + 1
        frame.bounds = (lo, hi) if not frame.current else (min(lo, frame.bounds[0]), max(hi, frame.bounds[1]))
        frame.current.append(span)
        return
    if not (frame.current or frame.recent):
        return
    found = _stored_before(frame, span)
    if found is None:
        return
    back, n = found
    if frame.live and width >= MIN_BYTES and frame.hazard is None and _SITE_STACK:
        s = SITES.get(_SITE_STACK[-1])
        # not inside an `if` on a run-time value (or one not seen this iteration): not pipelined there
        if s is not None and frame.info is not None and s.loop == frame.info.id and s.used and \
                all(frame.ifs.get(i) == (frame.iteration, False) for i in s.ifs):
            when = "earlier in the same iteration" if back == 0 else \
                f"{back} iteration{'s' if back > 1 else ''} before"
            frame.hazard, frame.sink = (pid, n // width or 1, when), sink
    readback = getattr(sink, "readback", None)
    if readback is not None:
        from .hints import _candidate_site  # noqa: PLC0415 -- hints imports the watch, which imports this module

        readback(_candidate_site(), back, frame.lookahead, pid, n // width or 1)


def _stored_before(frame: Frame, span: np.ndarray) -> tuple[int, int] | None:
    """How many iterations before this one the program stored bytes of `span` (0: earlier in this one) within
    the window, the nearest first, and how many bytes; None where it did not."""
    lo, hi = int(span.min()), int(span.max()) + 1
    if frame.current and lo < frame.bounds[1] and frame.bounds[0] < hi:
        hit = np.isin(span, np.concatenate(frame.current))
        if hit.any():
            return 0, int(hit.sum())
    for it, stored in reversed(frame.recent):
        if stored.size and lo <= int(stored[-1]) and int(stored[0]) < hi:
            hit = np.isin(span, stored)
            if hit.any():
                return frame.iteration - it, int(hit.sum())
    return None


def describe(frame: Frame) -> str:
    assert frame.hazard is not None and frame.info is not None
    pid, n, when = frame.hazard
    from .races import _program  # noqa: PLC0415 -- races imports this module

    s = frame.lookahead + 1
    return (f"kernel {frame.sink.name}: in the loop `{frame.info.header}`, program {_program(pid)} loaded {n} "
            f"element(s) that it had stored {when}. Compiled for the GPU, Triton's software pipeliner issues "
            f"this loop's loads num_stages - 1 = {s - 1} iteration(s) ahead, as asynchronous copies started "
            "before the stores of the iterations in between, so on the GPU the load reads that memory before "
            "the store: keep the value in a loop-carried variable instead of reading it back, or leave "
            "num_stages out of tl.range")
