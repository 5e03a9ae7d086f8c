"""Find and load KernelBench-format task files (Model, get_inputs, get_init_inputs + optional metadata).

Optional module-level metadata a task file may define:
  docstring        the operator's documentation (first line = one-line summary)
  SHAPES           list of dicts (or dict name -> dict) overriding module globals such as batch_size;
                   small ones that the Triton interpreter verifies in seconds. The file's own globals
                   are the real GPU size ("default").
  TOLERANCE        {"float32": {"atol": .., "rtol": .., "rel_l2": ..}, ...} per output dtype; without an atol
                   of its own, the atol is at least the relative L2 bound times the output's RMS; fp8 and
                   int8 outputs match exactly but for rounding flips ("flips": the fraction of elements that
                   may be one step of the grid off)
  ALLOWED_TORCH_OPS  extra torch function names a candidate's forward may call as glue
  TRAINING         False: judged in eval mode where the mode changes the output (BatchNorm by its running
                   statistics); without it, as the module is built (training mode: the batch's statistics)
  flops(*inputs), bytes_moved(*inputs)   for roofline numbers
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import threading
import types
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

TASKS_ROOT = Path(__file__).resolve().parent
SUITES = ("core", "hpc", "seeds")
SOLUTION_BACKENDS = ("triton", "cuda", "cuda_ext")

DEFAULT_TOLERANCE: dict[str, dict[str, float]] = {
    "float64": {"atol": 1e-7, "rtol": 1e-7, "rel_l2": 1e-9},
    "float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5},
    "float16": {"atol": 1e-2, "rtol": 1e-2, "rel_l2": 2e-3},
    "bfloat16": {"atol": 2e-2, "rtol": 2e-2, "rel_l2": 1e-2},
}
EXACT = {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}  # integer and bool outputs must match exactly
# Quantised outputs (fp8, int8) are a value rounded onto a coarse grid: an fp32 ulp of difference before the
# rounding (the GPU's `x / scale` is div.full.f32, torch's a correctly rounded division; a fused multiply-add
# against two roundings) moves a value that sits on a midpoint of the grid to the neighbouring step. So these
# outputs match exactly except for such flips: an element one step of the grid off (the adjacent fp8 value, an
# int8 off by one) counts as a flip, and flips may be at most FLIPS of the elements; anything further off, or
# more flips, is wrong. A task whose int8 output is no quantisation sets `TOLERANCE = {"int8": {"flips": 0}}`.
FLIPS = 5e-3
QUANTISED = {"float8_e4m3fn": {"atol": 0.0, "rtol": 0.0, "rel_l2": 1e-2, "flips": FLIPS},
             "float8_e5m2": {"atol": 0.0, "rtol": 0.0, "rel_l2": 2e-2, "flips": FLIPS},
             "float8_e4m3fnuz": {"atol": 0.0, "rtol": 0.0, "rel_l2": 1e-2, "flips": FLIPS},
             "float8_e5m2fnuz": {"atol": 0.0, "rtol": 0.0, "rel_l2": 2e-2, "flips": FLIPS},
             "int8": {**EXACT, "flips": FLIPS}}  # uint8 stays exact: bytes of packed bits, where one off is wrong
# Without an atol of its own for a dtype, a task's atol grows to its relative L2 bound times the output's RMS
# where that is larger: an output element near zero that ends a long sum (a cumsum of 4,000 values of about 1,
# whose partial sums reach 50) carries the rounding of those partial sums, about 1e-4 in fp32 whatever order
# adds them, which an absolute 1e-4 calls wrong. So no element may be further off than the relative L2 bound
# allows the whole output on average; rtol and the relative L2 bound stay as they are.
SCALED_ATOL = "atol_scaled"


def is_size(v) -> bool:
    """A value that sets a size: a number, or a non-empty tuple or list of numbers."""
    return type(v) in (int, float) or isinstance(v, (tuple, list)) and len(v) > 0 and \
        all(type(e) in (int, float) for e in v)


TYPICAL = "typical"
# the judge's own value family, for every task: get_inputs' values with about one in eight of each mixed-sign
# floating tensor's elements set to exactly 0.0 (what activations after a ReLU, padding and pruned weights are full
# of, and what random normals never give). A task switches it off with `EXACT_ZEROS = False`
EXACT_ZEROS = "exact_zeros"
ZERO_SHARE = 0.125


def input_cases(mod: types.ModuleType) -> dict[str, Callable[[], Any]]:
    """The value families a task's inputs are drawn from: "typical" (get_inputs) and the task's INPUT_CASES, a
    dict of family name -> a function like get_inputs (same inputs, shapes and dtypes, at any size) whose values
    reach what the operator must survive (large logits, near-ties, all-negative rows...)."""
    cases: dict[str, Callable[[], Any]] = {TYPICAL: mod.get_inputs}
    declared = getattr(mod, "INPUT_CASES", None)
    if declared is None:
        return cases
    if not isinstance(declared, dict):
        raise TaskError(f"INPUT_CASES must be a dict of family name -> function returning the inputs, got "
                        f"{type(declared).__name__}")
    for name, fn in declared.items():
        if not isinstance(name, str) or not name.isidentifier() or name == TYPICAL:
            raise TaskError(f"INPUT_CASES: {name!r} is not a usable family name (a Python identifier other than "
                            f"{TYPICAL!r}, which is get_inputs)")
        if not callable(fn):
            raise TaskError(f"INPUT_CASES[{name!r}] must be a function returning the inputs like get_inputs")
        cases[name] = fn
    return cases


def draw_inputs(mod: types.ModuleType, device: str, seed: int, case: str = TYPICAL, zero_rows: bool = False,
                zero_also: Iterable[int] = (), zero_signed: bool = False) -> list:
    """The inputs of value family `case` (get_inputs() for "typical") with `seed`, drawn on `device` directly
    where the generator allows: on a GPU the host's random generator takes seconds per real-size input. A
    generator that mixes devices or needs host values is run again on the host, from the same seed.
    `zero_rows`, `zero_also`, `zero_signed`: with_exact_zeros' options, for EXACT_ZEROS."""
    import torch

    if case == EXACT_ZEROS:
        return with_exact_zeros(draw_inputs(mod, device, seed, TYPICAL), rows=zero_rows, also=zero_also,
                                signed=zero_signed)
    get = input_cases(mod)[case]
    if torch.device(device).type != "cpu":
        torch.manual_seed(seed)
        try:
            with torch.device(device):
                return list(get())
        except Exception:  # noqa: BLE001 - the host is always right for a KernelBench generator
            pass
    torch.manual_seed(seed)
    return list(get())


