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


class CudaHeaderUnavailable(NvrtcUnavailable):
    """A source includes a header of the CUDA toolkit (a device-side one such as curand_kernel.h) that the CUDA
    headers installed here lack: the kernel cannot be compiled on this machine, which says nothing about it."""


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


class CudaHeaders:
    """One installed set of CUDA headers: the directories to pass NVRTC with -I, its CUDA version and where it
    came from (a toolkit or pip wheels)."""

    def __init__(self, dirs: list[str], version: str, origin: str):
        self.dirs, self.version, self.origin = dirs, version, origin

    def __repr__(self) -> str:
        return f"CUDA {self.version} headers ({self.origin}: {', '.join(self.dirs)})"


def _header_version(include: str) -> str | None:
    """CUDA version of the headers in `include`, from CUDART_VERSION (cuda_runtime_api.h) or CUDA_VERSION (cuda.h);
    None if the folder holds no CUDA runtime headers."""
    for header, macro in (("cuda_runtime_api.h", "CUDART_VERSION"), ("cuda.h", "CUDA_VERSION")):
        try:
            with open(os.path.join(include, header), errors="replace") as f:
                m = re.search(rf"#define\s+{macro}\s+(\d+)", f.read())
        except OSError:
            continue
        if m:
            v = int(m.group(1))
            return f"{v // 1000}.{v % 1000 // 10}"
    return None


