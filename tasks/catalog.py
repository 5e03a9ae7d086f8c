"""The task suite as a catalogue: `kernelpilot tasks list|show` and the generated tasks/TASKS.md.

    python -m kernelpilot.tasks.catalog --write-doc     # regenerate tasks/TASKS.md

Everything here is read from the task files themselves (docstring, SHAPES, TOLERANCE, INPUT_CASES, flops,
bytes_moved); dtypes come from running get_inputs() (and the reference) on the first, small SHAPES
entry, and the roofline numbers from flops()/bytes_moved() on meta tensors at the default size.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .loader import EXACT_ZEROS, TASKS_ROOT, Task, exact_zeros_on, list_tasks, tensors_in

def _h100() -> tuple[float, dict[str, float]]:
    """The H100 SXM's peaks from the harness's one table (sandbox/bench.py): bandwidth, and flop/s by the dtype
    that carries the arithmetic (fp16/bf16 on tensor cores with fp32 accumulation; fp32 and fp64 on CUDA cores)."""
    from ..sandbox.gpus import GPU_PEAKS

    bw, fp32, tensor = GPU_PEAKS["H100"]
    return bw, {"float16": tensor, "bfloat16": tensor, "float32": fp32, "float64": fp32}


H100_BW, H100_PEAK = _h100()
DOC_PATH = TASKS_ROOT / "TASKS.md"


@dataclass
class TaskFacts:
    """What the catalogue shows about one task (cheap to compute: small shapes and meta tensors only)."""

    name: str
    suite: str
    summary: str
    input_dtypes: list[str] = field(default_factory=list)
    output_dtypes: list[str] = field(default_factory=list)
    shapes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    tolerance: dict[str, dict[str, float]] = field(default_factory=dict)
    # the value families its inputs are drawn from: "typical" (get_inputs), the file's INPUT_CASES, exact_zeros
    input_cases: list[str] = field(default_factory=lambda: ["typical"])
    flops: Optional[float] = None
    bytes: Optional[float] = None
    input_bytes: Optional[float] = None
    solutions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def compute_dtype(self) -> str:
        floats = [d for d in self.input_dtypes if d.startswith(("float", "bfloat"))]
        for d in ("float16", "bfloat16", "float32", "float64"):  # the narrowest float input sets the peak
            if d in floats:
                return d
        return "float32"

    @property
    def intensity(self) -> Optional[float]:
        if self.flops is None or not self.bytes:
            return None
        return self.flops / self.bytes

    @property
    def ridge(self) -> float:
        return H100_PEAK.get(self.compute_dtype, H100_PEAK["float32"]) / H100_BW

    @property
    def bound(self) -> str:
        ai = self.intensity
        if ai is None:
            return "?"
        return "compute-bound" if ai >= self.ridge else "memory-bound"

    @property
    def roofline_ms(self) -> Optional[float]:
        if self.flops is None or self.bytes is None:
            return None
        peak = H100_PEAK.get(self.compute_dtype, H100_PEAK["float32"])
        return 1e3 * max(self.flops / peak, self.bytes / H100_BW)


def _dtype_name(dt) -> str:
    return str(dt).replace("torch.", "")


def input_bytes_at_default(task: Task) -> float:
    """Bytes of the inputs get_inputs() makes at the default (GPU) size, measured on meta tensors."""
    return float(task.input_bytes())


def shipped_solutions(task: Task) -> list[str]:
    """Backends of the reference solutions solutions/<name>_<backend>.py."""
    return sorted(task.solutions())


def _unique(seq) -> list:
    out = []
    for s in seq:
        if s not in out:
            out.append(s)
    return out


def collect(task: Task, run_reference: bool = True) -> TaskFacts:
    """Gather the catalogue facts of one task; problems are recorded, not raised."""
    import torch

    facts = TaskFacts(name=task.name, suite=task.suite or "-", summary=task.summary)
    facts.solutions = shipped_solutions(task)
    try:
        facts.shapes = task.shapes()
    except Exception as e:  # a broken task is shown with its problem rather than hiding the table
        facts.problems.append(f"SHAPES: {e}")
    try:
        meta = task.module()
        keys = _unique(k for _, ov in facts.shapes for k in ov) or task.size_globals()
        facts.defaults = {k: getattr(meta, k) for k in keys if hasattr(meta, k)}
        facts.tolerance = dict(getattr(meta, "TOLERANCE", {}) or {})
        cases = getattr(meta, "INPUT_CASES", None)
        zeros = [EXACT_ZEROS] if exact_zeros_on(meta) else []  # the judge's own
        facts.input_cases = ["typical", *(cases if isinstance(cases, dict) else {}), *zeros]
    except Exception as e:
        facts.problems.append(f"load: {e}")
        return facts
    if facts.shapes:
        try:
            mod = task.module(facts.shapes[0][1])
            torch.manual_seed(0)
            init = mod.get_init_inputs()
            inputs = mod.get_inputs()
            facts.input_dtypes = _unique(_dtype_name(t.dtype) for t in tensors_in(inputs))
            if run_reference:
                torch.manual_seed(0)
                model = mod.Model(*init)
                with torch.no_grad():
                    out = model(*inputs)
                facts.output_dtypes = _unique(_dtype_name(t.dtype) for t in tensors_in(out))
        except Exception as e:
            facts.problems.append(f"small shape: {type(e).__name__}: {e}")
    else:  # a plain KernelBench file: its only size is the real one, so ask the meta device
        with contextlib.suppress(Exception):
            facts.input_dtypes = _unique(_dtype_name(t.dtype) for t in tensors_in(task.meta_inputs()))
            if run_reference:
                facts.output_dtypes = _unique(_dtype_name(t.dtype) for t in tensors_in(task.meta_outputs()))
    try:
        counts = task.roofline_counts()
        if counts is not None:
            facts.flops, facts.bytes = counts
    except Exception as e:
        facts.problems.append(f"flops/bytes_moved: {type(e).__name__}: {e}")
    try:
        facts.input_bytes = input_bytes_at_default(task)
    except Exception as e:
        facts.problems.append(f"default-size inputs on meta: {type(e).__name__}: {e}")
    for dt in facts.output_dtypes:
        facts.tolerance.setdefault(dt, task.tolerance(dt))
    return facts


def _fmt_count(x: Optional[float], unit: str) -> str:
    if x is None:
        return "-"
    for scale, prefix in ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"{x / scale:.3g} {prefix}{unit}"
    return f"{x:.3g} {unit}"


def _fmt_dtypes(f: TaskFacts) -> str:
    ins = ",".join(f.input_dtypes) or "?"
    outs = ",".join(f.output_dtypes)
    return f"{ins} -> {outs}" if outs else ins


def _fmt_bound(f: TaskFacts, short: bool = False) -> str:
    ai = f.intensity
    label = f.bound.replace("-bound", "") if short else f.bound
    if ai is None:
        return label
    num = f"{ai:.0f}" if ai >= 10 else f"{ai:.2g}"
    return f"{label} {num}" if short else f"{label} ({num} flop/B)"


def _model_source(task: Task) -> str:
    try:
        tree = ast.parse(task.source)
    except SyntaxError:
        return task.source
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Model":
            return ast.get_source_segment(task.source, node) or ""
    return ""


def _cache_dir() -> Path:
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kernelpilot" / "catalog"


@functools.lru_cache(maxsize=1)
def _facts_version() -> str:
    """What a cached row depends on besides the task: this file's code and the torch release."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        torch_version = version("torch")
    except PackageNotFoundError:
        torch_version = "none"
    return Path(__file__).read_text() + "\0" + torch_version


