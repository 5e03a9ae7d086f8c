"""A GPU machine that cannot run a kind of candidate says so (`unverified`, exit 3) instead of failing the kernel.

A KernelBench load_inline solution on a GPU box whose torch came from pip (no ninja) used to come back as a
wrong kernel (`load.exception`), and so did a CUDA candidate where CuPy is missing. What the machine lacks is
decided before the candidate runs, from the machine alone. The last test builds a real (CPU) extension in a
process confined exactly like a candidate on a GPU machine, where load_inline builds happen."""

import ast
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kernelpilot.sandbox import build, checks, isolation
from kernelpilot.sandbox import evaluate as evaluate_mod
from kernelpilot.sandbox.config import EvalConfig

ROOT = Path(__file__).resolve().parents[2]
EXT_SOLUTION = ROOT / "tasks/examples/solutions/level1_relu_cuda_ext.py"
CPP_ONLY = """
from torch.utils.cpp_extension import load_inline as build_it
ext = build_it(name="x", cpp_sources="int f() { return 1; }", functions=["f"])
"""


def tools(tmp_path: Path, *names: str) -> str:
    """A directory holding (stub) executables of these names, as a PATH."""
    d = tmp_path / "bin"
    d.mkdir(parents=True, exist_ok=True)
    for n in names:
        f = d / n
        f.write_text("#!/bin/sh\nexit 0\n")
        f.chmod(f.stat().st_mode | stat.S_IXUSR)
    return str(d)


def test_which_extensions_need_nvcc():
    assert checks.extension_needs_nvcc(ast.parse(EXT_SOLUTION.read_text()))
    assert not checks.extension_needs_nvcc(ast.parse(CPP_ONLY))
    assert checks.extension_needs_nvcc(ast.parse(CPP_ONLY.replace('functions=["f"]', 'functions=["f"], cuda_sources="k"')))
    assert checks.extension_needs_nvcc(ast.parse('from torch.utils.cpp_extension import load_inline\n'
                                                 'e = load_inline("x", "int f();", "__global__ void k() {}")'))


def test_each_missing_build_tool_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("CUDA_PATH", raising=False)
    monkeypatch.setenv("CUDA_HOME", str(tmp_path / "no-cuda-here"))
    lacks = build.missing_to_run("cuda_ext", True, path=tools(tmp_path))
    assert "ninja" in lacks and "C++ compiler" in lacks and "nvcc" in lacks
    lacks = build.missing_to_run("cuda_ext", True, path=tools(tmp_path, "ninja", "c++"))
    assert "ninja" not in lacks and "C++" not in lacks and "nvcc" in lacks
    assert build.missing_to_run("cuda_ext", False, path=tools(tmp_path, "ninja", "c++")) is None
    home = tmp_path / "cuda"
    tools(home, "nvcc")  # home/bin/nvcc
    monkeypatch.setenv("CUDA_HOME", str(home))
    assert build.missing_to_run("cuda_ext", True, path=tools(tmp_path, "ninja", "c++")) is None
    # Triton candidates need nothing beyond what the judge itself runs on
    assert build.missing_to_run("triton", True, path=tools(tmp_path)) is None


def test_a_cuda_candidate_needs_cupy(monkeypatch):
    real = build.importlib.util.find_spec
    monkeypatch.setattr(build.importlib.util, "find_spec", lambda name, *a: None if name == "cupy" else real(name, *a))
    assert "CuPy" in build.missing_to_run("cuda", False)


def test_the_candidate_finds_tools_installed_next_to_its_interpreter(monkeypatch):
    here = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert isolation.candidate_path().split(os.pathsep) == [here, "/usr/bin", "/bin"]
    monkeypatch.setenv("PATH", f"/usr/bin{os.pathsep}{here}")
    assert isolation.candidate_path().split(os.pathsep) == ["/usr/bin", here]  # not twice, order kept


def test_on_a_gpu_machine_without_ninja_a_load_inline_solution_is_unverified_not_failed(tmp_path, monkeypatch):
    """The verdict a user on such a machine gets (the worker is never started: the machine decides)."""
    monkeypatch.setattr(evaluate_mod, "resolve_device", lambda cfg: "cuda")
    monkeypatch.setattr(evaluate_mod, "candidate_path", lambda: tools(tmp_path, "c++"))
    monkeypatch.setattr(evaluate_mod, "run_worker", lambda *a, **k: pytest.fail("the candidate must not run"))
    monkeypatch.setattr(build, "nvcc_path", lambda path=None: "/usr/local/cuda/bin/nvcc")
    r = evaluate_mod.evaluate(str(ROOT / "tasks/examples/level1_relu.py"), EXT_SOLUTION.read_text(), EvalConfig())
    assert (r.verdict, r.stage, r.check, r.backend) == ("unverified", "build", "unverified.no_toolchain", "cuda_ext")
    assert "ninja" in r.reason and "C++" not in r.reason and "nvcc" not in r.reason


@pytest.mark.skipif(not (shutil.which("c++") and shutil.which("ninja")), reason="needs c++ and ninja")
def test_an_extension_builds_inside_the_gpu_confinement(tmp_path):
    """On a GPU the candidate may start processes (Triton runs ptxas, load_inline runs ninja, c++ and nvcc),
    but everything else holds: read-only root, private temp, no network, rlimits, the environment allow-list.
    A build must still work there: into the scratch folder (TORCH_EXTENSIONS_DIR), under the file-size and
    memory limits, with the tools found on the candidate's PATH. Here with a CPU extension (about 45 s)."""
    script = r"""
import os, sys
from kernelpilot.sandbox import isolation, wire
cfg_mb = int(sys.argv[1])
r, w = os.pipe()
isolation.enter_pid_namespace()
pid = os.fork()
if pid == 0:
    os.close(r)
    try:
        feats, scratch = isolation.confine("kp-scratch", True, gpu=True, memory_mb=cfg_mb, cpu_s=600, file_mb=256, nproc=64)
        import torch
        from torch.utils.cpp_extension import load_inline
        ext = load_inline(name="kp_confined_build", cpp_sources="torch::Tensor twice(torch::Tensor x) { return x + x; }",
                          functions=["twice"])
        wire.send(w, {"out": ext.twice(torch.ones(3)).tolist(), "feats": feats, "scratch": str(scratch),
                      "built_in": os.environ["TORCH_EXTENSIONS_DIR"]})
    except BaseException as e:
        import traceback
        wire.send(w, {"error": traceback.format_exc()[-3000:]})
    os._exit(0)
os.close(w)
print(repr(wire.recv(r, timeout=600)[0]))
os.waitpid(pid, 0)
"""
    mb = EvalConfig().candidate_memory_mb(gpu=True)
    p = subprocess.run([sys.executable, "-c", script, str(mb)], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-3000:]
    res = ast.literal_eval(p.stdout.strip().splitlines()[-1])
    assert "error" not in res, res["error"]
    assert res["out"] == [2.0, 2.0, 2.0]
    assert res["built_in"].startswith(res["scratch"])
    assert "env-allow-list" in res["feats"] and "rlimits" in res["feats"]
    if os.geteuid() == 0:
        assert "read-only-root" in res["feats"] and "no-network" in res["feats"]
