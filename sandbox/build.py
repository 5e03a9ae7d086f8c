"""Build stage. CUDA C source found in the candidate is compiled with NVRTC (tens of milliseconds, no GPU
needed): errors come back verbatim, and on success ptxas's register/spill/shared-memory figures.
Triton kernels compile lazily at first launch, so for them this stage has nothing to do ahead of time."""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import re
import shutil
import site
import sys
import time
from functools import lru_cache

from .result import BuildInfo


class NvrtcUnavailable(RuntimeError):
    pass


def _candidate_paths() -> list[str]:
    pats = []
    roots = list(site.getsitepackages()) + [site.getusersitepackages(), os.path.dirname(os.path.dirname(__file__))]
    roots += [p for p in sys.path if p.endswith("site-packages")]
    for r in roots:
        pats += [f"{r}/nvidia/cuda_nvrtc/lib/libnvrtc.so*", f"{r}/nvidia/cu13/lib/libnvrtc.so*",
                 f"{r}/cupy_backends/**/libnvrtc.so*"]
    for cuda in (os.environ.get("CUDA_HOME", ""), os.environ.get("CUDA_PATH", ""), "/usr/local/cuda"):
        if cuda:
            pats += [f"{cuda}/lib64/libnvrtc.so*", f"{cuda}/lib/libnvrtc.so*"]
    pats += ["/usr/lib/x86_64-linux-gnu/libnvrtc.so*", "/usr/lib64/libnvrtc.so*"]
    found = []
    try:  # NVIDIA's own locator, where installed (the CUDA 13 wheels' layout moves between releases)
        from cuda.pathfinder import load_nvidia_dynamic_lib

        found.append(load_nvidia_dynamic_lib("nvrtc").abs_path)
    except Exception:  # noqa: BLE001 - absent or cannot find it: the glob patterns still apply
        pass
    for p in pats:
        found += [f for f in sorted(glob.glob(p, recursive=True)) if "builtins" not in f and "alt" not in f]
    return found


@lru_cache(maxsize=1)
def load_nvrtc() -> ctypes.CDLL:
    errors = []
    for path in _candidate_paths() + ["libnvrtc.so", "libnvrtc.so.12", "libnvrtc.so.13"]:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise NvrtcUnavailable("NVRTC not found (pip install nvidia-cuda-nvrtc-cu12, or a CUDA toolkit)")


def nvrtc_version() -> str:
    lib = load_nvrtc()
    major, minor = ctypes.c_int(), ctypes.c_int()
    lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
    return f"{major.value}.{minor.value}"


def parse_ptxas(log: str) -> dict[str, dict[str, int]]:
    """ptxas -v output -> {kernel: {registers, spill_bytes, smem_bytes}}."""
    kernels: dict[str, dict[str, int]] = {}
    current = None
    for line in log.splitlines():
        m = re.search(r"Compiling entry function '(\S+)'", line)
        if m:
            current = kernels.setdefault(m.group(1), {"registers": 0, "spill_bytes": 0, "smem_bytes": 0})
            continue
        if current is None:
            continue
        if (m := re.search(r"(\d+) bytes spill stores", line)):
            current["spill_bytes"] = int(m.group(1))
        if (m := re.search(r"Used (\d+) registers", line)):
            current["registers"] = int(m.group(1))
        if (m := re.search(r"(\d+) bytes smem", line)):
            current["smem_bytes"] = int(m.group(1))
    return kernels


def compile_cuda(source: str, arch: str = "sm_90", name: str = "kernel.cu") -> BuildInfo:
    """Compile one CUDA C translation unit to a cubin with NVRTC; never raises for bad source."""
    lib = load_nvrtc()
    t0 = time.perf_counter()
    prog = ctypes.c_void_p()
    rc = lib.nvrtcCreateProgram(ctypes.byref(prog), source.encode(), name.encode(), 0, None, None)
    if rc != 0:
        return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}", log=f"nvrtcCreateProgram failed ({rc})")
    opts = [f"--gpu-architecture={arch}", "--std=c++17", "--ptxas-options=-v", "-default-device"]
    arr = (ctypes.c_char_p * len(opts))(*[o.encode() for o in opts])
    rc = lib.nvrtcCompileProgram(prog, len(opts), arr)
    size = ctypes.c_size_t()
    lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    lib.nvrtcGetProgramLog(prog, buf)
    log = buf.value.decode(errors="replace").strip()
    lib.nvrtcDestroyProgram(ctypes.byref(prog))
    ms = (time.perf_counter() - t0) * 1e3
    info = BuildInfo(ok=rc == 0, compiler=f"nvrtc {nvrtc_version()} ({arch})", compile_ms=ms, log=log)
    if rc == 0:
        info.kernels = parse_ptxas(log)
    return info


def build_cuda_sources(sources: dict[str, str], arch: str) -> BuildInfo:
    """All CUDA strings of a candidate; the first failure is returned with its full compiler log."""
    total = BuildInfo(ok=True)
    for var, src in sources.items():
        info = compile_cuda(src, arch, f"{var}.cu")
        total.compiler, total.compile_ms = info.compiler, total.compile_ms + info.compile_ms
        total.log = (total.log + "\n" + info.log).strip()
        total.kernels.update(info.kernels)
        if not info.ok:
            total.ok = False
            total.log = info.log
            return total
    return total


def nvcc_path(path: str | None = None) -> str | None:
    """The nvcc torch.utils.cpp_extension would build with: $CUDA_HOME, $CUDA_PATH, the one on PATH, then
    /usr/local/cuda (its own search order, without importing it)."""
    for home in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH")):
        if home:
            return f"{home}/bin/nvcc" if os.path.isfile(f"{home}/bin/nvcc") else None
    found = shutil.which("nvcc", path=path)
    if found:
        return found
    return "/usr/local/cuda/bin/nvcc" if os.path.isfile("/usr/local/cuda/bin/nvcc") else None


def missing_to_run(backend: str, needs_nvcc: bool, path: str | None = None) -> str | None:
    """What this machine lacks to run a candidate of `backend` on its GPU, as a sentence; None if nothing.

    A missing tool is the machine's gap, not the kernel's fault: without this, a KernelBench load_inline
    solution on a GPU box with a pip-installed torch (no ninja) would be judged a wrong kernel. Decided from
    the machine alone, before the candidate runs, so no candidate can talk its way into `unverified`.
    `path` is the PATH the candidate process gets (isolation.candidate_path())."""
    if backend == "cuda":
        if importlib.util.find_spec("cupy") is None:
            return "CuPy is not installed here, and CUDA candidates are launched with it (pip install cupy-cuda12x or cupy-cuda13x, matching torch.version.cuda)"
        return None
    if backend != "cuda_ext":
        return None
    lacks = []
    if not shutil.which("ninja", path=path):
        lacks.append("ninja (pip install ninja), which torch.utils.cpp_extension builds with")
    if not shutil.which("c++", path=path):
        lacks.append("a C++ compiler (c++)")
    if needs_nvcc and not nvcc_path(path):
        lacks.append("nvcc (a CUDA toolkit; set CUDA_HOME if it is installed somewhere else)")
    if not lacks:
        return None
    return "a load_inline extension is built on this machine, and it lacks " + "; ".join(lacks)