def list_facts(task: Task) -> TaskFacts:
    """collect() for a `tasks list` row: the dtypes and roofline counts are kept in a cache keyed by the task's
    source, this file's and the torch release, so a listing after the first needs neither torch nor the meta
    device (seconds of imports) and a changed task is read afresh."""
    import hashlib
    import json

    key = hashlib.sha256((task.source + "\0" + _facts_version()).encode()).hexdigest()[:24]
    path = _cache_dir() / f"{key}.json"
    with contextlib.suppress(OSError, ValueError, TypeError):
        kept = json.loads(path.read_text())
        return TaskFacts(name=task.name, suite=task.suite or "-", summary=task.summary,
                         solutions=shipped_solutions(task), **kept)
    f = collect(task)
    kept = {"input_dtypes": f.input_dtypes, "output_dtypes": f.output_dtypes, "flops": f.flops, "bytes": f.bytes}
    if not f.problems:  # a task with a problem is read again next time, where the problem may be gone
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(kept))
    return f


# --------------------------------------------------------------------------------------------- rich output
def render_list(tasks: list[Task]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"kernelpilot tasks ({len(tasks)})", caption="roofline: H100 class and flop/byte at the default size")
    table.add_column("suite", style="cyan", no_wrap=True, min_width=5)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("summary", ratio=1, min_width=24)
    wide = console.width >= 140
    table.add_column("dtypes", min_width=10)  # always: a narrow terminal wraps the summary instead
    table.add_column("roofline", min_width=8)
    if wide:
        table.add_column("solutions", no_wrap=True)
    for task in tasks:
        f = list_facts(task)
        bound_style = "magenta" if f.bound == "compute-bound" else "green"
        row = [f.suite, f.name, f.summary, _fmt_dtypes(f)]
        row.append(f"[{bound_style}]{_fmt_bound(f, short=True)}[/]")
        if wide:
            row.append(",".join(f.solutions) or "-")
        table.add_row(*row)
    console.print(table)


