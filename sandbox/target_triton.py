"""`kernelpilot eval --target-triton PYTHON`: the same candidate judged again with another environment's Triton.

A CPU verdict is the installed Triton's: its interpreter ran the kernels and its compiler built the verified
ones for --gpu-arch. The GPU machine may run another release (3.6 on the machines this project is tested on,
3.9 here), whose compiler refuses kernels 3.9 accepts and the other way round. Given the python of an
environment that has the target's Triton (and torch, numpy, pydantic, typer, rich: `make gpu-rehearsal`
builds one, `.device-venv`, with the GPU machines' versions), this runs `kernelpilot eval` there, on the CPU,
from this same kernelpilot: the interpreter and the compile for the target GPU of every verified kernel, with
that Triton. Its verdict comes back as a summary; `eval` fails a candidate that passes here and fails there.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import kernelpilot

# the package's subpackages, one per stage of the pipeline
STAGES = ("agent", "sandbox", "tasks", "prompts")


def _import_root(scratch: str) -> str:
    """A folder to put on the target's PYTHONPATH from which `import kernelpilot` finds this kernelpilot and
    nothing else of this environment (its site-packages would bring this Triton along): a `kernelpilot` folder
    of links to where this process imports the package and each of its stages from (in a source checkout the
    stages are the package folder's siblings, installed they sit inside it)."""
    import importlib

    pkg = os.path.join(scratch, "kernelpilot")
    os.mkdir(pkg)
    here = os.path.dirname(os.path.abspath(kernelpilot.__file__))
    for name in os.listdir(here):
        if name.endswith(".py"):
            os.symlink(os.path.join(here, name), os.path.join(pkg, name))
    for stage in STAGES:
        module = importlib.import_module(f"kernelpilot.{stage}")
        os.symlink(os.path.dirname(os.path.abspath(module.__file__ or "")), os.path.join(pkg, stage))
    return scratch


def _summary(python: str, triton: str, verdict: str, check: str, reason: str, stage: str = "") -> dict[str, str]:
    return {"python": python, "triton": triton, "verdict": verdict, "check": check, "stage": stage,
            "reason": reason[:2000]}


def judge_with(python: str, task: str, candidate: Path, *, gpu_arch: str, trials: int, timeout_s: float,
               shapes: Sequence[str] = ()) -> dict[str, str]:
    """`kernelpilot eval TASK CANDIDATE --device cpu` run by `python`; a summary of its verdict. A target
    environment that cannot judge (no such python, no Triton, a kernelpilot dependency missing) gives verdict
    `unverified` with check `target_triton.unusable`, never `fail`."""
    with tempfile.TemporaryDirectory(prefix="kp-target-") as scratch:
        env = {k: v for k, v in os.environ.items() if k not in ("TRITON_INTERPRET", "PYTHONHOME")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_import_root(scratch), os.environ.get("PYTHONPATH")]))
        try:
            probe = subprocess.run([python, "-c", "import triton; print(triton.__version__)"], capture_output=True,
                                   text=True, timeout=120, env=env)
        except (OSError, subprocess.TimeoutExpired) as e:
            return _summary(python, "?", "unverified", "target_triton.unusable", f"cannot run {python}: {e}")
        if probe.returncode != 0:
            return _summary(python, "?", "unverified", "target_triton.unusable",
                            f"{python} cannot import triton: {probe.stderr.strip()[-500:]}")
        version = probe.stdout.strip().splitlines()[-1]
        cmd = [python, "-m", "kernelpilot.agent.cli", "eval", task, str(candidate), "--json", "--device", "cpu",
               "--no-timing", "--gpu-arch", gpu_arch, "--trials", str(trials), "--timeout", str(timeout_s)]
        for s in shapes:
            cmd += ["--shape", s]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s * 4 + 300, env=env)
        except subprocess.TimeoutExpired:
            return _summary(python, version, "unverified", "target_triton.timeout",
                            f"the evaluation with Triton {version} did not finish in time")
        out = run.stdout
        try:
            result = json.loads(out[out.index("{"):])
            if not isinstance(result, dict) or result.get("verdict") not in ("pass", "fail", "unverified"):
                raise ValueError("not an evaluation result")
        except ValueError:
            why = (run.stderr.strip() or out.strip())[-800:]
            return _summary(python, version, "unverified", "target_triton.unusable",
                            f"kernelpilot eval under {python} (Triton {version}) gave no result (exit {run.returncode}): {why}")
        return _summary(python, version, result["verdict"], result.get("check", ""),
                        result.get("reason", ""), result.get("stage", ""))


def merge(result, target: dict[str, str]) -> None:
    """Fold the target's verdict into this one: stated in the toolchain, and a pass here that fails with the
    target's Triton becomes a fail (the kernel would not survive the GPU machine's compiler)."""
    result.target_triton = target
    here = result.toolchain.get("triton", "?")
    result.toolchain["target_triton"] = f"{target['triton']} ({target['python']}): {target['verdict']}" + \
        (f" ({target['check']})" if target["check"] and target["verdict"] != "pass" else "")
    if target["verdict"] == "pass" and result.verdict == "pass":
        result.toolchain["holds_for"] = f"Triton {here} (installed) and Triton {target['triton']} (--target-triton)"
    if result.check == "unverified.triton_version" and target["verdict"] in ("pass", "fail"):
        # a feature the installed Triton removed: the target's Triton is the only one here that can judge it
        result.verdict, result.stage = target["verdict"], target.get("stage") or result.stage
        result.check = "pass" if target["verdict"] == "pass" else f"target_triton.{target['check'] or 'fail'}"
        result.reason = (f"judged with Triton {target['triton']} ({target['python']}) only, since Triton {here} "
                         f"cannot run it: {target['reason']}")
        result.toolchain["holds_for"] = f"Triton {target['triton']} (--target-triton) only"
        return
    if result.verdict == "pass" and target["verdict"] == "fail":
        result.verdict, result.stage = "fail", target.get("stage") or result.stage
        result.check = f"target_triton.{target['check'] or 'fail'}"
        result.reason = (f"passes with Triton {here} here, but fails with Triton {target['triton']} "
                         f"({target['python']}): {target['reason']}")
