"""The evaluation pipeline's throughput, measured side by side in one run, with the ratios:

    .venv/bin/python scripts/bench_pipeline.py [--tasks relu,gelu,...] [--reps 5] [--passes 3] [--image IMAGE]

1. Per-candidate fixed cost, two ways:
   a. a process ready to judge (torch and Triton imported): a fork of the warm worker server vs a cold
      `python -c "import torch, triton"` vs a container of the image that imports them (`--sandbox docker`'s
      floor), where a Docker engine answers and the image exists (else skipped, with the reason);
   b. a whole evaluation of a small candidate (relu's Triton solution, 1 trial, correctness only): evaluate()
      with the warm worker server vs a cold `kernelpilot eval` subprocess vs evaluate(sandbox="docker").
2. Evaluations per minute over a small CPU suite (tasks/core problems with their Triton solutions, judged as
   `eval-suite` judges them, correctness only): 1 and 2 local workers, and Ray with 2 CPU workers (the first
   pass, which starts Ray's workers and their worker servers, and a second pass on warm workers).
3. The CUDA compile path: NVRTC vs nvcc on the same kernel (`load_inline`'s whole build needs a CUDA torch).

Prints one line per measurement, then the ratios against the targets (2 workers >= 1.8x one; Ray within 15% of
the local pool at equal workers; the forking worker >= 5x cheaper per candidate than a cold subprocess)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("RAY_AUTH_MODE", "disabled")


def median_wall(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat (every process, not only ours)."""
    try:
        fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def say(what: str, value: str) -> None:
    print(f"{what:<62} {value}", flush=True)


@contextlib.contextmanager
def quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def docker_problem(image: str) -> str:
    """Why the docker measurements cannot run here ("" when they can)."""
    try:
        from kernelpilot.sandbox.docker_sandbox import DockerUnavailable, client_with_image
    except ImportError as e:
        return str(e)
    try:
        client_with_image(image)
    except DockerUnavailable as e:
        return str(e)
    return ""


def fixed_cost(reps: int, image: str) -> dict:
    from kernelpilot.sandbox import evaluate as ev
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.tasks.loader import load_task

    out: dict = {}
    ctx = ev._forkserver("cpu")  # warm: torch and Triton imported once

    def fork_once():
        p = ctx.Process(target=os.getpid)
        with ev._without_main_module():
            p.start()
        p.join()

    fork_once()
    out["fork"] = median_wall(fork_once, reps * 4)
    say("a. ready process: fork of the warm worker server", f"{out['fork'] * 1000:.1f} ms")
    env = {**os.environ, "TRITON_INTERPRET": "1"}
    cold = [sys.executable, "-c", "import torch, triton"]
    out["cold"] = median_wall(lambda: subprocess.run(cold, env=env, check=True), reps)
    say("a. ready process: cold `python -c 'import torch, triton'`", f"{out['cold'] * 1000:.0f} ms")
    why = docker_problem(image)
    if not why:
        from kernelpilot.sandbox.docker_sandbox import client_with_image

        client = client_with_image(image)

        def container():
            c = client.containers.run(image, ["-c", "import torch, triton"], entrypoint=["python"],
                                      network_mode="none", environment={"TRITON_INTERPRET": "1"}, detach=True)
            try:
                code = c.wait()["StatusCode"]
                if code:
                    raise RuntimeError(f"the container exited {code}: {c.logs()[-500:]!r}")
            finally:
                c.remove(force=True)

        container()
        out["container"] = median_wall(container, reps)
        say("a. ready process: container importing torch, triton", f"{out['container'] * 1000:.0f} ms")
    else:
        say("a. ready process: container", f"skipped: {why[:150]}")

    task = load_task("relu")
    source = (ROOT / "tasks/core/solutions/relu_triton.py").read_text()
    cfg = EvalConfig(device="cpu", trials=1, timing=False)
    ev.evaluate(task, source, cfg)
    out["eval_fork"] = median_wall(lambda: ev.evaluate(task, source, cfg), reps)
    say("b. evaluation of relu (1 trial): warm worker server", f"{out['eval_fork']:.2f} s")
    cli = [sys.executable, "-m", "kernelpilot", "eval", "relu", str(ROOT / "tasks/core/solutions/relu_triton.py"),
           "--trials", "1", "--no-timing", "--device", "cpu"]
    out["eval_cold"] = median_wall(lambda: subprocess.run(cli, stdout=subprocess.DEVNULL, check=True), reps)
    say("b. evaluation of relu: cold `kernelpilot eval` subprocess", f"{out['eval_cold']:.2f} s")
    if not why:
        os.environ["KERNELPILOT_DOCKER_IMAGE"] = image
        dcfg = cfg.model_copy(update={"sandbox": "docker"})
        r = ev.evaluate(task, source, dcfg)
        out["eval_docker"] = median_wall(lambda: ev.evaluate(task, source, dcfg), reps)
        say("b. evaluation of relu: --sandbox docker", f"{out['eval_docker']:.2f} s (verdict {r.verdict})")
    else:
        say("b. evaluation of relu: --sandbox docker", "skipped (as above)")
    return out


