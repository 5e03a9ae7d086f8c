"""The prepared GPU check: one command for a GPU machine's limited time.

    python -m kernelpilot.sandbox.gpu_check [--out DIR] [--compile] [--tasks a,b] [--budget-s 420]

1. `doctor` facts (GPU, CUDA, isolation features available there);
2. every shipped reference solution (Triton and CUDA) judged at its real size on the GPU, with timing
   against eager (and torch.compile with --compile), printed as a table and written as JSON;
3. the pytest tests marked `gpu` (harness GPU tests and the GPU-only adversarial cases).
Stops starting new evaluations when the time budget is spent, and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table


def main() -> None:
    ap = argparse.ArgumentParser(description="kernelpilot GPU check")
    ap.add_argument("--out", default=os.environ.get("OUT", "gpu_check_out"))
    ap.add_argument("--compile", action="store_true", help="also time torch.compile baselines (slow)")
    ap.add_argument("--tasks", default="", help="comma-separated task names (default: all with solutions)")
    ap.add_argument("--budget-s", type=float, default=360.0, help="stop starting evaluations after this")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--skip-pytest", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    console = Console(record=True)
    t_start = time.monotonic()

    from .config import EvalConfig
    from .doctor import collect
    from .evaluate import evaluate
    from ..tasks.loader import list_tasks

    facts = collect()
    console.print(facts)
    (out / "doctor.json").write_text(json.dumps(facts, indent=2))
    if not facts["gpu"]:
        console.print("[red]no GPU visible: nothing to check here[/]")
        sys.exit(3)

    wanted = {t for t in args.tasks.split(",") if t}
    cfg = EvalConfig(device="cuda", trials=2, timeout_s=240, timing_reps=args.reps, compile_baseline=args.compile)
    rows, results = [], []
    for task in list_tasks():
        if wanted and task.name not in wanted:
            continue
        for backend, path in task.solutions().items():
            if time.monotonic() - t_start > args.budget_s:
                console.print(f"[yellow]time budget spent; skipped {task.name}/{backend} and the rest[/]")
                break
            try:
                r = evaluate(task, path.read_text(), cfg)
            except Exception as e:  # noqa: BLE001 - one broken task must not end the whole check
                rows.append((task.suite, task.name, backend, "error", type(e).__name__, "", "", "", "", "", "", str(e)[:120]))
                results.append({"task": task.name, "verdict": "error", "reason": str(e)})
                continue
            results.append(r.model_dump(mode="json"))
            t = r.timing
            rows.append((task.suite, task.name, backend, r.verdict, r.check,
                         f"{t.candidate.median_ms:.4g}" if t else "", f"{t.eager.median_ms:.4g}" if t and t.eager else "",
                         f"{t.compiled.median_ms:.4g}" if t and t.compiled else "",
                         f"{t.speedup_eager:.2f}x {t.speedup_eager_verdict}" if t and t.speedup_eager else "",
                         f"{100 * t.roofline_fraction:.0f}%" if t and t.roofline_fraction else "",
                         f"{r.wall_s:.0f}s", "; ".join(t.flags) if t else r.reason[:120]))
            (out / "solutions.json").write_text(json.dumps(results, indent=1))
    table = Table("suite", "task", "backend", "verdict", "check", "cand ms", "eager ms", "compile ms", "speedup",
                  "roofline", "wall", "notes", title=f"reference solutions on {facts.get('gpu_name', 'GPU')}")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    code = 0 if all(r["verdict"] == "pass" for r in results) else 1
    if not args.skip_pytest:
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "gpu", "-p", "no:cacheprovider"],
                           capture_output=True, text=True)
        console.print(p.stdout[-6000:], p.stderr[-2000:], markup=False, highlight=False)
        code = code or p.returncode
    (out / "gpu_check.txt").write_text(console.export_text())
    sys.exit(code)


if __name__ == "__main__":
    main()