def render_show(task: Task) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.table import Table

    console = Console()
    f = collect(task)
    console.print(Panel(task.doc or "(no docstring)", title=f"[bold]{task.name}[/] ({f.suite})", expand=False))

    sizes = Table(title="sizes", show_header=True)
    sizes.add_column("config")
    keys = list(f.defaults)
    for k in keys:
        sizes.add_column(k, justify="right")
    sizes.add_row("default (GPU)", *[str(f.defaults[k]) for k in keys])
    for label, ov in f.shapes:
        sizes.add_row(label, *[str(ov.get(k, f.defaults.get(k, ""))) for k in keys])
    console.print(sizes)

    tol = Table(title="tolerance (|out-ref| <= atol + rtol*|ref| and rel_l2)")
    for col in ("dtype", "atol", "rtol", "rel_l2"):
        tol.add_column(col)
    for dt, t in f.tolerance.items():
        tol.add_row(dt, *(f"{t.get(k, '-'):g}" if isinstance(t.get(k), (int, float)) else "-"
                          for k in ("atol", "rtol", "rel_l2")))
    console.print(tol)

    facts = Table(show_header=False, title="at the default size")
    facts.add_column("what")
    facts.add_column("value")
    facts.add_row("dtypes (in -> out)", _fmt_dtypes(f))
    facts.add_row("flops", _fmt_count(f.flops, "FLOP"))
    facts.add_row("bytes moved (min DRAM)", _fmt_count(f.bytes, "B"))
    facts.add_row("input size", _fmt_count(f.input_bytes, "B"))
    facts.add_row("roofline class (H100)", f"{_fmt_bound(f)}; ridge {f.ridge:.3g} flop/B for {f.compute_dtype}")
    if f.roofline_ms is not None:
        facts.add_row("roofline time (H100)", f"{f.roofline_ms:.3g} ms")
    facts.add_row("input families", ", ".join(f.input_cases))
    facts.add_row("reference solutions", ", ".join(f.solutions) or "-")
    for p in f.problems:
        facts.add_row("[red]problem[/]", p)
    console.print(facts)
    console.print(Syntax(_model_source(task), "python", theme="ansi_dark", line_numbers=False))


