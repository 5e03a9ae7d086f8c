"""The GPU machines the device check is written for have no network and their own python3 (torch, triton, cupy,
typer, rich, jinja2, pytest; no pydantic, no litellm). A short stay on one must not be spent finding out that
the check script does not start there, so its plumbing is rehearsed here on the CPU."""

import ast
import json
import os
import site as site_module
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GPU_CHECK = ROOT / "scripts/gpu_check.py"
# mpmath comes with every torch wheel (torch requires sympy, which requires mpmath); libdevice.py also works without it
# markupsafe comes with jinja2, pygments with rich
ON_GPU_MACHINE = {"torch", "triton", "numpy", "typer", "rich", "jinja2", "cupy", "cuda", "pytest", "mpmath",
                  "markupsafe", "pygments"}
CARRIED_AS_WHEELS = {"pydantic"}  # scripts/fetch_device_wheels.sh
LAZY_ONLY = {"litellm": "agent/llm/litellm_client.py",  # never imported by the GPU check
             "docker": "sandbox/docker_sandbox.py", "ray": "agent/executor.py"}


def test_package_needs_nothing_the_gpu_machines_lack():
    found: dict[str, set[str]] = {}
    files = [f for folder in ("package", "agent", "sandbox", "tasks", "prompts") for f in (ROOT / folder).rglob("*.py")]
    # the tools that run there too: the check, the benchmarks it runs, and the one the GPU tests import
    tools = ("gpu_check", "bench_overhead", "bench_transfer", "bench_wire")
    files += [ROOT / "scripts" / f"{name}.py" for name in tools]
    for f in files:
        if {"solutions", "examples"} & set(f.parts):
            continue  # candidate files: judged, not imported by the package
        for node in ast.walk(ast.parse(f.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(f.relative_to(ROOT)))
    third_party = {m for m in found if m not in sys.stdlib_module_names and m not in {"kernelpilot", *tools}}
    unknown = third_party - ON_GPU_MACHINE - CARRIED_AS_WHEELS - set(LAZY_ONLY)
    assert not unknown, f"not on the GPU machines, and not carried as wheels: {sorted(unknown)}"
    for mod, where in LAZY_ONLY.items():
        assert found.get(mod, {where}) == {where}, f"{mod} must stay confined to {where}: {found[mod]}"


def test_device_script_rehearsal_on_the_cpu(tmp_path):
    out, empty = tmp_path / "out", tmp_path / "no-wheels"
    empty.mkdir()
    env = {**os.environ, "OUT": str(out), "PYTHON": sys.executable, "KP_DEVICE_SITE": str(tmp_path / "site"),
           "KP_WHEELS": str(empty)}
    p = subprocess.run(["bash", str(ROOT / "scripts/device_check.sh"), "120", "--allow-cpu", "--tasks", "softmax,relu",
                        "--time-tasks", "softmax", "--skip-pytest", "--transfer-mib", "1"], env=env, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["sandbox_ok"] and summary["complete"] and summary["correctness_failed"] == []
    assert summary["correctness_ok"] == 4 and summary["timed"] == ["softmax/triton"]
    assert summary["correctness_seconds"]["candidate (with transfers)"] > 0  # where phase 1's time went
    assert summary["correctness_transfer_via"] == ["shared memory"] and summary["correctness_transfer_gib"]["sent"] >= 0
    bench = summary["transfer_bench"]  # shared memory and pipe side by side, both passing
    # the same evaluation both ways; the bytes moved differ a little with the layout each call draws (the guard
    # bands and pads that come back: none around inputs packed as the caching allocator packs them)
    moved = bench["pipe"]["gib_moved"], bench["shared memory"]["gib_moved"]
    assert bench["pipe_over_shared"] > 0 and min(moved) > 0 and max(moved) <= 1.5 * min(moved), moved
    cost = summary["overhead_bench"]  # the fixed cost of one evaluation, against a cold import torch
    assert cost["worker_ms"] > 0 and cost["cold_over_worker"] > 0 and cost["worker_seconds"]
    # the copy laid out under KP_DEVICE_SITE ran, not this checkout through an editable install
    assert summary["package"] == str((tmp_path / "site" / "kernelpilot").resolve())
    results = json.loads((out / "correctness.json").read_text())
    assert {r["verdict"] for r in results if r["backend"] == "cuda"} == {"unverified"}
    # as each evaluation finished: a line on stdout and one on disk, in whatever order they ended
    streamed = [json.loads(line) for line in (out / "correctness.jsonl").read_text().splitlines()]
    assert sorted((r["task"], r["backend"]) for r in streamed) == sorted((r["task"], r["backend"]) for r in results)
    assert sum(line.startswith("[") and "/4 at " in line for line in p.stdout.splitlines()) == 4
    assert summary["reached"] == "end"
    assert {"doctor.json", "timing.json", "reference_times.json", "gpu_check.txt"} <= {f.name for f in out.iterdir()}
    refs = json.loads((out / "reference_times.json").read_text())
    assert sorted(r["task"] for r in refs) == ["relu", "softmax"] and all(r["median_ms"] > 0 for r in refs)


def test_without_a_gpu_the_check_refuses_unless_rehearsing(tmp_path):
    # through the script, with PYTHON given relative to where it is started (the check itself runs from $OUT)
    python = os.path.relpath(sys.executable, ROOT)
    env = {**os.environ, "OUT": str(tmp_path / "out"), "PYTHON": python, "KP_DEVICE_SITE": str(tmp_path / "site"),
           "KP_WHEELS": str(tmp_path)}
    p = subprocess.run(["bash", "scripts/device_check.sh", "60"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 3 and "no GPU visible" in p.stdout, p.stdout[-2000:] + p.stderr[-2000:]


def test_a_plain_install_is_complete_and_nothing_in_the_checkout_shadows_it(tmp_path):
    """A non-editable install (pip --target, as the GPU check makes one) holds every file of every stage, builds
    without setuptools' warnings about folders missing from pyproject's package list, and is what imports, with no
    site-packages at all, even from the repository's root: no folder there is named kernelpilot."""
    site = tmp_path / "site"
    p = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-compile",
                        "--no-index", "--target", str(site), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "Warning" not in p.stdout + p.stderr, (p.stdout + p.stderr)[-3000:]
    assert not (ROOT / "kernelpilot").exists()
    stages = {"package": "", "agent": "agent/", "sandbox": "sandbox/", "tasks": "tasks/", "prompts": "prompts/"}
    for folder, where in stages.items():
        for f in (ROOT / folder).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix in (".py", ".j2", ".md", ".json", ".cu"):
                assert (site / "kernelpilot" / where / f.relative_to(ROOT / folder)).is_file(), f
    code = ("import kernelpilot.sandbox.judge as j, kernelpilot.agent.prompting as p; print(j.__file__); "
            "print(p.PROMPTS_DIR)")
    # -S: no .pth files, so not the editable install's finder; torch and the rest from site-packages as a plain path
    path = os.pathsep.join([str(site), *site_module.getsitepackages()])
    p = subprocess.run([sys.executable, "-S", "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": path},
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == [str(site / "kernelpilot/sandbox/judge.py"), str(site / "kernelpilot/prompts")]
    # and it judges from there, though the folder is under /tmp, which a candidate sees privately: the harness
    # modules a candidate process uses are loaded before it is confined
    solution = ROOT / "tasks/core/solutions/relu_triton.py"
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "eval", "relu", str(solution), "--trials", "1",
                        "--no-timing", "--no-target-compile"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]


def test_memory_share_makes_large_evaluations_wait_and_lets_an_oversized_one_run_alone():
    import threading
    import time

    from gpu_check import MemoryShare

    share, log, lock = MemoryShare(10), [], threading.Lock()

    def job(name, need, hold_s):
        with share.hold(need):
            with lock:
                log.append(("start", name, share.held))
            time.sleep(hold_s)
        with lock:
            log.append(("end", name, None))

    a = threading.Thread(target=job, args=("a", 6, 0.3))
    a.start()
    time.sleep(0.05)
    b = threading.Thread(target=job, args=("b", 6, 0.0))  # 6 + 6 > 10: waits for a
    c = threading.Thread(target=job, args=("c", 3, 0.0))  # 6 + 3 fits: runs beside a
    b.start(), c.start(), c.join(), b.join(), a.join()
    order = [(e, n) for e, n, _ in log]
    assert order.index(("start", "b")) > order.index(("end", "a"))
    assert order.index(("start", "c")) < order.index(("end", "a"))
    assert max(h for e, _, h in log if e == "start") <= 10
    big = threading.Thread(target=job, args=("big", 25, 0.0))  # more than the whole: alone, not never
    big.start(), big.join(timeout=5)
    assert not big.is_alive() and share.held == 0


def test_a_second_call_can_time_without_judging_again(tmp_path):
    """On a warm machine the second call only times: phase 1 ran in the first call."""
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, str(GPU_CHECK), "--allow-cpu", "--out", str(out),
                        "--tasks", "relu", "--time-tasks", "relu", "--skip-pytest", "--skip-correctness",
                        "--budget-s", "120"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["correctness"] == "skipped (--skip-correctness)" and summary["correctness_ok"] == 0
    assert summary["timed"] == ["relu/triton"] and summary["timing_failed"] == [] and summary["complete"]
    assert not (out / "correctness.json").exists() and not (out / "correctness.jsonl").exists()


def test_a_check_killed_midway_leaves_what_it_did(tmp_path):
    """A command is killed at its time limit; what is under $OUT still comes back. So the check
    must have written, by then, the summary so far and every evaluation that finished."""
    import signal
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, str(GPU_CHECK), "--allow-cpu", "--out", str(out),
                             "--tasks", "softmax,relu,gelu", "--workers", "1", "--skip-pytest", "--budget-s", "600"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stream = out / "correctness.jsonl"
    try:
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline and proc.poll() is None:
            if stream.exists() and stream.read_text().count("\n") >= 1:
                break
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["reached"] == "doctor" and summary["sandbox_ok"]
    done = [json.loads(line) for line in stream.read_text().splitlines()]
    assert done and all(r["verdict"] == "pass" for r in done if r["backend"] == "triton")
    assert "kernelpilot doctor" in (out / "gpu_check.txt").read_text()


def test_the_budget_is_shared_out_over_the_phases_chosen():
    from gpu_check import PHASES, shares

    assert shares(set(PHASES)) == (0.5, 0.75)
    assert shares({"correctness"}) == (1.0, 1.0)  # a call that only judges gets the whole budget
    assert shares({"timing", "references", "pytest"}) == (0.0, 0.5)
    assert shares({"pytest"}) == (0.0, 0.0)


def test_an_unknown_phase_is_a_usage_error(tmp_path):
    p = subprocess.run([sys.executable, str(GPU_CHECK), "--allow-cpu", "--out", str(tmp_path),
                        "--phases", "correctness,speed"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "unknown speed" in p.stderr


def test_evaluations_that_ran_out_of_gpu_memory_are_recognised_for_a_retry_alone():
    from types import SimpleNamespace as R

    from gpu_check import _out_of_memory

    assert _out_of_memory(R(check="unverified.judge_out_of_memory", verdict="unverified", reason="..."))
    assert _out_of_memory(R(check="run.exception", verdict="fail", reason="OutOfMemoryError: CUDA out of memory. Tried"))
    assert not _out_of_memory(R(check="correctness.mismatch", verdict="fail", reason="wrong result"))
    assert not _out_of_memory(None) and not _out_of_memory(ValueError("CUDA out of memory"))


def test_reference_times_are_judged_as_on_an_h100():
    """The suite promises references of about 1 ms on an H100; the GPU may be an H200, whose bandwidth runs a
    memory-bound reference in about 0.7x the time. Its times are scaled by the resource that binds."""
    from kernelpilot.sandbox.bench import GPU_PEAKS, h100_equivalent_ms

    memory_bound = (1e9, 8e9)       # 1 GFLOP over 8 GB: bandwidth binds on both
    compute_bound = (1e13, 1e8)     # 10 TFLOP over 100 MB: compute binds
    ratio = GPU_PEAKS["H100"][0] / GPU_PEAKS["H200"][0]
    assert abs(h100_equivalent_ms(0.7, memory_bound, "NVIDIA H200", False) - 0.7 / ratio) < 1e-9
    assert h100_equivalent_ms(0.7, compute_bound, "NVIDIA H200", False) == 0.7  # same compute peak
    assert h100_equivalent_ms(0.9, memory_bound, "NVIDIA H100 80GB HBM3", False) == 0.9
    assert h100_equivalent_ms(0.5, memory_bound, "Some Other GPU", False) == 0.5  # unknown: as measured
    assert h100_equivalent_ms(0.5, None, "NVIDIA H200", False) == 0.5


def test_timing_leaves_the_reference_times_their_share():
    """Timing must not run to the end of phase 2's window and leave no time for the reference times (2b, about
    10 s for the whole suite, and what checks the suite's 1 ms promise)."""
    from gpu_check import references_reserve

    assert references_reserve(0, 300) == 0.0  # no reference times chosen: nothing held back
    assert references_reserve(39, 300) == 20.0 + 1.5 * 39
    assert references_reserve(39, 60) == 30.0  # never more than half the window


def test_a_benchmark_the_budget_did_not_reach_is_reported_as_skipped(tmp_path):
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, str(GPU_CHECK), "--allow-cpu", "--out", str(out),
                        "--tasks", "relu", "--phases", "overhead", "--budget-s", "0"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    summary = json.loads((out / "summary.json").read_text())
    assert p.returncode == 1, p.stdout[-3000:] + p.stderr[-3000:]
    assert summary["overhead_bench"] == "skipped: budget share spent" and not summary["complete"]
    assert not (out / "overhead_bench.json").exists()
