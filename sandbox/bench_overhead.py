"""Benchmark (not a test): per-candidate cost of the forking worker vs a cold `python -c "import torch"`.

    python -m kernelpilot.sandbox.bench_overhead [--n 5]

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5)
    n = ap.parse_args().n

    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import run_worker
    from kernelpilot.tasks.loader import load_task

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "double.py"
        path.write_text(TASK)
        task = load_task(str(path))
        cfg = EvalConfig(device="cpu", trials=1, interpreter_reps=1)
        t0 = time.perf_counter()
        first = run_worker(task, CANDIDATE, cfg, "cpu", "triton")  # starts the forkserver (imports torch once)
        startup = time.perf_counter() - t0
        assert first.verdict == "pass", first.reason
        worker = []
        for _ in range(n):
            t0 = time.perf_counter()
            r = run_worker(task, CANDIDATE, cfg, "cpu", "triton")
            worker.append(time.perf_counter() - t0)
            assert r.verdict == "pass", r.reason
    cold = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import torch"], check=True)
        cold.append(time.perf_counter() - t0)
    w, c = statistics.median(worker), statistics.median(cold)
    print(f"forkserver start-up (once per process): {startup * 1e3:8.1f} ms")
    print(f"per-candidate evaluation via fork:      {w * 1e3:8.1f} ms  (median of {n}, full evaluation of a trivial kernel)")
    print(f"cold `python -c 'import torch'`:        {c * 1e3:8.1f} ms  (median of {n}, no work at all)")
    print(f"ratio cold/fork:                        {c / w:8.2f}x")


if __name__ == "__main__":
    main()
