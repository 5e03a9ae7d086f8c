"""The task suite: every task file is complete and sane, every shipped Triton solution passes the real
harness on the CPU (Triton interpreter), and every CUDA solution compiles for sm_90."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import torch

from kernelpilot.tasks.catalog import collect, input_bytes_at_default, render_markdown, shipped_solutions
from kernelpilot.tasks.loader import SUITES, TASKS_ROOT, list_tasks, load_task

TASKS = list_tasks()
TASK_IDS = [t.name for t in TASKS]

REQUIRED = {
    "core": {"relu", "gelu", "bias_gelu", "softmax", "log_softmax", "layernorm", "rmsnorm", "sum_reduction",
             "max_reduction", "argmax", "cumsum", "cross_entropy", "matmul", "matmul_tall_skinny",
             "batched_matmul", "conv2d_3x3", "depthwise_conv2d", "maxpool2d", "causal_attention", "transpose",
             "embedding"},
    "hpc": {"axpy", "gemv", "gemm", "spmv_csr", "jacobi2d", "cg_iteration"},
    "seeds": {"large_kernel_dwconv", "neighborhood_attention", "int4_gemm", "relu_moe_ffn", "sparse_conv1x1",
              "kde_logsumexp", "matern32_cov", "random_fourier_features", "rbf_topk", "kernel_coding_rate",
              "dcls_conv1d", "involution"},
}
GPU_MEMORY_BUDGET = 24 * 2 ** 30  # the default size must fit a 24 GB card with room to spare


def _tensors(obj):
    if isinstance(obj, torch.Tensor):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [t for o in obj for t in _tensors(o)]
    return []


def _is_pow2(v) -> bool:
    return isinstance(v, int) and v > 0 and v & (v - 1) == 0


# ------------------------------------------------------------------------------------------- the suite
def test_required_tasks_present_and_names_unique():
    by_suite = {s: {t.name for t in TASKS if t.suite == s} for s in SUITES}
    for suite, names in REQUIRED.items():
        assert names <= by_suite[suite], f"{suite} is missing {sorted(names - by_suite[suite])}"
    assert len(TASK_IDS) == len(set(TASK_IDS)), "task names must be unique across suites"
    for name in TASK_IDS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name


def test_every_task_has_a_triton_solution_and_enough_cuda():
    missing = [t.name for t in TASKS if "triton" not in shipped_solutions(t)]
    assert not missing, f"no solutions/<name>_triton.py for {missing}"
    cuda = [t.name for t in TASKS if "cuda" in shipped_solutions(t)]
    assert len(cuda) >= 10, cuda


# ------------------------------------------------------------------------------------------- metadata
@pytest.mark.parametrize("task", TASKS, ids=TASK_IDS)
def test_metadata(task):
    doc = task.doc.strip()
    assert doc, "module docstring missing"
    first, *rest = doc.splitlines()
    assert 10 < len(first) <= 120 and first.endswith("."), f"summary line: {first!r}"
    assert len(rest) >= 3, "docstring should give the math, shapes/dtypes and the source"
    assert "Source" in doc or "source" in doc, "docstring should say where the operator comes from"

    mod = task.module()
    shapes = task.shapes()
    assert len(shapes) >= 2, "at least two small SHAPES entries"
    assert any(not _is_pow2(v) for _, ov in shapes for v in ov.values() if isinstance(v, int)), \
        "one SHAPES entry should use a non-power-of-two size (masking)"
    for label, ov in shapes:
        unknown = [k for k in ov if not hasattr(mod, k)]
        assert not unknown, f"SHAPES {label} overrides {unknown}, which are not module globals"

    tol = getattr(mod, "TOLERANCE", None)
    assert isinstance(tol, dict) and tol, "TOLERANCE missing"
    for dt, t in tol.items():
        assert set(t) == {"atol", "rtol", "rel_l2"}, (dt, t)
        assert all(0 <= v < 0.1 for v in t.values()), (dt, t)
    assert callable(getattr(mod, "flops", None)) and callable(getattr(mod, "bytes_moved", None))

    # run the reference on the first small shape: outputs non-trivial, tolerance keys for every output dtype
    small = task.module(shapes[0][1])
    torch.manual_seed(0)
    model = small.Model(*small.get_init_inputs())
    inputs = small.get_inputs()
    with torch.no_grad():
        outs = _tensors(model(*inputs))
    assert outs, "Model returned no tensor"
    for o in outs:
        dt = str(o.dtype).replace("torch.", "")
        if o.dtype.is_floating_point:
            assert dt in tol, f"TOLERANCE has no entry for output dtype {dt}"
            assert torch.isfinite(o).all(), "reference output has NaN/inf on the small shape"
            assert o.float().abs().max() > 0, "reference output is identically zero"
            assert o.numel() == 1 or o.float().std() > 0, "reference output is constant"


@pytest.mark.parametrize("task", TASKS, ids=TASK_IDS)
def test_default_size_is_real_and_fits(task):
    counts = task.roofline_counts()
    assert counts is not None
    flops, nbytes = counts
    assert flops >= 0 and nbytes > 0
    # the default size is the GPU size. The roofline bound at H100 peaks is a floor far below the eager
    # reference (several passes, gathers, unfused epilogues), so it only has to rule out toy sizes.
    roofline_ms = collect(task).roofline_ms
    assert roofline_ms is not None and roofline_ms >= 0.03, f"default size looks too small: {roofline_ms} ms"
    in_bytes = input_bytes_at_default(task)  # meta tensors: no memory used
    assert 0 < in_bytes < GPU_MEMORY_BUDGET / 2, f"inputs take {in_bytes / 2**30:.1f} GiB at the default size"


def test_catalog_facts_and_doc_up_to_date():
    facts = collect(load_task("softmax"))
    assert facts.input_dtypes == ["float32"] and facts.output_dtypes == ["float32"]
    assert facts.bound == "memory-bound" and not facts.problems
    assert collect(load_task("matmul")).bound == "compute-bound"
    assert shipped_solutions(load_task("matmul")) == ["triton"]  # not matmul_tall_skinny's file
    doc = (TASKS_ROOT / "TASKS.md").read_text()
    assert doc == render_markdown(TASKS), "tasks/TASKS.md is stale: run python -m kernelpilot.tasks.catalog --write-doc"


# ------------------------------------------------------------------------------------------- solutions
TRITON = [(t, t.solutions()["triton"]) for t in TASKS if "triton" in shipped_solutions(t)]
CUDA = [(t, t.solutions()["cuda"]) for t in TASKS if "cuda" in shipped_solutions(t)]


@pytest.mark.parametrize("task,path", TRITON, ids=[t.name for t, _ in TRITON])
def test_triton_solution_passes_harness(task, path):
    evaluate = pytest.importorskip("kernelpilot.sandbox.evaluate").evaluate
    from kernelpilot.sandbox.config import EvalConfig

    result = evaluate(task, Path(path).read_text(), EvalConfig(device="cpu", trials=2, timeout_s=300))
    assert result.verdict == "pass", f"{result.stage}: {result.reason}"


def _cuda_sources(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [node.value.value for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str) and "__global__" in node.value.value]


@pytest.mark.parametrize("task,path", CUDA, ids=[t.name for t, _ in CUDA])
def test_cuda_solution_compiles(task, path, tmp_path):
    sources = _cuda_sources(Path(path))
    assert sources, "no module-level CUDA source string"
    for src in sources:
        assert 'extern "C" __global__' in src
        try:
            from kernelpilot.sandbox.build import NvrtcUnavailable, compile_cuda
        except ImportError:
            compile_cuda = None
        if compile_cuda is not None:
            try:
                info = compile_cuda(src, "sm_90")
            except NvrtcUnavailable:
                info = None
            if info is not None:
                assert info.ok, info.log
                continue
        nvcc = shutil.which("nvcc")
        if nvcc is None:
            pytest.skip("neither NVRTC nor nvcc available")
        cu = tmp_path / "k.cu"
        cu.write_text(src)
        r = subprocess.run([nvcc, "-arch=sm_90", "-cubin", "-o", str(tmp_path / "k.cubin"), "-x", "cu", str(cu)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
