"""Which KernelBench problems get a CPU verdict: for each problem file, what the judge would decide on a machine
without a GPU, before any candidate is looked at.

    python scripts/kernelbench_coverage.py PATH/KernelBench --levels 1 2 3 [--csv coverage.csv]
    python scripts/kernelbench_coverage.py PATH/level1            # one folder of problem files

For each file: does it load (Task.module), does its reference run on the meta device at its own size, what
`sizes_for_the_interpreter` decides (its own size, sizes chosen for the interpreter, or `unverified` with the
reason), and does the reference then really run at those sizes on this CPU within --ref-timeout seconds per size
set. A verdict is possible where all of that holds. Every file is looked at in a forked process of its own, so a
file that hangs or exhausts memory costs its own row and nothing else.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import os
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT.parent) not in sys.path:  # run from a checkout: the package is importable as `kernelpilot`
    sys.path.insert(0, str(ROOT.parent))

OWN, AUTO, UNVERIFIED, LOAD_ERROR, REF_FAILS, REF_SLOW = (
    "own_size", "auto_sizes", "unverified", "load_error", "reference_fails", "reference_too_slow")

# the reason a file is unverified, from the text sizes_for_the_interpreter gives
REASONS = [
    ("no_small_sizes", r"no small sizes found"),
    ("not_readable_on_meta", r"cannot be read on the meta device"),
    ("no_size_globals", r"no size globals"),
    ("inputs_too_large", r"inputs take .* too large"),
    ("shape_too_large", r"beyond what the Triton interpreter"),
]


def reason_class(text: str) -> str:
    for name, pattern in REASONS:
        if re.search(pattern, text):
            return name
    return "other"


def _first_line(e: BaseException) -> str:
    return f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:300]


def _analyse(path: str, conn, ref_timeout: float) -> None:
    """In a child process: send {"stage": ...} records through `conn` as the file is looked at."""
    import torch

    torch.set_num_threads(1)  # the children share the machine; and timings stay comparable
    from kernelpilot.sandbox.evaluate import sizes_for_the_interpreter
    from kernelpilot.tasks.loader import TaskError, load_task
    from kernelpilot.tasks.sizes import estimate, run_on_meta

    row: dict = {}
    try:
        task = load_task(path)
        task.module()
    except TaskError as e:
        conn.send({"stage": "done", "decision": LOAD_ERROR, "detail": str(e)[:300]})
        return
    try:
        run_on_meta(task)
        row["meta"] = "yes"
    except Exception as e:  # noqa: BLE001 - recorded, the decision below goes on without it
        row["meta"] = "no: " + _first_line(e)
    cost = estimate(task)
    if cost is not None:
        row["own_cost"] = cost.describe()
    try:
        judged, chosen, too_large = sizes_for_the_interpreter(task)
    except Exception as e:  # noqa: BLE001 - the decision itself failed: a harness error for this file
        conn.send({"stage": "done", **row, "decision": "decision_error", "detail": _first_line(e)})
        return
    if too_large:
        conn.send({"stage": "done", **row, "decision": UNVERIFIED, "reason": reason_class(too_large),
                   "detail": too_large[:400]})
        return
    shapes = judged.shapes() or [("own size", {})]
    row["decision"] = AUTO if chosen else OWN
    row["sizes"] = "; ".join(label for label, _ in shapes)
    conn.send({"stage": "decided", **row})
    seconds = []
    for label, overrides in shapes:
        conn.send({"stage": "reference", "label": label, "started": time.monotonic()})
        t0 = time.monotonic()
        try:
            mod = judged.module(overrides)
            torch.manual_seed(0)
            with torch.no_grad():
                model = mod.Model(*mod.get_init_inputs())
                model(*mod.get_inputs())
        except Exception as e:  # noqa: BLE001 - the reference cannot run here: no verdict possible
            conn.send({"stage": "done", **row, "decision": REF_FAILS,
                       "detail": f"at {label}: {_first_line(e)}"})
            return
        seconds.append(time.monotonic() - t0)
    conn.send({"stage": "done", **row, "reference_s": round(max(seconds), 2)})


def _child(path: str, conn, ref_timeout: float) -> None:
    try:
        _analyse(path, conn, ref_timeout)
    except BaseException as e:  # noqa: BLE001 - whatever happens is this file's row
        conn.send({"stage": "done", "decision": "harness_error",
                   "detail": _first_line(e) + " | " + traceback.format_exc(limit=2)[-200:]})
    finally:
        conn.close()


def look_at(path: Path, ref_timeout: float, decide_timeout: float) -> dict:
    """One file's row, from a forked child watched from here."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(path), child, ref_timeout), daemon=True)
    t0 = time.monotonic()
    proc.start()
    child.close()
    row: dict = {}
    deadline = t0 + decide_timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            proc.kill()
            proc.join()
            if row.get("stage") == "reference":
                row.update(decision=REF_SLOW, detail=f"the reference ran over {ref_timeout:g} s at {row.get('label')}")
            else:
                row.update(decision="harness_error", detail=f"no decision within {decide_timeout:g} s")
            break
        try:
            msg = parent.recv()
        except EOFError:  # the child died (killed for memory, a crash in native code)
            proc.join()
            code = proc.exitcode
            row.update(decision=REF_SLOW if row.get("stage") == "reference" else "harness_error",
                       detail=f"the process ended with exit code {code} during {row.get('stage', 'loading')}")
            break
        row.update(msg)
        if msg["stage"] == "reference":
            deadline = time.monotonic() + ref_timeout
        elif msg["stage"] == "done":
            proc.join(5)
            break
    row.pop("started", None)
    row.pop("label", None)
    row["seconds"] = round(time.monotonic() - t0, 1)
    if "decision" not in row or row["decision"] in (OWN, AUTO) and row.get("stage") != "done":
        row.setdefault("decision", "harness_error")
    row.pop("stage", None)
    return row