def suite_folder(names: list[str]) -> tuple[Path, Path, Path]:
    tmp = Path(tempfile.mkdtemp(prefix="kp-bench-"))
    problems, solutions = tmp / "problems", tmp / "solutions"
    problems.mkdir()
    solutions.mkdir()
    for n in names:
        shutil.copy(ROOT / "tasks/core" / f"{n}.py", problems / f"{n}.py")
        shutil.copy(ROOT / "tasks/core/solutions" / f"{n}_triton.py", solutions / f"{n}_triton.py")
    return tmp, problems, solutions


def throughput(names: list[str], passes: int) -> dict:
    import json

    from kernelpilot.agent import eval_suite
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate
    from kernelpilot.tasks.loader import load_task

    cfg = EvalConfig(device="cpu", trials=1, timing=False)
    tmp, problems, solutions = suite_folder(names)
    out: dict = {}
    verdicts: dict = {}

    def one_pass(label: str, passes: int = passes, config: EvalConfig = cfg, **kw) -> float:
        walls = []
        b0, t0_all = busy_jiffies()
        for _ in range(passes):
            buf = io.StringIO()
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
                eval_suite.run(problems, solutions, "*", config, True, **kw)
            walls.append(time.perf_counter() - t0)
            verdicts[f"{label} #{len(walls)}"] = {r["problem"]: r["verdict"]
                                                  for r in json.loads(buf.getvalue())["problems"]}
        b1, t1_all = busy_jiffies()
        cores = (os.cpu_count() or 1) * (b1 - b0) / max(1, t1_all - t0_all)
        wall = statistics.median(walls)
        per_min = 60 * len(names) / wall
        passed = sum(v == "pass" for v in verdicts[f"{label} #1"].values())
        say(f"{label}: {len(names)} evaluations", f"{wall:.1f} s = {per_min:.1f} per minute ({passed} pass; "
            f"passes {', '.join(f'{w:.1f}' for w in walls)} s; machine busy {cores:.1f} cores)")
        return per_min

    try:
        with quiet():
            evaluate(load_task("relu"), (ROOT / "tasks/core/solutions/relu_triton.py").read_text(), cfg)  # warm
        out["local1"] = one_pass("2. local, 1 worker", workers=1)
        out["local2"] = one_pass("2. local, 2 workers", workers=2)
        # the build for the GPU target runs in a process of its own beside each evaluation's checks, so one
        # worker already keeps more than one core busy: the pool's own scaling is seen without it
        checks = cfg.model_copy(update={"target_compile": False})
        out["checks1"] = one_pass("2. local, 1 worker, checks only (no build beside)", config=checks, workers=1)
        out["checks2"] = one_pass("2. local, 2 workers, checks only (no build beside)", config=checks, workers=2)
        try:
            from kernelpilot.agent.executor import RayExecutor

            t0 = time.perf_counter()
            with quiet():
                ex = RayExecutor(num_cpus=2)
            say("2. Ray: start a local instance (2 CPUs)", f"{time.perf_counter() - t0:.1f} s")
            try:
                out["ray_first"] = one_pass("2. Ray, 2 workers, first pass (workers start)", 1, executor=ex)
                out["ray2"] = one_pass("2. Ray, 2 workers, warm workers", executor=ex)
            finally:
                ex.close()
        except ImportError:
            say("2. Ray", "skipped: Ray is not installed (pip install 'kernelpilot[ray]')")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    same = all(v == verdicts["2. local, 1 worker #1"] for k, v in verdicts.items() if "checks only" not in k) and all(
        v == verdicts["2. local, 1 worker, checks only (no build beside) #1"] for k, v in verdicts.items()
        if "checks only" in k)
    say("2. the same verdicts in every configuration", "yes" if same else f"NO: {verdicts}")
    return out