def value_families(mod: types.ModuleType) -> list[str]:
    """The families the judge draws a task's inputs from: the task's (input_cases), and EXACT_ZEROS unless the
    task says `EXACT_ZEROS = False` (an operator whose inputs are never zero, or whose output order on ties is
    its own, such as an argsort's indices)."""
    return list(input_cases(mod)) + ([EXACT_ZEROS] if exact_zeros_on(mod) else [])


def signed_args(mod, name: str = "SIGNED_ARGS") -> set[int]:
    """The positions of forward's plain arguments (in get_inputs' order) that the task file says may take either
    sign, `SIGNED_ARGS = (1,)`: a roll's shift, an alpha that may be negative; with `name` SIGNED_INIT_ARGS,
    those of the constructor's (in get_init_inputs' order). The judge gives those the other sign too; any other
    plain argument keeps the sign the task gives it (a position, a length, a softmax scale, where the other
    sign is not an input at all)."""
    given = getattr(mod, name, ())
    return {i for i in given if type(i) is int} if isinstance(given, (tuple, list, set, frozenset)) else set()


def exact_zeros_on(mod) -> bool:
    """Whether the judge draws a task's inputs from EXACT_ZEROS too: unless the file says `EXACT_ZEROS = False`."""
    return getattr(mod, "EXACT_ZEROS", True) is not False


