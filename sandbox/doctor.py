"""`kernelpilot doctor`: what this machine can do for evaluation."""

from __future__ import annotations

import platform
import shutil
import subprocess

from rich.console import Console
from rich.table import Table


def _version(cmd: list[str]) -> str:
    exe = shutil.which(cmd[0])
    if not exe:
        return "not found"
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return f"{exe} (no version)"
    lines = [l for l in out.splitlines() if "release" in l or "Build" in l or "version" in l.lower()]
    return f"{exe}: {lines[-1].strip() if lines else out.strip()[:80]}"


def collect() -> dict:
    """Facts only; a forked child probes the isolation features so this process stays unconfined."""
    from . import isolation
    from .build import NvrtcUnavailable, nvrtc_version
    from .evaluate import gpu_available

    import torch

    facts: dict = {"python": platform.python_version(), "machine": platform.machine(), "torch": torch.__version__}
    try:
        import triton

        facts["triton"] = triton.__version__
    except ImportError:
        facts["triton"] = "not installed"
    gpu = gpu_available()
    facts["gpu"] = gpu
    if gpu:
        facts["gpu_name"] = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,compute_cap", "--format=csv,noheader"],
                                           capture_output=True, text=True).stdout.strip() or "unknown"
    from .compat import interpreter_keeps_floats, triton_interpreter_bugs

    # the judge works around these itself (sandbox/compat.py); shown so a user knows why a trace looks patched
    fixes = []
    if facts["triton"] != "not installed":
        fixes = triton_interpreter_bugs() + (["float_args_as_launched"] if interpreter_keeps_floats() else [])
        if not gpu:
            from .config import EvalConfig
            from .target import capability

            arch = EvalConfig().gpu_arch  # the GPU a CPU verdict stands for (--gpu-arch)
            if capability(arch) >= 80:
                fixes.append(f"fp32_dots_as_tf32 (as on {arch})")
    facts["triton_interpreter_fixes"] = fixes
    if facts["triton"] != "not installed" and not gpu:
        from .interp_semantics import needed

        # the interpreter given compiled Triton's semantics (sandbox/interp_semantics.py), as the judge does it
        facts["triton_interpreter_semantics"] = needed()
    facts["triton_mode"] = "compiled for the GPU" if gpu else "interpreter (TRITON_INTERPRET=1): correctness only, no GPU timing"
    if not gpu and facts["triton"] != "not installed":
        from .config import EvalConfig
        from .target import capability, ptxas_path

        arch = EvalConfig().gpu_arch
        exe = ptxas_path(capability(arch))
        facts["triton_target_compile"] = (f"verified kernels are compiled for {arch} (--gpu-arch) with {exe}" if exe
                                          else "unavailable: Triton ships no ptxas here and none is on PATH")
    try:
        facts["nvrtc"] = nvrtc_version()
    except NvrtcUnavailable as e:
        facts["nvrtc"] = f"unavailable: {e}"
    from .build import cuda_headers

    headers = cuda_headers()
    facts["cuda_headers"] = (repr(headers) if headers else
                             "not found: CUDA candidates that include cuda_fp16.h & co. fail to build "
                             "(pip install nvidia-cuda-runtime-cu12 nvidia-cuda-cccl-cu12)")
    # what a verdict given here stands for (every result carries the same in `toolchain`, sandbox/versions.py)
    from .versions import INSTALLED_ONLY, toolchain

    tc = toolchain()
    if facts["triton"] == "not installed":
        held = "no Triton: Triton candidates cannot be judged here"
    elif gpu:
        held = f"Triton {tc['triton']} compiled and run on this GPU, torch {tc['torch']}"
    else:
        from .config import EvalConfig

        held = (f"Triton {tc['triton']} (interpreter, then compiled for {EvalConfig().gpu_arch} or --gpu-arch), "
                f"torch {tc['torch']}: {INSTALLED_ONLY} (eval --target-triton PYTHON judges with another's)")
    facts["verdicts_hold_for"] = f"{held}; CUDA: NVRTC {tc.get('nvrtc')}, CUDA headers {tc.get('cuda_headers')}"
    facts["nvcc"] = _version(["nvcc", "--version"])
    facts["ptxas"] = _version(["ptxas", "--version"])
    try:
        import cupy  # noqa: F401

        facts["cupy"] = cupy.__version__
    except Exception:  # noqa: BLE001 - cupy missing or broken is a fact to report
        facts["cupy"] = "not installed (CUDA candidates compile, but run only where CuPy is installed)"
    facts["isolation"] = isolation.probe()
    # last, and in forked children only: nothing above may have initialised CUDA in this process
    from .gpu_probe import probe_sandbox

    facts["sandbox_probe"] = probe_sandbox("cuda" if gpu else "cpu")
    from .build import missing_to_run
    from .isolation import candidate_path

    lacks = {b: missing_to_run(b, True, candidate_path()) for b in ("cuda", "cuda_ext")}
    facts["cuda_candidates"] = ("compiled with NVRTC, reported unverified (exit 3)" if not gpu else
                                f"compiled, reported unverified (exit 3): {lacks['cuda']}" if lacks["cuda"] else "compiled and run")
    facts["load_inline_candidates"] = ("reported unverified (exit 3): no GPU" if not gpu else
                                       f"reported unverified (exit 3): {lacks['cuda_ext']}" if lacks["cuda_ext"]
                                       else "built (ninja, c++, nvcc found) and run")
    return facts


def render(facts: dict, console: Console | None = None) -> None:
    c = console or Console()
    t = Table("what", "this machine", title="kernelpilot doctor")
    for k, v in facts.items():
        if k not in ("isolation", "sandbox_probe"):
            t.add_row(k, str(v))
    c.print(t)
    iso = Table("isolation feature", "available", title="candidate sandbox")
    for k, v in facts["isolation"].items():
        iso.add_row(k, "[green]yes[/]" if v else "[red]no[/]")
    c.print(iso)
    probe = facts.get("sandbox_probe")
    if probe:
        t = Table("confinement steps", "features", "torch", "triton", "cupy",
                  title="candidate code inside the sandbox (probe)")
        for lvl in probe["levels"]:
            t.add_row(", ".join(lvl["steps"]) or "(none)", ", ".join(lvl.get("features", [])),
                      *[lvl.get(c, lvl.get("error", "-")) for c in ("torch", "triton", "cupy")])
        c.print(t)
        if probe["ok"]:
            c.print("[green]kernels run inside the fully confined sandbox[/]")
        else:
            c.print(f"[red]kernels do not run inside the sandbox; first failing step: {probe['first_failing_step']}[/]")
    iso_facts = facts["isolation"]
    if not (iso_facts.get("cgroup-v1-memory") or iso_facts.get("cgroup-v2-memory")):
        c.print("[yellow]no writable cgroup here: a candidate's memory is bounded per process (rlimits) and by the "
                "scratch size, not as a whole; results list no cgroup feature[/]")
    if not facts["isolation"].get("root"):
        c.print("[yellow]not root: namespaces and read-only mounts are unavailable; rlimits, seccomp and the "
                "process group still apply[/]")
