"""Benchmark (not a test): per-candidate cost of the forking worker vs a cold `python -c "import torch"`.

    python scripts/bench_overhead.py [--n 5] [--device cpu|cuda]

Both are measured side by side in one run and printed as a ratio. The worker figure is a whole evaluation
of a trivial candidate on a tiny task (judge + confined candidate + 1 trial), so it is an upper bound of
the overhead; the cold figure is only the interpreter start plus `import torch`, a lower bound of what a
fresh-process-per-candidate design would pay before doing any work.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASK = '''
import torch
import torch.nn as nn
class Model(nn.Module):
    def forward(self, x):
        return x * 2.0
def get_inputs():
    return [torch.randn(64)]
def get_init_inputs():
    return []
'''
CANDIDATE = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl

@triton.jit
def double(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) * 2.0, mask=m)

class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        double[(1,)](x, y, x.numel(), BLOCK=64)
        return y
'''


def measure(n: int, device: str = "cpu") -> dict:
    """Side by side in one run: n whole evaluations of a trivial kernel through the forking worker, and n cold
    `python -c "import torch"`; medians, their ratio, and where the worker's time went (its `seconds`). On a
    GPU the worker figure includes a CUDA context in the judge and in the candidate, and the kernel's compile
    in a fresh Triton cache: the fixed cost every real evaluation pays."""
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import run_worker
    from kernelpilot.tasks.loader import load_task

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "double.py"
        path.write_text(TASK)
        task = load_task(str(path))
        cfg = EvalConfig(device=device, trials=1, interpreter_reps=1, timing=False, target_compile=False)
        t0 = time.perf_counter()
        first = run_worker(task, CANDIDATE, cfg, device, "triton")  # starts the forkserver (imports torch once)
        startup = time.perf_counter() - t0
        if first.verdict != "pass":
            raise RuntimeError(f"{first.check}: {first.reason[:300]}")
        worker, last = [], first
        for _ in range(n):
            t0 = time.perf_counter()
            last = run_worker(task, CANDIDATE, cfg, device, "triton")
            worker.append(time.perf_counter() - t0)
            if last.verdict != "pass":
                raise RuntimeError(f"{last.check}: {last.reason[:300]}")
    cold = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import torch"], check=True)
        cold.append(time.perf_counter() - t0)
    w, c = statistics.median(worker), statistics.median(cold)
    return {"device": device, "n": n, "forkserver_startup_ms": startup * 1e3, "worker_ms": w * 1e3,
            "cold_import_torch_ms": c * 1e3, "cold_over_worker": c / w, "worker_seconds": dict(last.seconds)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    args = ap.parse_args()
    m = measure(args.n, args.device)
    print(f"forkserver start-up (once per process): {m['forkserver_startup_ms']:8.1f} ms")
    print(f"per-candidate evaluation via fork:      {m['worker_ms']:8.1f} ms  (median of {args.n}, full evaluation "
          f"of a trivial kernel on {args.device})")
    print(f"cold `python -c 'import torch'`:        {m['cold_import_torch_ms']:8.1f} ms  (median of {args.n}, no work at all)")
    print(f"ratio cold/fork:                        {m['cold_over_worker']:8.2f}x")
    print("where one evaluation's time went: " + ", ".join(f"{k} {v:.2f}s" for k, v in m["worker_seconds"].items()))


if __name__ == "__main__":
    main()
