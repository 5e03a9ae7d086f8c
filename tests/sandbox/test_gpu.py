"""GPU checks: run with `make gpu-check` on a machine with CUDA; skipped elsewhere."""

import re
from pathlib import Path

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.gpu


def gpu_cfg(**kw):
    return EvalConfig(**{"device": "cuda", "trials": 2, "timeout_s": 300, "timing_reps": 50, **kw})


def resized(tmp_path: Path, suite: str, name: str, **sizes) -> str:
    """A suite task at a smaller default size, under its own name. gpu_check's phase 1 judges every shipped
    solution at the real size; these tests are about the GPU paths, and the GPU check gives them minutes."""
    src = (ROOT / f"tasks/{suite}/{name}.py").read_text()
    for key, value in sizes.items():
        src, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", src, count=1, flags=re.M)
        assert n == 1, f"{name}.py has no global {key}"
    path = tmp_path / name / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(src)
    return str(path)


def test_triton_solution_is_timed_with_cuda_events(tmp_path):
    task = resized(tmp_path, "core", "softmax", batch_size=2048, dim=8192)
    r = evaluate(task, (ROOT / "tasks/core/solutions/softmax_triton.py").read_text(), gpu_cfg())
    assert r.verdict == "pass", r.reason
    t = r.timing
    assert t.method == "cuda_events" and t.eager is not None and t.speedup_eager is not None
    assert t.compiled is not None and t.speedup_compiled is not None, t.flags  # torch.compile, in the judge
    assert t.speedup_eager_verdict in ("faster", "slower", "within noise")
    assert t.roofline_ms is None or t.candidate.median_ms > 0.5 * t.roofline_ms


def test_cuda_solutions_run_on_gpu(tmp_path):
    """Three CUDA solutions of different kinds (a row kernel, a reduction, a matrix-vector product), correctness
    only, at reduced sizes. Every shipped solution is judged at the real size by gpu_check's phase 1; at that
    size each evaluation took tens of seconds on an H200, too long to repeat in the GPU check's pytest phase."""
    pytest.importorskip("cupy")
    kinds = {"softmax": ("core", dict(batch_size=2048, dim=8192)), "sum_reduction": ("core", dict(batch=8)),
             "gemv": ("hpc", dict(m=8192, n=8192))}
    sols = [ROOT / f"tasks/{suite}/solutions/{name}_cuda.py" for name, (suite, _) in kinds.items()]
    tasks = {name: resized(tmp_path, suite, name, **sizes) for name, (suite, sizes) in kinds.items()}
    assert all(s.is_file() for s in sols)
    from concurrent.futures import ThreadPoolExecutor

    # three at a time, timing off (side by side would distort the numbers; the timing path of CUDA candidates
    # is covered by gpu_check's phase 2)
    cfg = gpu_cfg(compile_baseline=False, timing=False, trials=1)
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda sol: evaluate(tasks[sol.stem[: -len("_cuda")]], sol.read_text(), cfg), sols))
    bad = [f"{sol.stem}: {r.check}: {r.reason[:300]}" for sol, r in zip(sols, results) if r.verdict != "pass"]
    assert not bad, "\n".join(bad)
    assert all(r.backend == "cuda" for r in results)


def test_side_stream_work_is_inside_the_timed_window():
    """Stream tricks are rejected statically; the device-wide synchronise is the second line of defence."""
    import torch

    from kernelpilot.sandbox import bench

    side = torch.cuda.Stream()
    args = bench.FixedArgs([[torch.randn(4096, 4096, device="cuda")]], lambda v: v.clone())

    def honest(x):
        for _ in range(20):
            x.mul_(1.0)

    def sneaky(x):
        with torch.cuda.stream(side):
            honest(x)

    hidden = bench.time_calls(sneaky, args, warmup=2, reps=5, gpu=True)
    plain = bench.time_calls(honest, args, warmup=2, reps=5, gpu=True)
    assert hidden["median_ms"] > 0.5 * plain["median_ms"]


def test_load_inline_solution_is_built_and_judged_on_gpu():
    """A KernelBench-style solution: a C++/CUDA extension built by nvcc inside the sandbox at import."""
    task = str(ROOT / "tasks/examples/level1_relu.py")
    r = evaluate(task, (ROOT / "tasks/examples/solutions/level1_relu_cuda_ext.py").read_text(),
                 gpu_cfg(compile_baseline=False))
    assert (r.verdict, r.backend) == ("pass", "cuda_ext"), r.reason
    assert r.timing.method == "cuda_events" and "aten.empty_like" in r.correctness.torch_ops_seen
