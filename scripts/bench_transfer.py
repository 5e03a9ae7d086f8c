"""Benchmark (not a test): one whole evaluation at a large size, its tensors moved through shared memory
against through the pipe, side by side in one run.

    python scripts/bench_transfer.py [--mib 256] [--n 3] [--device cpu|cuda]
    (on a GPU machine: scripts/gpu_check.py --transfer-mib 1024 runs it once, after the timing phase)

The task doubles a float32 vector of --mib MiB (no SHAPES, so it is judged at that size on either device):
one trial plus the same-addresses trial, no timing phase. Each evaluation moves about 2x the input to the
candidate and 3x the output back. Printed per way: the judge's time on the candidate's runs (with the
transfers), the judge's own share of sending and receiving, and the bytes moved. On a GPU the shared-memory
path copies device to shared pages and back with no host copy in between; this is the figure to read there.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

TASK = '''"""Double a float32 vector (transfer benchmark)."""
import torch
import torch.nn as nn
N = {n}
class Model(nn.Module):
    def forward(self, x):
        return x * 2.0
def get_inputs():
    return [torch.randn(N)]
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
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) * 2.0, mask=m)

class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        block = 1 << 20 if x.device.type == "cpu" else 4096  # few, large programs under the interpreter
        double[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)
        return y
'''
CANDIDATE_TIME = "candidate (with transfers)"


def measure(mib: int, n: int, device: str) -> dict:
    """Both ways, interleaved n times; medians per way and the ratio pipe / shared memory."""
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import run_worker
    from kernelpilot.tasks.loader import load_task

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "double_big.py"
        path.write_text(TASK.format(n=mib << 18))
        task = load_task(str(path))
        cfgs = {way: EvalConfig(device=device, trials=1, timing=False, target_compile=False, timeout_s=600,
                                memory_mb=max(8192, 8 * mib), shared_memory=(way == "shared memory"))
                for way in ("shared memory", "pipe")}
        rows: dict[str, list] = {way: [] for way in cfgs}
        run_worker(task, CANDIDATE, cfgs["pipe"], device, "triton")  # starts the forkserver; not counted
        for _ in range(n):  # interleaved, so that drift on the machine hits both alike
            for way, cfg in cfgs.items():
                r = run_worker(task, CANDIDATE, cfg, device, "triton")
                if r.verdict != "pass" or r.transfer.get("via") != way:
                    raise RuntimeError(f"{way}: {r.verdict} {r.check}: {r.reason[:300]} {r.transfer}")
                rows[way].append(r)
    res: dict = {"mib": mib, "n": n, "device": device}
    for way, rs in rows.items():
        res[way] = {"candidate_runs_s": statistics.median(r.seconds.get(CANDIDATE_TIME, 0.0) for r in rs),
                    "judge_send_receive_s": statistics.median(
                        sum(v for k, v in r.seconds.items() if k.startswith("of which")) for r in rs),
                    "evaluation_s": statistics.median(r.wall_s for r in rs),
                    "gib_moved": (int(rs[0].transfer.get("sent_bytes", 0)) +
                                  int(rs[0].transfer.get("received_bytes", 0))) / 2**30}
    res["pipe_over_shared"] = res["pipe"]["candidate_runs_s"] / max(res["shared memory"]["candidate_runs_s"], 1e-9)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = ap.parse_args()
    res = measure(args.mib, args.n, args.device)
    for way in ("shared memory", "pipe"):
        m = res[way]
        print(f"{way:14s} {args.mib} MiB input on {args.device}: candidate runs {m['candidate_runs_s']:6.2f} s "
              f"(judge's send+receive {m['judge_send_receive_s']:5.2f} s), whole evaluation {m['evaluation_s']:6.2f} s, "
              f"{m['gib_moved']:.2f} GiB moved  (median of {args.n})")
    print(f"pipe / shared memory, candidate runs: {res['pipe_over_shared']:.2f}x")


if __name__ == "__main__":
    main()
