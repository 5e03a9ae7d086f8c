"""Benchmark (not a test): moving a real-size tensor between judge and candidate, against the bare pipe.

    python scripts/bench_wire.py [--mib 512] [--n 3]

At a task's real size every candidate run moves gigabytes across the process boundary (inputs in, outputs
back), and on the H200 that dominated an evaluation. This sends
the same bytes three ways from a forked child, side by side in one run, and prints the ratios:
  raw    os.write of a bytes object / os.readv into one buffer (what a pipe can do here at best);
  wire   wire.send of a tensor / wire.recv on the pipe alone (header, validation, tensor rebuilt);
  arena  the same through shared memory (wire.Arena, what judge and candidate use where memfd exists);
  check  arena, plus the judge's checks: compare() of what came back against the original, and the
         input fingerprint (both sides')
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

from kernelpilot.sandbox import wire
from kernelpilot.sandbox.compare import compare, fingerprint


def fork_sender(send) -> tuple[int, int]:
    """Run send(fd) in a forked child, as the candidate sends to the judge; returns the read end of its pipe and
    the child's pid."""
    r, w = os.pipe()
    wire.widen_pipe(w)
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            send(w)
        finally:
            os._exit(0)
    os.close(w)
    return r, pid


def _across_a_fork(send, receive) -> float:
    r, pid = fork_sender(send)
    t0 = time.perf_counter()
    receive(r)
    dt = time.perf_counter() - t0
    os.close(r)
    os.waitpid(pid, 0)
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=int, default=512)
    ap.add_argument("--n", type=int, default=3)
    args = ap.parse_args()
    x = torch.randn(args.mib << 18)  # float32: MiB * 2**20 / 4 elements
    raw = x.view(torch.uint8).numpy().tobytes()
    tol = {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-5}

    def raw_send(fd):
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]

    def raw_recv(fd):
        buf = bytearray(len(raw))
        view, got = memoryview(buf), 0
        while got < len(raw):
            got += os.readv(fd, [view[got:]])

    def wire_recv(fd):
        wire.recv(fd, timeout=600)

    arena = wire.Arena.create(wire.REPLY_BYTES)  # as the candidate's region: the child is the sender here
    if arena is None:
        raise SystemExit("no memfd here: the judge uses the pipe alone, and the 'wire' line is what it gets")

    def arena_recv(fd):
        wire.recv(fd, timeout=600, arena=arena)

    def checked_recv(fd):
        _, (y,) = wire.recv(fd, timeout=600, arena=arena)
        assert compare(y, x, tol).__class__.__name__ == "Match" and fingerprint(y, 7) == fingerprint(x, 7)

    ways = {"raw": (raw_send, raw_recv), "wire": (lambda fd: wire.send(fd, {}, [x]), wire_recv),
            "arena": (lambda fd: wire.send(fd, {}, [x], arena=arena), arena_recv),
            "check": (lambda fd: wire.send(fd, {}, [x], arena=arena), checked_recv)}
    times = {k: [] for k in ways}
    for _ in range(args.n):  # interleaved, so that drift on the machine hits all three alike
        for k, (s, r) in ways.items():
            times[k].append(_across_a_fork(s, r))
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in med.items():
        print(f"{k:6s} {args.mib} MiB in {v:.3f} s  ({args.mib / 1024 / v:.2f} GiB/s)  {v / med['raw']:.2f}x raw")


if __name__ == "__main__":
    main()