def _header_sets() -> list[CudaHeaders]:
    """Every set of CUDA headers installed here, toolkits first, in the order CuPy and nvcc look for a toolkit.

    A set is the runtime headers (cuda_fp16.h, cuda_bf16.h, cooperative_groups.h, math_constants.h) plus the
    CCCL headers they include (cooperative_groups needs <nv/target>, CUDA 13's headers <cuda/std/...>), plus the
    crt/ headers (mma.h needs crt/mma.h) where the set has them: a CUDA 13 toolkit keeps CCCL in include/cccl;
    the CUDA 12 pip wheels ship each part in its own package (nvidia-cuda-runtime-cu12, nvidia-cuda-cccl-cu12,
    nvidia-cuda-nvcc-cu12), the CUDA 13 wheels all of them under nvidia/cu13. cuRAND's device headers
    (curand_kernel.h) are in a toolkit's include folder, in nvidia-curand-cu12's, or under nvidia/cu13."""
    roots = [os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH")]
    nvcc = nvcc_path()
    if nvcc:
        roots.append(os.path.dirname(os.path.dirname(os.path.realpath(nvcc))))
    roots += ["/usr/local/cuda"] + sorted(glob.glob("/usr/local/cuda-*"), reverse=True)
    sets, seen = [], set()

    def add(dirs: list[str], origin: str) -> None:
        dirs = [d for d in dirs if os.path.isdir(d)]
        if not dirs or os.path.realpath(dirs[0]) in seen or not os.path.isfile(os.path.join(dirs[0], "cuda_fp16.h")):
            return
        version = _header_version(dirs[0])
        if version:
            seen.add(os.path.realpath(dirs[0]))
            sets.append(CudaHeaders(dirs, version, origin))

    for root in filter(None, roots):
        add([f"{root}/include", f"{root}/include/cccl"], f"toolkit {root}")
    site_roots = list(site.getsitepackages()) + [site.getusersitepackages()]
    site_roots += [p for p in sys.path if p.endswith("site-packages")]
    for r in dict.fromkeys(site_roots):
        # cuRAND's device API (curand_kernel.h) comes with nvidia-curand-cu12, which torch's CUDA 12 wheels install
        add([f"{r}/nvidia/cuda_runtime/include", f"{r}/nvidia/cuda_cccl/include", f"{r}/nvidia/cuda_nvcc/include",
             f"{r}/nvidia/curand/include"], "pip wheels nvidia-cuda-runtime-cu12")
        add([f"{r}/nvidia/cu13/include", f"{r}/nvidia/cu13/include/cccl"], "pip wheels (CUDA 13)")
    return sets


@lru_cache(maxsize=1)
def cuda_headers() -> CudaHeaders | None:
    """The CUDA headers NVRTC compiles with: the first set whose CUDA major version is NVRTC's own (a CUDA 13
    header uses builtins an NVRTC 12 does not know: cooperative_groups.h from CUDA 13 fails under NVRTC 12.9), else
    the first set found; None where no CUDA headers are installed.

    CuPy's RawModule, which runs these kernels on a GPU machine, passes NVRTC the include folder of the toolkit it
    finds ($CUDA_PATH, nvcc's, /usr/local/cuda) or of the pip wheels, so a kernel that includes cuda_fp16.h builds
    in both places; here the same places are searched."""
    sets = _header_sets()
    if not sets:
        return None
    try:
        major = nvrtc_version().split(".")[0]
    except NvrtcUnavailable:
        return sets[0]
    return next((s for s in sets if s.version.split(".")[0] == major), sets[0])


def _explain_missing_header(log: str, headers: CudaHeaders | None) -> str:
    """The compiler's log, with a line saying where headers were looked for when one was not found."""
    if "open source file" not in log:
        return log
    if headers is None:
        where = ("no CUDA headers are installed here (pip install nvidia-cuda-runtime-cu12 nvidia-cuda-cccl-cu12, "
                 "or a CUDA toolkit with CUDA_HOME set)")
    else:
        where = f"the CUDA headers searched were {headers!r}"
    return (f"{log}\n[kernelpilot] a header was not found: {where}. NVRTC has no C or C++ standard library headers "
            "(<cmath>, <cstdint>, <cstdio>): use CUDA's built-in math functions, or <cuda/std/...>.")


# Headers of the CUDA toolkit that a kernel may include and that a machine's pip-installed CUDA headers may lack
# (each set ships its own parts): device-side, header-only. A vendor library's host header (cublas_v2.h,
# curand.h) is not one: the contract refuses those.
TOOLKIT_DEVICE_HEADERS = re.compile(r"(curand_kernel\.h|curand_(?!kernel)\w+\.h|crt/\w+\.h|mma\.h|cuda_fp[468]\.h|"
                                    r"cuda_bf16\.h|cuda_fp16\.h|cuda_pipeline\w*\.h|cuda_awbarrier\w*\.h|"
                                    r"cooperative_groups(/[\w/]+)?(\.h)?|math_constants\.h|sm_\d+_\w+\.h|"
                                    r"(cub|cuda|nv|thrust)/[\w/.]+)")


def _missing_toolkit_header(log: str) -> str | None:
    """The toolkit header a failed compile could not find, when that is why it failed (NVRTC stops at the first
    missing include, so nothing else was compiled); None for any other failure or header."""
    m = re.search(r'catastrophic error: cannot open source file "([^"]+)"', log)
    if m and TOOLKIT_DEVICE_HEADERS.fullmatch(m.group(1)):
        return m.group(1)
    return None


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


def compile_cuda(source: str, arch: str = "sm_90", name: str = "kernel.cu", options: tuple[str, ...] = (),
                 name_expressions: tuple[str, ...] = ()) -> BuildInfo:
    """Compile one CUDA C translation unit to a cubin with NVRTC; never raises for bad source.

    `options`: the NVRTC options the candidate's CuPy call passes (the contract allows macros, the language
    standard and code-generation switches; checks.NVRTC_OPTIONS), added to the judge's own; a `-std=` of the
    candidate's replaces the judge's C++17. `name_expressions`: the template instantiations CuPy asks NVRTC for
    (`name_expressions=("softmax<float>",)`), so that a template is compiled as it is used."""
    from .checks import INCLUDE_BY_MACRO_WHY, INCLUDE_OUTSIDE_WHY, NVRTC_OPTIONS, include_by_macro, include_outside

    lib = load_nvrtc()
    # NVRTC runs in this (the judge's) process and reads any file an #include names: only headers below the
    # CUDA include folders, whatever the static contract let through (it may be switched off), and only the
    # options the contract knows (no -I of the candidate's)
    outside, macro = include_outside(source), include_by_macro(source)
    refused = [o for o in options if not NVRTC_OPTIONS.fullmatch(o)]
    if outside is not None or macro is not None or refused:
        why = (f"the source {INCLUDE_OUTSIDE_WHY.format(outside)}" if outside is not None
               else f"the source {INCLUDE_BY_MACRO_WHY.format(macro)}" if macro is not None
               else f"NVRTC option {refused[0]!r} is not one the judge passes on")
        return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}", log=f"not compiled: {why}")
    t0 = time.perf_counter()
    prog = ctypes.c_void_p()
    # a quoted header is looked for beside the source first: the source is named as if in a folder that does
    # not exist, not in this process's working folder (the user's), whose files it could otherwise include
    # (--no-source-include would also stop the toolkit's own headers finding their neighbours)
    folder = "/nonexistent-kernelpilot-source/"
    where = folder + name
    rc = lib.nvrtcCreateProgram(ctypes.byref(prog), source.encode(), where.encode(), 0, None, None)
    if rc != 0:
        return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}", log=f"nvrtcCreateProgram failed ({rc})")
    for expr in name_expressions:
        lib.nvrtcAddNameExpression(prog, expr.encode())
    headers = cuda_headers()
    std = [o for o in options if re.match(r"--?std=", o)]
    opts = [f"--gpu-architecture={arch}", *(std[-1:] or ["--std=c++17"]), "--ptxas-options=-v", "-default-device"]
    opts += [o for o in options if not re.match(r"--?std=|--?gpu-architecture=|--?arch=|-default-device$", o)]
    opts += [f"-I{d}" for d in (headers.dirs if headers else [])]
    arr = (ctypes.c_char_p * len(opts))(*[o.encode() for o in opts])
    rc = lib.nvrtcCompileProgram(prog, len(opts), arr)
    size = ctypes.c_size_t()
    lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    lib.nvrtcGetProgramLog(prog, buf)
    log = buf.value.decode(errors="replace").strip().replace(folder, "")
    lib.nvrtcDestroyProgram(ctypes.byref(prog))
    ms = (time.perf_counter() - t0) * 1e3
    if rc != 0:
        log = _explain_missing_header(log, headers)
    compiler = f"nvrtc {nvrtc_version()} ({arch})" + (f", CUDA {headers.version} headers" if headers else "")
    info = BuildInfo(ok=rc == 0, compiler=compiler, compile_ms=ms, log=log, include_dirs=headers.dirs if headers else [])
    if rc == 0:
        info.kernels = parse_ptxas(log)
    return info


