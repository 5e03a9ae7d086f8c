"""End-to-end evaluations on the CPU (Triton interpreter): verdicts, stages and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kernelpilot.sandbox.evaluate import evaluate, run_worker
from kernelpilot.tasks.catalog import collect
from kernelpilot.tasks.loader import load_task

ROOT = Path(__file__).resolve().parents[2]
SOFTMAX = (ROOT / "tasks/core/solutions/softmax_triton.py").read_text()
EXAMPLES = ROOT / "tasks/examples"

CUDA_OK = '''
import numpy
import torch
import torch.nn as nn

SRC = r"""
extern "C" __global__ void scale(const float* x, float* y, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] > 0.f ? x[i] : 0.f;
}
"""

class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        import cupy
        y = torch.empty_like(x)
        k = cupy.RawModule(code=SRC).get_function("scale")
        k(((x.numel() + 255) // 256,), (256,), (cupy.asarray(x), cupy.asarray(y), numpy.int32(x.numel())))
        return y
'''


def test_reference_solution_passes(cpu_cfg):
    r = evaluate("softmax", SOFTMAX, cpu_cfg)
    assert r.verdict == "pass", r.reason
    assert r.timing.method == "interpreter_wall" and r.timing.speedup_eager is None  # never a GPU claim on CPU
    # SHAPES and an unseen one, each with the trials asked for and at least one per value family; the many
    # programs (tasks/sizes.many_programs_shape), there for the grid, and the lengths between the given ones and
    # the real one: a call per autotune config; the exact real length: a call per value family
    families = len(r.correctness.shapes[0].input_cases)
    single = [s for s in r.correctness.shapes if s.shape.startswith(("many programs:", "mid length:"))]
    exact = [s for s in r.correctness.shapes if s.shape.startswith("exact length:")]
    valued = [s for s in r.correctness.shapes if s not in single + exact]
    assert [s.shape.split(":")[0] for s in single] == ["mid length", "mid length", "many programs"], single
    assert all(s.trials == 1 for s in single), single
    assert len(exact) == 1 and exact[0].trials == len(exact[0].input_cases) == families, exact
    assert families == len(collect(load_task("softmax")).input_cases) == 6 and all(len(s.input_cases) == families for s in valued)
    assert r.correctness.trials == len(valued) * max(cpu_cfg.trials + 1, families) + len(single) + families
    assert "no-network" in r.isolation or r.isolation  # whatever the machine allows is reported
    # where the judge's time went is accounted, each activity once, and never more than the whole
    assert {"start-up", "import", "inputs", "candidate (with transfers)", "reference", "compare", "timing"} <= set(r.seconds)
    assert list(r.seconds.values()) == sorted(r.seconds.values(), reverse=True)
    # (the target compile runs beside the checks: its own time overlaps theirs)
    own = {k: v for k, v in r.seconds.items() if "self-reported" not in k and not k.startswith("of which")
           and "beside the checks" not in k}
    assert 0 < sum(own.values()) <= r.wall_s + 0.05
    # the candidate's own account (diagnosis only) is a part of the time the judge waited for it
    told = [v for k, v in r.seconds.items() if "self-reported" in k]
    assert len(told) == 3 and sum(told) <= r.seconds["candidate (with transfers)"] + 0.05
    # so are the judge's sending and receiving of tensor bytes
    parts = [v for k, v in r.seconds.items() if k.startswith("of which")]
    assert len(parts) == 2 and sum(parts) <= sum(own.values()) + 0.05


@pytest.mark.parametrize("problem", ["level1_relu", "level2_linear_bias_gelu"])
def test_kernelbench_format_files_load_unchanged(problem, cpu_cfg):
    src = (EXAMPLES / "solutions" / f"{problem}_triton.py").read_text()
    r = evaluate(str(EXAMPLES / f"{problem}.py"), src, cpu_cfg)
    assert r.verdict == "pass", r.reason


def test_wrong_kernel_fails_at_correctness(cpu_cfg):
    wrong = SOFTMAX.replace("tl.exp(x - row_max) / denom", "tl.exp(x - row_max) / (denom + 1e-3)")
    r = evaluate("softmax", wrong, cpu_cfg)
    assert (r.verdict, r.stage, r.check) == ("fail", "correctness", "correctness.mismatch")
    assert "out of tolerance" in r.reason or "relative L2" in r.reason


def test_masking_bug_is_caught_by_guard_bands(cpu_cfg):
    # drop the load mask and the where(): the last row reads past its end into the NaN guard band
    leaky = SOFTMAX.replace('x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))\n        m_new',
                            'x = tl.load(x_row + start + cols)\n        m_new')
    leaky = leaky.replace("tl.where(mask, tl.exp(x - m_new), 0.0)", "tl.exp(x - m_new)")
    assert leaky != SOFTMAX
    r = evaluate("softmax", leaky, cpu_cfg)
    assert r.verdict == "fail" and r.stage == "correctness", r.reason


def test_unmasked_store_is_caught(cpu_cfg):
    leaky = SOFTMAX.replace("tl.exp(x - row_max) / denom, mask=mask)", "tl.exp(x - row_max) / denom)")
    assert leaky != SOFTMAX
    r = evaluate("softmax", leaky, cpu_cfg)
    assert r.verdict == "fail" and r.check in ("correctness.out_of_bounds_write", "correctness.mismatch"), r.reason


def test_constructor_mismatch_is_a_build_failure(cpu_cfg):
    r = evaluate("softmax", SOFTMAX.replace("def __init__(self):", "def __init__(self, k):"), cpu_cfg)
    assert (r.stage, r.check) == ("build", "build.constructor")


def test_import_error_is_a_build_failure(cpu_cfg):
    r = evaluate("softmax", "import triton.nonexistent_mod\n" + SOFTMAX, cpu_cfg)
    assert r.verdict == "fail" and r.stage in ("static", "build"), r.reason  # not on the allow-list, or not found


def test_torch_compute_in_forward_is_rejected(cpu_cfg):
    cheat = SOFTMAX.replace("return y", "return torch.softmax(x, -1) + 0 * y")
    r = evaluate("softmax", cheat, cpu_cfg)
    assert r.check == "correctness.torch_compute" and "softmax" in r.reason


def test_cuda_candidate_compiles_and_is_unverified_without_gpu(cpu_cfg):
    r = evaluate("softmax", CUDA_OK, cpu_cfg)
    assert r.verdict == "unverified" and r.exit_code == 3
    assert r.build.ok and r.build.kernels["scale"]["registers"] > 0


def test_load_inline_candidate_is_unverified_without_gpu(cpu_cfg):
    src = (EXAMPLES / "solutions" / "level1_relu_cuda_ext.py").read_text()
    r = evaluate(str(EXAMPLES / "level1_relu.py"), src, cpu_cfg)
    assert (r.verdict, r.backend, r.check, r.exit_code) == ("unverified", "cuda_ext", "unverified.no_gpu", 3)
    assert "load_inline" in r.reason


def test_cuda_compile_error_is_verbatim(cpu_cfg):
    r = evaluate("softmax", CUDA_OK.replace("if (i < n)", "if (i < n"), cpu_cfg)
    assert (r.verdict, r.stage, r.check) == ("fail", "build", "build.compile_error")
    assert 'error: expected a ")"' in r.reason


def test_hang_is_killed_and_reported(cpu_cfg):
    hang = SOFTMAX.replace("x = x.contiguous()", "x = x.contiguous()\n        while True:\n            pass")
    cfg = cpu_cfg.model_copy(update={"timeout_s": 5})
    r = run_worker(load_task("softmax"), hang, cfg, "cpu", "triton")
    assert r.verdict == "fail" and r.check == "sandbox.timeout", r.reason


def test_a_judge_killed_on_the_workers_deadline_leaves_no_workdir(cpu_cfg, tmp_path, monkeypatch):
    import tempfile

    from kernelpilot.sandbox import evaluate as ev

    hang = SOFTMAX.replace("x = x.contiguous()", "x = x.contiguous()\n        while True:\n            pass")
    made: list[str] = []
    mkdtemp = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **kw: made.append(mkdtemp(dir=tmp_path, **kw)) or made[-1])
    # the worker's deadline falls well before the judge's own: the judge is killed mid-run, before its clean-up
    monkeypatch.setattr(ev, "JUDGE_GRACE_S", -25.0)
    cfg = cpu_cfg.model_copy(update={"timeout_s": 30})
    r = run_worker(load_task("softmax"), hang, cfg, "cpu", "triton")
    assert r.check == "sandbox.timeout" and "killed" in r.reason, r.reason
    workdirs = [d for d in made if d.startswith(str(tmp_path / "kp-judge-"))]
    assert len(workdirs) == 1 and not os.path.exists(workdirs[0])


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "kernelpilot", *args], capture_output=True, text=True, timeout=300)


def test_cli_exit_codes_and_json(tmp_path):
    good = ROOT / "tasks/core/solutions/softmax_triton.py"
    p = run_cli("eval", "softmax", str(good), "--json", "--trials", "1")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["verdict"] == "pass" and out["stage"] == "timing" and out["timing"]["candidate"]["median_ms"] > 0
    bad = tmp_path / "bad.py"
    bad.write_text("class ModelNew(:\n")
    p = run_cli("eval", "softmax", str(bad), "--json")
    assert p.returncode == 1 and json.loads(p.stdout)["stage"] == "static"
    cuda = tmp_path / "cuda.py"
    cuda.write_text(CUDA_OK)
    assert run_cli("eval", "softmax", str(cuda)).returncode == 3
    from kernelpilot.sandbox.evaluate import gpu_available

    no_gpu = [("eval", "softmax", str(good), "--device", "cuda")] if not gpu_available() else []
    for args in [("eval", "no_such_task", str(good)), ("eval", "softmax", str(tmp_path / "missing.py")),
                 ("eval", str(tmp_path / "missing_task.py"), str(good))] + no_gpu:
        p = run_cli(*args)
        assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.count("\n") == 1, p.stderr


def test_a_machine_without_gpu_device_nodes_has_no_gpu_known_without_torch():
    """`--device auto` is resolved before the contract's checks import torch, so that the worker's process can
    start importing it at once: where no GPU driver node exists that takes no import."""
    from kernelpilot.sandbox.evaluate import GPU_DEVICE_NODES

    if any(Path(n).exists() for n in GPU_DEVICE_NODES):
        pytest.skip("this machine has a GPU driver device node")
    code = ("import sys; from kernelpilot.sandbox.evaluate import gpu_available; "
            "print(gpu_available(), 'torch' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.stdout.split() == ["False", "False"], p.stdout + p.stderr


MEAN_ABS_DIFF = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def mean_abs_diff(a_ptr, b_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    d = tl.load(a_ptr + offs, mask=m, other=0.0) - tl.load(b_ptr + offs, mask=m, other=0.0)
    tl.atomic_add(out_ptr, tl.sum(tl.abs(d), axis=0) / n)


class ModelNew(nn.Module):
    def forward(self, a, b):
        out = torch.zeros(1, device=a.device, dtype=torch.float32)
        mean_abs_diff[(triton.cdiv(a.numel(), 1024),)](a, b, out, a.numel(), BLOCK=1024)
        return out.reshape(())
'''


def test_shape_option_lets_a_plain_kernelbench_file_be_verified_on_the_cpu(tmp_path, plain_kernelbench_task):
    """Without SHAPES a large KernelBench file is unverifiable under the interpreter (and says so at once: its
    size is read on the meta device, Pareto inputs included); `--shape` gives sizes without editing the file.
    A name the file does not define, or a value that is not a literal, is a usage error."""
    task, cand = plain_kernelbench_task, tmp_path / "mad.py"
    cand.write_text(MEAN_ABS_DIFF)
    # without sizes, the 8 TiB file is judged at sizes chosen for the interpreter (its size read on meta)
    p = run_cli("eval", str(task), str(cand), "--json", "--no-target-compile", "--trials", "1")
    out = json.loads(p.stdout)
    assert p.returncode == 0, out["reason"]
    assert [s["shape"].split(":")[0] for s in out["correctness"]["shapes"]][:2] == ["auto", "auto"]
    assert "sizes chosen for the interpreter" in out["reason"] and "is for a GPU" in out["reason"]
    p = run_cli("eval", str(task), str(cand), "--json", "--trials", "1", "--no-target-compile",
                "--shape", "rows=5, cols=300", "--shape", "rows=2, cols=4096")
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    out = json.loads(p.stdout)
    assert [s["shape"] for s in out["correctness"]["shapes"]][:2] == ["rows=5,cols=300", "rows=2,cols=4096"]
    for bad, says in (("rowz=5", "no global 'rowz'"), ("rows=five", "not a Python literal"), ("5", "name=value")):
        p = run_cli("eval", str(task), str(cand), "--shape", bad)
        assert p.returncode == 2 and says in p.stderr and p.stderr.count("\n") == 1, p.stderr


def test_cache_switched_on_after_correctness_is_caught_while_timed(cpu_cfg):
    """Honest while checked, then a pointer-keyed cache (module-level, so it survives model rebuilds):
    the timed calls keep their addresses but change contents, and their outputs are checked."""
    # calls the correctness stage makes at each of softmax's two shapes: a trial per value family (or the trials
    # asked for and one more, where that is more), the first trial's second call, the same-addresses trial's
    # second call (a few rows changed) and the second-inputs check.
    # Counted exactly: a cache switched on a call early can hit an address the allocator hands out again, which
    # the correctness stage catches (rightly, but not what this test is about)
    families = len(collect(load_task("softmax")).input_cases)
    assert cpu_cfg.second_inputs
    n_checked = 2 * (max(cpu_cfg.trials + 1, families) + 3)
    sneaky = SOFTMAX.replace("class ModelNew", "STATE = {'calls': 0, 'cache': {}}\n\n\nclass ModelNew")
    sneaky = sneaky.replace("        x = x.contiguous()\n",
                            "        STATE['calls'] += 1\n"
                            f"        if STATE['calls'] > {n_checked} and x.data_ptr() in STATE['cache']:\n"
                            "            return STATE['cache'][x.data_ptr()]\n        x = x.contiguous()\n")
    sneaky = sneaky.replace("        return y", "        STATE['cache'][x.data_ptr()] = y\n        return y")
    assert sneaky.count("STATE['cache']") == 3
    r = evaluate("softmax", sneaky, cpu_cfg.model_copy(update={"unseen_shapes": False}))  # n_checked counts SHAPES
    # a cache hit returns a storage an earlier call returned (the previous call's outputs are held, so it cannot
    # be the allocator's doing), launches nothing, which the watch over every timed call sees, or, with a stale
    # answer, is a mismatch
    assert (r.verdict, r.stage) == ("fail", "timing") and r.check in ("correctness.output_reused",
                                                                     "correctness.no_launch",
                                                                     "correctness.mismatch"), r.reason
    assert any(w in r.reason for w in ("timed call", "warm-up call", "during timing")), r.reason


def test_concurrent_evaluations_from_threads(cpu_cfg):
    """A local pool may judge several candidates at once; verdicts must not leak between them."""
    from concurrent.futures import ThreadPoolExecutor

    wrong = SOFTMAX.replace("/ denom", "/ (denom + 1.0)")
    cfg = cpu_cfg.model_copy(update={"trials": 1})
    with ThreadPoolExecutor(3) as pool:
        verdicts = list(pool.map(lambda s: evaluate("softmax", s, cfg).verdict, [SOFTMAX, wrong, SOFTMAX]))
    assert verdicts == ["pass", "fail", "pass"]


def test_unusable_task_files_are_input_errors(tmp_path):
    good = ROOT / "tasks/core/solutions/softmax_triton.py"
    broken = tmp_path / "broken_import.py"
    broken.write_text("import torch\nimport no_such_package_kp\n")
    bad_shapes = tmp_path / "bad_shapes.py"
    bad_shapes.write_text((EXAMPLES / "level1_relu.py").read_text() + "\nSHAPES = [3]\n")
    for task in (broken, bad_shapes):
        p = run_cli("eval", str(task), str(good))
        assert p.returncode == 2 and "Traceback" not in p.stderr and "error:" in p.stderr, p.stderr


def test_doctor_reports_facts_as_json():
    p = run_cli("doctor", "--json")
    assert p.returncode == 0, p.stderr
    facts = json.loads(p.stdout)
    assert {"gpu", "torch", "triton", "nvrtc", "triton_mode", "isolation"} <= set(facts)
    assert isinstance(facts["isolation"], dict) and "seccomp-no-sockets" in facts["isolation"]
    assert facts["sandbox_probe"]["ok"], facts["sandbox_probe"]  # kernels run inside the confined sandbox here


def test_no_timing_checks_correctness_only(tmp_path):
    good = ROOT / "tasks/core/solutions/softmax_triton.py"
    p = run_cli("eval", "softmax", str(good), "--json", "--trials", "1", "--no-timing")
    out = json.loads(p.stdout)
    assert p.returncode == 0 and (out["verdict"], out["stage"], out["timing"]) == ("pass", "correctness", None)
    assert "not timed" in out["reason"]
    wrong = tmp_path / "wrong.py"
    wrong.write_text(good.read_text().replace("/ denom", "/ (denom + 1.0)"))
    assert run_cli("eval", "softmax", str(wrong), "--no-timing").returncode == 1


def test_kernelbench_file_too_large_for_the_interpreter_is_judged_at_small_sizes(tmp_path, cpu_cfg):
    """A plain KernelBench file at GPU size must not read as a wrong kernel on a CPU: it is judged at sizes
    chosen for the interpreter, or, where none can be chosen, is unverified."""
    big = tmp_path / "big_relu.py"
    big.write_text((EXAMPLES / "level1_relu.py").read_text().replace("dim = 1000", "dim = 1 << 22"))
    src = (EXAMPLES / "solutions" / "level1_relu_triton.py").read_text()
    r = evaluate(str(big), src, cpu_cfg)
    assert r.verdict == "pass", r.reason
    assert [s.shape.startswith("auto: ") for s in r.correctness.shapes][:2] == [True, True]
    fixed = tmp_path / "fixed_relu.py"  # its size is not in a global: nothing to choose
    fixed.write_text((EXAMPLES / "level1_relu.py").read_text().replace("torch.randn(batch_size, dim)",
                                                                        "torch.randn(4096, 1 << 16)")
                     + "\nINPUT_CASES = {}\n")  # typical values only: its families are sized by the globals
    r = evaluate(str(fixed), src, cpu_cfg)
    assert (r.verdict, r.check, r.exit_code) == ("unverified", "unverified.too_large_for_interpreter", 3), r.reason


def test_a_reference_that_works_in_place_leaves_the_judges_inputs_alone(tmp_path, cpu_cfg):
    """KernelBench references may use in-place ops (`torch.relu_(x)`). The judge must run them on a copy:
    otherwise its own inputs change and an honest candidate, which leaves its inputs untouched, is failed
    for modifying them (or compared against a reference computed from altered inputs)."""
    task = tmp_path / "relu_inplace.py"
    task.write_text((EXAMPLES / "level1_relu.py").read_text().replace("return torch.relu(x)", "return torch.relu_(x)"))
    r = evaluate(str(task), (EXAMPLES / "solutions" / "level1_relu_triton.py").read_text(), cpu_cfg)
    assert r.verdict == "pass", r.reason


def test_a_judge_out_of_memory_is_the_machines_limit_not_a_wrong_kernel(tmp_path, cpu_cfg):
    """On a GPU with less memory than a task needs at its size, the judge's own reference can run out of memory.
    That is `unverified` (exit 3) with the reason, never a failed kernel or "the harness failed"."""
    task = tmp_path / "relu_oom.py"
    task.write_text((EXAMPLES / "level1_relu.py").read_text().replace(
        "return torch.relu(x)", 'raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")'))
    r = evaluate(str(task), (EXAMPLES / "solutions" / "level1_relu_triton.py").read_text(), cpu_cfg)
    assert (r.verdict, r.check, r.stage) == ("unverified", "unverified.judge_out_of_memory", "correctness"), r.reason
    assert "Tried to allocate 20.00 GiB" in r.reason and "GPU memory" in r.reason


def test_the_candidates_account_of_its_time_is_validated_and_labelled():
    """The candidate process reports how long it spent placing inputs, in forward and fingerprinting inputs.
    It is untrusted: only known keys with sane numbers are kept, under a self-reported label."""
    from collections import defaultdict
    from types import SimpleNamespace

    from kernelpilot.sandbox.judge import Judge

    fake = SimpleNamespace(seconds=defaultdict(float), SELF_REPORTED=Judge.SELF_REPORTED)
    Judge.note_spent(fake, {"forward": 1.5, "input fingerprints": -3, "placing inputs": "7", "timing": 0.001,
                            "compare": 9.0})
    Judge.note_spent(fake, "not a dict")
    Judge.note_spent(fake, {"forward": float("nan")})
    Judge.note_spent(fake, {"forward": 0.5})
    assert dict(fake.seconds) == {"candidate forward (self-reported)": 2.0}


def test_timing_rotates_through_fewer_input_sets_where_memory_is_short():
    """On a GPU the timed calls rotate through three input sets where they fit. On a small GPU (24 GB) and a
    large task they would not, and the judge would run out of memory: one set, rolled differently every call."""
    from kernelpilot.sandbox.judge import timing_sets

    gib = 2**30
    assert timing_sets(4 * gib, 1 * gib, 75 * gib) == 3  # softmax-sized work on an 80 GB H100
    assert timing_sets(4 * gib, 4 * gib, 22 * gib) == 1  # the same on a 24 GB card
    assert timing_sets(256 << 20, 256 << 20, 22 * gib) == 3


def test_inline_assembly_is_unverified_on_a_cpu_never_failed():
    """tl.inline_asm_elementwise runs PTX, which the interpreter cannot execute: a GPU judges such a kernel."""
    from kernelpilot.sandbox.config import EvalConfig

    cand = (ROOT / "tests/sandbox/inline_asm_leaky_relu.py").read_text()
    r = evaluate(load_task(str(ROOT / "tests/honest/tasks/leaky_relu.py")), cand,
                 EvalConfig(device="cpu", trials=1, timing=False))
    assert r.verdict == "unverified" and r.check == "unverified.inline_asm", (r.check, r.reason)
