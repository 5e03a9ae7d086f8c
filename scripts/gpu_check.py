"""The prepared GPU check: one command that fits a short time on a GPU machine (15 minutes, start-up included).

    python scripts/gpu_check.py [--out DIR] [--budget-s 300] [--workers 3] [--tasks a,b]
                                [--time-tasks a,b] [--compile] [--tests DIR] [--transfer-mib N]
                                [--phases correctness,timing,transfer,overhead,references,pytest]

0. `doctor` facts, with the sandbox probe: if candidate code cannot run inside the confined sandbox on this
   machine, the probe names the step to blame and the check stops there (every verdict would be wrong);
1. correctness of every shipped reference solution (Triton and CUDA) at its real size plus its SHAPES,
   several at once (timing off, so running side by side cannot distort a number);
2. timing, one evaluation at a time, for a representative set: candidate vs eager (and torch.compile with
   --compile), CUDA events, median and IQR, roofline fraction; then (2b) the eager reference of every task
   at its real size, which the suite promises takes about 1 ms or more on an H100; (2a) the fixed cost of an
   evaluation (a trivial kernel through the forking worker, against a cold `import torch`) and, with
   --transfer-mib, one large evaluation with its tensors through shared memory and through the pipe;
3. the pytest tests marked `gpu` (harness GPU tests, GPU-only adversarial cases, GPU agent tests).
Each phase stops starting new work when its share of --budget-s is spent (shared out over the phases chosen
with --phases), and says what it skipped.
Everything is printed and written to --out: gpu_check.txt, doctor.json, correctness.json (and correctness.jsonl,
one line per evaluation as it finishes), timing.json, reference_times.json, pytest.txt, summary.json (rewritten
after every phase; `reached` names the last phase done). Exit 0 only when every phase ran completely and everything passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable, NoReturn

from rich.console import Console
from rich.table import Table

# One per kind of work: memory-bound rows, a reduction, compute-bound matmuls (fp32, fp64, int4 x fp16),
# attention, a stencil, and the CUDA path next to the Triton one for the same operators.
TIME_TASKS = ("softmax", "layernorm", "matmul", "causal_attention", "axpy", "gemm", "int4_gemm", "jacobi2d",
              "sum_reduction")
PHASES = ("correctness", "timing", "transfer", "overhead", "references", "pytest")
# the budget's weight of each group of phases: correctness; timing, transfers and reference times; pytest
WEIGHTS = (0.5, 0.25, 0.25)


def shares(phases: set[str]) -> tuple[float, float]:
    """Cumulative budget shares at which phase 1 and phase 2 (2a, 2b) stop starting work, over the phases
    chosen: a call that only judges correctness gives it the whole budget."""
    groups = ({"correctness"}, {"timing", "transfer", "overhead", "references"}, {"pytest"})
    w = [weight if group & phases else 0.0 for weight, group in zip(WEIGHTS, groups)]
    total = sum(w) or 1.0
    return w[0] / total, (w[0] + w[1]) / total


def references_reserve(n_tasks: int, window_s: float) -> float:
    """Seconds of phase 2's window that timing and the 2a benchmarks leave to 2b for `n_tasks` reference
    times: generous for what the suite took on an H200 (about 10 s for 39), never more than half the window."""
    return min(20.0 + 1.5 * n_tasks, 0.5 * window_s) if n_tasks else 0.0


def _row(task, backend: str, r) -> tuple:
    t = r.timing
    return (task.suite or "example", task.name, backend, r.verdict, r.check,
            f"{t.candidate.median_ms:.4g}" if t else "", f"{t.eager.median_ms:.4g}" if t and t.eager else "",
            f"{t.compiled.median_ms:.4g}" if t and t.compiled else "",
            f"{t.speedup_eager:.2f}x {t.speedup_eager_verdict}" if t and t.speedup_eager else "",
            f"{100 * t.roofline_fraction:.0f}%" if t and t.roofline_fraction else "",
            f"{r.wall_s:.0f}s", "; ".join(t.flags) if t else ("" if r.verdict == "pass" else r.reason[:160]) or _spent(r))


def _spent(r) -> str:
    """The three activities that took the longest, for a result with nothing else to say."""
    return ", ".join(f"{k} {v:.1f}s" for k, v in list(r.seconds.items())[:3])


def _progress_line(n: int, total: int, elapsed: float, r: dict) -> str:
    """One finished evaluation: verdict, wall time and where it went (the judge's own account)."""
    parts = [f"{k} {v:.1f}" for k, v in list((r.get("seconds") or {}).items())[:5]]
    moved = r.get("transfer") or {}
    if moved:
        gib = (int(moved.get("sent_bytes", 0)) + int(moved.get("received_bytes", 0))) / 2**30
        parts.append(f"{gib:.2f} GiB via {moved.get('via', '?')}")
    why = "" if r.get("verdict") == "pass" else f" {r.get('check', '')}: {str(r.get('reason', ''))[:200]}"
    return (f"[{n}/{total} at {elapsed:.0f}s] {r.get('task')}/{r.get('backend')} {r.get('verdict')} "
            f"in {float(r.get('wall_s') or 0):.1f}s" + (f" ({'; '.join(parts)})" if parts else "") + why)


def _table(title: str, rows: list[tuple]) -> Table:
    table = Table("suite", "task", "backend", "verdict", "check", "cand ms", "eager ms", "compile ms", "speedup",
                  "roofline", "wall", "notes", title=title)
    for row in rows:
        table.add_row(*row)
    return table


def reference_time(task, device: str, overrides: dict, reps: int = 10) -> dict:
    """Eager time of the task's own reference at one size: the suite promises about 1 ms or more on an H100
    at the default sizes. Inputs are made on the device directly where the generator allows (fast), else on
    the host and moved. Runs in this process, after every forked evaluation is done."""
    import torch

    from kernelpilot.sandbox import bench
    from kernelpilot.tasks.loader import draw_inputs

    mod = task.module(overrides)
    torch.manual_seed(0)
    model = mod.Model(*mod.get_init_inputs()).to(device).eval()
    inputs = [x.to(device) if isinstance(x, torch.Tensor) else x for x in draw_inputs(mod, device, seed=0)]
    args = bench.FixedArgs([inputs], lambda v: v)
    with torch.no_grad():
        st = bench.time_calls(model, args, warmup=3, reps=reps, gpu=device == "cuda")
    counts = task.roofline_counts(overrides)
    name = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    bound = bench.roofline_for_inputs(counts, inputs, name) if counts else None
    # the suite promises about 1 ms on an H100; the GPU may be an H200
    h100_ms = bench.h100_equivalent_ms(st["median_ms"], counts, name, bench.low_precision(inputs))
    del model, inputs, args
    if device == "cuda":
        torch.cuda.empty_cache()
    return {"task": task.name, "suite": task.suite, "median_ms": st["median_ms"], "p25_ms": st["p25_ms"],
            "p75_ms": st["p75_ms"], "roofline_ms": bound, "h100_equivalent_ms": h100_ms}


class MemoryShare:
    """Bytes handed out to evaluations running side by side: one waits until what it needs is free. One that
    needs more than the whole runs when nothing else does (alone, rather than never)."""

    def __init__(self, total: float):
        self.total, self.held, self.room = total, 0.0, threading.Condition()

    @contextlib.contextmanager
    def hold(self, need: float):
        with self.room:
            self.room.wait_for(lambda: self.held + need <= self.total or self.held == 0)
            self.held += need
        try:
            yield
        finally:
            with self.room:
                self.held -= need
                self.room.notify_all()


def _need(task) -> float:
    """Device memory one real-size evaluation holds at its peak: the judge's inputs, its copy for the reference,
    the reference's outputs and the candidate's outputs it received; the candidate's guarded inputs (and,
    briefly, what arrived), its outputs; plus a CUDA context each. An output-heavy task (an embedding gather,
    random features) needs more than its inputs suggest."""
    inputs = task.input_bytes()
    outputs = task.output_bytes()
    return 4 * inputs + 3 * (inputs if outputs is None else outputs) + (1 << 30)


def _out_of_memory(r) -> bool:
    """A result that ran out of GPU memory, on the judge's side or the candidate's."""
    if r is None or isinstance(r, Exception):
        return False
    return r.check == "unverified.judge_out_of_memory" or (r.verdict != "pass" and "CUDA out of memory" in r.reason)


def _device_memory(device: str) -> float:
    """Bytes to share out among evaluations running side by side: the smaller of GPU and host memory (the
    host holds as many copies as the GPU: the tensors cross the process boundary through it). On a CPU
    rehearsal: unlimited, the sizes there are SHAPES."""
    if device != "cuda":
        return float("inf")
    host = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:  # nvidia-smi, not torch: a CUDA context here would hold GPU memory through the whole check
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=30).stdout.split()
        gpu = float(out[0]) * 2**20
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        gpu = 80 * 2**30  # the smallest GPU the check is sized for
    return float(min(gpu, host))


