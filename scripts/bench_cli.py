"""Wall time of the answers a newcomer asks for first, each the median of a few runs of the installed CLI:

    .venv/bin/python scripts/bench_cli.py [--runs 3]

a static rejection (a syntax error), a usage error (an unknown task), `tasks list` (the first, which reads the
tasks, and a later one, from the cache), and `eval` of a small Triton softmax. Prints one line per answer."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "kernelpilot"]


def wall(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "syntax_error.py"
        bad.write_text("x = (\n")
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        first_listing = wall(["tasks", "list"], env)
        cases = {
            "static rejection (syntax error)": ["eval", "softmax", str(bad)],
            "usage error (unknown task)": ["eval", "no_such_task", str(bad)],
            "tasks list (cached)": ["tasks", "list"],
            "eval of a small Triton softmax": ["eval", "softmax", "tasks/core/solutions/softmax_triton.py"],
        }
        print(f"{'tasks list (first, fills the cache)':40s} {first_listing:6.2f} s")
        for name, args in cases.items():
            print(f"{name:40s} {statistics.median(wall(args, env) for _ in range(runs)):6.2f} s")


if __name__ == "__main__":
    main()