def with_exact_zeros(values: list, rows: bool = False, also: Iterable[int] = (), signed: bool = False) -> list:
    """`values` with about ZERO_SHARE of the elements of each floating tensor that holds values of both signs
    (activations, not a positive scale, variance or probability) set to 0.0 in place (with `signed`, a zero of
    the replaced value's sign: -0.0 for a negative one, _fill_zeros), at places drawn from the
    generator's current state (draw_inputs seeded it). Tensors whose elements share memory (expanded views) are
    left as they are. The judge widens it where the reference's output stays as finite (judge.plan_zeros):
    `also`, the positions of one-signed tensors zeroed the same way (a probability that is exactly 0: a one-hot
    or top-k target); `rows`, one whole row (a slice along the last dimension: a padding token, a dead
    feature map) of each tensor of two or more dimensions zeroed besides, drawn after the scattered zeros, so
    the rest is the same draw with or without it."""
    import torch

    also = set(also)
    zeroed = []
    # a triangular or symmetric matrix stays one (structured_like): a kernel may read half of it
    shaped = {i: v.clone() for i, v in enumerate(values) if matrix_structure(v) is not None}
    with torch.no_grad():
        for i, v in enumerate(values):
            if not (isinstance(v, torch.Tensor) and v.is_floating_point() and v.numel() >= 16
                    and v.device.type != "meta"):
                continue
            if torch._debug_has_internal_overlap(v) != 0:  # an expanded view: its elements share memory
                continue
            wide = comparable(v)
            if _two_values(wide):  # signs (+-1) or a mask: a zero is none of its values
                continue
            if sorted_rows(wide):
                # a sorted table (bucket boundaries, offsets on a grid): zeros scattered would unsort it, so the
                # value of each row nearest zero is made zero where the row holds both signs (order kept)
                if bool((wide < 0).any()) and bool((wide > 0).any()):
                    nearest = wide.abs().argmin(dim=-1, keepdim=True)
                    where = torch.zeros(v.shape, dtype=torch.bool, device=v.device)
                    where.scatter_(-1, nearest, True)
                    row_mixed = ((wide < 0).any(dim=-1, keepdim=True) & (wide > 0).any(dim=-1, keepdim=True))
                    _fill_zeros(v, wide, where & row_mixed, signed)
                continue
            if bool((wide < 0).any()) and bool((wide > 0).any()) or i in also:
                _fill_zeros(v, wide, torch.rand(v.shape, device=v.device) < ZERO_SHARE, signed)
                zeroed.append(v)
        for v in zeroed if rows else ():
            if v.dim() >= 2:
                where = torch.zeros(v.shape, dtype=torch.bool, device=v.device)
                where[tuple(int(torch.randint(n, ())) for n in v.shape[:-1])] = True
                _fill_zeros(v, comparable(v), where, signed)
        for i, before in shaped.items():
            structured_like(before, values[i])
    return values


def _two_values(t) -> bool:
    """Every element one of two values, both present (random signs, a 0/1 or 0/-inf mask)."""
    flat = t.reshape(-1)
    other = flat[flat != flat[0]]
    return other.numel() > 0 and bool(((flat == flat[0]) | (flat == other[0])).all())


def sorted_rows(t) -> bool:
    """Every slice along the last dimension sorted one way or the other (a random draw never is)."""
    import torch

    if t.dim() == 0 or t.shape[-1] < 2 or t.dtype == torch.bool:
        return False
    t = comparable(t)  # fp8 has no arithmetic of its own
    step = t[..., 1:] - t[..., :-1]
    return bool((step >= 0).all()) or bool((step <= 0).all())


def matrix_structure(t) -> str | None:
    """How every square matrix of a floating tensor (its last two dimensions, 2 x 2 or larger) is built:
    "lower" or "upper" (triangular: zero above, or below, the diagonal), "diagonal", "symmetric"; None for
    anything else (a random draw is none of these). A task whose get_inputs draws such matrices (a triangular
    or symmetric matmul) may be solved by a kernel that reads half of each: the judge's changes to a drawn
    input keep its structure (structured_like)."""
    import torch

    if not (isinstance(t, torch.Tensor) and t.is_floating_point() and t.dim() >= 2 and t.shape[-1] == t.shape[-2]
            and t.shape[-1] >= 2 and t.device.type != "meta"):
        return None
    w = comparable(t)
    above = torch.ones(w.shape[-1], w.shape[-1], dtype=torch.bool, device=w.device).triu(1)
    upper, lower = w[..., above], w.mT[..., above]
    zero_above, zero_below = bool((upper == 0).all()), bool((lower == 0).all())
    # a matrix of one value (zeros, a state not yet filled) is no structure, nor is a diagonal of zeros
    if zero_above and zero_below:
        return "diagonal" if bool((torch.diagonal(w, dim1=-2, dim2=-1) != 0).any()) else None
    if zero_above or zero_below:
        return "lower" if zero_above else "upper"
    return "symmetric" if torch.equal(w, w.mT) and bool((w != w.reshape(-1)[0]).any()) else None


