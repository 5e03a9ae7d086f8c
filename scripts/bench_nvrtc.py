"""Benchmark (not a test): what compiling a CuPy candidate's sources in a confined child costs, side by side in
one run.

    python scripts/bench_nvrtc.py [--n 7]

Two figures, each the median of n rounds, alternating: NVRTC called in this process (`compile_cuda`) and the
judge's build (`build_cuda_sources`: a forked child confined as a candidate is, which compiles and answers
through a pipe), on a kernel that includes cuda_fp16.h. The ratio is the confinement's cost per build.
Needs NVRTC and the CUDA headers (the nvidia-cuda-nvrtc-cu12 / -runtime-cu12 wheels); root for the full
confinement.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from kernelpilot.sandbox import build

SOURCE = r"""
#include <cuda_fp16.h>
extern "C" __global__ void scale(__half2* x, __half2 s, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = __hmul2(x[i], s);
}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=7)
    n = ap.parse_args().n
    build.load_nvrtc()
    direct, confined = [], []
    for _ in range(n):
        t = time.perf_counter()
        assert build.compile_cuda(SOURCE, "sm_90").ok
        direct.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert build.build_cuda_sources({"SOURCE": SOURCE}, "sm_90").ok
        confined.append(time.perf_counter() - t)
    a, b = statistics.median(direct), statistics.median(confined)
    print(f"machine: {os.cpu_count()} cores, root={os.geteuid() == 0}, nvrtc {build.nvrtc_version()}, n={n}")
    print(f"NVRTC in this process:       {a * 1e3:8.1f} ms")
    print(f"confined child (the judge's): {b * 1e3:8.1f} ms   ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
