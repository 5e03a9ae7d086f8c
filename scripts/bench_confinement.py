"""Benchmark (not a test): what the candidate's confinement costs per candidate, side by side in one run.

    python scripts/bench_confinement.py [--n 15]

Two figures, each the median of n rounds, alternating: a bare fork of a launcher and a candidate-like child in
a new PID namespace that answers at once, and the same with every confinement step the judge applies (its
cgroup made and removed, the allow-list root built, uid switch, seccomp, environment) and the leftover check.
The difference is the confinement's fixed cost per candidate; `confine()` alone is timed inside the child.
Needs root for the full confinement (without it, both rows measure what this machine can apply).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time

os.environ.setdefault("TRITON_INTERPRET", "1")

import torch  # noqa: E402,F401 - a candidate is forked from a process that has them imported
import triton  # noqa: E402,F401

from kernelpilot.sandbox import isolation, wire  # noqa: E402


def one_candidate(confined: bool) -> tuple[float, float]:
    """(seconds inside confine(), seconds from fork to reaped and cleaned up)."""
    t0 = time.perf_counter()
    cgroup = isolation.Cgroup.create(f"kp-bench-{os.getpid()}", 8 << 30, 256) if confined else None
    root_dir = tempfile.mkdtemp(prefix="kp-root-")
    r, w = os.pipe()
    launcher = os.fork()
    if launcher == 0:
        try:
            pidns = isolation.enter_pid_namespace()
            pid = os.fork()
            if pid == 0:
                t1 = time.perf_counter()
                if confined:
                    isolation.confine("kp-scratch", pidns is not None, gpu=False, memory_mb=8192, cpu_s=60,
                                      file_mb=256, nproc=256, plan=isolation.Plan.for_this_process(root_dir, cgroup))
                wire.send(w, {"confine_s": time.perf_counter() - t1})
                os._exit(0)
            os.waitpid(pid, 0)
        finally:
            os._exit(0)
    os.close(w)
    msg, _ = wire.recv(r, timeout=60)
    os.close(r)
    os.waitpid(launcher, 0)
    if confined:
        isolation.reap(None, cgroup)
        if cgroup:
            cgroup.remove()
    shutil.rmtree(root_dir, ignore_errors=True)
    return msg["confine_s"], time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=15)
    args = ap.parse_args()
    runs: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(args.n):
        for confined in (False, True):
            runs[confined].append(one_candidate(confined))
    bare = statistics.median(t for _, t in runs[False])
    full = statistics.median(t for _, t in runs[True])
    inside = statistics.median(c for c, _ in runs[True])
    print(f"bare fork of a candidate, start to cleaned up:   {bare * 1e3:7.1f} ms  (median of {args.n})")
    print(f"confined candidate, start to cleaned up:          {full * 1e3:7.1f} ms  (median of {args.n})")
    print(f"  of which confine() in the candidate:            {inside * 1e3:7.1f} ms")
    print(f"confinement cost per candidate:                   {(full - bare) * 1e3:7.1f} ms"
          + ("" if os.geteuid() == 0 else "  (not root: most steps unavailable here)"))


if __name__ == "__main__":
    main()