class Check:
    """What the phases share: the options, the output folder, the console every line goes to, the clock the
    budget shares are read from, and the summary each phase adds to."""

    def __init__(self, args: argparse.Namespace, phases: set[str]):
        import kernelpilot.sandbox

        self.args, self.phases, self.shares = args, phases, shares(phases)
        self.out = Path(args.out).resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        self.tests = Path(args.tests or "tests").resolve()
        self.console = Console(record=True, width=200)
        self.t_start = time.monotonic()
        # which copy of the package is judged: a laid-out one (device_check.sh) or a checkout's editable install
        self.summary: dict = {"complete": True,
                              "package": str(Path(kernelpilot.sandbox.__file__).resolve().parent.parent)}
        self.device = "cpu"  # phase 0 says
        self.reserve_2b = 0.0  # set with the jobs: phase 2's seconds left to the reference times

    def left(self, share: float = 1.0) -> float:
        """Seconds until this cumulative share of the budget is spent."""
        return self.args.budget_s * share - (time.monotonic() - self.t_start)

    @property
    def expected(self) -> set[str]:
        # without a GPU (a rehearsal) CUDA candidates can only be compiled, and `unverified` is their right answer
        return {"pass"} if self.device == "cuda" else {"pass", "unverified"}

    def checkpoint(self, reached: str) -> None:
        # after every phase: a run killed at a time limit still leaves what it did
        self.summary["reached"], self.summary["wall_s"] = reached, round(time.monotonic() - self.t_start, 1)
        (self.out / "summary.json").write_text(json.dumps(self.summary, indent=1))
        (self.out / "gpu_check.txt").write_text(self.console.export_text(clear=False))

    def finish(self, code: int) -> NoReturn:
        self.summary["exit_code"], self.summary["wall_s"] = code, round(time.monotonic() - self.t_start, 1)
        self.summary["reached"] = "end"
        (self.out / "summary.json").write_text(json.dumps(self.summary, indent=1))
        self.console.print(f"summary: {json.dumps(self.summary)}", markup=False, highlight=False)
        (self.out / "gpu_check.txt").write_text(self.console.export_text())
        sys.exit(code)


