"""`kernelpilot export RUN TASK --out DIR`: a run's winning kernel as a standalone package.

DIR/
  __init__.py          ModelNew, the task's reference Model, and a function form (`softmax(x)`)
  <task>_kernel.py     the kernel, exactly as it was judged
  <task>_reference.py  the task file, exactly as it was judged against
  test_<task>.py       pytest: the kernel against the reference on fresh random inputs, at the task's small sizes
                       (and, on a GPU, its own size), with the task's tolerances
  README.md            where it came from: run, model, verdict, speedup, the command that re-judges it

The test runs on a GPU, and on a CPU under the Triton interpreter. Nothing in the package imports kernelpilot.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..sandbox.result import EvalResult

from .store import SQLiteStore


class ExportError(Exception):
    """Nothing to export, or nowhere to put it; one line for the user."""


def best_of(attempts: list[dict]) -> dict | None:
    """Of a task's recorded attempts, the correct one with the highest fitness (the search's own order; the
    later one on a tie), or None."""
    rows = [a for a in attempts if a["verdict"] == "pass" and a["hash"]]
    return max(rows, key=lambda a: (a["fitness"] if a["fitness"] is not None else float("-inf"), a["created"]),
               default=None)


def best_attempt(store: SQLiteStore, run_id: str, task: str) -> tuple[dict, EvalResult, str]:
    """The run's correct candidate for `task` with the highest fitness, its result and its source."""
    best = best_of(store.attempts(run_id, task))
    if best is None:
        tried = {a["task"] for a in store.attempts(run_id)}
        if task not in tried:
            raise ExportError(f"run {run_id} has no task {task!r} (its tasks: {', '.join(sorted(tried)) or 'none'})")
        raise ExportError(f"run {run_id} found no correct kernel for {task}: nothing to export")
    source = store.get_source(best["hash"])
    if source is None:
        raise ExportError(f"the source of {task}'s best kernel ({best['hash'][:12]}) is missing from {store.path}")
    return best, EvalResult.model_validate_json(best["result"]), source


def _identifier(name: str) -> str:
    ident = re.sub(r"\W", "_", name)
    return ident if ident and not ident[0].isdigit() else f"op_{ident}"


def _evidence(result: EvalResult) -> str:
    lines = [f"- verdict: {result.verdict} ({result.reason})"]
    t = result.timing
    if t is not None and t.method == "cuda_events" and t.speedup_eager is not None and not t.speed_unverified:
        vs = f"{t.speedup_eager:.2f}x vs eager ({t.speedup_eager_verdict})"
        if t.speedup_compiled is not None:
            vs += f", {t.speedup_compiled:.2f}x vs torch.compile"
        lines.append(f"- speed on the GPU ({result.device}, shape {t.shape}): {t.candidate.median_ms:.4g} ms median, {vs}")
    elif t is not None and t.speed_unverified:
        lines.append(f"- speed unverified: {t.speed_unverified}")
    else:
        lines.append("- judged on a CPU under the Triton interpreter: correct, with no GPU speed measured")
    if result.correctness:
        shapes = ", ".join(f"{s.shape} ({s.trials} trials)" for s in result.correctness.shapes)
        lines.append(f"- checked at: {shapes}")
    if result.toolchain:
        lines.append("- toolchain: " + ", ".join(f"{k} {v}" for k, v in result.toolchain.items()
                                                 if k in ("triton", "torch", "gpu_arch", "nvrtc")))
    return "\n".join(lines)