def structured_like(base, changed) -> None:
    """`changed`, the judge's change of the input `base` (zeros put in, elements or rows moved or swapped, in a
    layout of its own), given back in place the structure of `base`'s matrices (matrix_structure): base's
    values where its matrices are zero by construction; in a symmetric one each changed element mirrored (the
    one below the diagonal where both of a pair changed). Anything else is left as it is."""
    import torch

    kind = matrix_structure(base)
    if kind is None or not isinstance(changed, torch.Tensor) or changed.shape != base.shape \
            or changed.dtype != base.dtype:
        return
    base = base.to(changed.device)
    n = base.shape[-1]
    lower = torch.ones(n, n, dtype=torch.bool, device=changed.device).tril()
    with torch.no_grad():
        if kind != "symmetric":
            keep = {"lower": lower, "upper": lower.mT, "diagonal": lower & lower.mT}[kind]
            changed.copy_(torch.where(keep, changed, base))
            return
        moved = comparable(changed) != comparable(base)
        mirrored = torch.where(moved, changed, torch.where(moved.mT, changed.mT, changed))
        changed.copy_(torch.where(lower, mirrored, mirrored.mT))


def comparable(t):
    """`t`, or for an fp8 tensor its values in fp16, which holds every fp8 value: fp8 has no comparisons, fills
    or isfinite of its own."""
    import torch

    return t.to(torch.float16) if t.element_size() == 1 else t


def _fill_zeros(v, wide, where, signed: bool = False) -> None:
    """0.0 into `v` where `where` is set (through `wide`, fp16, for an fp8 tensor); with `signed`, a zero of the
    sign of the value it replaces, -0.0 for a negative one, as `x * mask`, dropout, an underflow or the rounding
    of a small negative leave it (the judge asks for it where the reference's values depend on it:
    judge.plan_zeros)."""
    import torch

    if signed:
        zeros = torch.where(torch.signbit(wide), torch.tensor(-0.0, dtype=wide.dtype, device=wide.device),
                            torch.tensor(0.0, dtype=wide.dtype, device=wide.device))
        v.copy_(torch.where(where, zeros, wide))
    elif wide is v:
        v.masked_fill_(where, 0.0)
    else:
        v.copy_(wide.masked_fill_(where, 0.0))


def tensors_in(obj) -> list:
    """Every tensor inside nested lists/tuples (inputs and outputs may be either)."""
    import torch

    if isinstance(obj, torch.Tensor):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [t for o in obj for t in tensors_in(o)]
    return []


_META_LOCK = threading.RLock()


@contextlib.contextmanager
def on_meta():
    """Tensors made on the meta device (shapes and dtypes, no memory). torch.distributions checks its
    parameters' values (`.item()`), which meta tensors cannot give, so that check is off meanwhile:
    KernelBench draws inputs from Pareto and friends at sizes of gigabytes, which were otherwise made for real
    just to learn their size."""
    import torch
    from torch.distributions import Distribution

    with _META_LOCK:  # the switch is process-wide: evaluations in threads (a local pool) take turns here
        validate = Distribution._validate_args
        Distribution.set_default_validate_args(False)
        try:
            with torch.device("meta"):
                yield
        finally:
            Distribution.set_default_validate_args(validate)


_OVERRIDES = "__kernelpilot_overrides__"


def _with_overrides(source: str, filename: str, overrides: dict[str, Any]):
    """The file compiled so that right after each top-level statement that assigns an overridden name
    (`dim = 1000`, `height = width = 256`, `h, w = 256, 256`) the name takes the override: globals computed
    from it further down follow. Returns the code and the names so handled (line numbers unchanged)."""
    if not overrides:
        return compile(source, filename, "exec"), set()
    tree = ast.parse(source, filename)
    assigned: set[str] = set()

    def names(target: ast.AST) -> list[str]:
        if isinstance(target, ast.Name):
            return [target.id]
        return [n for e in getattr(target, "elts", []) for n in names(e)]

    body = []
    for node in tree.body:
        body.append(node)
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for name in dict.fromkeys(n for t in targets for n in names(t) if n in overrides):
            assigned.add(name)
            body.append(ast.copy_location(ast.Assign(
                targets=[ast.Name(name, ast.Store())],
                value=ast.Subscript(value=ast.Name(_OVERRIDES, ast.Load()), slice=ast.Constant(name), ctx=ast.Load())),
                node))
    tree.body = body
    return compile(ast.fix_missing_locations(tree), filename, "exec"), assigned