def parse_args() -> tuple[argparse.Namespace, set[str]]:
    """The options, and the phases they choose (a usage error, exit 2, for one not known)."""
    ap = argparse.ArgumentParser(description="kernelpilot GPU check")
    ap.add_argument("--out", default=os.environ.get("OUT", "gpu_check_out"))
    ap.add_argument("--budget-s", type=float, default=300.0, help="no new work is started after this")
    ap.add_argument("--workers", type=int, default=6,
                    help="correctness evaluations run side by side, at most (memory is shared out by input size)")
    ap.add_argument("--tasks", default="", help="comma-separated task names for phase 1 (default: all)")
    ap.add_argument("--time-tasks", default=",".join(TIME_TASKS), help="tasks timed in phase 2")
    ap.add_argument("--compile", action="store_true", help="also time torch.compile baselines (slow)")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--transfer-mib", type=int, default=0,
                    help="after phase 2, judge one evaluation of this input size with its tensors through shared "
                         "memory and through the pipe, side by side (scripts/bench_transfer.py; 0: skip)")
    ap.add_argument("--tests", default="", help="the repository's tests folder (default: ./tests if present)")
    ap.add_argument("--phases", default=",".join(PHASES),
                    help=f"which phases to run, comma-separated, of {','.join(PHASES)} (transfer also needs "
                         "--transfer-mib); the budget is shared out over these")
    ap.add_argument("--skip-pytest", action="store_true")
    ap.add_argument("--skip-correctness", action="store_true",
                    help="no phase 1: a second call on a warm machine that only times (phase 1 ran in the first)")
    ap.add_argument("--allow-cpu", action="store_true",
                    help="rehearse on a machine without a GPU (Triton interpreter, small shapes): plumbing only")
    args = ap.parse_args()
    phases = {p for p in args.phases.split(",") if p}
    if phases - set(PHASES):
        ap.error(f"--phases: unknown {', '.join(sorted(phases - set(PHASES)))} (known: {', '.join(PHASES)})")
    phases -= {"correctness"} if args.skip_correctness else set()
    phases -= {"pytest"} if args.skip_pytest else set()
    return args, phases