def export(store: SQLiteStore, run_ref: str, task: str, out: Path, force: bool = False) -> Path:
    """Write the package; returns its folder. Raises ExportError with a message for the user."""
    from ..tasks.loader import TaskError, load_task

    run = store.get_run(run_ref)
    if run is None:
        raise ExportError(f"no run {run_ref!r} in {store.path} (see `kernelpilot runs list`)")
    refs = {Path(r).stem if r.endswith(".py") else r: r for r in run["tasks"]}
    best, result, source = best_attempt(store, run["id"], task)
    try:
        task_obj = load_task(refs.get(task, task))
    except TaskError as e:
        raise ExportError(f"the task file of {task} cannot be read any more: {e}") from None
    judged = {r["task_hash"] for r in store._all("SELECT task_hash FROM evaluations WHERE source_hash = ? AND task = ?",
                                                 (best["hash"], task_obj.name))}
    if judged and task_obj.source_hash not in judged:
        raise ExportError(f"the task file of {task} ({task_obj.path}) changed after run {run['id']} judged the kernel "
                          "against it: the package would pair the kernel with a reference it was not judged against")
    if out.exists() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} exists and is not empty (pass --force to overwrite its files)")
    out.mkdir(parents=True, exist_ok=True)
    name = _identifier(task_obj.name)
    (out / f"{name}_kernel.py").write_text(source)
    (out / f"{name}_reference.py").write_text(task_obj.source)
    training = bool(result.correctness and result.correctness.training)
    (out / "__init__.py").write_text(INIT.format(name=name, run=run["id"], task=task_obj.name, training=training))
    (out / f"test_{name}.py").write_text(TEST.format(name=name, training=training))
    model = run["config"].get("llm", {}).get("model", "?")
    (out / "README.md").write_text(README.format(
        name=name, task=task_obj.name, run=run["id"], model=model, tag=best["tag"], evidence=_evidence(result),
        ref=refs.get(task, task), out=out, package=out.name))
    (out / "result.json").write_text(json.dumps({"run_id": run["id"], "task": task_obj.name, "tag": best["tag"],
                                                 "model": model, "result": json.loads(best["result"])}, indent=1))
    return out


INIT = '''"""The kernel kernelpilot found for {task} (run {run}), with the reference it was judged against.

    from <this package> import {name}, ModelNew, Reference
    y = {name}(*inputs)            # the kernel as a function, built with the task's own constructor arguments
    m = ModelNew(*init_args)       # or as a module in place of Reference(*init_args), weights loaded by name
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import torch

if not torch.cuda.is_available():  # on a CPU the Triton kernels run under its interpreter
    os.environ.setdefault("TRITON_INTERPRET", "1")

_HERE = Path(__file__).resolve().parent


def _load(stem: str):
    spec = importlib.util.spec_from_file_location(f"{{__name__}}.{{stem}}", _HERE / f"{{stem}}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kernel = _load("{name}_kernel")
reference = _load("{name}_reference")
ModelNew = kernel.ModelNew
Reference = reference.Model


def load_weights(model: torch.nn.Module, state: dict) -> torch.nn.Module:
    """Load a reference's state_dict into ModelNew by name (or by ModelNew.PARAMETER_NAMES), as the judge did."""
    mapping = getattr(type(model), "PARAMETER_NAMES", None) or {{}}
    own = model.state_dict()
    picked = {{mapping.get(k, k): v for k, v in state.items() if mapping.get(k, k) in own
              and own[mapping.get(k, k)].shape == v.shape}}
    model.load_state_dict(picked, strict=False)
    return model


@functools.lru_cache(maxsize=None)
def _module(device: str) -> torch.nn.Module:
    init = reference.get_init_inputs()
    torch.manual_seed(0)
    ref = Reference(*init)
    # in the mode the judge verified it in (training mode: BatchNorm by the batch's statistics)
    return load_weights(ModelNew(*init), ref.state_dict()).to(device).train({training})


def {name}(*inputs):
    """ModelNew's forward, built with the task's constructor arguments and the reference's weights (seed 0)."""
    device = next((x.device.type for x in inputs if isinstance(x, torch.Tensor)), "cpu")
    with torch.no_grad():
        return _module(device)(*inputs)
'''