# what the confined NVRTC compile may take: seconds of CPU, and memory for NVRTC's front end on large templates
CONFINED_CPU_S = 120
CONFINED_MEMORY_MB = 8192
CONFINED_ANSWER_BYTES = 16 << 20  # its answer: the build's figures, PTX sizes and a log trimmed to 64 KiB


def build_cuda_sources(sources: dict[str, str], arch: str) -> BuildInfo:
    """All CUDA strings of a candidate, compiled in a child process confined as a candidate's is (no network,
    an allow-list root filesystem that shows the Python environment, NVRTC and the CUDA headers only, no
    privileges, no new processes, a clean environment), where root allows it. NVRTC opens whatever file an
    #include names and quotes the lines it fails on: the contract and compile_cuda refuse headers outside the
    CUDA include folders, and here what NVRTC can open at all is what a candidate may read anyway. Raises as
    _build_cuda_sources does (NvrtcUnavailable, CudaHeaderUnavailable)."""
    import json
    import select
    import signal

    from . import isolation

    load_nvrtc()  # mapped before the fork (NvrtcUnavailable here): the child finds it in its new root too
    headers = cuda_headers()
    extra = tuple(sorted(set(_mapped_nvrtc_dirs() + (headers.dirs if headers else []))))
    plan = isolation.Plan.for_this_process()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: confine, compile, answer, exit
        os.close(r)
        said: dict = {}
        try:
            isolation.close_other_fds({w})
            isolation.confine("kp-nvrtc", False, gpu=False, memory_mb=CONFINED_MEMORY_MB, cpu_s=CONFINED_CPU_S,
                              file_mb=64, nproc=64, plan=plan, extra=extra)
            said = {"build": _build_cuda_sources(sources, arch).model_dump()}
        except (NvrtcUnavailable, CudaHeaderUnavailable) as e:
            said = {"raise": type(e).__name__, "message": str(e)}
        except BaseException as e:  # noqa: BLE001 - reported to the judge, which fails the build with it
            said = {"error": f"{type(e).__name__}: {e}"}
        data = json.dumps(said).encode()
        while data:
            data = data[os.write(w, data):]
        os._exit(0)
    os.close(w)
    chunks, deadline, got = [], time.monotonic() + CONFINED_CPU_S + 30, 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > CONFINED_ANSWER_BYTES:  # its log is trimmed before it answers (BuildInfo): not an answer
                os.kill(pid, signal.SIGKILL)
                return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}",
                                 log=f"not compiled: the confined compile's answer passed {CONFINED_ANSWER_BYTES} bytes")
    except TimeoutError:
        return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}",
                         log=f"not compiled: NVRTC took more than {CONFINED_CPU_S + 30} s")
    finally:
        os.close(r)
        os.waitpid(pid, 0)
        shutil.rmtree(plan.root_dir, ignore_errors=True)
    said = json.loads(b"".join(chunks) or b"{}")
    if "build" in said:
        return BuildInfo(**said["build"])
    if said.get("raise") == "NvrtcUnavailable":
        raise NvrtcUnavailable(said["message"])
    if said.get("raise") == "CudaHeaderUnavailable":
        raise CudaHeaderUnavailable(said["message"])
    return BuildInfo(ok=False, compiler=f"nvrtc {nvrtc_version()}",
                     log=f"not compiled: the confined compile failed ({said.get('error', 'no answer')})")