def machine(check: Check) -> None:
    """Phase 0: what this machine is (`doctor`), and whether kernels run inside the sandbox at all. Ends the
    check when there is no GPU (unless rehearsing) or when the sandbox probe fails: every verdict would be
    wrong. Sets the device the other phases judge on."""
    from kernelpilot.sandbox.doctor import collect, render

    facts = collect()
    render(facts, check.console)
    (check.out / "doctor.json").write_text(json.dumps(facts, indent=2))
    check.summary.update(gpu=facts.get("gpu_name", facts["gpu"]), torch=facts["torch"], triton=facts["triton"],
                         cupy=facts.get("cupy"), sandbox_ok=facts["sandbox_probe"]["ok"],
                         sandbox_first_failing_step=facts["sandbox_probe"]["first_failing_step"],
                         load_inline=facts.get("load_inline_candidates"))
    check.checkpoint("doctor")
    if not facts["gpu"] and not check.args.allow_cpu:
        check.console.print("[red]no GPU visible: nothing to check here (--allow-cpu rehearses the plumbing)[/]")
        check.finish(3)
    if not facts["sandbox_probe"]["ok"]:
        check.console.print("[red]candidate code cannot run inside the sandbox here; every verdict would be wrong, so "
                            "nothing is judged. The probe table above names the step.[/]")
        check.finish(1)
    check.device = "cuda" if facts["gpu"] else "cpu"


def reference_solutions(check: Check) -> tuple[list[tuple], dict[str, float], float]:
    """Not a phase: what phases 1, 2 and 2b work through. Every shipped reference solution of the tasks chosen
    (--tasks), largest first, with the device memory each task's evaluation needs and the memory to share
    out among them."""
    from kernelpilot.tasks.loader import list_tasks, load_task

    wanted = {t for t in check.args.tasks.split(",") if t}
    # the suite, plus the KernelBench-format examples (their solutions include a load_inline extension)
    examples = [load_task(str(f)) for f in sorted((Path(list_tasks()[0].path).parents[1] / "examples").glob("*.py"))]
    jobs = [(task, backend, path) for task in list_tasks() + examples if not wanted or task.name in wanted
            for backend, path in sorted(task.solutions().items())]
    # Memory, shared out by what an evaluation holds at the real size (_need: four copies of the inputs and
    # three of the outputs on the GPU; on the host, the shared-memory regions hold one of each); six of the
    # largest at once lost judges to the host's OOM killer on the H200, before the transfers were cut down.
    # Largest first.
    memory = _device_memory(check.device) * 0.8
    need = {t.name: min(memory, _need(t)) for t in {j[0].name: j[0] for j in jobs}.values()}
    jobs.sort(key=lambda j: -need[j[0].name])
    # 2b runs last (it initialises CUDA in this process) but is what checks the suite's promise, and is cheap
    # (about 10 s for the suite on an H200): timing and 2a leave it this much of the share, so that a timing
    # phase running long cannot starve it
    suite_tasks = {t.name for t, _, _ in jobs if t.suite} if "references" in check.phases else set()
    check.reserve_2b = references_reserve(len(suite_tasks), check.args.budget_s * (check.shares[1] - check.shares[0]))
    return jobs, need, memory