TEST = '''"""The exported kernel against its reference on fresh random inputs, at the task's small sizes (SHAPES) and, on a
GPU, at its own size; with the task's tolerances. `pytest` in this folder runs it (a CPU runs the Triton kernels
under the interpreter)."""

from __future__ import annotations

import ast
import os
import sys
import types
from pathlib import Path

import pytest
import torch

if not torch.cuda.is_available():
    os.environ.setdefault("TRITON_INTERPRET", "1")

HERE = Path(__file__).resolve().parent
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
DEFAULT_TOLERANCE = {{"float32": (1e-4, 1e-4), "float16": (1e-2, 1e-2), "bfloat16": (2e-2, 2e-2),
                      "float64": (1e-8, 1e-8)}}
REL_L2 = {{"float32": 1e-5, "float16": 2e-3, "bfloat16": 1e-2, "float64": 1e-9}}


def load(stem: str, overrides: dict | None = None):
    """A fresh instance of a module of this folder, with the task's size globals set to `overrides`: each takes
    the place of the global's own assignment, so globals computed from it further down follow."""
    overrides = {{k: v for k, v in (overrides or {{}}).items() if k != "name"}}
    path = HERE / f"{{stem}}.py"
    tree = ast.parse(path.read_text())
    body = []
    for node in tree.body:
        body.append(node)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and n.id in overrides]
            body += [ast.parse(f"{{n}} = {{overrides[n]!r}}").body[0] for n in names]
    tree.body = body
    module = types.ModuleType(f"_export_{{stem}}_{{len(sys.modules)}}")
    module.__file__ = str(path)
    exec(compile(ast.fix_missing_locations(tree), str(path), "exec"), module.__dict__)
    return module


def sizes():
    shapes = [dict(s) for s in getattr(load("{name}_reference"), "SHAPES", None) or []]
    return shapes + [{{}}] if DEVICE == "cuda" or not shapes else shapes


@pytest.mark.parametrize("overrides", sizes(), ids=lambda s: ",".join(f"{{k}}={{v}}" for k, v in s.items()) or "default")
@pytest.mark.parametrize("seed", [0, 1])
def test_kernel_matches_reference(overrides, seed):
    ref_mod = load("{name}_reference", overrides)
    kernel = load("{name}_kernel")
    torch.manual_seed(seed)
    init = ref_mod.get_init_inputs()
    ref = ref_mod.Model(*init).to(DEVICE).train({training})  # the mode the judge verified it in
    new = kernel.ModelNew(*init)
    mapping = getattr(type(new), "PARAMETER_NAMES", None) or {{}}
    own = new.state_dict()
    new.load_state_dict({{mapping.get(k, k): v for k, v in ref.state_dict().items()
                         if mapping.get(k, k) in own and own[mapping.get(k, k)].shape == v.shape}}, strict=False)
    new = new.to(DEVICE).train({training})
    torch.manual_seed(1000 + seed)
    inputs = [x.to(DEVICE) if isinstance(x, torch.Tensor) else x for x in ref_mod.get_inputs()]
    with torch.no_grad():
        want = ref(*[x.clone() if isinstance(x, torch.Tensor) else x for x in inputs])
        got = new(*inputs)
    want = list(want) if isinstance(want, (tuple, list)) else [want]
    got = list(got) if isinstance(got, (tuple, list)) else [got]
    assert len(got) == len(want)
    table = getattr(ref_mod, "TOLERANCE", {{}}) or {{}}
    for g, w in zip(got, want):
        assert g.shape == w.shape and g.dtype == w.dtype
        dt = str(w.dtype).removeprefix("torch.")
        tol = table.get(dt)
        atol, rtol = (tol["atol"], tol["rtol"]) if tol else DEFAULT_TOLERANCE.get(dt, (0.0, 0.0))
        if not tol and w.is_floating_point():  # the judge's default: at least the relative L2 bound x the RMS
            finite = w[torch.isfinite(w)].double()
            rms = float(finite.pow(2).mean().sqrt()) if finite.numel() else 0.0
            atol = max(atol, REL_L2.get(dt, 0.0) * rms)
        torch.testing.assert_close(g, w, atol=atol, rtol=rtol, equal_nan=False)
'''

README = '''# {task}: the kernel found by kernelpilot

From run `{run}` ({model}), candidate `{tag}`. What the judge found:

{evidence}

Use it in place of the reference module: this folder is a package (put its parent on `sys.path`); its
constructor takes the reference's arguments, and weights load by the reference's names.

```python
from {package} import {name}, ModelNew, Reference, load_weights
y = {name}(*inputs)                                          # function form
layer = load_weights(ModelNew(*init_args), reference_layer.state_dict())
```

Files: `{name}_kernel.py` (the kernel as judged), `{name}_reference.py` (the task it was judged against),
`test_{name}.py` (run `pytest` here: the kernel against the reference on fresh inputs, at the task's small
sizes, and at its own size on a GPU), `result.json` (the judge's full result).

Judge it again, with every check: `kernelpilot eval {ref} {out}/{name}_kernel.py`
'''
