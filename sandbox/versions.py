"""The versions a verdict holds for.

A verdict is given by the Triton, torch and NVRTC installed where it was judged: the interpreter and the
compiler of another Triton release accept and compute other things (a kernel passed with Triton 3.9 crashed
Triton 3.6's compiler; a block-pointer kernel 3.6 compiles, 3.9 refuses). So every result carries them
(`EvalResult.toolchain`), `kernelpilot doctor` lists them, and `eval` prints them under the verdict.
"""

from __future__ import annotations

import platform
from functools import lru_cache
from importlib import metadata

# What a CPU verdict says about Triton, in the result and under the verdict line.
INSTALLED_ONLY = ("the verdict holds for this Triton and torch only; another release may compile, compute or take "
                  "another branch (a file may read torch.__version__) differently")


def _dist(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def toolchain() -> dict[str, str]:
    """Triton, torch, NVRTC and CUDA header versions of this environment (and Python's); never raises."""
    facts = {"triton": _dist("triton") or "not installed", "torch": _dist("torch") or "not installed",
             "python": platform.python_version()}
    try:
        from .build import NvrtcUnavailable, cuda_headers, nvrtc_version

        try:
            facts["nvrtc"] = nvrtc_version()
        except NvrtcUnavailable:
            facts["nvrtc"] = "not found"
        headers = cuda_headers()
        facts["cuda_headers"] = headers.version if headers else "not found"
    except Exception:  # noqa: BLE001 -- a broken NVRTC install is a fact, not a reason to lose the result
        facts.setdefault("nvrtc", "unknown")
    return facts


def for_verdict(device: str, gpu_arch: str | None) -> dict[str, str]:
    """The toolchain as a verdict states it: with the GPU it stands for, and, for one judged on a CPU, that it
    is the installed Triton's verdict."""
    facts = dict(toolchain())
    if gpu_arch:
        facts["gpu_arch"] = gpu_arch
    if device == "cpu":
        facts["triton_mode"] = "interpreter, then compiled for gpu_arch"
        facts["holds_for"] = INSTALLED_ONLY
    elif device == "cuda":
        facts["triton_mode"] = "compiled and run on the GPU"
    return facts