def correctness(check: Check, jobs: list[tuple], need: dict[str, float], memory: float) -> None:
    """Phase 1: every reference solution passes (a CUDA one on a CPU: unverified), at SHAPES and at the real
    size, several at once with timing off. Memory is shared out by each task's need; one that runs out of GPU
    memory is judged once more, alone. An evaluation that would end past phase 1's share is not started."""
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate

    args, console, summary = check.args, check.console, check.summary
    # one fresh-input trial plus the same-addresses one per shape: at the real size each candidate run moves
    # gigabytes between processes, and the whole suite must fit in 15 minutes
    cfg = EvalConfig(device=check.device, trials=1, timeout_s=240, timing=False)
    walls: list[float] = []  # of finished evaluations: one that would end past the share is not started
    share = MemoryShare(memory)

    def judge(job):
        task, backend, path = job
        with share.hold(need[task.name]):
            got = judge_now(task, backend, path)
        if _out_of_memory(got[2]):
            # the estimate of what it needs was short, or its neighbours took more: once more, alone
            with share.hold(memory):
                got = judge_now(task, backend, path)
        return got

    def judge_now(task, backend, path):
        typical = sorted(walls)[len(walls) // 2] if walls else 0.0
        t0 = time.monotonic()
        try:
            if check.left(check.shares[0]) <= typical:
                return task, backend, None
            try:
                return task, backend, evaluate(task, path.read_text(), cfg)
            finally:
                walls.append(time.monotonic() - t0)
        except Exception as e:  # noqa: BLE001 - one broken task must not end the whole check
            return task, backend, e

    rows: list[tuple] = []
    results: list[dict] = []
    skipped: list[str] = []
    todo = jobs if "correctness" in check.phases else []
    # each result as it comes: one line on stdout and one JSON line on disk, so that a run killed at the device
    # tool's time limit still shows every evaluation that finished, and where its time went
    # (a --skip-correctness call leaves the files of the call that judged alone)
    stream = open(check.out / "correctness.jsonl", "w") if todo else open(os.devnull, "w")
    with ThreadPoolExecutor(max(1, args.workers)) as pool, stream:
        for n, fut in enumerate(as_completed([pool.submit(judge, j) for j in todo]), 1):
            task, backend, r = fut.result()
            if r is None:
                skipped.append(f"{task.name}/{backend}")
                continue
            if isinstance(r, Exception):
                rows.append((task.suite or "example", task.name, backend, "error", type(r).__name__, *[""] * 6, str(r)[:160]))
                results.append({"task": task.name, "backend": backend, "verdict": "error", "reason": str(r)})
            else:
                rows.append(_row(task, backend, r))
                results.append({"backend": backend, **r.model_dump(mode="json")})
            stream.write(json.dumps(results[-1]) + "\n")
            stream.flush()
            console.print(_progress_line(n, len(todo), time.monotonic() - check.t_start, results[-1]), markup=False,
                          highlight=False)
    order = {(t.name, b): i for i, (t, b, _) in enumerate(jobs)}
    results.sort(key=lambda r: order.get((r["task"], r["backend"]), len(order)))
    if todo:
        (check.out / "correctness.json").write_text(json.dumps(results, indent=1))
    console.print(_table(f"phase 1: correctness of the reference solutions on {check.device} ({args.workers} at once)",
                         rows))
    failed = [f"{r['task']}/{r['backend']}" for r in results if r["verdict"] not in check.expected]
    summary.update(correctness_ok=len(results) - len(failed), correctness_failed=failed,
                   correctness_skipped=skipped)
    summary["phase_end_s"] = {"correctness": round(time.monotonic() - check.t_start, 1)}
    # where phase 1's time went, summed over its evaluations: the first thing to read when it ran out
    by_activity: dict[str, float] = {}
    for r in results:
        for k, v in (r.get("seconds") or {}).items():
            by_activity[k] = by_activity.get(k, 0.0) + v
    summary["correctness_seconds"] = {k: round(v, 1) for k, v in sorted(by_activity.items(), key=lambda kv: -kv[1])}
    # and what crossed between judge and candidate (with the "of which" seconds above: the transfer rate)
    moved = {way: sum(int((r.get("transfer") or {}).get(f"{way}_bytes", 0)) for r in results) for way in ("sent", "received")}
    summary["correctness_transfer_gib"] = {k: round(v / 2**30, 2) for k, v in moved.items()}
    summary["correctness_transfer_via"] = sorted({str((r.get("transfer") or {}).get("via")) for r in results
                                                  if r.get("transfer")})
    if "correctness" not in check.phases:
        summary["correctness"] = "skipped (--skip-correctness)" if args.skip_correctness else "not chosen (--phases)"
    if skipped:
        summary["complete"] = False
        console.print(f"[yellow]budget share spent: not judged {', '.join(skipped)}[/]")
    check.checkpoint("correctness")


def timing(check: Check, jobs: list[tuple]) -> None:
    """Phase 2: the tasks of --time-tasks timed, strictly one evaluation at a time (Triton only on a CPU):
    candidate against eager (and torch.compile with --compile), the most telling first, leaving 2b its reserve
    of the share."""
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate

    args, console, summary, device = check.args, check.console, check.summary, check.device
    timed = {t for t in args.time_tasks.split(",") if t}
    tcfg = EvalConfig(device=device, trials=1, timeout_s=240, timing_reps=args.reps, compile_baseline=args.compile)
    rows: list[tuple] = []
    timings: list[dict] = []
    skipped: list[str] = []
    # the most telling first (--time-tasks order, Triton before CUDA), so that a short budget still times those
    rank = {name: i for i, name in enumerate(t for t in args.time_tasks.split(",") if t)}
    for task, backend, path in sorted(jobs, key=lambda j: (rank.get(j[0].name, len(rank)), j[1] != "triton")):
        if "timing" not in check.phases or task.name not in timed or (device == "cpu" and backend != "triton"):
            continue
        if check.left(check.shares[1]) - check.reserve_2b <= 0:
            skipped.append(f"{task.name}/{backend}")
            continue
        r = evaluate(task, path.read_text(), tcfg)
        rows.append(_row(task, backend, r))
        timings.append({"backend": backend, **r.model_dump(mode="json")})
    if "timing" in check.phases:
        (check.out / "timing.json").write_text(json.dumps(timings, indent=1))
    console.print(_table("phase 2: timing, one at a time (candidate = our reference solution)", rows))
    summary["phase_end_s"]["timing"] = round(time.monotonic() - check.t_start, 1)
    summary.update(timed=[f"{t['task']}/{t['backend']}" for t in timings],
                   timing_failed=[f"{t['task']}/{t['backend']}" for t in timings if t["verdict"] not in check.expected],
                   timing_skipped=skipped)
    if skipped:
        summary["complete"] = False
        console.print(f"[yellow]budget share spent: not timed {', '.join(skipped)}[/]")
    check.checkpoint("timing")


def _benchmark(check: Check, name: str, what: str, measure: Callable[[], dict]) -> None:
    """One phase-2a benchmark: written to <name>_bench.json and the summary; a failure is reported, the
    check goes on. Skipped, and said so, when only 2b's reserve of the share is left."""
    if check.left(check.shares[1]) - check.reserve_2b <= 0:
        check.summary[f"{name}_bench"] = "skipped: budget share spent"
        check.summary["complete"] = False
        check.console.print(f"[yellow]budget share spent: no {name} benchmark[/]")
        return
    try:
        got = measure()
    except Exception as e:  # noqa: BLE001
        got = {"error": f"{type(e).__name__}: {e}"[:500]}
    (check.out / f"{name}_bench.json").write_text(json.dumps(got, indent=1))
    check.console.print(f"phase 2a, {what}: {json.dumps(got)}", markup=False, highlight=False)
    check.summary[f"{name}_bench"] = got
    check.checkpoint(f"{name} bench")


def transfer_bench(check: Check) -> None:
    """Phase 2a, with --transfer-mib: one large evaluation, its tensors through shared memory against through
    the pipe (scripts/bench_transfer.py)."""
    if "transfer" in check.phases and check.args.transfer_mib:
        from bench_transfer import measure

        _benchmark(check, "transfer", "transfers", lambda: measure(check.args.transfer_mib, 1, check.device))


def overhead_bench(check: Check) -> None:
    """Phase 2a: the fixed cost of one evaluation on this machine, against a cold `import torch`
    (scripts/bench_overhead.py)."""
    if "overhead" in check.phases:
        from bench_overhead import measure as measure_overhead

        _benchmark(check, "overhead", "fixed cost of an evaluation", lambda: measure_overhead(3, check.device))


def reference_times(check: Check, jobs: list[tuple]) -> None:
    """Phase 2b: the eager reference of every suite task at its real size (on a CPU, its first SHAPES entry),
    here and not in a worker: the suite promises about 1 ms or more on an H100."""
    device, summary = check.device, check.summary
    refs: list[dict] = []
    skipped: list[str] = []
    for task in {t.name: t for t, _, _ in jobs}.values():
        if not task.suite or "references" not in check.phases:
            continue  # the examples are KernelBench's sizes, not ours
        if check.left(check.shares[1]) <= 0:
            skipped.append(task.name)
            continue
        # on a CPU (a rehearsal) the real sizes would take hours: the first SHAPES entry stands in
        overrides = {} if device == "cuda" else (task.shapes()[0][1] if task.shapes() else {})
        try:
            refs.append(reference_time(task, device, overrides))
        except Exception as e:  # noqa: BLE001 - reported per task
            refs.append({"task": task.name, "suite": task.suite, "error": f"{type(e).__name__}: {e}"[:300]})
    if "references" in check.phases:
        (check.out / "reference_times.json").write_text(json.dumps(refs, indent=1))
    table = Table("suite", "task", "eager ms (median)", "p25-p75", "roofline ms", "H100-equivalent ms", "about 1 ms or more?",
                  title=f"phase 2b: the reference (PyTorch eager) at the {'default' if device == 'cuda' else 'first SHAPES'} size")
    for r in refs:
        if "error" in r:
            table.add_row(r["suite"], r["task"], "error", "", "", "", r["error"][:80])
            continue
        table.add_row(r["suite"], r["task"], f"{r['median_ms']:.3g}", f"{r['p25_ms']:.3g}-{r['p75_ms']:.3g}",
                      f"{r['roofline_ms']:.3g}" if r["roofline_ms"] else "", f"{r['h100_equivalent_ms']:.3g}",
                      "yes" if r["h100_equivalent_ms"] >= 0.7 else "NO")
    check.console.print(table)
    summary.update(reference_short=[r["task"] for r in refs if "error" not in r and r["h100_equivalent_ms"] < 0.7],
                   reference_errors=[r["task"] for r in refs if "error" in r], reference_skipped=skipped)
    if skipped:
        summary["complete"] = False
    check.checkpoint("reference times")


def gpu_tests(check: Check) -> bool:
    """Phase 3: the pytest tests marked `gpu`, with whatever budget is left (at least a minute). True when
    they ran and failed, or were stopped at the budget."""
    args, summary = check.args, check.summary
    if "pytest" not in check.phases:
        summary["pytest"] = "skipped (--skip-pytest)" if args.skip_pytest else "not chosen (--phases)"
        return False
    tests = check.tests
    if not tests.is_dir():
        summary["pytest"] = f"skipped: no tests folder at {tests}"
        return False
    budget = max(60.0, check.left())
    # run from the output folder: from the repository root, its kernelpilot/ folder (only a shim of the
    # package layout) would shadow the installed package
    # -v, straight into pytest.txt: a test's line is on disk when it ends, even if a time limit kills the
    # whole check before pytest does
    cmd = [sys.executable, "-m", "pytest", "-v", "-m", "gpu", "-p", "no:cacheprovider", "--rootdir", str(tests.parent),
           "-c", str(tests.parent / "pyproject.toml"), str(tests)]
    log = check.out / "pytest.txt"
    with open(log, "w") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=check.out, start_new_session=True)
        try:
            rc = proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:  # the whole group: its evaluations' workers too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = 124
            summary["complete"] = False
    text = log.read_text(errors="replace") + (f"\npytest stopped after {budget:.0f} s" if rc == 124 else "")
    log.write_text(text)
    check.console.print(text[-6000:], markup=False, highlight=False)
    summary["pytest"] = {"exit_code": rc, "last_line": text.strip().splitlines()[-1] if text.strip() else ""}
    return rc != 0  # a failure, not rc itself: a caller's timeout wrapper reads 124 as its own time limit


def main() -> None:
    check = Check(*parse_args())
    machine(check)
    jobs, need, memory = reference_solutions(check)
    correctness(check, jobs, need, memory)
    timing(check, jobs)
    transfer_bench(check)
    overhead_bench(check)
    reference_times(check, jobs)
    failed = check.summary["correctness_failed"] or check.summary["timing_failed"] or check.summary["reference_errors"]
    tests_failed = gpu_tests(check)
    check.finish(1 if failed or tests_failed or not check.summary["complete"] else 0)


if __name__ == "__main__":
    main()
