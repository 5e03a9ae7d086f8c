"""Does candidate code still work inside the sandbox, and if not, which confinement step stops it?

A driver can object to a namespace, a read-only root or a memory limit in ways no CPU machine shows, and a
sandbox that breaks CUDA would reject every honest kernel. So, before judging anything on a new machine,
`probe_sandbox` forks a throwaway process exactly as the judge forks a candidate (a launcher enters a new
PID namespace, its child is PID 1 there), confines it with the judge's steps, and runs three small checks:
a torch op on the device, a Triton kernel (on a GPU this needs ptxas and a C compiler as subprocesses, and
a writable cache) and, on a GPU, a CuPy kernel compiled by NVRTC. If the fully confined process fails, each
prefix of the steps is tried too, so the report names the first step that breaks it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from . import isolation, wire
from .config import EvalConfig

CHECKS = ("torch", "triton", "cupy")


def _checks(device: str) -> dict[str, str]:
    res: dict[str, str] = {}
    x = None
    try:
        import torch

        x = torch.arange(1024, dtype=torch.float32, device=device)
        res["torch"] = "ok" if float((x + 1).sum()) == 524800.0 else "wrong result"
    except BaseException as e:  # noqa: BLE001 - the failure is the finding
        res["torch"] = f"{type(e).__name__}: {e}"[:400]
    try:
        if x is None:
            raise RuntimeError("no tensor: the torch check failed")
        from . import _probe_kernels

        y = _probe_kernels.add_one(x)
        res["triton"] = "ok" if float(y.sum()) == 524800.0 else "wrong result"
    except BaseException as e:  # noqa: BLE001
        res["triton"] = f"{type(e).__name__}: {e}"[:400]
    if device == "cuda":
        try:
            import cupy

            kern = cupy.RawKernel(r'''extern "C" __global__ void inc(float* a, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) a[i] += 1.0f; }''', "inc")
            a = cupy.zeros(1024, dtype=cupy.float32)
            kern((4,), (256,), (a, cupy.int32(1024)))
            res["cupy"] = "ok" if float(a.sum()) == 1024.0 else "wrong result"
        except BaseException as e:  # noqa: BLE001
            res["cupy"] = f"{type(e).__name__}: {e}"[:400]
    return res


def _child(w: int, steps: tuple[str, ...], device: str, pidns: str | None, plan: isolation.Plan) -> None:
    try:
        if device == "cpu":
            os.environ["TRITON_INTERPRET"] = "1"
        cfg = EvalConfig()
        gpu = device == "cuda"
        feats, _ = isolation.confine("kp-probe", pidns is not None, gpu=gpu,
                                     memory_mb=cfg.candidate_memory_mb(gpu), cpu_s=120,
                                     file_mb=cfg.file_size_mb, nproc=cfg.max_processes, steps=steps, plan=plan)
        res = {"features": feats + ([pidns] if pidns else []), **_checks(device)}
    except BaseException as e:  # noqa: BLE001
        res = {"error": f"confinement failed: {type(e).__name__}: {e}"[:400]}
    wire.send(w, res)


def run_level(steps: tuple[str, ...], device: str, timeout_s: float = 180.0) -> dict:
    """Fork a candidate-like process confined with `steps`, run the checks, return what it found."""
    cfg = EvalConfig()
    try:  # the judge's cgroup, with its limits: a driver's pinned host memory counts there
        cgroup = isolation.Cgroup.create(f"kp-probe-{os.getpid()}", cfg.candidate_memory_mb(device == "cuda") << 20,
                                         cfg.max_processes)
    except OSError:
        cgroup = None
    root_dir = tempfile.mkdtemp(prefix="kp-root-")
    plan = isolation.Plan.for_this_process(root_dir, cgroup)
    r, w = os.pipe()
    launcher = os.fork()
    if launcher == 0:
        try:
            os.close(r)
            os.setpgid(0, 0)  # one group: a timeout kills launcher and child together
            pidns = isolation.enter_pid_namespace() if "namespaces" in steps else None
            pid = os.fork()
            if pid == 0:
                _child(w, steps, device, pidns, plan)
                os._exit(0)
            os.waitpid(pid, 0)
        finally:
            os._exit(0)
    os.close(w)
    try:
        res, _ = wire.recv(r, timeout=timeout_s)
    except wire.Timeout:
        isolation.kill_tree(launcher)
        res = {"error": f"no answer within {timeout_s:.0f} s (hung)"}
    except wire.WireError:
        res = {"error": "the probe process died without answering"}
    os.close(r)
    os.waitpid(launcher, 0)
    try:
        isolation.reap(None, cgroup)
    except RuntimeError as e:
        res.setdefault("error", str(e))
    if cgroup:
        cgroup.remove()
    shutil.rmtree(root_dir, ignore_errors=True)
    return res


def _ok(res: dict, device: str) -> bool:
    wanted = CHECKS if device == "cuda" else CHECKS[:2]
    return "error" not in res and all(res.get(c) == "ok" for c in wanted)


def probe_sandbox(device: str) -> dict:
    """{'ok': bool, 'levels': [{'steps': [...], ...results}], 'first_failing_step': str | None}."""
    full = isolation.CONFINEMENT_STEPS
    top = run_level(full, device)
    report: dict[str, Any] = {"ok": _ok(top, device), "levels": [{"steps": list(full), **top}], "first_failing_step": None}
    if report["ok"]:
        return report
    # bisect by prefixes: the unconfined level first, so a broken GPU is not blamed on the sandbox
    for k in range(len(full)):
        steps = full[:k]
        res = run_level(steps, device)
        report["levels"].insert(k, {"steps": list(steps), **res})
        if not _ok(res, device):
            report["first_failing_step"] = "none: it fails even unconfined" if k == 0 else full[k - 1]
            break
    else:
        report["first_failing_step"] = full[-1]
    return report