# --------------------------------------------------------------------------------------------- TASKS.md
def render_markdown(tasks: list[Task]) -> str:
    lines = [
        "# Task suite",
        "",
        "Generated by `python -m kernelpilot.tasks.catalog --write-doc` from the task files; do not edit by hand.",
        "",
        "Each task is a KernelBench-format file `tasks/<suite>/<name>.py` (`Model`, `get_inputs`, "
        "`get_init_inputs`) whose module globals are the real GPU size; `SHAPES` are the small sizes the "
        "Triton interpreter verifies on a CPU. Roofline numbers are for an H100 SXM "
        f"({H100_BW / 1e12:.2f} TB/s; {H100_PEAK['float16'] / 1e12:.0f} TFLOP/s fp16 tensor cores, "
        f"{H100_PEAK['float32'] / 1e12:.0f} TFLOP/s fp32 and fp64) at the default size; the class compares "
        "flops/bytes_moved with the ridge point of the narrowest floating input dtype. Input families are the "
        "kinds of values a task's inputs are drawn from: `typical` (`get_inputs`), the file's `INPUT_CASES` "
        "(large logits, exact ties, empty rows...: what its operator must survive) and the judge's own "
        "`exact_zeros` (one in eight elements of each mixed-sign input set to 0.0); every shape is checked on "
        "each of them.",
        "",
        "| suite | task | summary | dtypes (in -> out) | roofline (H100) | solutions |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    all_facts = [collect(t) for t in tasks]
    for f in all_facts:
        lines.append(f"| {f.suite} | [{f.name}](#{f.name}) | {f.summary} | {_fmt_dtypes(f)} | "
                     f"{_fmt_bound(f)} | {', '.join(f.solutions) or '-'} |")
    for task, f in zip(tasks, all_facts):
        lines += ["", f"## {f.name}", "",
                  f"`tasks/{f.suite}/{task.path.name}` — suite `{f.suite}`", "", "```text", task.doc.strip(), "```", ""]
        keys = list(f.defaults)
        if keys:
            lines.append("| config | " + " | ".join(keys) + " |")
            lines.append("| --- |" + " --- |" * len(keys))
            lines.append("| default (GPU) | " + " | ".join(str(f.defaults[k]) for k in keys) + " |")
            for label, ov in f.shapes:
                lines.append(f"| {label} | " + " | ".join(str(ov.get(k, f.defaults.get(k, ""))) for k in keys) + " |")
            lines.append("")
        tol = "; ".join(f"{dt}: atol {t.get('atol', 0):g}, rtol {t.get('rtol', 0):g}, rel_l2 {t.get('rel_l2', 0):g}"
                        for dt, t in f.tolerance.items())
        lines += [
            f"- dtypes (in -> out): {_fmt_dtypes(f)}",
            f"- tolerance: {tol or '-'}",
            f"- input families: {', '.join(f.input_cases)}",
            f"- at the default size: {_fmt_count(f.flops, 'FLOP')}, {_fmt_count(f.bytes, 'B')} moved, "
            f"inputs {_fmt_count(f.input_bytes, 'B')}",
            f"- roofline class: {_fmt_bound(f)} (ridge {f.ridge:.3g} flop/B for {f.compute_dtype})"
            + (f", roofline time {f.roofline_ms:.3g} ms" if f.roofline_ms is not None else ""),
            f"- reference solutions: {', '.join(f'`solutions/{f.name}_{s}.py`' for s in f.solutions) or '-'}",
        ]
        for p in f.problems:
            lines.append(f"- problem: {p}")
    return "\n".join(lines) + "\n"


def write_doc(path: Path = DOC_PATH) -> Path:
    path.write_text(render_markdown(list_tasks()))
    return path


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kernelpilot.tasks.catalog", description=__doc__.splitlines()[0])
    ap.add_argument("--write-doc", action="store_true", help=f"regenerate {DOC_PATH.name}")
    ap.add_argument("--suite", default=None, help="only list this suite")
    args = ap.parse_args(argv)
    if args.write_doc:
        print(f"wrote {write_doc()}")
        return 0
    render_list(list_tasks(args.suite))
    return 0


if __name__ == "__main__":
    sys.exit(main())