def bindings(tree: ast.Module) -> list[tuple[list[ast.expr], ast.expr]]:
    """The module's top-level assignments as (targets, value): `dim = 1`, `h = w = 2`, `h, w = 3, 4`, and an
    annotated one with a value (`dim: int = 1`, as a typed file writes its sizes)."""
    out = []
    for n in tree.body:
        if isinstance(n, ast.Assign):
            out.append((list(n.targets), n.value))
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            out.append(([n.target], n.value))
    return out


class TaskError(Exception):
    """A task name or file that cannot be used; the message is meant for the user."""


@dataclass
class Task:
    name: str
    path: Path
    suite: str = ""
    source: str = field(default="", repr=False)
    # sizes given on the command line (`eval --shape`), in place of the file's SHAPES
    shape_overrides: Optional[list[dict[str, Any]]] = None

    # -- static facts, read without executing the file ---------------------------------
    @cached_property
    def doc(self) -> str:
        """The module's docstring; for a plain KernelBench file (which documents its class instead), Model's."""
        try:
            tree = ast.parse(self.source)
        except SyntaxError:
            return ""
        model = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Model"), None)
        return ast.get_docstring(tree) or (model and ast.get_docstring(model)) or ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    @property
    def source_hash(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()[:16]

    # -- executing the file -------------------------------------------------------------
    def module(self, overrides: Optional[dict[str, Any]] = None) -> types.ModuleType:
        """A fresh instance of the task module, with SHAPES overrides applied to its globals.

        An override takes the place of the global's own assignment while the file runs, so globals derived from
        it follow (`bias_shape = (out_channels, 1, 1)` after `out_channels` is overridden); an overridden name
        the file never assigns at its top level is set after it ran. Where no CUDA device exists, the file's
        `.cuda()` and `device="cuda"` mean the host (sandbox/devices.py): a KernelBench file written for a GPU
        still gives the CPU verdict."""
        mod = types.ModuleType(f"kernelpilot_task_{self.name}")
        mod.__file__ = str(self.path)
        code, assigned = _with_overrides(self.source, str(self.path), overrides or {})
        mod.__dict__[_OVERRIDES] = dict(overrides or {})
        try:
            exec(code, mod.__dict__)
        except Exception as e:  # a broken task file is the user's input error, not a candidate failure
            raise TaskError(f"task file {self.path} failed to load: {type(e).__name__}: {e}") from e
        finally:
            mod.__dict__.pop(_OVERRIDES, None)
        for attr in ("Model", "get_inputs", "get_init_inputs"):
            if not hasattr(mod, attr):
                raise TaskError(f"task file {self.path} has no `{attr}` (KernelBench format needs Model, get_inputs, get_init_inputs)")
        if not isinstance(mod.__dict__.get("TRAINING", False), bool):
            raise TaskError(f"task file {self.path}: TRAINING must be True or False, not {mod.__dict__['TRAINING']!r}")
        mod.__dict__.update({k: v for k, v in (overrides or {}).items() if k not in assigned})
        if "cuda" in self.source:
            from .devices import host_for_cuda_where_none

            host_for_cuda_where_none(mod)
        return mod

    @cached_property
    def _meta(self) -> types.ModuleType:
        return self.module()

    def shapes(self) -> list[tuple[str, dict[str, Any]]]:
        """SHAPES entries as (name, overrides); the file's own globals are ("default", {})."""
        raw = self.shape_overrides if self.shape_overrides is not None else getattr(self._meta, "SHAPES", None)
        if raw is None:
            return []
        items = raw.items() if isinstance(raw, dict) else ((None, s) for s in raw)
        out = []
        for i, (name, ov) in enumerate(items):
            if not isinstance(ov, dict):
                raise TaskError(f"task {self.name}: SHAPES entries must be dicts of global overrides, got {ov!r}")
            ov = dict(ov)
            label = name or ov.pop("name", None) or ",".join(f"{k}={v}" for k, v in ov.items()) or f"shape{i}"
            out.append((str(label), ov))
        return out

    def input_cases(self) -> list[str]:
        """The names of the value families the judge draws its inputs from, "typical" first (value_families)."""
        return value_families(self._meta)

    def check_input_cases(self) -> None:
        """TaskError where a family of INPUT_CASES is not get_inputs' twin (the same inputs, shapes and dtypes)
        at the sizes the task is checked at: a family must change values, never the operator's signature."""
        import torch

        if len(input_cases(self._meta)) == 1:
            return
        for label, overrides in self.shapes() or [("default", {})]:
            mod = self.module(overrides)

            def signature(get) -> list:
                # drawn for real at the sizes listed to check (small by design: the first meta-device draw
                # of a process costs a second of imports), on the meta device at the file's own size
                values = None
                if not overrides:
                    try:
                        with on_meta():
                            values = list(get())
                    except Exception:  # noqa: BLE001 - a generator that needs values: run it where that is cheap
                        if self.input_bytes(overrides) > 64 << 20:
                            return []
                if values is None:
                    torch.manual_seed(0)
                    values = list(get())
                return [(tuple(v.shape), str(v.dtype).removeprefix("torch.")) if isinstance(v, torch.Tensor)
                        else type(v).__name__ for v in values]

            cases = input_cases(mod)
            typical = signature(cases.pop(TYPICAL))
            for name, get in cases.items():
                try:
                    got = signature(get)
                except Exception as e:  # noqa: BLE001 - the task file's error, named as such
                    raise TaskError(f"task {self.name}: INPUT_CASES[{name!r}] fails at shape {label}: "
                                    f"{type(e).__name__}: {e}") from e
                if typical and got and got != typical:
                    raise TaskError(f"task {self.name}: INPUT_CASES[{name!r}] at shape {label} returns {got}, but "
                                    f"get_inputs returns {typical}; a value family must keep the inputs' count, "
                                    "shapes and dtypes")

    def size_globals(self) -> list[str]:
        """Its top-level lowercase names bound to a number or a tuple of numbers (batch_size, dim, input_shape,
        ...): what sets a plain KernelBench file's size, in the order the file defines them."""
        try:
            tree = ast.parse(self.source)
        except SyntaxError:
            return []
        names = []
        for targets, _ in bindings(tree):  # dim = 1; h = w = 2; h, w = 3, 4; dim: int = 1
            for t in targets:
                names += [t.id] if isinstance(t, ast.Name) else [e.id for e in getattr(t, "elts", []) if isinstance(e, ast.Name)]

        return [k for k in names if k.islower() and not k.startswith("_") and is_size(getattr(self._meta, k, None))]

    def with_shapes(self, texts: list[str]) -> Task:
        """This task with the sizes of `--shape` options ("batch_size=64, input_shape=(1000,)") in place of its
        SHAPES. Each name must be a global of the file, so that a typo is an error rather than an ignored size."""
        shapes = []
        for text in texts:
            if text.strip() == "auto":  # small sizes chosen for the interpreter (tasks/sizes.py)
                from .sizes import auto_shapes

                shapes += [{"name": "auto: " + ", ".join(f"{k}={v}" for k, v in s.items()), **s}
                           for s in auto_shapes(self)]
                continue
            try:
                call = ast.parse(f"dict({text})", mode="eval").body
            except SyntaxError:
                call = None
            if not isinstance(call, ast.Call) or call.args or any(k.arg is None for k in call.keywords):
                raise TaskError(f"--shape {text!r}: expected name=value pairs, e.g. \"batch_size=64, dim=1000\"")
            shape: dict[str, Any] = {}
            for k in call.keywords:
                assert k.arg is not None  # **kwargs was refused above
                try:
                    shape[k.arg] = ast.literal_eval(k.value)
                except ValueError:
                    raise TaskError(f"--shape {text!r}: the value of {k.arg} is not a Python literal (a number, a "
                                    "tuple, a string)") from None
            unknown = [k for k in shape if k.startswith("_") or not hasattr(self._meta, k)]
            if unknown or not shape:
                from .sizes import size_names

                sized = size_names(self)  # upper-case ones too (M, K, N)
                what = f"the task file has no global {unknown[0]!r}" if unknown else "no sizes given"
                raise TaskError(f"--shape {text!r}: {what} (its size globals: {', '.join(sized) or 'none'})")
            self.check_reference_runs(shape, f"--shape {text!r}")
            shapes.append(shape)
        return self.with_shape_dicts(shapes)

    def check_reference_runs(self, overrides: dict[str, Any], what: str) -> None:
        """TaskError naming the sizes where the reference cannot run at them (sizes that do not fit together:
        a conv's groups, a reshape). Read on the meta device; where the file needs real values, run for real
        if the inputs are small, else trust the sizes."""
        from .sizes import run_on_meta

        try:
            run_on_meta(self, overrides)
            return
        except TaskError:
            raise
        except Exception:  # noqa: BLE001 - not runnable on meta: try it for real below where that is cheap
            pass
        try:
            if self.input_bytes(overrides) > 64 << 20:
                return
            import torch

            mod = self.module(overrides)
            torch.manual_seed(0)
            with torch.no_grad():
                mod.Model(*mod.get_init_inputs())(*mod.get_inputs())
        except TaskError:
            raise
        except Exception as e:  # noqa: BLE001 - the reference's own failure at these sizes is the user's error
            raise TaskError(f"the reference does not run at {what}: {type(e).__name__}: {str(e)[:300]} (sizes that "
                            f"do not fit together? the file's size globals: {', '.join(self.size_globals())})") from None

    def with_shape_dicts(self, shapes: list[dict[str, Any]]) -> Task:
        """This task checked at `shapes` (dicts of global overrides, an optional "name" labels one)."""
        task = Task(self.name, self.path, self.suite, self.source, shapes)
        task.shapes()  # a bad value type shows up here, as the user's error
        return task

    def tolerance(self, dtype_name: str) -> dict[str, float]:
        if dtype_name in QUANTISED:
            base = dict(QUANTISED[dtype_name])
        elif dtype_name.startswith(("int", "uint", "bool")):
            base = dict(EXACT)
        else:
            base = dict(DEFAULT_TOLERANCE.get(dtype_name, DEFAULT_TOLERANCE["float32"]))
        custom = (getattr(self._meta, "TOLERANCE", None) or {}).get(dtype_name, {})
        if base["atol"] and "atol" not in custom:
            base[SCALED_ATOL] = 1.0  # see SCALED_ATOL: a task that sets atol means it as written
        base.update(custom)
        return base

    @property
    def training(self) -> Optional[bool]:
        """The file's TRAINING: whether forward is judged in training mode where that changes the reference's
        output (False: as deployed, BatchNorm by its running statistics); None, as the module is built
        (judge.note_training_ignored)."""
        return getattr(self._meta, "TRAINING", None)

    @property
    def allowed_torch_ops(self) -> list[str]:
        return list(getattr(self._meta, "ALLOWED_TORCH_OPS", []) or [])

    def solutions(self) -> dict[str, Path]:
        """Reference solutions shipped next to a suite task: solutions/<name>_<backend>.py."""
        d = self.path.parent / "solutions"
        # exact names only: `matmul` must not pick up matmul_tall_skinny_triton.py
        return {b: d / f"{self.name}_{b}.py" for b in SOLUTION_BACKENDS if (d / f"{self.name}_{b}.py").is_file()}

    def meta_inputs(self, overrides: Optional[dict[str, Any]] = None, mod: Optional[types.ModuleType] = None) -> list:
        """get_inputs() on the meta device: shapes and dtypes at any size without allocating; falls back to
        real tensors when the generator needs values (e.g. building a CSR structure)."""
        import torch

        mod = mod or self.module(overrides)
        try:
            with on_meta():
                return list(mod.get_inputs())
        except Exception:  # noqa: BLE001 - data-dependent generators cannot run on meta tensors
            torch.manual_seed(0)
            return list(mod.get_inputs())

    def input_bytes(self, overrides: Optional[dict[str, Any]] = None) -> int:
        return sum(t.numel() * t.element_size() for t in tensors_in(self.meta_inputs(overrides)))

    def meta_outputs(self, overrides: Optional[dict[str, Any]] = None) -> Any:
        """The reference's outputs from a forward on the meta device (nothing allocated); raises where the model
        needs real values (an op without a meta kernel, a data-dependent shape)."""
        import torch

        mod = self.module(overrides)
        with on_meta(), torch.no_grad():
            return mod.Model(*mod.get_init_inputs())(*mod.get_inputs())

    def output_bytes(self, overrides: Optional[dict[str, Any]] = None) -> Optional[int]:
        """Bytes of the reference's outputs at a size (meta_outputs); None where that is not knowable."""
        try:
            out = self.meta_outputs(overrides)
        except Exception:  # noqa: BLE001 - any failure means: not knowable without running it
            return None
        return sum(t.numel() * t.element_size() for t in tensors_in(out))

    def roofline_counts(self, overrides: Optional[dict[str, Any]] = None) -> Optional[tuple[float, float]]:
        """(flops, bytes) at a size, from the task's flops()/bytes_moved() on meta tensors (no memory used)."""
        mod = self.module(overrides)
        if not (hasattr(mod, "flops") and hasattr(mod, "bytes_moved")):
            return None
        inputs = self.meta_inputs(mod=mod)
        return float(mod.flops(*inputs)), float(mod.bytes_moved(*inputs))


def _suite_files() -> list[tuple[str, Path]]:
    return [(s, p) for s in SUITES for p in sorted((TASKS_ROOT / s).glob("*.py")) if not p.name.startswith("_")]


def list_tasks(suite: Optional[str] = None) -> list[Task]:
    if suite is not None and suite not in SUITES:
        raise TaskError(f"unknown suite {suite!r}; suites: {', '.join(SUITES)}")
    return [Task(p.stem, p, s, p.read_text()) for s, p in _suite_files() if suite in (None, s)]


def list_folder(folder: str | Path, pattern: str = "*") -> list[Task]:
    """Every KernelBench-format file in a folder (KernelBench's `level1/` as it is), by file name; `pattern` is a
    glob on the name without `.py` (`"1*_*"`, `"*Softmax*"`). Files that do not parse are the caller's to report
    (Task.module raises TaskError when they are used), so one bad file never hides the others."""
    import fnmatch

    d = Path(folder)
    if not d.is_dir():
        raise TaskError(f"--suite-dir {folder}: not a folder")
    files = sorted((p for p in d.glob("*.py") if not p.name.startswith("_") and fnmatch.fnmatch(p.stem, pattern)),
                   key=_problem_order)
    if not files:
        raise TaskError(f"--suite-dir {folder}: no .py files" + (f" matching {pattern!r}" if pattern != "*" else ""))
    tasks = []
    for p in files:
        try:
            src = p.read_text()
        except (OSError, UnicodeDecodeError):
            src = ""
        tasks.append(Task(p.stem, p.resolve(), "", src))
    return tasks


def _problem_order(p: Path) -> tuple:
    """KernelBench names start with the problem number (`19_ReLU.py`): 2 before 10."""
    head = p.stem.split("_", 1)[0]
    return (int(head), p.stem) if head.isdigit() else (1 << 30, p.stem)


def load_task(ref: str | Path) -> Task:
    """A suite task by name, or any KernelBench-format file by path."""
    ref_s = str(ref)
    p = Path(ref_s)
    if ref_s.endswith(".py") or p.exists() or "/" in ref_s:
        if not p.is_file():
            raise TaskError(f"task file not found: {ref_s}")
        try:
            src = p.read_text()
        except (OSError, UnicodeDecodeError) as e:
            raise TaskError(f"cannot read task file {ref_s}: {e}") from e
        try:
            ast.parse(src)
        except SyntaxError as e:
            raise TaskError(f"task file {ref_s} is not valid Python: line {e.lineno}: {e.msg}") from e
        return Task(p.stem, p.resolve(), "", src)
    for s, path in _suite_files():
        if path.stem == ref_s:
            return Task(path.stem, path, s, path.read_text())
    names = sorted(path.stem for _, path in _suite_files())
    close = [n for n in names if ref_s.lower() in n.lower()]
    hint = f" (did you mean: {', '.join(close[:5])}?)" if close else " (see `kernelpilot tasks list`)"
    raise TaskError(f"unknown task {ref_s!r}{hint}")