def problem_files(folder: Path) -> list[Path]:
    from kernelpilot.tasks.loader import _problem_order

    return sorted((p for p in folder.glob("*.py") if not p.name.startswith("_")), key=_problem_order)


def verdict_possible(row: dict) -> bool:
    return row["decision"] in (OWN, AUTO)


def summarize(rows: list[dict]) -> dict:
    c = Counter(r["decision"] for r in rows)
    return {"files": len(rows), "own": c[OWN], "auto": c[AUTO], "verdict": c[OWN] + c[AUTO],
            "unverified": dict(Counter(r.get("reason", "other") for r in rows if r["decision"] == UNVERIFIED)),
            "ref_fails": c[REF_FAILS], "ref_slow": c[REF_SLOW], "load_errors": c[LOAD_ERROR],
            "harness": c["harness_error"] + c["decision_error"]}


def render(levels: dict[str, list[dict]]) -> str:
    head = ["level", "files", "verdict", "own size", "auto sizes", "unverified", "ref fails", "ref too slow",
            "load errors", "harness"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for name, rows in levels.items():
        s = summarize(rows)
        unv = ", ".join(f"{k} {v}" for k, v in sorted(s["unverified"].items())) or "0"
        lines.append(" | ".join(str(x) for x in [
            name, s["files"], f"{s['verdict']} ({100 * s['verdict'] / max(1, s['files']):.0f}%)", s["own"], s["auto"],
            unv, s["ref_fails"], s["ref_slow"], s["load_errors"], s["harness"]]))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="a KernelBench checkout's KernelBench/ folder, or one folder of problem files")
    ap.add_argument("--levels", nargs="*", default=None, help="level numbers under FOLDER (level1, level2, ...)")
    ap.add_argument("--tasks", default="*", help="glob on the file names (without .py)")
    ap.add_argument("--csv", type=Path, help="write one row per file here")
    ap.add_argument("--ref-timeout", type=float, default=10.0,
                    help="seconds the reference may take at one chosen size set (default 10)")
    ap.add_argument("--decide-timeout", type=float, default=300.0,
                    help="seconds to load a file and choose its sizes (default 300)")
    ap.add_argument("-q", "--quiet", action="store_true", help="only the table")
    args = ap.parse_args(argv)

    import fnmatch

    if args.levels:
        folders = {f"level{lv}": args.folder / f"level{lv}" for lv in args.levels}
    else:
        folders = {args.folder.name: args.folder}
    missing = [str(f) for f in folders.values() if not f.is_dir()]
    if missing:
        print(f"not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import kernelpilot.sandbox.evaluate  # noqa: F401 - imported once here; each forked child inherits it
    import kernelpilot.tasks.sizes  # noqa: F401

    results: dict[str, list[dict]] = {}
    started = time.monotonic()
    todo = {name: [p for p in problem_files(f) if fnmatch.fnmatch(p.stem, args.tasks)] for name, f in folders.items()}
    total, k = sum(len(v) for v in todo.values()), 0
    for name, files in todo.items():
        results[name] = []
        for p in files:
            k += 1
            row = {"level": name, "file": p.name, **look_at(p, args.ref_timeout, args.decide_timeout)}
            results[name].append(row)
            if not args.quiet:
                elapsed = time.monotonic() - started
                what = row["decision"] + (f" ({row['reason']})" if row.get("reason") else "")
                print(f"[{k}/{total}] {name}/{p.name}: {what}, {row['seconds']:.1f} s "
                      f"({elapsed:.0f} s elapsed, about {elapsed / k * (total - k):.0f} s left)", file=sys.stderr)
    print(render(results))
    if args.csv:
        cols = ["level", "file", "decision", "reason", "meta", "sizes", "reference_s", "seconds", "own_cost", "detail"]
        with args.csv.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for rows in results.values():
                w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