def _mapped_nvrtc_dirs() -> list[str]:
    """The folders of the NVRTC libraries this process has mapped: NVRTC loads its builtins library from beside
    itself when it compiles."""
    dirs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split(maxsplit=5)[-1].strip() if line.count(" ") >= 5 else ""
                if "nvrtc" in os.path.basename(path) and path.startswith("/"):
                    dirs.add(os.path.dirname(os.path.realpath(path)))
    except OSError:
        pass
    return sorted(dirs)


def _build_cuda_sources(sources: dict[str, str], arch: str) -> BuildInfo:
    """All CUDA strings of a candidate; the first failure is returned with its full compiler log. A source may
    carry the NVRTC options and name_expressions of its CuPy call (checks.CudaSource), which it is compiled with.

    A source that includes a device header of the CUDA toolkit these CUDA headers lack (curand_kernel.h without
    nvidia-curand-cu12) raises CudaHeaderUnavailable: the machine cannot compile it, and the verdict is
    `unverified`, as without NVRTC, not a compile error of the kernel."""
    total = BuildInfo(ok=True)
    for var, src in sources.items():
        info = compile_cuda(src, arch, f"{var}.cu", tuple(getattr(src, "options", ())),
                            tuple(getattr(src, "name_expressions", ())))
        header = None if info.ok else _missing_toolkit_header(info.log)
        if header:
            raise CudaHeaderUnavailable(
                f"the CUDA headers on this machine lack <{header}>, a header of the CUDA toolkit that `{var}` "
                f"includes ({cuda_headers()!r}); a CUDA toolkit (or, for curand_kernel.h, the nvidia-curand-cu12 "
                "wheel) provides it. The kernel was not compiled here, so it is unverified")
        total.compiler, total.compile_ms = info.compiler, total.compile_ms + info.compile_ms
        total.include_dirs = info.include_dirs
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
