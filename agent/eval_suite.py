"""`kernelpilot eval-suite`: judge a folder of existing solutions against a folder of KernelBench-format problems
(KernelBench's `level1/` as it is), one line per problem as it finishes, then a summary. No LLM is involved.

A solution is matched to its problem by file name: the same name, the problem's name plus a suffix
(`19_ReLU_triton.py`), or KernelBench's numbering (`level_1_problem_19_sample_0_kernel.py`, `19_*.py`).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Optional

FAST_P = (0.0, 1.0, 2.0)  # fast_p: correct and faster than p times the baseline (KernelBench's metric)


def match_solution(problem: Path, solutions: list[Path]) -> Optional[Path]:
    """The solution file for a problem file, or None."""
    by_name = {s.name: s for s in solutions}
    if problem.name in by_name:
        return by_name[problem.name]
    prefixed = sorted(s for s in solutions if s.stem.startswith(problem.stem + "_"))
    if prefixed:
        return prefixed[0]
    number = problem.stem.split("_", 1)[0]
    if number.isdigit():
        pat = re.compile(rf"(^|problem_){int(number)}(_|$)")
        numbered = sorted(s for s in solutions if pat.search(s.stem))
        if numbered:
            return numbered[0]
    return None


def fast_p(records: list[dict], key: str) -> dict[str, float]:
    """The share of all problems that are correct and faster than p times the baseline `key`."""
    n = len(records) or 1
    return {f"fast_{p:g}": sum(1 for r in records if r["verdict"] == "pass" and (r.get(key) or 0) > p) / n
            for p in FAST_P}


def run(suite_dir: Path, solutions_dir: Path, pattern: str, cfg, as_json: bool, workers: int = 1,
        executor=None) -> int:
    """Judge every problem; exit 0 when all are correct, 1 when any failed or has no solution, else 3.

    workers: evaluations at once on this machine; executor: a RayExecutor (agent/executor.py) instead, whose
    cluster runs as many at once as it has slots. Lines are printed as problems finish; the JSON keeps the
    problems' order."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from rich.console import Console
    from rich.padding import Padding

    from ..sandbox.evaluate import DeviceUnavailable, evaluate
    from ..sandbox.report import line, untrusted
    from ..tasks.loader import TaskError, list_folder

    from .executor import EvaluationCancelled, cancel_on_interrupt

    if not solutions_dir.is_dir():
        raise TaskError(f"--solutions {solutions_dir}: not a folder")
    problems = list_folder(suite_dir, pattern)
    solutions = sorted(solutions_dir.glob("*.py"))
    console = Console(highlight=False, stderr=as_json)
    judge = executor.evaluate if executor is not None else evaluate

    def one(task) -> dict:
        started = time.monotonic()
        rec = {"problem": task.path.name, "solution": None, "verdict": "fail", "check": "", "reason": "",
               "speedup_eager": None, "speedup_compiled": None}
        sol = match_solution(task.path, solutions)
        try:
            if sol is None:
                rec.update(check="suite.no_solution", reason="no solution file matches this problem's name")
            else:
                rec["solution"] = sol.name
                r = judge(task, sol.read_text(errors="replace"), cfg)
                t = r.timing
                rec.update(verdict=r.verdict, check=r.check, reason=r.reason.strip().splitlines()[0][:300] if r.reason else "",
                           speedup_eager=t.speedup_eager if t and not t.speed_unverified else None,
                           speedup_compiled=t.speedup_compiled if t and not t.speed_unverified else None)
        except (DeviceUnavailable, EvaluationCancelled):
            raise
        except TaskError as e:  # the problem file itself cannot be used: said, and the others go on
            rec.update(verdict="unverified", check="suite.task_error", reason=str(e)[:300])
        except Exception as e:  # noqa: BLE001 - one problem never stops the others
            rec.update(check="suite.harness_error", reason=f"{type(e).__name__}: {e}"[:300])
        rec["seconds"] = round(time.monotonic() - started, 1)
        return rec

    records: dict[int, dict] = {}
    t0 = time.monotonic()
    at_once = executor.slots() if executor is not None else max(1, workers)
    with cancel_on_interrupt(executor), ThreadPoolExecutor(max_workers=max(1, min(at_once, len(problems)))) as pool:
        futures = {pool.submit(one, task): i for i, task in enumerate(problems)}
        try:
            for fut in as_completed(futures):
                rec = records[futures[fut]] = fut.result()
                k = len(records)
                elapsed = time.monotonic() - t0
                eta = elapsed / k * (len(problems) - k)
                style = {"pass": "green", "unverified": "yellow"}.get(rec["verdict"], "red")
                console.print(line(f"[{k}/{len(problems)}] ", untrusted(rec["problem"], "bold"), " ",
                                   untrusted(rec["verdict"].upper(), style), " ", untrusted(rec["check"]),
                                   f" ({rec['seconds']:.1f} s; {elapsed:.0f} s elapsed, about {eta:.0f} s left)"))
                if rec["verdict"] != "pass" and rec["reason"]:  # indented as a block: it cannot start a line of its own
                    console.print(Padding(untrusted(rec["reason"][:200], "dim"), (0, 0, 0, 4)))
        except BaseException:  # the first error (or Ctrl-C): nothing else starts
            for f in futures:
                f.cancel()
            if executor is not None:
                executor.cancel()
            raise
    ordered = [records[i] for i in range(len(problems))]
    summary = summarize(ordered)
    if as_json:
        print(json.dumps({"problems": ordered, "summary": summary}, indent=1, ensure_ascii=True))
    else:
        render_summary(console, summary)
    if summary["failed"] or summary["no_solution"]:
        return 1
    return 0 if summary["correct"] == summary["problems"] else 3


def summarize(records: list[dict]) -> dict:
    out = {"problems": len(records), "correct": sum(r["verdict"] == "pass" for r in records),
           "no_solution": sum(r["check"] == "suite.no_solution" for r in records),
           "unverified": dict(Counter(r["check"] for r in records if r["verdict"] == "unverified")),
           "failed": dict(Counter(r["check"] for r in records if r["verdict"] == "fail"
                                  and r["check"] != "suite.no_solution"))}
    if any(r.get("speedup_eager") is not None for r in records):  # timed on a GPU
        out["vs_eager"] = fast_p(records, "speedup_eager")
        out["vs_torch_compile"] = fast_p(records, "speedup_compiled")
    return out


def render_summary(console, s: dict) -> None:
    from ..sandbox.report import untrusted

    console.print(f"\n{s['problems']} problems: {s['correct']} correct, "
                  f"{sum(s['unverified'].values())} unverified, {sum(s['failed'].values())} failed, "
                  f"{s['no_solution']} without a solution")
    for title, counts in (("unverified", s["unverified"]), ("failed", s["failed"])):
        for check, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            console.print("  ", untrusted(f"{title}: {check}: {n}"))
    for base in ("vs_eager", "vs_torch_compile"):
        if base in s:
            console.print(f"{base.replace('_', ' ')}: " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in s[base].items()))
    if "vs_eager" not in s:
        console.print("no GPU timing: fast_p needs a GPU (interpreter time is never a speedup)")