def compile_paths(reps: int) -> dict:
    """The CUDA compile path: NVRTC in this process (how a CUDA candidate is built) vs nvcc on the same kernel
    (the compiler `load_inline` drives; its whole build adds the C++ binding against torch's headers and a
    link, which needs a CUDA build of torch and is not measured here)."""
    import ast

    from kernelpilot.sandbox.build import compile_cuda

    tree = ast.parse((ROOT / "tasks/core/solutions/relu_cuda.py").read_text())
    src = next(n.value.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "SRC")
    out = {"nvrtc": median_wall(lambda: compile_cuda(src, "sm_90"), reps)}
    say("CUDA compile, NVRTC (relu kernel, sm_90)", f"{1e3 * out['nvrtc']:.0f} ms")
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        say("CUDA compile, nvcc", "skipped: no nvcc on PATH")
        return out
    with tempfile.TemporaryDirectory() as tmp:
        cu = Path(tmp) / "relu.cu"
        cu.write_text(src)
        cmd = [nvcc, "-arch=sm_90", "-cubin", "-O3", "-o", str(Path(tmp) / "relu.cubin"), str(cu)]
        out["nvcc"] = median_wall(lambda: subprocess.run(cmd, check=True, capture_output=True), reps)
    say("CUDA compile, nvcc -cubin (the same kernel)", f"{1e3 * out['nvcc']:.0f} ms")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", default="relu,gelu,softmax,bias_gelu,layernorm,rmsnorm",
                    help="tasks/core problems with a Triton solution")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of each fixed-cost measurement (median)")
    ap.add_argument("--passes", type=int, default=3, help="passes over the suite per configuration (median)")
    ap.add_argument("--image", default=os.environ.get("KERNELPILOT_DOCKER_IMAGE", "kernelpilot:latest"))
    args = ap.parse_args()
    import torch
    import triton

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
          f"torch {torch.__version__}, Triton {triton.__version__}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}\n")
    cost = fixed_cost(args.reps, args.image)
    rate = throughput([t.strip() for t in args.tasks.split(",") if t.strip()], args.passes)
    compiled = compile_paths(args.reps)
    print("\nratios (target):")
    print(f"  cold subprocess / fork, ready process:          {cost['cold'] / cost['fork']:8.0f}x   (>= 5x)")
    print(f"  cold `kernelpilot eval` / warm evaluation:      {cost['eval_cold'] / cost['eval_fork']:8.1f}x   (>= 5x)")
    if "container" in cost:
        print(f"  container / fork, ready process:                {cost['container'] / cost['fork']:8.0f}x")
        print(f"  --sandbox docker / warm evaluation:             {cost['eval_docker'] / cost['eval_fork']:8.1f}x")
    print(f"  2 local workers / 1 local worker:               {rate['local2'] / rate['local1']:8.2f}x   (>= 1.8x)")
    print(f"  the same, checks only (no build beside):        {rate['checks2'] / rate['checks1']:8.2f}x")
    if "ray2" in rate:
        print(f"  Ray 2 workers (warm) / 2 local workers:         {rate['ray2'] / rate['local2']:8.2f}    (>= 0.85)")
        print(f"  Ray 2 workers (first pass) / 2 local workers:   {rate['ray_first'] / rate['local2']:8.2f}")
    if "nvcc" in compiled:
        print(f"  nvcc / NVRTC, one kernel:                       {compiled['nvcc'] / compiled['nvrtc']:8.1f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
