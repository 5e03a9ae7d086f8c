"""What a problem costs at a size, and sizes small enough for the Triton interpreter that still mean something.

A KernelBench file sets its size with top-level globals (`batch_size = 128`, `in_channels = 64`,
`kernel_size = 3`, `bias_shape = (out_channels, 1, 1)`). On a CPU the candidate's kernels are interpreted at
about 5 ms per program, so the file's own (GPU) size would take hours, and a verdict of "timeout" or "out of
memory" there says nothing about the kernel. So:

* `estimate(task, overrides)` is the whole cost at a size, read on the meta device (nothing allocated): inputs,
  parameters and buffers, outputs, and the FLOPs of the reference's forward (torch's FlopCounterMode, which
  counts matmuls and convolutions, with dense factorisations and solves added).
* `auto_shapes(task)` picks small sizes: the free size globals (those the file assigns a literal) above
  KEEP are scaled down together, keeping ratios and divisibility by the small structural ones (kernel sizes,
  groups, heads stay as they are, and a channel count divisible by `groups` stays divisible); each set is checked
  on the meta device (the reference runs, no output is empty, no dimension that was larger than 1 became 1),
  and two sets with different remainders against power-of-two block sizes are returned.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any, Optional

from .loader import Task, TaskError, bindings, is_size, on_meta, tensors_in

KEEP = 16  # a size global at or below this is a kernel size, a stride, a group or head count: kept as is
# what the interpreter judges within the default timeout, candidate and reference together (a few trials)
INTERPRETER_MAX_BYTES = 256 << 20
INTERPRETER_MAX_FLOPS = 4e9
# what auto_shapes aims for: a verdict in seconds
AUTO_BYTES = 2 << 20
AUTO_FLOPS = 1e8
# and at most this many rows in any input or output (Cost.rows): under the interpreter a program costs about 1-2 ms
# whatever its block, and the usual launch of a norm, a softmax or an embedding is a program per row, so a set
# of 2 MiB in rows of 33 (16 x 8 heads x 33 x 33 scores) is 4000 programs a call, minutes an evaluation
AUTO_ROWS = 512
# and at most this many steps of a direct convolution (Cost.conv_steps): the usual Triton one takes a program
# per output plane (or block of its pixels) looping over the input channels and the window, and the interpreter
# about a millisecond a step: 17 x 16 planes of 3 channels and 3 x 3 taps took 7 s a call on a busy machine, where
# 1e8 FLOPs of tl.dot tiles are a fraction of a second
AUTO_CONV_STEPS = 4096


@dataclass
class Cost:
    input_bytes: int
    param_bytes: int
    output_bytes: int
    flops: float
    rows: int = 0  # the most rows (elements over the last dimension) of an input or output: programs, roughly
    conv_flops: float = 0.0  # those of `flops` in convolutions
    conv_steps: int = 0  # a direct convolution's (_conv_steps): programs x input channels (of a group) x taps

    @property
    def bytes(self) -> int:
        return self.input_bytes + self.param_bytes + self.output_bytes

    def within(self, max_bytes: float, max_flops: float, max_rows: float = math.inf,
               max_conv_steps: float = math.inf) -> bool:
        return (self.bytes <= max_bytes and self.flops <= max_flops and self.rows <= max_rows
                and self.conv_steps <= max_conv_steps)

    def describe(self) -> str:
        mib = lambda n: f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"  # noqa: E731
        return (f"inputs {mib(self.input_bytes)}, parameters {mib(self.param_bytes)}, outputs {mib(self.output_bytes)}, "
                f"{self.flops / 1e9:.2g} GFLOP in the reference's matmuls, convolutions and factorisations"
                + (f" ({self.conv_flops / 1e9:.2g} in convolutions)" if self.conv_flops else "")
                + (f", up to {self.rows} rows" if self.rows else ""))


def _nbytes(obj) -> int:
    """The bytes the tensors in `obj` reach in memory: an expanded one its one row, a slice of a wider one the
    rows around it too (their span), as they are held and sent (sandbox/wire.py)."""
    from ..sandbox.wire import span

    return sum(span(t) * t.element_size() for t in tensors_in(obj))


def _most_rows(*objs, images: bool = True) -> int:
    """The most rows of the tensors in `objs`: the product of the dimensions but the last; for a vector, its
    elements over 1024 (a flat launch's programs). Without `images`, those of tensors of four or more
    dimensions are their planes (the product of the dimensions but the last two): a convolution's kernel takes
    a plane, or a block of its pixels, a program, and loops over the input channels and the window there (that
    cost is in Cost.conv_steps)."""
    return max([math.prod(t.shape[:-1] if images or t.dim() < 4 else t.shape[:-2]) if t.dim() > 1
                else -(-t.numel() // 1024) for obj in objs for t in tensors_in(obj)], default=0)


def _factorisation_flops(a_shape, *args, out_shape=None, **kwargs) -> int:
    """A dense factorisation, inversion, solve or decomposition of (..., m, n) matrices: batch * m * n * min(m, n)
    FLOPs, their order of cost (a Cholesky is a third of it, an SVD a few times it)."""
    *batch, m, n = a_shape
    return math.prod(batch) * m * n * min(m, n)


def _triangular_flops(a_shape, b_shape, *args, out_shape=None, **kwargs) -> int:
    """A solve with a triangular or already factorised (..., n, n) matrix against (..., n, k): n * n * k each."""
    return math.prod(b_shape[:-2]) * a_shape[-1] * a_shape[-1] * b_shape[-1]


def _linalg_flops() -> dict:
    """FlopCounterMode counts matmuls and convolutions only; a Cholesky of a 4096 x 4096 Gram matrix is most of
    what a kernel computes (and, under the interpreter, nearly all its time)."""
    import torch

    aten = torch.ops.aten
    names = {"linalg_cholesky_ex": _factorisation_flops, "linalg_inv_ex": _factorisation_flops,
             "_linalg_det": _factorisation_flops, "_linalg_slogdet": _factorisation_flops,
             "_linalg_solve_ex": _factorisation_flops, "_linalg_eigh": _factorisation_flops,
             "_linalg_svd": _factorisation_flops, "linalg_qr": _factorisation_flops,
             "linalg_lu_factor_ex": _factorisation_flops, "linalg_lu": _factorisation_flops,
             "linalg_eig": _factorisation_flops, "cholesky_solve": _triangular_flops,
             "linalg_solve_triangular": _triangular_flops, "triangular_solve": _triangular_flops}
    return {getattr(aten, k): f for k, f in names.items() if hasattr(aten, k)}


def run_on_meta(task: Task, overrides: Optional[dict[str, Any]] = None):
    """(inputs, model, outputs, flops, (those of them in convolutions, a direct convolution's steps: _conv_steps))
    of the reference at a size, on the meta device. A model whose constructor needs real values is built on the
    CPU and then moved there. Raises where the forward needs real values (a data-dependent shape, an op without
    a meta kernel)."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    mod = task.module(overrides)
    try:
        with on_meta(), torch.no_grad():
            torch.manual_seed(0)
            model = mod.Model(*mod.get_init_inputs())
    except Exception:  # noqa: BLE001 - a constructor that needs real values: built for real, see below
        model = None
    if model is None:
        # `[x.item() for x in torch.linspace(0, rate, depth)]` (Swin's drop-path rates) cannot run on meta: the
        # model is built for real on the CPU, as the judge's own run of the reference would, then moved to meta
        # (its parameters and buffers; the inputs and the forward stay on meta)
        with torch.no_grad():
            torch.manual_seed(0)
            model = mod.Model(*mod.get_init_inputs()).to("meta")
    with on_meta(), torch.no_grad():
        inputs = list(mod.get_inputs())
        steps: list[int] = []
        counter = FlopCounterMode(display=False, custom_mapping={**_linalg_flops(), **_conv_steps(steps)})
        with counter:
            out = model(*inputs)
    conv = sum(n for op, n in counter.get_flop_counts().get("Global", {}).items() if "conv" in str(op))
    return inputs, model, out, float(counter.get_total_flops()), (float(conv), max(steps, default=0))


# the pixels of an output plane one program of a direct convolution takes (its BLOCK): the usual Triton kernel
# is a program per block of an output plane's pixels, each looping over the input channels and the window
PIXEL_BLOCK = 128


def _conv_steps(steps: list[int]) -> dict:
    """FLOP formulas for the convolutions that also put each one's steps of a direct kernel in `steps`: output
    planes x blocks of PIXEL_BLOCK pixels in a plane x input channels of a group x taps. A transposed
    convolution's kernel gathers for each output pixel from the input channels of its group and every tap
    too (its FLOPs count input pixels: a stride of 2 would hide three quarters of its steps)."""
    import torch
    from torch.utils.flop_counter import conv_flop_count

    def counted(x_shape, w_shape, bias, stride, padding, dilation, transposed, *args, out_shape=None, **kwargs):
        flops = conv_flop_count(x_shape, w_shape, out_shape, transposed=transposed)
        taps = math.prod(w_shape[2:])
        if transposed:  # weight (in_channels, out_channels / groups, *window)
            groups = max(1, out_shape[1] // max(1, w_shape[1]))
            in_group = max(1, w_shape[0] // groups)
        else:  # weight (out_channels, in_channels / groups, *window)
            in_group = w_shape[1]
        pixels = math.prod(out_shape[2:]) if len(out_shape) > 2 else 1
        steps.append(int(out_shape[0] * out_shape[1] * -(-pixels // PIXEL_BLOCK) * in_group * taps))
        return flops

    aten = torch.ops.aten
    return {getattr(aten, k): counted for k in ("convolution", "_convolution") if hasattr(aten, k)}


def estimate(task: Task, overrides: Optional[dict[str, Any]] = None) -> Optional[Cost]:
    """The whole cost at a size, or None where it cannot be read without running the file for real."""
    try:
        return _meta_cost(*run_on_meta(task, overrides))
    except Exception:  # noqa: BLE001 - not knowable on meta: the caller decides what to do without it
        return None


def _meta_cost(inputs, model, out, flops: float, conv: tuple[float, int]) -> Cost:
    """The Cost of what run_on_meta gives."""
    return Cost(_nbytes(inputs), _nbytes(list(model.state_dict().values())), _nbytes(out), flops,
                _most_rows(inputs, out, images=not conv[0]), *conv)


# module-level metadata a task file may define (tasks/loader.py): never a size, whatever its value
METADATA = {"SHAPES", "TOLERANCE", "ALLOWED_TORCH_OPS", "INPUT_CASES", "REDUCTION_DIMS", "PARAMETER_NAMES",
            "FIXED_BUFFERS", "EXACT_ZEROS", "SIGNED_ARGS", "SIGNED_INIT_ARGS", "TRAINING"}


def size_names(task: Task) -> list[str]:
    """Task.size_globals() and the upper-case size globals it leaves out: KernelBench's matmul problems are
    sized by `M = 1024 * 2`, `K = 4096`, `N = 2048`, and some level-2 files by `D, H, W = 24, 32, 32`."""
    names = list(task.size_globals())
    try:
        tree = ast.parse(task.source)
    except SyntaxError:
        return names

    for targets, _ in bindings(tree):
        for t in targets:
            for name in [t.id] if isinstance(t, ast.Name) else [e.id for e in getattr(t, "elts", []) if isinstance(e, ast.Name)]:
                if (name not in names and not name.islower() and not name.startswith("_") and name not in METADATA
                        and is_size(getattr(task._meta, name, None))):
                    names.append(name)
    return names


def free_sizes(task: Task) -> dict[str, Any]:
    """Size globals the file assigns a literal (an int, or a tuple of ints): the ones to choose. Globals
    computed from them (`bias_shape = (out_channels, 1, 1)`) follow when the file runs (Task.module)."""
    try:
        tree = ast.parse(task.source)
    except SyntaxError:
        return {}
    wanted = set(size_names(task))
    free: dict[str, Any] = {}
    for targets, value in bindings(tree):
        pairs = []
        for target in targets:  # h = w = 128 gives both; h, w = 128, 64 one each
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
                pairs += list(zip(target.elts, value.elts))
            else:
                pairs.append((target, value))
        for t, v in pairs:
            if not (isinstance(t, ast.Name) and t.id in wanted):
                continue
            lit = _constant(v)
            if lit is None:
                continue  # derived from other globals
            if _is_size(lit):
                free[t.id] = lit
    return free


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.FloorDiv: lambda a, b: a // b, ast.LShift: lambda a, b: a << b, ast.Pow: lambda a, b: a ** b}


def _constant(node: ast.AST):
    """The value of a literal, of integer arithmetic on literals (`1 << 20`, `16 * 1024`) or of a repeated list of
    them (`[1024] * 16`), else None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "int" \
            and len(node.args) == 1 and not node.keywords:  # dim = int(1000), int(2 ** 10)
        return _constant(node.args[0])
    if isinstance(node, (ast.Tuple, ast.List)):  # input_shape = (3, 224, 224); layer_sizes = [400, 800]
        items = [_constant(e) for e in node.elts]
        return None if any(i is None for i in items) else (tuple if isinstance(node, ast.Tuple) else list)(items)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):  # hidden_layer_sizes = [1024] * 16
        a, b = _constant(node.left), _constant(node.right)
        if isinstance(a, (tuple, list)) and type(b) is int and 0 < b <= 64:
            return a * b
        if isinstance(b, (tuple, list)) and type(a) is int and 0 < a <= 64:
            return b * a
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _constant(node.left), _constant(node.right)
        if type(a) is int and type(b) is int and 0 <= b < 64:
            return _OPS[type(node.op)](a, b)
    return None


# kept sizes that a larger size must stay a multiple of (channels of groups, an embedding of heads), by name
STRUCTURAL = ("group", "head", "kernel", "stride", "pool", "window", "patch", "block", "tile", "factor", "expan")


def _is_size(v) -> bool:
    return (type(v) is int and v > 0) or (isinstance(v, (tuple, list)) and len(v) > 0
                                          and all(type(e) is int and e > 0 for e in v))


def _unit(v: int, divisors: list[int]) -> int:
    """The step v moves in when it must stay divisible: the lcm of the kept sizes that divide it."""
    u = 1
    for d in divisors:
        if v % d == 0 and math.lcm(u, d) < v:
            u = math.lcm(u, d)
    return u


def _batch(key: str) -> bool:
    """A batch size: no structure at any value (a KernelBench batch of 16 is rows to the interpreter)."""
    return "batch" in key.lower()


def _scaled(v: int, scale: float, unit: int, variant: int, batch: bool = False) -> int:
    if v <= KEEP and not batch or v <= 2:
        return v
    # a batch of at most KEEP shrinks to no fewer than 2 (two rows: one program's data never stands for all)
    m = max(2 if v <= KEEP else 1, round(v * scale / unit))
    if unit % 2 == 1:  # odd multiples: not a multiple of 2, 4, 8 or 16, so every block size leaves a tail
        m |= 1
    m += 2 * variant  # a second set with another remainder against the same block sizes
    # two units at least where it had them: channels of 8 groups at 8 are one a group, and a kernel's mapping of
    # channels to groups is then never exercised
    least = 2 * unit if 1 < unit and 2 * unit <= v else unit
    return max(least, min(m * unit, v))


def _shape_set(free: dict[str, Any], scale: float, units: dict[str, int], variant: int,
               held: Optional[dict[str, float]] = None) -> dict[str, Any]:
    """`free` scaled by `scale`, the globals in `held` by their own scale there."""
    out = {}
    for k, v in free.items():
        # a batch shrinks faster than the rest (scale ** 1.5): rows, planes, a GEMM's M, where the other sizes are
        # the operator's shape (an image of 32 x 32 kept at 17 x 17, not 5 x 5, beside a batch of 17 of 128)
        u, sc = units.get(k, 1), (held or {}).get(k, scale ** 1.5 if _batch(k) else scale)
        out[k] = (type(v)(_scaled(e, sc, u if u > 1 and e % u == 0 else 1, variant) for e in v)
                  if isinstance(v, (tuple, list)) else _scaled(v, sc, u, variant, _batch(k)))
    return out


def _fitting_set(task: Task, free: dict[str, Any], scale: float, variant: int, divisors: list[int],
                 real_dims: list[list[int]], held: Optional[dict[str, float]] = None,
                 ) -> tuple[Optional[dict[str, Any]], Optional[Cost]]:
    """Odd sizes where the reference allows them; divisibility by the kept structural sizes only for the globals
    that need it (a conv's channels and its groups): switched on one global at a time until the reference
    runs, then each switch taken back where the reference still runs without it. The globals in `held` are
    scaled by their own scale (_shape_set)."""
    scalable = [k for k, v in free.items() if (type(v) is int and v > KEEP) or isinstance(v, (tuple, list))]

    def steps(v) -> list[int]:  # one kept size at a time, then all that divide it
        if type(v) is not int:
            return [math.prod(divisors)] if divisors else []
        return [u for u in dict.fromkeys([d for d in sorted(divisors) if v % d == 0] + [_unit(v, divisors)]) if u > 1]

    units: dict[str, int] = {}
    cost = _sound(task, _shape_set(free, scale, units, variant, held), real_dims)
    for k in scalable:
        if cost is not None:
            break
        for u in steps(free[k]):
            units[k] = u
            cost = _sound(task, _shape_set(free, scale, units, variant, held), real_dims)
            if cost is not None:
                break
    if cost is None:
        return None, None
    for k in list(units):  # the weakest constraints that still let the reference run, one global at a time
        for u in [1] + steps(free[k]):
            if u >= units[k]:
                break
            trial = {**units, k: u}
            c2 = _sound(task, _shape_set(free, scale, trial, variant, held), real_dims)
            if c2 is not None:
                units, cost = trial, c2
                break
    return _shape_set(free, scale, units, variant, held), cost


def _dims(inputs) -> list[list[int]]:
    return [list(t.shape) for t in tensors_in(inputs)]


def _sound(task: Task, overrides: dict[str, Any], real_dims: list[list[int]]) -> Optional[Cost]:
    """The cost of a candidate set, or None where the reference cannot run there or a dimension degenerated."""
    try:
        inputs, model, out, flops, conv = run_on_meta(task, overrides)
    except Exception:  # noqa: BLE001 - these sizes do not fit together (a reshape, a conv that shrinks to nothing)
        return None
    outs = tensors_in(out)
    if not outs or any(t.numel() == 0 for t in outs):
        return None
    dims = _dims(inputs) + [[-1]] + _dims(outs)  # inputs, then outputs: neither may degenerate
    if len(dims) != len(real_dims) or any(len(a) != len(b) for a, b in zip(dims, real_dims)):
        return None
    if any(small <= 1 < real for a, b in zip(dims, real_dims) for small, real in zip(a, b)):
        return None
    return _meta_cost(inputs, model, out, flops, conv)


def _width_keys(task: Task, base: dict[str, Any], real_dims: list[list[int]]) -> list[str]:
    """The globals of `base` (free sizes above KEEP) that leave every input's and output's rows, and a
    convolution's steps, as they are when halved alone: widths (a hidden size, a head dimension, a row's length,
    an image's height and width), not rows."""
    here = _sound(task, base, real_dims)
    if here is None:
        return []
    out = []
    for k, v in base.items():
        if type(v) is not int or v <= KEEP or _batch(k):
            continue
        c = _sound(task, {**base, k: v // 2 | 1}, real_dims) or _sound(task, {**base, k: v // 2}, real_dims)
        if c is not None and c.rows == here.rows and c.conv_steps == here.conv_steps:
            out.append(k)
    return out


def auto_shapes(task: Task, max_bytes: float = AUTO_BYTES, max_flops: float = AUTO_FLOPS,
                count: int = 2, max_rows: float = AUTO_ROWS,
                max_conv_steps: float = AUTO_CONV_STEPS) -> list[dict[str, Any]]:
    """`count` small size sets for the file's free size globals (see the module's docstring). Raises TaskError
    with the reason where none can be found."""
    free = free_sizes(task)
    if not free:
        raise TaskError(f"{task.name}: no size globals with literal values to choose small sizes for (give --shape)")
    try:
        real_inputs, _, real_out, _, _ = run_on_meta(task)
    except Exception as e:  # noqa: BLE001
        raise TaskError(f"{task.name}: its size cannot be read on the meta device ({type(e).__name__}: "
                        f"{str(e)[:200]}); give small sizes with --shape") from None
    # no dimension of an input or an output that was larger than 1 may become 1 (a 64-channel conv judged
    # with one output channel, a 20-class head with one class)
    real_dims = _dims(real_inputs) + [[-1]] + _dims(tensors_in(real_out))
    divisors = sorted({v for k, v in free.items() if type(v) is int and 1 < v <= KEEP
                       and any(w in k.lower() for w in STRUCTURAL)}, reverse=True)
    found: list[dict[str, Any]] = []
    spare: list[tuple[float, dict[str, Any]]] = []  # sound but above the budget: the last resort below

    def over(cost: Cost) -> float:  # how far past the budget a spare set is: the cheapest comes first
        return (cost.bytes / max_bytes + cost.flops / max_flops + cost.rows / max_rows
                + cost.conv_steps / max_conv_steps)

    scale = 1.0
    previous = None
    held: dict[str, float] = {}  # the widths, once bytes and FLOPs fit: only rows are left to shrink
    for _ in range(40):
        scale /= 2
        rows_only = None  # a set within the bytes and FLOPs, not the rows or the convolution's steps
        for variant in range(count):
            cand, cost = _fitting_set(task, free, scale, variant, divisors, real_dims, held)
            if cand is None or cost is None or cand in found or cand == free:
                continue
            if cost.within(max_bytes, max_flops, max_rows, max_conv_steps):
                found.append(cand)
                continue
            if cost.within(FALLBACK * max_bytes, FALLBACK * max_flops):
                spare.append((over(cost), cand))
            if rows_only is None and not held and cost.within(max_bytes, max_flops):
                rows_only = cand
        if len(found) >= count:
            return found[:count]
        if rows_only is not None:
            # a head dimension, a row's width or an image's need not shrink for the rows or the steps to: kept at
            # this scale from here on
            held = {k: scale for k in _width_keys(task, rows_only, real_dims)}
        now = _shape_set(free, scale, {}, 0)
        if now == previous:
            break  # nothing gets smaller any more
        previous = now
    # sizes tied by more than divisibility (a LayerNorm over out_channels applied to a width that a stride-2
    # transposed conv makes equal to it): every size scaled by the same exact fraction keeps such equalities
    for cand, cost in _ratio_sets(task, free, real_dims, count):
        if cand in found:
            continue
        if cost.within(max_bytes, max_flops, max_rows, max_conv_steps):
            found.append(cand)
        elif cost.within(FALLBACK * max_bytes, FALLBACK * max_flops):
            spare.append((over(cost), cand))
    if found:
        return found[:count]
    # nothing within the budget: a size the file fixes (a literal 224x224 image in get_inputs) can keep every
    # set above it; the cheapest sets within FALLBACK times the bytes and FLOPs (what the judge takes as a
    # file's own size, sandbox/evaluate.py; their rows count in which is cheapest) still give a verdict
    spare.sort(key=lambda sc: sc[0])
    picked = [c for _, c in spare]
    picked = [c for i, c in enumerate(picked) if c not in picked[:i]]
    if picked:
        return picked[:count]
    # a size that must stay a multiple of a power of two no kept size names (a U-Net's height through four 2x2
    # poolings and back up: a multiple of 16)
    for cand, cost in _power_of_two_sets(task, free, real_dims, count):
        if cost.within(max_bytes, max_flops, max_rows, max_conv_steps):
            found.append(cand)
        elif cost.within(FALLBACK * max_bytes, FALLBACK * max_flops):
            spare.append((over(cost), cand))
        if len(found) >= count:
            break
    spare.sort(key=lambda sc: sc[0])
    picked = [c for c in found + [c for _, c in spare] if c]
    picked = [c for i, c in enumerate(picked) if c not in picked[:i]]
    if picked:
        return picked[:count]
    raise TaskError(f"{task.name}: no small sizes found at which the reference runs within "
                    f"{max_bytes / 2**20:.0f} MiB and {max_flops:.0e} FLOPs (give --shape)")


FALLBACK = 8  # where no set fits the budget: the cheapest within this many times it


def _power_of_two_sets(task: Task, free: dict[str, Any], real_dims: list[list[int]],
                       count: int) -> list[tuple[dict[str, Any], Cost]]:
    """The last resort of auto_shapes: every even free size above KEEP kept a multiple of the largest power of
    two up to 16 that divides it, then odd again one global at a time where the reference still runs so."""
    pow2 = {k: min(16, v & -v) for k, v in free.items() if type(v) is int and v > KEEP and v % 2 == 0}
    if not pow2:
        return []
    out: list[tuple[dict[str, Any], Cost]] = []
    scale, previous = 1.0, None
    for _ in range(40):
        scale /= 2
        for variant in range(count):
            units = dict(pow2)
            cost = _sound(task, _shape_set(free, scale, units, variant), real_dims)
            if cost is None:
                continue
            for k in list(units):
                trial = {**units, k: 1}
                c2 = _sound(task, _shape_set(free, scale, trial, variant), real_dims)
                if c2 is not None:
                    units, cost = trial, c2
            cand = _shape_set(free, scale, units, variant)
            if cand != free and all(cand != c for c, _ in out):
                out.append((cand, cost))
        now = _shape_set(free, scale, pow2, 0)
        if now == previous:
            break
        previous = now
    return out


def _ratio_sets(task: Task, free: dict[str, Any], real_dims: list[list[int]],
                count: int) -> list[tuple[dict[str, Any], Cost]]:
    """Up to `count` sound sets, each the largest found of its kind, with every free size above KEEP times
    1/2**k (kind 0) or 3/2**k (kind 1: not a power of two, so block sizes leave a remainder), so that sizes
    that must stay equal or in a fixed ratio stay so. Sizes the fraction does not divide are rounded down."""
    def scaled(num: int, den: int) -> dict[str, Any]:
        f = lambda e: e if e <= KEEP else max(1, e * num // den)  # noqa: E731
        return {k: type(v)(f(e) for e in v) if isinstance(v, (tuple, list)) else f(v) for k, v in free.items()}

    out: list[tuple[dict[str, Any], Cost]] = []
    for num in (1, 3)[:max(1, count)]:
        previous = None
        for k in range(1 if num == 1 else 2, 41):
            cand = scaled(num, 1 << k)
            if cand == previous:
                break
            previous = cand
            cost = _sound(task, cand, real_dims)
            if cost is not None and cost.within(FALLBACK * AUTO_BYTES, FALLBACK * AUTO_FLOPS):
                # the largest within the fallback budget; a smaller one where that fits the budget itself
                if not cost.within(AUTO_BYTES, AUTO_FLOPS):
                    smaller = scaled(num, 1 << (k + 1))
                    c2 = _sound(task, smaller, real_dims)
                    if c2 is not None and c2.within(AUTO_BYTES, AUTO_FLOPS):
                        cand, cost = smaller, c2
                out.append((cand, cost))
                break
    return out


# -- shapes the candidate has not seen ---------------------------------------------------------------------

def _shape_dicts(task: Task) -> list[dict[str, Any]]:
    return [{"name": label, **ov} for label, ov in task.shapes()]


_ELEMENT = re.compile(r"^(\w+)\[(:?)(\d+)\]$")


def _elements(overrides: dict[str, Any]) -> dict[str, Any]:
    """`overrides` with each size given as a tuple or list of ints spread into one entry per element
    (`input_shape = (4096,)` gives `input_shape[0]`: KernelBench's habit), so that each element is drawn and
    lengthened as a size of its own; one whose elements are all equal (`hidden_layer_sizes = [1024] * 12`,
    `image = (224, 224)`) stays one size, `hidden_layer_sizes[:12]`."""
    out: dict[str, Any] = {}
    for k, v in overrides.items():
        if isinstance(v, (tuple, list)) and len(v) > 1 and all(type(e) is int for e in v) and len(set(v)) == 1:
            out[f"{k}[:{len(v)}]"] = v[0]
        elif isinstance(v, (tuple, list)) and v and all(type(e) is int for e in v):
            out.update({f"{k}[{i}]": e for i, e in enumerate(v)})
        else:
            out[k] = v
    return out


def _joined(task: Task, flat: dict[str, Any]) -> dict[str, Any]:
    """The overrides `flat` stands for (the inverse of _elements): elements gathered back into the tuple or list
    the file writes."""
    out: dict[str, Any] = {}
    parts: dict[str, dict[int, Any]] = {}
    for k, v in flat.items():
        m = _ELEMENT.match(k)
        if m and m.group(2):  # all n elements at once
            parts.setdefault(m.group(1), {}).update(dict.fromkeys(range(int(m.group(3))), v))
        elif m:
            parts.setdefault(m.group(1), {})[int(m.group(3))] = v
        else:
            out[k] = v
    for name, items in parts.items():
        kind = list if isinstance(getattr(task._meta, name, None), list) else tuple
        out[name] = kind(items[i] for i in sorted(items))
    return out


def _structural(key: str) -> bool:
    """A kernel size, group or head count, block size...: a structure, not a size to vary (by name)."""
    return any(w in key.lower() for w in STRUCTURAL)


POWERS_KEPT = " (powers of two kept)"  # the label's end of unseen_shape(..., powers_kept=True)


def _power_of_two(v: int) -> bool:
    return v > 0 and v & (v - 1) == 0


def power_keys(task: Task) -> list[str]:
    """The free sizes above KEEP that are powers of two at the file's real size, the one declared last (the
    innermost: a width, a head dimension) first: the order in which twins keep them so."""
    real = _real_sizes(task)
    return [k for k in reversed(list(_elements(free_sizes(task)))) if type(v := real.get(k)) is int and v > KEEP
            and _power_of_two(v)]


def small_power_keys(task: Task) -> list[str]:
    """The small sizes (at most KEEP) the task's shapes vary, each a power of two in every shape and at its real
    size (a top-k's k of 8 and 16): the unseen shape raises one past the largest given, odd, and its twin with
    powers kept raises it as a power of two, for a kernel that can only take those (tl.topk's k)."""
    real = _real_sizes(task)
    given = [_elements(ov) for label, ov in task.shapes() if not label.endswith(POWERS_KEPT)]
    out = []
    for k in reversed(list(_elements(free_sizes(task)))):
        values = [g[k] for g in given if type(g.get(k)) is int]
        if type(v := real.get(k)) is int and v <= KEEP and _power_of_two(v) and not _structural(k) \
                and len(set(values)) > 1 and max(values) <= KEEP and all(_power_of_two(w) for w in values):
            out.append(k)
    return out


def powers_kept_twins(task: Task, overrides: dict[str, Any]) -> list[dict[str, Any]]:
    """The twins of an `auto:` size set (chosen here, not by the task), each checked only where the candidate
    declines the one before it: the first with the innermost size that is a power of two at the file's real size
    set to the largest power of two within its chosen value, each next with one more such size kept so (the
    order of power_keys), the rest as chosen. A kernel written for a power-of-two width (a whole-row block, a
    tutorial attention asserting its head dimension) is so checked with its other sizes still odd, since the file
    never asks another width of it. Twins that change nothing or where the reference does not run are left out."""
    flat, real = _elements(overrides), _real_sizes(task)
    out: list[dict[str, Any]] = []
    twin = dict(flat)
    for k in power_keys(task):
        v = twin.get(k)
        if type(v) is not int or _power_of_two(v):
            continue
        # a power of two the chosen value was scaled down from (a block of 128 chosen as 11: 16), no smaller
        # than KEEP where the file's is larger: below that a tile (tl.dot's 16) or an assert's set may not reach
        p = max(1 << (v.bit_length() - 1), min(KEEP, real[k]))
        kept = {**twin, k: p}
        # sizes chosen as multiples of this one (a hidden size of 41 blocks) stay so many of the new one
        scaled = {**kept, **{j: w // v * p for j, w in twin.items() if j != k and type(w) is int and w > v
                             and w % v == 0 and type(real.get(j)) is int and real[j] % real[k] == 0}}
        for tried in dict.fromkeys([repr(kept), repr(scaled)]):
            trial = kept if tried == repr(kept) else scaled
            joined = _joined(task, trial)
            try:
                task.check_reference_runs(joined, "a size set with powers of two kept")
            except TaskError:
                continue
            twin = trial
            out.append(joined)
            break
    return out


def unseen_shape(task: Task, seed: int, tries: int = 12, powers_kept: bool = False,
                 only: Optional[list[str]] = None) -> Optional[dict[str, Any]]:
    """One shape drawn from `seed` (the judge takes it from OS entropy, so no prompt, file or earlier run shows
    it): every size global the task's shapes set gets an odd value between the smallest and the largest they
    give it (not a multiple of 2, 4, 8 or 16), or an even one, not a multiple of 16, where every value they give
    is odd (_unlike, _evens), so a kernel without a tail, or one written for the sizes it was shown, fails. A small one they vary (at most KEEP) is drawn above the largest they give where that fits. The reference must run there, and it may cost at most what the task's largest shape does.
    A size given as a tuple (`input_shape = (4096,)`) is drawn element by element. A file without SHAPES counts
    as one shape, its own sizes. None where no such shape exists (sizes that only fit together as given).

    With `powers_kept`, the shape a kernel is checked at instead where it declines the first (raises there, as
    a kernel written for power-of-two head dimensions asserts): a size above KEEP that is a power of two in
    every shape the task gives and at its real size is drawn as a power of two within those values (the same
    one where there is one), since the task never asks another of it; every other size is drawn as above. None where no
    size is such a power, or where it would be the same shape. `only` limits the sizes kept so to those named.
    """
    import random

    rng = random.Random(seed)
    # a size set's twin with powers kept (powers_kept_twin) is not a size the task gives
    shapes = [s for s in task.shapes() if not s[0].endswith(POWERS_KEPT)] or [("default", dict(free_sizes(task)))]
    # sizes chosen for the interpreter (`auto:`) are this module's, not the task's: only the real size says
    # which sizes the task gives as powers of two
    chosen = all(label.startswith("auto:") for label, _ in shapes)
    ranges: dict[str, tuple[int, int]] = {}
    parities: dict[str, set[int]] = {}
    for _, ov in shapes:
        for k, v in _elements(ov).items():
            if type(v) is int and v > 0:
                lo, hi = ranges.get(k, (v, v))
                ranges[k] = (min(lo, v), max(hi, v))
                parities.setdefault(k, set()).add(v % 2)
    # kernel sizes, groups, heads, head dimensions, block sizes: as given (a structure, not a size)
    sizes = {k: r for k, r in ranges.items() if not _structural(k)}
    if len(shapes) == 1:
        # one shape (a file without SHAPES at its own size, one --shape): "between the sizes given" would be the
        # size itself, each draw its odd neighbour and the same on every seed, and a kernel sized for it (a
        # block of 1024 for a row of 1000, no loop) would pass. Drawn from half of it to half as much again
        # instead, within the cost allowance below
        sizes = {k: (max(KEEP + 1, hi // 2), hi + hi // 2) if hi > KEEP else (lo, hi) for k, (lo, hi) in sizes.items()}
    ranges = {k: r for k, r in sizes.items() if r[1] > KEEP}
    # a width a kernel may take as its block (above KEEP): a small count (a batch) is raised as ever, since a
    # grid capped at a power of two would otherwise never be shown more rows than that
    real = _real_sizes(task)
    powers = {k for k in ranges if powers_kept and type(real.get(k)) is int and _power_of_two(real[k])
              and (chosen or all(_power_of_two(v) for _, ov in shapes if type(v := _elements(ov).get(k)) is int))}
    # a structural size the judge scaled down for the interpreter (a block of 128 chosen as 11, a head dimension
    # of 64 as 17) is not drawn, as structures are not; its twin restores a power of two as powers_kept_twins does
    base = _elements(max(shapes, key=lambda s: sum(v for v in _elements(s[1]).values() if type(v) is int))[1])
    restored = {}
    if powers_kept and chosen:
        restored = {k: (b, max(1 << (b.bit_length() - 1), min(KEEP, real[k]))) for k in power_keys(task)
                    if k not in ranges and type(b := base.get(k)) is int and not _power_of_two(b)
                    and (only is None or k in only)}
    # a small size the shapes vary (a batch of 7 and of 3): one of them drawn past the largest given, in the
    # first `tries` tries, where the shape then costs at most 1.5 times the task's largest, so that a kernel
    # that launches a fixed number of programs (a grid of min(rows, 8), no loop) is seen leaving rows out;
    # then as many tries that keep them as given, for tasks where a larger one does not fit
    small = {k: r for k, r in sizes.items() if r[0] < r[1] <= KEEP}
    # with powers kept, one the task gives only as powers of two is raised to one as well (small_power_keys)
    small_powers = set(small_power_keys(task)) & set(small) if powers_kept else set()
    if only is not None:  # a twin of a chain (power_keys, small_power_keys): these of them only
        powers &= set(only)
        small_powers &= set(only)
    if powers_kept and not powers and not restored and not small_powers:
        return None
    if not ranges and not small:
        return None
    costs = [estimate(task, ov) for _, ov in shapes]
    limit = max((c for c in costs if c is not None), key=lambda c: c.bytes, default=None)
    # where no odd size fits (an embedding that the kept head count must divide), a second round draws each size
    # a multiple of the kept structural sizes that divide every value given it (4 heads: 68, 76, ..., never a
    # multiple of 8 more than it must be)
    kept = sorted({v for k, v in base.items() if type(v) is int and 1 < v <= KEEP and _structural(k)})
    units = {k: u for k, r in ranges.items() if k not in powers
             and (u := math.gcd(*(_unit(v, kept) for _, ov in shapes if type(v := _elements(ov).get(k)) is int)
                                or [1])) > 1}
    # a last round for sizes that must stay multiples of a larger structure (an int4 GEMM's k of its quantisation
    # group of 128): each an odd multiple of the structural sizes of the largest shape that divide it there
    structures = sorted({v for k, v in base.items() if type(v) is int and v > KEEP and _structural(k)})
    wide = {k: u for k in ranges if k not in powers and type(b := base.get(k)) is int
            and (u := _unit(b, kept + structures)) > units.get(k, 1) and u <= ranges[k][1]}
    rounds: list[dict[str, int]] = [{}] + [r for r in (units, wide) if r]
    given_twin: Optional[dict[str, Any]] = None
    for attempt in range(len(rounds) * (2 * tries if small else tries)):
        unit = rounds[attempt // (2 * tries if small else tries)]
        cand = dict(base)
        for k, (lo, hi) in ranges.items():
            if k in powers:
                cand[k] = rng.choice([1 << e for e in range(lo.bit_length() - 1, hi.bit_length())])
                continue
            if k in unit:
                u = unit[k]
                q = rng.randint(-(-lo // u), max(-(-lo // u), hi // u)) | 1  # an odd multiple: no further factor 2
                cand[k] = u * (q - 2 if u * q > hi and q > 2 else q)
                continue
            cand[k] = _unlike(rng.randint(lo, hi), parities[k], rng, least=lo, most=hi)
        raised: dict[str, tuple[int, int]] = {}
        if small and (nth := attempt % (2 * tries)) < tries:  # one of them, past the largest given
            k = rng.choice(sorted(small))
            raised = {k: small[k]}
            lo_k, hi_k = max(small[k][1] + 1, 9), max(3 * small[k][1], 33)
            # the first half past 16 (a block of 16 rows, or 32, with no loop over the rest is the usual cap),
            # then nearer the largest given try by try, where the cost allows no more
            lo_k = max(lo_k, KEEP + 1) if nth < tries // 2 else lo_k
            hi_k = max(lo_k, hi_k - (hi_k - lo_k) * nth // tries)
            if k in small_powers:
                cand[k] = rng.choice([1 << e for e in range(hi_k.bit_length() + 1) if lo_k <= 1 << e <= hi_k]
                                     or [1 << (lo_k - 1).bit_length()])
            else:
                cand[k] = rng.choice(_evens(lo_k, hi_k)) if parities[k] == {1} else rng.randint(lo_k, hi_k) | 1
        for k in small.keys() - raised.keys():  # kept within the given values: even where they are all odd
            if k in small_powers:
                cand[k] = rng.choice(sorted({v for _, ov in shapes if type(v := _elements(ov).get(k)) is int}))
            elif parities[k] == {1} and _evens(*small[k]):
                cand[k] = rng.choice(_evens(*small[k]))
            elif powers or restored or small_powers or not ranges:  # nothing else drawn: a count between those given
                cand[k] = rng.randint(*small[k])
        for k, (b, p2) in restored.items():  # sizes drawn as multiples of it stay so many of the new one
            for j, w in list(cand.items()):
                if j != k and type(w) is int and w > b and w % b == 0 and type(real.get(j)) is int \
                        and real[j] % real[k] == 0:
                    cand[j] = w // b * p2
            cand[k] = p2
        if not ranges and not raised and any(all(cand.get(k) == v for k, v in _elements(ov).items())
                                             for _, ov in shapes):
            continue
        if (powers or restored or small_powers) and any(all(cand.get(k) == v for k, v in _elements(ov).items())
                                                        for _, ov in shapes):
            # the powers drawn, the rest as one of the task's shapes: nothing unseen is left. Kept as the last
            # resort all the same: without a twin, a kernel written for power-of-two widths could not decline
            # the drawn shape, and would be rejected for a width the task never asks of it
            given_twin = given_twin or cand
            continue
        overrides = _joined(task, cand)
        try:
            task.check_reference_runs(overrides, "an unseen shape")
        except TaskError:
            continue
        cost = estimate(task, overrides)
        # a raised size multiplies the programs the interpreter runs: a small allowance beyond 1.5 times then
        # (a quarter of a million FLOPs: a decoding GEMM of 5 rows given may still be shown 17)
        slack = (1 << 18, 2.5e5) if raised else (1 << 20, 1e6)
        if limit is not None and cost is not None and not cost.within(1.5 * limit.bytes + slack[0],
                                                                        1.5 * limit.flops + slack[1]):
            continue
        label = ", ".join(f"{k}={cand[k]}" for k in {**ranges, **raised,
                                                     **(small if powers or restored or small_powers else {})})
        return {"name": f"unseen: {label}{POWERS_KEPT if powers_kept else ''}", **overrides}
    if given_twin is not None:
        label = ", ".join(f"{k}={given_twin[k]}" for k in {**ranges, **small})
        return {"name": f"unseen: {label} (a shape given){POWERS_KEPT}", **_joined(task, given_twin)}
    return None


BELOW = "below: "  # the label's start of below_shape


def _runs_on_every_family(task: Task, overrides: dict[str, Any], what: str) -> bool:
    """Whether the reference runs at `overrides` on the inputs of every value family, for real where they are
    small (an index the meta device never checks: a neighbourhood wider than a 1 x 1 image), else on meta."""
    from .loader import input_cases

    try:
        task.check_reference_runs(overrides, what)
        if task.input_bytes(overrides) > REAL_RUN_BYTES:
            return True
        import torch

        mod = task.module(overrides)
        with torch.no_grad():
            for make in input_cases(mod).values():
                torch.manual_seed(0)
                model = mod.Model(*mod.get_init_inputs())
                model(*make())
        return True
    except Exception:  # noqa: BLE001 -- the sizes do not fit together: no such shape
        return False


def _below_sizes(task: Task) -> tuple[dict[str, list[int]], dict[str, Any], list[int]]:
    """What the shapes below the sizes given start from: each free size's values over the task's shapes, the
    smallest shape's sizes, and the structural sizes kept as they are there (a group, a head count)."""
    shapes = [s for s in task.shapes() if not s[0].endswith(POWERS_KEPT)] or [("default", dict(free_sizes(task)))]
    given: dict[str, list[int]] = {}
    for _, ov in shapes:
        for k, v in _elements(ov).items():
            if type(v) is int and v > 0 and not _structural(k):
                given.setdefault(k, []).append(v)
    base = _elements(min(shapes, key=lambda s: sum(v for v in _elements(s[1]).values() if type(v) is int))[1])
    kept = sorted({v for k, v in base.items() if type(v) is int and 1 < v <= KEEP and _structural(k)})
    return given, base, kept


def below_shape(task: Task, seed: int, tries: int = 12) -> Optional[dict[str, Any]]:
    """One shape with every size the task's shapes make free drawn below the smallest value they give it (from
    `seed`, as unseen_shape's): a width above KEEP log-uniformly from 2 up (odd, so it has a tail; a multiple of
    the kept structural sizes that divide every value given, where there are such; a smaller power of two
    where the task gives it only as powers of two), a small count the shapes vary (a batch of 7 and 3) as 1.
    unseen_shape draws between the sizes given, so a path a kernel takes only for small sizes (rows narrower
    than the task's narrowest packed several to a program, a batch of one sent to a GEMV) would otherwise never
    run. The candidate may decline it (raise before answering, as a kernel for widths of 16 and up asserts so:
    judge.py declinable); a wrong answer there is wrong. None where no size can go lower, or where the reference
    does not run at any such draw."""
    import random

    rng = random.Random(seed ^ 0x5B0E)
    given, base, kept = _below_sizes(task)
    powers = {k for k in power_keys(task) if all(_power_of_two(v) for v in given.get(k, [0]))}
    lower = {k: vs for k, vs in given.items() if (min(vs) > KEEP or (min(vs) > 1 and len(set(vs)) > 1))}
    if not lower:
        return None
    for _ in range(tries):
        cand = dict(base)
        for k, vs in lower.items():
            lo = min(vs)
            if lo <= KEEP:
                cand[k] = 1
            elif k in powers:
                cand[k] = 1 << rng.randint(1, max(1, (lo - 1).bit_length() - 1))
            elif (u := math.gcd(*(_unit(v, kept) for v in vs))) > 1:
                if lo <= u:
                    continue  # no multiple of its structure below what is given
                cand[k] = u * rng.randint(1, (lo - 1) // u)
            else:
                v = int(math.exp(rng.uniform(math.log(2), math.log(lo))))
                v = min(max(v, 2), lo - 1)
                cand[k] = v | 1 if v | 1 < lo else v
        if all(cand.get(k) == base.get(k) for k in lower):
            return None
        overrides = _joined(task, cand)
        if not _runs_on_every_family(task, overrides, "a shape below the sizes given"):
            continue
        label = ", ".join(f"{k}={cand[k]}" for k in lower)
        return {"name": f"{BELOW}{label}", **overrides}
    return None


def tiny_shapes(task: Task, seed: int = 0) -> list[dict[str, Any]]:
    """Every size below_shape lowers at 2, then at 1, then at a power of two of at least 4 drawn below the
    smallest given (from `seed`; a count the shapes vary, a batch of 7 and 3, at 1 in the first two and as the
    smallest shape has it in the third; a size that must stay a multiple of a kept structural size, as it is): the narrowest rows an operator meets, a two-class softmax or
    a pair, a single feature, and the narrow power-of-two rows a kernel packs several to a program.
    below_shape's width is odd and 3 or more, so a path taken only for rows of one or two elements (a softmax
    of two logits without the max shift: NaN on large logits), or only for power-of-two widths under the
    task's (rows packed under one shared max), never ran. Declinable as below_shape's is (the same label);
    each kept only where the reference runs on every value family there, and only where it differs from the
    task's own shapes."""
    import random

    rng = random.Random(seed ^ 0x7A11)
    given, base, kept = _below_sizes(task)
    lower = {k: vs for k, vs in given.items() if (min(vs) > KEEP or (min(vs) > 1 and len(set(vs)) > 1))
             and math.gcd(*(_unit(v, kept) for v in vs)) == 1}
    out: list[dict[str, Any]] = []
    seen = [_elements(ov) for _, ov in task.shapes()]
    for width in (2, 1, 0):  # 0: a power of two from 4 up, drawn below the smallest given
        cand = dict(base)
        for k, vs in lower.items():
            lo = min(vs)
            if width == 0:  # several rows of it: a count keeps the smallest shape's value
                # no narrower than a small size every shape keeps as one value (a constant of 8 may be a
                # top-k's k, which wants rows of 8 or more)
                small = [v for key, v in base.items() if type(v) is int and 1 < v <= KEEP and key not in lower]
                least = max(2, (max(small, default=1) - 1).bit_length())
                if lo > max(KEEP, 4) and least <= (lo - 1).bit_length() - 1:
                    cand[k] = 1 << rng.randint(least, (lo - 1).bit_length() - 1)
            else:
                cand[k] = width if width and lo > KEEP and lo > width else 1
        drawn = [cand[k] for k, vs in lower.items() if width == 0 and cand[k] != base.get(k)]
        for k, vs in lower.items():
            # a small count the shapes vary (a batch of 7 and 3, a top-k's k of 8 and 16) kept at the smallest
            # shape's value, no larger than the drawn width: a k above the row's width is another operator
            if drawn and min(vs) <= max(KEEP, 4) and type(cand[k]) is int:
                cand[k] = min(cand[k], min(drawn))
        if not lower or cand in seen:
            continue
        seen.append(cand)
        overrides = _joined(task, cand)
        if _runs_on_every_family(task, overrides, "a shape of the narrowest sizes"):
            label = ", ".join(f"{k}={cand[k]}" for k in lower)
            out.append({"name": f"{BELOW}{label}", **overrides})
    return out


def one_row_shape(task: Task) -> Optional[dict[str, Any]]:
    """The task's largest shape with its first free size (the one declared first: a batch, the tokens, a
    GEMM's m) at 1: a single row of full width, as decoding one token is. below_shape lowers every size at
    once, so a path for few rows of a wide input (split along the width where the rows are too few to fill
    the GPU) would meet it only with narrow rows, where it may be right. None where that size is already 1,
    is structural, or the reference does not run there. Declinable as below_shape's is (the same label)."""
    shapes = [s for s in task.shapes() if not s[0].endswith(POWERS_KEPT)] or [("default", dict(free_sizes(task)))]
    order = [k for k in _elements(free_sizes(task)) if not _structural(k)]
    largest = _elements(max(shapes, key=lambda s: sum(v for v in _elements(s[1]).values() if type(v) is int))[1])
    first = next((k for k in order if type(largest.get(k)) is int), None)
    if first is None or largest[first] <= 1:
        return None
    cand = {**largest, first: 1}
    overrides = _joined(task, cand)
    if any(all(overrides.get(k) == v for k, v in ov.items()) for _, ov in shapes):
        return None
    if not _runs_on_every_family(task, overrides, "a single row of the largest shape"):
        return None
    rest = ", ".join(f"{k}={v}" for k, v in largest.items() if k != first and type(v) is int)
    return {"name": f"{BELOW}{first}=1" + (f" ({rest}: the largest given)" if rest else ""), **overrides}


def _unlike(v: int, given: set[int], rng, least: int = 2, most: Optional[int] = None) -> int:
    """A drawn size near `v` with a tail against block sizes: odd (not a multiple of 2, 4, 8 or 16), or, where
    every value the task's shapes give it is odd already, even and not a multiple of 16, its remainder by 16
    drawn (2, 4, ..., 14), so that a kernel wrong only at even sizes (a last pair of rows left out), or only at
    multiples of 4, is not shown odd sizes alone; then at least `least` (16 added while it is not: a size below
    the smallest the task gives may break what its shapes keep, a neighbourhood wider than the image). An odd
    one stays at most `most` (the largest given, where v is it)."""
    if given != {1}:
        return v - 1 if most is not None and v | 1 > most and v - 1 >= least else v | 1
    out = (v & ~15) + 2 * rng.randint(1, 7)
    while out < least:
        out += 16
    return out


def _evens(lo: int, hi: int) -> list[int]:
    """The even sizes from lo to hi that are not multiples of 16 (_unlike's, for a small size)."""
    return [v for v in range(lo, hi + 1) if v % 2 == 0 and v % 16]


# -- the real reduction lengths ----------------------------------------------------------------------------

# what the shape with the real reduction lengths may cost: under the interpreter the shipped causal attention
# takes about 3 s a call at 2.7e8 FLOPs (seq 2048), and a shape is called five times or more per evaluation
RANGE_BYTES = 4 * AUTO_BYTES
RANGE_FLOPS = 3e8
# what the reference may cost where it runs for real to learn about a size: where the meta device cannot run
# it, and to see which outputs a length's ends reach
REAL_RUN_BYTES = 16 << 20
PROBE_FLOPS = 1e9
SHORT = 2 * KEEP + 1  # a length whose two ends no window of at most KEEP links (reduction_globals)


def _int_sizes(task: Task, overrides: dict[str, Any]) -> dict[str, int]:
    """Every integer size global's value at `overrides`, the overrides first: probing one global holds the others,
    derived ones too (`k = n`), where they were."""
    try:
        mod = task.module(overrides)
    except TaskError:
        return {}
    # a tuple the file writes as a literal counts element by element (`input_shape[0]`); a derived one
    # (`bias_shape = (out_channels, 1, 1)`) follows its sizes
    literal = {k for k, v in free_sizes(task).items() if isinstance(v, (tuple, list))}
    found = _elements({k: getattr(mod, k) for k in size_names(task)
                       if type(getattr(mod, k, None)) is int or k in literal})
    return {**{k: v for k, v in _elements(overrides).items() if type(v) is int}, **found}


def _real_sizes(task: Task) -> dict[str, Any]:
    """The file's own value of each size global, tuples element by element (as _int_sizes gives them)."""
    return _elements({k: getattr(task._meta, k, None) for k in size_names(task)})


def _shapes_at(task: Task, overrides: dict[str, Any]) -> Optional[tuple[list[tuple], list[tuple], int]]:
    """(the shapes of the inputs then of the model's parameters and buffers, those of the outputs, how many of
    the first are inputs), or None where the reference cannot run at these sizes."""
    try:
        inputs, model, out, _, _ = run_on_meta(task, overrides)
    except Exception:  # noqa: BLE001 - sizes that do not fit together, or a forward that needs values
        try:
            inputs, model, out = _run_for_real(task, overrides)
        except Exception:  # noqa: BLE001 - sizes that do not fit together
            return None
    ins = [tuple(t.shape) for t in tensors_in(inputs)]
    return ins + [tuple(t.shape) for t in model.state_dict().values()], [tuple(t.shape) for t in tensors_in(out)], len(ins)


def _run_for_real(task: Task, overrides: dict[str, Any]):
    """(inputs, model, outputs) of the reference run on the CPU, for a forward the meta device cannot run (a
    sparse matmul); only where its inputs are small. Raises otherwise."""
    import torch

    if task.input_bytes(overrides) > REAL_RUN_BYTES:
        raise TaskError("too large to run for real")
    mod = task.module(overrides)
    with torch.no_grad():
        torch.manual_seed(0)
        model = mod.Model(*mod.get_init_inputs())
        torch.manual_seed(1)
        inputs = list(mod.get_inputs())
        return inputs, model, model(*inputs)


def _cost(task: Task, overrides: dict[str, Any]) -> Optional[Cost]:
    """estimate(), or where the meta device cannot run the reference, what a run on the CPU shows (no FLOPs:
    a forward the meta device cannot run is not counted either), where that is small enough to run."""
    cost = estimate(task, overrides)
    if cost is not None:
        return cost
    try:
        inputs, model, out = _run_for_real(task, overrides)
    except Exception:  # noqa: BLE001
        return None
    return Cost(_nbytes(inputs), _nbytes(list(model.state_dict().values())), _nbytes(out), 0.0)


def _moved(a: list[tuple], b: list[tuple]) -> Optional[list[list[int]]]:
    """Per tensor, the dimensions whose extent differs between two sets of shapes; None where the tensors or their
    ranks differ (the size changed the structure, not an extent)."""
    if len(a) != len(b) or any(len(x) != len(y) for x, y in zip(a, b)):
        return None
    return [[d for d, (p, q) in enumerate(zip(x, y)) if p != q] for x, y in zip(a, b)]


def reduction_globals(task: Task, overrides: dict[str, Any]) -> list[str]:
    """Size globals that the reference reduces, contracts or scans over at `overrides`: lengths some output
    element depends on the whole of.

    * A length of an input that is no length of any output (a matmul's K, the columns of a row-wise max, a
      conv's input channels).
    * A length that only the parameters have (an MLP's hidden width), where the outputs depend on its first or
      last index (an embedding's vocabulary is a table looked up, not a reduction).
    * A length of the outputs too, where an output at one end of it depends on the inputs at the other end (a
      softmax's or a norm's row, a scan, the keys of causal attention); an elementwise length, a stencil's or a
      pooling's, a transpose's, does not.

    A length that is at most KEEP at the real size (a kernel size, a head count) is not looped over and is not
    reported; a STRUCTURAL name above it (a head_dim of 128, a group_size of 8192) is tested like any other."""
    held = _int_sizes(task, overrides)
    here = _shapes_at(task, _joined(task, held))
    if here is None:
        return []
    reals = _real_sizes(task)
    found = []
    for k, v in held.items():
        real = reals.get(k)
        # a structural name above KEEP is a length too (a head_dim of 128, a group_size of 8192): the test decides
        if type(real) is not int or real <= max(v, KEEP):
            continue
        # a longer value that the other sizes allow, where the dependence is probed: at a task's smallest sizes
        # a window (a 7x7 neighbourhood over 7 rows) can span the whole length, and a length of 1 has one end
        moved, probe = None, None
        for other in (4 * v + 1, 4 * v, 2 * v + 1, 2 * v, real):
            there = _shapes_at(task, _joined(task, {**held, k: other}))
            if there is None or there[2] != here[2]:
                continue
            ins, outs = _moved(here[0], there[0]), _moved(here[1], there[1])
            if ins is None or outs is None:
                continue
            moved = moved or (ins, outs)
            cost = estimate(task, _joined(task, {**held, k: other}))  # the probe runs the reference for real
            if cost is None or cost.within(REAL_RUN_BYTES, PROBE_FLOPS):
                moved, probe = (ins, outs), other
                break
        if moved is None or not any(moved[0]):
            continue
        ins, outs = moved
        if (not any(outs) and any(ins[:here[2]])) or (
                probe is not None and _far_dependence(task, _joined(task, {**held, k: probe}), ins, outs)):
            found.append(k)
        elif any(outs) and SHORT not in (v, probe) and _shapes_at(task, _joined(task, {**held, k: SHORT})) and (
                _far_dependence(task, _joined(task, {**held, k: SHORT}), ins, outs)):
            # a dependence that decays along the length (a cumprod's product underflows past a few hundred
            # values, a discounted sum's weight 0.9**4001 is below fp32): seen at a short length whose ends
            # no window of at most KEEP links
            found.append(k)
    return found


def _far_dependence(task: Task, overrides: dict[str, Any], in_dims: list[list[int]],
                    out_dims: list[list[int]]) -> bool:
    """Whether the reference's output at the last index of a length (in all its output dimensions at once; an
    output without one: all of it) changes when the inputs and parameters at its first index change (in all
    their dimensions of it at once), or the output at its first index when those at its last do. Run for real
    at `overrides`, a small size; False where the reference cannot run so or is not deterministic there.
    An integer tensor (indices, CSR row pointers) takes the values of its neighbouring slice: they stay values
    the reference accepts, in the order it may rely on (a random row pointer made torch's unchecked sparse
    matmul crash the process)."""
    import torch

    try:
        mod = task.module(overrides)
        with torch.no_grad():
            torch.manual_seed(0)
            model = mod.Model(*mod.get_init_inputs())
            model.eval()
            torch.manual_seed(1)
            inputs = list(mod.get_inputs())
    except Exception:  # noqa: BLE001 - not runnable here: no evidence either way
        return False
    state = list(model.state_dict().values())
    kept = [t.clone() for t in state]

    def copy(obj):
        if isinstance(obj, torch.Tensor):
            return obj.clone()
        if isinstance(obj, (list, tuple)):
            items = [copy(o) for o in obj]
            return type(obj)(*items) if hasattr(obj, "_fields") else type(obj)(items)  # a NamedTuple by fields
        return obj

    def run(args) -> Optional[list]:
        try:
            with torch.no_grad():
                return [t.detach().clone() for t in tensors_in(model(*args))]
        except Exception:  # noqa: BLE001 - values outside what the reference accepts
            return None

    def same(a, b) -> bool:
        if a.dtype.is_floating_point or a.dtype.is_complex:
            return bool(((a == b) | (a.isnan() & b.isnan())).all())
        return bool(torch.equal(a, b))

    def end_of(t, dims: list[int], first: bool):
        for d in sorted(dims, reverse=True):
            t = t.select(d, 0 if first else t.shape[d] - 1)
        return t

    base, again = run(copy(inputs)), run(copy(inputs))
    if base is None or again is None or len(base) != len(again) or not all(map(same, base, again)):
        return False
    try:
        for first in (True, False):
            for sign in (1.0, -1.0):
                args = copy(inputs)
                with torch.no_grad():
                    for t, dims in zip(tensors_in(args) + state, in_dims):
                        for d in dims:
                            sl = t.select(d, 0 if first else t.shape[d] - 1)
                            if t.dtype == torch.bool:
                                sl.logical_not_()
                            elif t.dtype.is_floating_point:  # far beyond the values there: a max or a softmax sees it
                                sl.add_(sign * 4.0 * (float(t.abs().max()) + 1.0))
                            elif not t.dtype.is_complex and t.shape[d] > 1:
                                sl.copy_(t.select(d, 1 if first else t.shape[d] - 2))
                out = run(args)
                with torch.no_grad():
                    for t, k in zip(state, kept):
                        t.copy_(k)
                if out is None or len(out) != len(base):
                    continue
                for a, b, dims in zip(base, out, out_dims):
                    if not same(end_of(a, dims, not first), end_of(b, dims, not first)):
                        return True
    except Exception:  # noqa: BLE001 - a parameter that cannot be written in place: no evidence either way
        return False
    return False


def smallest_shape(task: Task, kept_twins: bool = False) -> dict[str, Any]:
    """The task's cheapest shape, with each integer size at the smallest value any of its shapes gives it. With
    `kept_twins`, a shape followed by its twin with powers of two kept (sizes chosen for the interpreter: a
    candidate may decline the one and be checked at the other, sandbox/judge.declinable) counts by that twin
    only: a size the judge picks from these then holds the others at values every candidate was checked at (a
    block of 16, not of 5, for a kernel that can only `tl.arange` a power of two)."""
    shapes = task.shapes()
    if kept_twins:
        shapes = [s for i, s in enumerate(shapes) if i + 1 == len(shapes) or not shapes[i + 1][0].endswith(POWERS_KEPT)]
    smallest = _elements(min(shapes, key=lambda s: (estimate(task, s[1]) or Cost(0, 0, 0, 0)).bytes)[1]) if shapes else {}
    for k in smallest:
        values = [flat[k] for flat in (_elements(ov) for _, ov in shapes) if type(flat.get(k)) is int]
        if values and type(smallest[k]) is int:
            smallest[k] = min(values)
    return _joined(task, smallest)


def _smaller(task: Task, base: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """`base` with each of its other sizes above KEEP (not in `keep`, not a STRUCTURAL one) as small as the
    reference allows, one at a time: it runs, its inputs, parameters and outputs keep their ranks, and no
    dimension that was larger than 1 becomes 1 (a 3x3 convolution keeps an output larger than one pixel)."""
    here = _shapes_at(task, _joined(task, base))
    if here is None:
        return dict(base)
    dims = here[0] + here[1]
    out = dict(base)
    for k, v in base.items():
        # a batch of 16 or fewer is no structure (it can leave the long length room: a 16 x 64 x 256 x 256 norm)
        if k in keep or type(v) is not int or (v <= KEEP and "batch" not in k.lower()) or _structural(k):
            continue
        for small in (2, 3, 5, 9, 17, 33):
            if small >= v:
                break
            there = _shapes_at(task, _joined(task, {**out, k: small}))
            if there is None or there[2] != here[2]:
                continue
            now = there[0] + there[1]
            if len(now) == len(dims) and all(len(a) == len(b) and not any(s <= 1 < r for s, r in zip(a, b))
                                              for a, b in zip(now, dims)):
                out[k] = small
                break
    return out


def range_shapes(task: Task, seed: Optional[int] = None) -> list[dict[str, Any]]:
    """range_shape, and where it leaves a reduction length at the task's smallest value (the longer ones took
    the budget: 512 of attention's 1024 keys, its head_dim of 128 left at 17), one more shape that lengthens
    only those, with the others as small as the task's shapes make them. With a `seed` (the judge's), each
    length that is a multiple of 16 at its real value is drawn a little short of it where the task asks other
    widths than powers of two (_with_tails). Where the sizes were chosen for the interpreter (a file without
    SHAPES) and such a length is a power of two, the exact length follows as a twin, checked in full only where
    the candidate declines the short one (a kernel for power-of-two rows), as the chosen sizes' twins are; and it
    always follows as a shape of its own ("exact length:"), checked in one call."""
    first, left, found, twins = _range_shape(task, seed=seed)
    second, twins2 = None, []  # type: tuple[Optional[dict[str, Any]], list[dict[str, Any]]]
    if first is not None and left:
        second, _, _, twins2 = _range_shape(task, only=set(left), found=found, seed=seed)
    return [s for s in (first, *twins, second, *twins2) if s is not None]


MID = "mid length: "  # the label's start of mid_length_shapes


def mid_length_shapes(task: Task, seed: int) -> list[dict[str, Any]]:
    """Reduction lengths between the longest a task's shapes give and the real one, drawn from `seed`: the
    shapes check a softmax at widths up to 2048 and the real-length shape at 32768, and a kernel with a path of
    its own for the widths between (one block capped at 8192 up to 16384, int16 column indices up to 65536) is
    met nowhere else. For each length range_shape lengthens, the gap from twice the longest given to half the
    real one is split in two on a log scale where it spans more than 4x, and a value is drawn log-uniformly in
    each part (a power of two where the task gives only powers of two): a path for some of the widths between
    is met at one of them with a chance that no choice of its bounds brings near zero. The other sizes are as
    range_shape holds them. Empty where no length has such a gap, or the reference does not run there."""
    import random

    first = _range_shape(task)[0]
    if first is None:
        return []
    base = _elements({k: v for k, v in first.items() if k != "name"})
    held = _int_sizes(task, _joined(task, _elements(smallest_shape(task))))
    given = [_elements(ov) for _, ov in task.shapes()]
    reals = _real_sizes(task)
    # sizes chosen for the interpreter (`auto:`) are this module's: there the real size says whether the task
    # gives a length only as a power of two (unseen_shape's rule)
    chosen = all(label.startswith("auto:") for label, _ in task.shapes())
    rng = random.Random(seed ^ 0x51D)
    parts: dict[str, list[int]] = {}
    longest: dict[str, int] = {}
    for d, v in base.items():
        values = [g[d] for g in given if type(g.get(d)) is int]
        if type(v) is not int or _structural(d) or not values or v <= held.get(d, v):
            continue
        lo, hi = 2 * max(values), v // 2
        if hi <= lo:
            continue
        longest[d] = max(values)
        middle = math.sqrt(lo * hi)
        ranges = [(lo, middle), (middle, hi)] if hi >= 4 * lo else [(lo, hi)]
        if all(_power_of_two(w) for w in values) or chosen and _power_of_two(v) and _power_of_two(reals.get(d, 0)):
            powers = [1 << k for k in range(lo.bit_length() - 1, hi.bit_length() + 1) if lo <= 1 << k <= hi]
            picks = [rng.choice([p for p in powers if a <= p <= b] or powers) for a, b in ranges] if powers else []
        else:
            picks = [int(round(math.exp(rng.uniform(math.log(a), math.log(b))))) for a, b in ranges]
        if picks:
            parts[d] = sorted(set(picks))
    out: list[dict[str, Any]] = []
    for i in range(max((len(p) for p in parts.values()), default=0)):
        mid = {d: p[min(i, len(p) - 1)] for d, p in parts.items()}
        cand = _joined(task, {**base, **mid})
        try:
            task.check_reference_runs(cand, "a length between the given ones and the real one")
        except TaskError:
            continue
        label = ", ".join(f"{d}={m} (longest given {longest[d]}, checked at {base[d]} too)" for d, m in mid.items())
        rest = ", ".join(f"{k}={v}" for k, v in _elements(cand).items() if k not in mid and type(v) is int)
        shape = {"name": f"{MID}{label}" + (f"; {rest}" if rest else ""), **cand}
        if shape not in out:
            out.append(shape)
    return out


def _with_tails(task: Task, cand: dict[str, Any], chosen: dict[str, int], held: dict[str, Any],
                seed: int) -> dict[str, int]:
    """How far short of each chosen length to check it: an odd number up to an eighth of it, so that a kernel
    walking a long row in chunks meets a last chunk that is partial (32768 = 8 x 4096 has none, and the drawn
    shapes lie below one chunk of 4096 when the task's widths do, so a kernel that masks only its one-chunk path
    would pass everything). Not for a structure, a length already without a factor of 16, or one the task gives
    only as powers of two (a kernel may be written for those); none where the reference does not run there."""
    import random

    rng = random.Random(seed ^ 0x7A11)
    given = [_elements(ov) for _, ov in task.shapes()]
    short: dict[str, int] = {}
    for d, v in chosen.items():
        values = [g[d] for g in given if type(g.get(d)) is int]
        if _structural(d) or v % 16 or not values or all(_power_of_two(w) for w in values):
            continue
        r = 2 * rng.randint(0, max(0, v // 16 - 1)) + 1
        if v - r <= held[d]:
            continue
        try:
            task.check_reference_runs(_joined(task, {**cand, d: v - r}), "a length short of the real one")
        except TaskError:
            continue
        cand[d] = v - r
        short[d] = r
    return short


def range_shape(task: Task, max_bytes: float = RANGE_BYTES, max_flops: float = RANGE_FLOPS) -> Optional[dict[str, Any]]:
    """On a CPU, the numerics and the loops of the real size: the task's reduction lengths (REDUCTION_DIMS in the
    file, else found by reduction_globals at its smallest shape) at the file's own values, with every other size
    as small as its shapes make it. The longest length goes first; each is at its real value where the shape
    still costs at most `max_bytes` and `max_flops`, else halved until it does (a "long length" shape, labelled
    with both values: `seq=2048 (real 4096)`). Where a length falls short so, the other sizes are made smaller
    still where the reference allows (_smaller), if that lets a length be longer. A dict REDUCTION_DIMS gives
    the length to check each at on a CPU, where its real one is beyond the interpreter. None where nothing is
    reduced over or no longer length fits."""
    return _range_shape(task, max_bytes, max_flops)[0]


def _range_shape(task: Task, max_bytes: float = RANGE_BYTES, max_flops: float = RANGE_FLOPS,
                 only: Optional[set[str]] = None, found: Optional[list[str]] = None, seed: Optional[int] = None,
                 ) -> tuple[Optional[dict[str, Any]], list[str], list[str], list[dict[str, Any]]]:
    """range_shape, the lengths it left at the smallest value, reduction_globals' answer at the smallest
    shape (`found`: that answer from an earlier call: the probes run the reference several times), and the
    exact shapes where a length was drawn short (range_shapes); `only`: lengthen just these."""
    if not task.shapes():
        return None, [], [], []
    smallest = _elements(smallest_shape(task))
    held = _int_sizes(task, _joined(task, smallest))
    named = getattr(task._meta, "REDUCTION_DIMS", None)
    if named is not None:  # a tuple global named there: each of its elements
        limits = dict(named) if isinstance(named, dict) else dict.fromkeys(named)
        named = {e: limits[d] for d in limits for e in held if e == d or e.startswith(f"{d}[")}
    if named is None and found is None:
        found = reduction_globals(task, _joined(task, smallest))
    dims = [d for d in (named if named is not None else found or []) if d in held]
    reals = _real_sizes(task)
    real = {d: reals[d] for d in dims if type(reals.get(d)) is int}
    wanted = {d: min(v, named[d]) if isinstance(named, dict) and type(named.get(d)) is int else v
              for d, v in real.items()}
    wanted = {d: v for d, v in wanted.items() if v > held[d] and (only is None or d in only)}
    if not wanted:
        return None, [], found or [], []

    def lengthened(base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
        cand, chosen = dict(base), {}
        for d in sorted(wanted, key=lambda d: -wanted[d]):
            v = wanted[d]
            while v > held[d]:
                trial = {**cand, d: v}
                cost = _cost(task, _joined(task, trial))
                if cost is not None and cost.within(max_bytes, max_flops):
                    try:
                        task.check_reference_runs(_joined(task, trial), "the real reduction length")
                    except TaskError:
                        pass
                    else:
                        cand, chosen[d] = trial, v
                        break
                v = (v + 1) // 2
        return cand, chosen

    cand, chosen = lengthened(smallest)
    if any(chosen.get(d, 0) < v for d, v in wanted.items()):
        # the other sizes smaller still, where that lets a length be longer: fewer outputs are checked there, so
        # only then (a matmul's fp16 rounding shows in a few of 64 x 64 outputs, maybe in none of 2 x 2)
        small_cand, small_chosen = lengthened(_smaller(task, smallest, set(dims)))
        if small_chosen != chosen and all(small_chosen.get(d, 0) >= v for d, v in chosen.items()):
            cand, chosen = small_cand, small_chosen
    if not chosen:
        return None, [], found or [], []
    exact = dict(cand)
    short = _with_tails(task, cand, chosen, held, seed) if seed is not None else {}

    def plain(k: str, v: int) -> str:
        return f"{k}={v}" if v == real[k] else f"{k}={v} (real {real[k]})"

    label = ", ".join(f"{k}={v - short[k]} ({v} less {short[k]}: a partial last block"
                      + ("" if v == real[k] else f"; real {real[k]}") + ")" if k in short else plain(k, v)
                      for k, v in chosen.items())
    kind = "real length" if all(v == real[k] for k, v in chosen.items()) else "long length"
    rest = ", ".join(f"{k}={v}" for k, v in cand.items() if k not in chosen and type(v) is int)
    shape = {"name": f"{kind}: {label}" + (f"; {rest}" if rest else ""), **_joined(task, cand)}
    twins: list[dict[str, Any]] = []
    exact_label = ", ".join(plain(k, v) for k, v in chosen.items())
    if all(lb.startswith("auto:") for lb, _ in task.shapes()) and any(_power_of_two(chosen[k]) for k in short):
        # checked in full instead of the short one where the candidate declines that (a kernel for power-of-two
        # rows); in one call below where it does not
        twins.append({"name": f"{kind}: {exact_label}" + (f"; {rest}" if rest else "") + POWERS_KEPT,
                      **_joined(task, exact)})
    if short:
        # the exact length as well, once: a kernel with a path for whole chunks only (32768 = 8 x 4096, no partial
        # last chunk) meets it nowhere else, and a wrong one there would pass (judge.py checks it in one call per
        # autotune config, as the grid shapes), a file's own width without SHAPES too (1024 = 2 x 512)
        twins.append({"name": f"exact length: {exact_label}" + (f"; {rest}" if rest else ""), **_joined(task, exact)})
    return shape, [d for d in wanted if d not in chosen], found or [], twins


def _output_sizes(task: Task, held: dict[str, int], here: tuple[list[tuple], list[tuple], int],
                  rows: bool = False) -> tuple[bool, dict[int, str]]:
    """At the sizes `held` (whose shapes are `here`): whether a size is a length of an input that no output has
    (contracted or reduced away), and for each dimension of the first output the size that alone moves it (the
    first one found: a derived size, `k = n`, follows it). Sizes of a structure, or at most KEEP at the real size,
    are not looked at, nor does one that moves an output dimension count unless it is above 2 x KEEP for real
    (a dimension worth tiling); with `rows`, every size that is no structure counts, whatever its real value (8
    sequences of 16 channels are rows like any others)."""
    reals = _real_sizes(task)
    contracted, at = False, dict[int, str]()
    for k, v in held.items():
        real = reals.get(k)
        if _structural(k) or type(real) is not int or real <= KEEP and not rows:
            continue
        there = _shapes_at(task, _joined(task, {**held, k: 2 * v + 1}))
        if there is None or there[2] != here[2]:
            continue
        ins, outs = _moved(here[0], there[0]), _moved(here[1], there[1])
        if ins is None or outs is None:
            continue
        if not any(outs) and any(ins[:here[2]]):
            contracted = True
        elif len(outs[0]) == 1 and (rows or real > 2 * KEEP):
            at.setdefault(outs[0][0], k)
    return contracted, at


# -- a grid of several tiles each way -------------------------------------------------------------------------
# the outer output size past eight tiles of 128 (a second group of the grouped launch order's usual GROUP_M = 8,
# as the real sizes have: 4096 rows are four groups), the inner one past a tile of 256: a grid of at least 9 x 3
# tiles of 128, 5 x 2 of 256, unequal counts each way (a program id read on the wrong axis shows)
WIDE = ((1024, 1152), (256, 384))


def wide_shape(task: Task, seed: int, max_bytes: float = RANGE_BYTES, max_flops: float = RANGE_FLOPS,
               ) -> Optional[dict[str, Any]]:
    """On a CPU, a grid of several tiles each way, for a task whose output a kernel tiles in two dimensions and
    that contracts a length of its inputs (a GEMM's M and N, with K): the two innermost output sizes within the
    WIDE bands (odd, drawn from `seed`; the largest power of two within the band where the task gives that size
    only as powers of two; the real size where that is smaller), every other size as small as the task's shapes
    make it, where that is a larger grid than the task's shapes give. The given, drawn and real-length shapes of
    a GEMM fit in one tile of 128 each way, where a wrong tile order (a grouped launch whose last group is taken
    as full, every group mapped onto the first, M and N swapped in the program id) never shows. An output of
    rank above three (a convolution's) is not tiled so, and costs too much there. None where no such shape fits
    `max_bytes` and `max_flops`."""
    import random

    if not task.shapes():
        return None
    held = _int_sizes(task, _joined(task, _elements(smallest_shape(task, kept_twins=True))))
    here = _shapes_at(task, _joined(task, held))
    if here is None or not here[1] or not 2 <= len(here[1][0]) <= 3:
        return None
    reals = _real_sizes(task)
    given = [_elements(ov) for _, ov in task.shapes()]
    chosen = all(label.startswith("auto:") for label, _ in task.shapes())
    contracted, at = _output_sizes(task, held, here)
    if not contracted or len(at) < 2:
        return None
    rng = random.Random(seed ^ 0x51DE)
    picked = [at[d] for d in sorted(at)[-2:]]  # outer, inner
    values = {k: [g[k] for g in given if type(g.get(k)) is int] for k in picked}
    powers = {k for k in picked if (chosen and _power_of_two(reals[k]))
              or (values[k] and all(_power_of_two(w) for w in values[k]))}
    for scale in (1, 2):  # the tiles a little smaller where the bands cost too much
        cand = dict(held)
        for k, (lo, hi) in zip(picked, WIDE):
            lo, hi = lo // scale, hi // scale
            top = min(reals[k], hi)
            if k in powers:
                cand[k] = 1 << (top.bit_length() - 1)
            else:
                cand[k] = min(top, rng.randint(lo + 1, top) | 1) if top > lo else top
        # a grid larger than any the task's shapes give (the real one, where that is smaller than the band)
        if not any(cand[k] > max([held[k], *values[k]]) for k in picked):
            continue
        shape = _checked_shape(task, "wide output", cand, picked, max_bytes, max_flops)
        if shape is not None:
            return shape
    return None


def _checked_shape(task: Task, kind: str, cand: dict[str, int], moved: list[str], max_bytes: float,
                   max_flops: float) -> Optional[dict[str, Any]]:
    """The shape `cand` named "<kind>: <moved sizes>; <the rest>", where it costs at most `max_bytes` and
    `max_flops` and the reference runs there; None where not."""
    overrides = _joined(task, cand)
    cost = _cost(task, overrides)
    if cost is None or not cost.within(max_bytes, max_flops):
        return None
    try:
        task.check_reference_runs(overrides, f"the {kind} shape")
    except TaskError:
        return None
    label = ", ".join(f"{k}={cand[k]}" for k in moved)
    rest = ", ".join(f"{k}={v}" for k, v in cand.items() if k not in moved and type(v) is int)
    return {"name": f"{kind}: {label}" + (f"; {rest}" if rest else ""), **overrides}


# -- the real range of indices -------------------------------------------------------------------------------
# An embedding's vocabulary is a table looked up, not a reduction: the sizes chosen for the interpreter shrink it
# with the rest (50,000 rows to 6,251), and the ids drawn below it with it. A kernel that narrows its ids (to
# int16: "a vocabulary always fits") is wrong only for ids past 32767, which no shape but the real one draws.
# The table costs bytes, not interpreter time (a program reads one row of it): up to INDEX_BYTES.
INDEX_BYTES = 4 * RANGE_BYTES
INDEX = "index range"


def _int_input_max(task: Task, overrides: dict[str, Any]) -> Optional[tuple[int, list[tuple]]]:
    """(the largest value of the task's integer inputs, drawn for real at `overrides` under a fixed seed, and
    their shapes), or None where there is none or the inputs cannot be drawn there."""
    import torch

    if task.input_bytes(overrides) > REAL_RUN_BYTES:
        return None
    try:
        mod = task.module(overrides)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(1)
            ints = [t for t in tensors_in(list(mod.get_inputs()))
                    if not (t.is_floating_point() or t.is_complex() or t.dtype == torch.bool)]
    except Exception:  # noqa: BLE001 - sizes that do not fit together: no evidence
        return None
    if not ints or not any(t.numel() for t in ints):
        return None
    return max(int(t.max()) for t in ints if t.numel()), [tuple(t.shape) for t in ints]


def index_range_shape(task: Task) -> Optional[dict[str, Any]]:
    """A shape at the real value of each size that bounds the values of an integer input and is the length of
    no input (an embedding's vocabulary: ids drawn below it, a table of parameters that many rows long), with
    the other sizes as small as the task's shapes make them: "index range: vocab_size=50000; ...". Found by
    drawing the inputs at the task's smallest sizes and with that size four times longer: the integer inputs
    keep their shapes and their largest value passes what the shorter size allows. None where no size does
    so, where the shapes check it at its real value already, or where the table costs more than INDEX_BYTES."""
    held = _int_sizes(task, _joined(task, _elements(smallest_shape(task))))
    reals = _real_sizes(task)
    here = _shapes_at(task, _joined(task, held))
    base = _int_input_max(task, _joined(task, held))
    if here is None or base is None:
        return None
    checked = [_elements(ov) for _, ov in task.shapes()]
    bounded = []
    for k, v in held.items():
        real = reals.get(k)
        if type(real) is not int or real <= max(v, KEEP) or any(c.get(k, v) >= real for c in checked):
            continue
        if any(v in shape for shape in here[0][:here[2]]):
            continue  # a length of an input: a reduction or an elementwise length (range_shapes, the others)
        longer = _int_input_max(task, _joined(task, {**held, k: 4 * v + 1}))
        if longer is not None and longer[1] == base[1] and base[0] < v <= longer[0]:
            bounded.append(k)
    if not bounded:
        return None
    cand = {**held, **{k: reals[k] for k in bounded}}
    # the reduction lengths at their real values too where that fits: what an integer result reaches is the
    # values' bound times the length summed over (counts below 2**20 summed over 8192: past int32 only there)
    lengths = [k for k in reduction_globals(task, _joined(task, held))
               if k not in bounded and type(reals.get(k)) is int and reals[k] > held.get(k, 0)]
    if lengths:
        both = _checked_shape(task, INDEX, {**cand, **{k: reals[k] for k in lengths}}, bounded + lengths,
                              INDEX_BYTES, RANGE_FLOPS)
        if both is not None:
            return both
    return _checked_shape(task, INDEX, cand, bounded, INDEX_BYTES, RANGE_FLOPS)


# -- more programs than a capped grid has -------------------------------------------------------------------
# a kernel with a program per row (a softmax's, a norm's) gets more than 1024 of them, one with blocks of 1024
# elements more than 256 blocks (of 256 elements, more than 1024): a grid capped at a count (256, 1024) with no
# loop over the rest leaves the tail out there, as does one capped at a few programs per SM in the 16-SM look
# (sandbox/judge.py). The given and drawn shapes of an elementwise task have a few tens of thousands of
# elements, the real ones hundreds of millions. Under the interpreter a program costs about 1-2 ms whatever its
# block: 2**18 elements are 2048 programs of 128, each config of an autotuned kernel a call (docs/measurements.md)
ROWS = (1024, 1152)
ELEMENTS = (1 << 18, (1 << 18) + (1 << 15))


def _rows(shape: tuple) -> int:
    """The rows of an output: the product of its dimensions but the last; a one-dimensional output's elements."""
    return math.prod(shape[:-1]) if len(shape) > 1 else math.prod(shape)


def many_programs_shape(task: Task, seed: int, max_bytes: float = RANGE_BYTES, max_flops: float = RANGE_FLOPS,
                        ) -> Optional[dict[str, Any]]:
    """On a CPU, more programs than a capped grid has, for a task without matmuls or convolutions (elementwise
    maps, norms, softmaxes, scans, gathers: a GEMM-like task gets a wide output instead): the product of the
    first output's dimensions but the last (its rows) within the ROWS band, raised outermost dimension first,
    and, where the last dimension is no reduction length, the whole output within the ELEMENTS band; every other
    size as small as the task's shapes make it. Odd sizes, drawn from `seed`; the least power of two past the
    band's start where the task gives a size only as powers of two; the real size where that is smaller. Where
    that costs too much, the rows alone; a one-dimensional output takes the ELEMENTS band, else the ROWS band. None
    where no such shape fits `max_bytes` and `max_flops`, runs, and gives more rows or elements than the task's
    shapes do."""
    import random

    if not task.shapes():
        return None
    held = _int_sizes(task, _joined(task, _elements(smallest_shape(task, kept_twins=True))))
    here = _shapes_at(task, _joined(task, held))
    if here is None or not here[1] or not here[1][0]:
        return None
    cost = _cost(task, _joined(task, held))
    if cost is None or cost.flops > 0:  # a matmul, a convolution: each program's share costs too much here
        return None
    _, at = _output_sizes(task, held, here, rows=True)
    if not at:
        return None
    real_out = _shapes_at(task, _joined(task, {}))  # None where only a run for real could tell: as if unbounded
    real_rows, real_n = (_rows(real_out[1][0]), math.prod(real_out[1][0])) if real_out and real_out[1] else (
        math.inf, math.inf)
    reals = _real_sizes(task)
    given = [_elements(ov) for _, ov in task.shapes()]
    chosen = all(label.startswith("auto:") for label, _ in task.shapes())
    powers = {k for k in at.values() if (chosen and _power_of_two(reals[k]))
              or (vals := [g[k] for g in given if type(g.get(k)) is int]) and all(_power_of_two(w) for w in vals)}
    reduced = set(reduction_globals(task, held))
    rng = random.Random(seed ^ 0x3A7D)

    def pick(k: str, lo: int, hi: int) -> int:
        """A value of size k in (lo, hi], odd, or the least power of two above lo; the real one where smaller."""
        top = min(reals[k], max(hi, lo + 1))
        if top <= lo:
            return top
        if k in powers:
            return min(reals[k], 1 << max(lo, 1).bit_length())
        v = rng.randint(lo + 1, top) | 1
        return v if v <= top else v - 2 if v - 2 > lo else top

    def outer(c: dict[str, int], band: tuple[int, int], dims: range, extents: tuple) -> dict[str, int]:
        """c with the sizes of `dims` raised, outermost first, until their product lies within `band`."""
        c, n = dict(c), math.prod(extents[d] for d in dims)
        for d in dims:
            k = at.get(d)
            if n > band[0] or k is None or k in reduced:
                continue
            other = n // extents[d]
            c[k] = max(c[k], pick(k, band[0] // other, band[1] // other))
            n = other * c[k]
        return c

    out = here[1][0]
    last = at.get(len(out) - 1)
    # the whole band first, then a half and a quarter of it where the inputs it takes cost too much
    bands = [(lo >> j, hi >> j) for j in range(3) for lo, hi in [ELEMENTS]]
    if len(out) == 1:
        tries = [outer(held, band, range(1), out) for band in bands + [ROWS]]
    else:
        rows = outer(held, ROWS, range(len(out) - 1), out)
        tries = [rows]
        if last is not None and last not in reduced:
            there = _shapes_at(task, _joined(task, rows))
            if there is not None and there[1] and len(there[1][0]) == len(out):
                n = math.prod(there[1][0][:-1])
                # the last dimension below the task's smallest where the rows are many (2**18 elements of 1025
                # rows of 256): the number of programs is what costs here
                tries[:0] = [{**rows, last: pick(last, lo // n, hi // n)} for lo, hi in bands]
    shown = [s[1][0] for s in (_shapes_at(task, ov) for _, ov in task.shapes()) if s is not None and s[1]]
    most_rows = max((_rows(s) for s in shown), default=0)
    most = max((math.prod(s) for s in shown), default=0)
    for cand in tries:
        overrides = _joined(task, cand)
        there = _shapes_at(task, overrides)
        if there is None or not there[1] or len(there[1][0]) != len(out):
            continue
        shape = there[1][0]
        # more programs than the task's own shapes give: past the band or the real size, where that is smaller
        m, n = _rows(shape), math.prod(shape)
        if not (most_rows < m >= min(ROWS[0] + 1, real_rows) or most < n >= min(bands[-1][0] + 1, real_n)):
            continue
        moved = [k for k in at.values() if cand[k] != held[k]]
        found = _checked_shape(task, "many programs", cand, moved, max_bytes, max_flops) if moved else None
        if found is not None:
            return found
    return None
