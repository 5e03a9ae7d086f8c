"""Without a GPU, a Triton kernel the interpreter verified is also compiled for a real GPU (sm_90 by default):
what only the interpreter accepts must fail at the build stage, as it would on that GPU, and what compiles
comes back with ptxas's figures. Autotuned kernels run under the interpreter, each config in turn."""

from pathlib import Path

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.tasks.loader import load_task

ROOT = Path(__file__).resolve().parents[2]
RELU = (ROOT / "tasks/core/solutions/relu_triton.py").read_text()
MATMUL = (ROOT / "tasks/core/solutions/matmul_triton.py").read_text()


def cfg(**kw) -> EvalConfig:
    return EvalConfig(device="cpu", trials=1, timeout_s=120, timing=False, **kw)


def variant(src: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in src, old
        src = src.replace(old, new)
    return src


# A plain (non-constexpr) global read inside a kernel: the interpreter reads it like any Python global, the
# compiler refuses it. Shipped solution rbf_topk had exactly this bug until this check found it.
RELU_PLAIN_GLOBAL = variant(RELU, ("@triton.jit", "FLOOR = 0.0\n\n\n@triton.jit"),
                            ("tl.maximum(x, 0.0)", "tl.maximum(x, FLOOR)"))

# 256x256x128 fp16 tiles over 4 pipeline stages want 512 KiB of shared memory; an H100 block has 227 KiB.
MATMUL_TOO_MUCH_SMEM = variant(MATMUL, ("BM, BN, BK = 128, 128, 32", "BM, BN, BK = 256, 256, 128"),
                               ("BK=BK, GROUP_M=8)", "BK=BK, GROUP_M=8, num_stages=4)"))

# The same oversized tile as one of two autotune configs: on a GPU the autotuner drops it and uses the other.
MATMUL_AUTOTUNED = variant(
    MATMUL,
    ("@triton.jit\ndef matmul_kernel",
     "@triton.autotune(configs=[triton.Config({'BM': 256, 'BN': 256, 'BK': 128}, num_stages=4),\n"
     "                          triton.Config({'BM': 32, 'BN': 64, 'BK': 32}, num_stages=2)], key=['M', 'N', 'K'])\n"
     "@triton.jit\ndef matmul_kernel"),
    ("        BM, BN, BK = 128, 128, 32\n        grid = (triton.cdiv(M, BM) * triton.cdiv(N, BN),)\n",
     "        grid = lambda meta: (triton.cdiv(M, meta['BM']) * triton.cdiv(N, meta['BN']),)\n"),
    (", BM=BM, BN=BN, BK=BK, GROUP_M=8)", ", GROUP_M=8)"),
)


def test_a_kernel_only_the_interpreter_accepts_fails_at_build():
    r = evaluate(load_task("relu"), RELU_PLAIN_GLOBAL, cfg())
    assert (r.verdict, r.stage, r.check) == ("fail", "build", "build.target_compile"), r.reason
    assert "correct under the interpreter" in r.reason and "sm_90" in r.reason
    assert "FLOOR" in r.reason and "constexpr" in r.reason  # the compiler's own words reach the user
    assert r.correctness.trials > 0  # it did pass the interpreter first


def test_the_check_can_be_switched_off():
    r = evaluate(load_task("relu"), RELU_PLAIN_GLOBAL, cfg(target_compile=False))
    assert r.verdict == "pass", r.reason
    assert r.build is None


def test_shared_memory_beyond_the_target_fails_with_triton_s_own_message():
    r = evaluate(load_task("matmul"), MATMUL_TOO_MUCH_SMEM, cfg())
    assert (r.verdict, r.check) == ("fail", "build.target_compile"), r.reason
    assert "shared memory" in r.reason and "232448" in r.reason


def test_a_passing_kernel_reports_what_ptxas_says():
    r = evaluate(load_task("relu"), RELU, cfg(gpu_arch="sm_80"))
    assert r.verdict == "pass", r.reason
    assert "sm_80" in r.build.compiler and "Triton" in r.build.compiler
    assert r.build.kernels and all(name.startswith("relu_kernel @ ") for name in r.build.kernels)
    assert "relu_kernel @ real size" in r.build.kernels  # the task's own (GPU) size is compiled too
    for figures in r.build.kernels.values():  # one entry per specialisation (shapes differ in divisibility)
        assert figures["registers"] > 0 and figures["spill_bytes"] == 0 and figures["num_warps"] >= 1
    assert "registers" in r.reason


def test_autotuned_kernel_runs_every_config_and_drops_the_one_that_does_not_fit():
    r = evaluate(load_task("matmul"), MATMUL_AUTOTUNED, cfg())
    assert r.verdict == "pass", r.reason
    assert "autotune config dropped" in r.build.log and "shared memory" in r.build.log
    assert len(r.build.kernels) >= 1


def test_every_autotune_config_is_checked_against_the_reference():
    # the second config computes garbage; under the interpreter each call takes the next config in turn,
    # so the wrong one is run and caught (on a GPU only the fastest config would ever be checked)
    wrong = variant(MATMUL_AUTOTUNED, ("triton.Config({'BM': 32, 'BN': 64, 'BK': 32}, num_stages=2)",
                                       "triton.Config({'BM': 32, 'BN': 64, 'BK': 32, 'SCALE': 2.0}, num_stages=2)"),
                    ("triton.Config({'BM': 256, 'BN': 256, 'BK': 128}, num_stages=4)",
                     "triton.Config({'BM': 256, 'BN': 256, 'BK': 128, 'SCALE': 1.0}, num_stages=4)"))
    wrong = _scale_output(wrong)
    r = evaluate(load_task("matmul"), wrong, cfg())
    assert (r.verdict, r.stage, r.check) == ("fail", "correctness", "correctness.mismatch"), r.reason


def _scale_output(src: str) -> str:
    """Add a SCALE constexpr to the matmul kernel that multiplies its result."""
    import re

    src = re.sub(r"(def matmul_kernel\([^)]*)\)", r"\1, SCALE: tl.constexpr)", src, count=1)
    return variant(src, ("acc.to(c_ptr.dtype.element_ty)", "(acc * SCALE).to(c_ptr.dtype.element_ty)"))


# One program over the whole tensor: fine at the small SHAPES, but at the task's real size the block is
# 2**29 elements, past Triton's limit on a tensor's size. Only the real-size compile can see that.
RELU_ONE_BLOCK = variant(RELU, ("        block = 4096\n        relu_kernel[(triton.cdiv(n, block),)]",
                                "        block = triton.next_power_of_2(n)\n        relu_kernel[(1,)]"))


def test_a_kernel_that_only_breaks_at_the_real_size_fails_at_build():
    r = evaluate(load_task("relu"), RELU_ONE_BLOCK, cfg())
    assert (r.verdict, r.check) == ("fail", "build.target_compile"), r.reason
    assert "real size" in r.reason and "numel" in r.reason


def test_a_hang_while_compiling_is_a_build_failure():
    # honest under the interpreter, spins forever where @triton.jit is the compiler
    src = variant(RELU, ("        x = x.contiguous()\n",
                         "        while type(relu_kernel).__name__ == 'JITFunction':\n            n = 0\n"
                         "        x = x.contiguous()\n"))
    # the contract refuses `__name__` today; the hang in the compile process is what is tested here
    # (the limit is scaled by the shapes the judge adds: about 4.5 times this)
    r = evaluate(load_task("relu"), src, EvalConfig(device="cpu", trials=1, timeout_s=6, timing=False),
                 static_checks=False)
    assert (r.verdict, r.stage, r.check) == ("fail", "build", "sandbox.timeout"), r.reason
    assert "compiling for sm_90" in r.reason


def test_the_compile_process_cannot_start_processes():
    # static checks bypassed: a candidate honest under the interpreter that, where @triton.jit compiles,
    # tries to run a program. The compile process has the interpreter's seccomp filter (ptxas runs in the
    # judge), so the attempt fails and nothing is compiled for it. The kernel passed its real checks, but what
    # a GPU makes of it is not known: unverified, never a pass with a note.
    from kernelpilot.sandbox.evaluate import run_worker

    src = variant(RELU, ("        x = x.contiguous()\n",
                         "        if type(relu_kernel).__name__ == 'JITFunction':\n"
                         "            import subprocess\n            subprocess.run(['true'], check=True)\n"
                         "        x = x.contiguous()\n"))
    r = run_worker(load_task("relu"), src, cfg(), "cpu", "triton")
    assert (r.verdict, r.stage, r.check) == ("unverified", "build", "unverified.target_compile"), r.reason
    assert "PermissionError" in r.reason and r.correctness.trials > 0, r.reason


@pytest.mark.parametrize("arch", ["h100", "sm90", "compute_90", "sm_9x", "sm_9"])  # sm_9x was read as sm_9: ptxas then failed the kernel
def test_a_bad_architecture_is_a_usage_error(arch):
    from typer.testing import CliRunner

    from kernelpilot.agent.cli import app

    res = CliRunner().invoke(app, ["eval", "relu", str(ROOT / "tasks/core/solutions/relu_triton.py"), "--gpu-arch", arch])
    assert res.exit_code == 2 and "--gpu-arch" in res.output


def test_an_autotune_config_ptxas_refuses_is_dropped_when_another_config_assembles(monkeypatch):
    """Triton's autotuner on a GPU gives a config whose PTX ptxas refuses an infinite time and picks another.
    The judge runs ptxas itself (the compile process may not start it), so it must do the same: drop that
    config with a note while another config of the kernel assembles, and fail the kernel only when none does,
    or when the refused PTX is not an autotune config at all."""
    import torch

    from kernelpilot.sandbox import judge as judge_mod

    def fake_ptxas(ptx, arch, scratch=None):
        return ({"registers": 40, "spill_bytes": 0}, None) if "good" in ptx else ({}, "ptxas error   : Entry too big\n")

    monkeypatch.setattr(judge_mod, "assemble", fake_ptxas)
    as_bytes = lambda s: torch.frombuffer(bytearray(s.encode()), dtype=torch.uint8)  # noqa: E731

    def reply(*kernels):
        return {"kernels": {k: {} for k, _, _ in kernels}, "ptx_of": [k for k, _, _ in kernels],
                "config_of": {k: c for k, _, c in kernels if c}}, [as_bytes(p) for _, p, _ in kernels]

    r, ptx = reply(("mm", "bad", "BM: 256"), ("mm#2", "good", "BM: 64"))
    notes = judge_mod.Judge.assemble(r, ptx, "sm_90")
    assert "compile_error" not in r and list(r["kernels"]) == ["mm#2"] and r["kernels"]["mm#2"]["registers"] == 40
    assert len(notes) == 1 and "BM: 256" in notes[0] and "Entry too big" in notes[0]

    r, ptx = reply(("mm", "bad", "BM: 256"), ("mm#2", "bad", "BM: 64"))  # no config assembles
    judge_mod.Judge.assemble(r, ptx, "sm_90")
    assert "Entry too big" in r["compile_error"] and r["kernel"] == "mm"

    r, ptx = reply(("plain", "bad", None), ("plain#2", "good", None))  # not autotuned: nothing to fall back on
    judge_mod.Judge.assemble(r, ptx, "sm_90")
    assert r["kernel"] == "plain"


def test_a_launch_grid_is_worked_out_as_triton_does_and_checked_against_cuda_limits():
    """The interpreter launches any grid; a GPU refuses more than 65535 blocks on axis 1 or 2. The compile for
    the target evaluates each launch's grid (a callable one on the bound arguments, defaults included)."""
    from kernelpilot.sandbox.target import LaunchError, check_grid, launch_grid

    def kernel(x_ptr, n, BLOCK=128):
        pass

    assert launch_grid(kernel, (7,), (None, 1000), {}) == (7, 1, 1)
    assert launch_grid(kernel, lambda meta: (meta["n"] // meta["BLOCK"], 3), (None, 1280), {"num_warps": 4}) == (10, 3, 1)
    assert launch_grid(kernel, lambda meta: meta["missing"], (None, 1), {}) is None  # not ours to guess
    check_grid("k", (2**31 - 1, 65535, 65535))  # the limits themselves are fine
    with pytest.raises(LaunchError, match=r"y = 98304 > 65535"):
        check_grid("k", (1, 98304, 1))
    with pytest.raises(LaunchError, match=r"x = 2147483648"):
        check_grid("k", (2**31, 1, 1))


def _children_of(pid: int) -> set[int]:
    import os

    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _grandchildren() -> set[int]:
    """Live children of this process's children: the forkserver's judges and what they started."""
    import os

    return {g for c in _children_of(os.getpid()) for g in _children_of(c) if _alive(g)}


def _left_behind(before: set[int]) -> set[int]:
    """What an evaluation left running beside what was there before it (an earlier test's judges may still be
    finishing in this worker), a few seconds given for the forkserver to reap a judge that has just exited."""
    import time

    end = time.monotonic() + 5
    while True:
        new = _grandchildren() - before
        if not new or time.monotonic() > end:
            return new
        time.sleep(0.1)


def test_the_checks_verdict_comes_first_and_the_compile_beside_them_is_stopped():
    """The compile for the target runs beside the interpreter's checks. A kernel that is wrong there and
    would not compile for the target either is judged as the checks found it (a mismatch, as when the two
    ran one after the other), and the compile process and its candidate are gone when the verdict is."""
    wrong = variant(RELU_PLAIN_GLOBAL, ("FLOOR = 0.0", "FLOOR = 0.5"))
    before = _grandchildren()
    r = evaluate(load_task("relu"), wrong, cfg())
    assert (r.verdict, r.stage, r.check) == ("fail", "correctness", "correctness.mismatch"), r.reason
    assert not _left_behind(before)  # nothing of the judge, its fork or a candidate remains
    ok = evaluate(load_task("relu"), RELU, cfg())
    assert ok.verdict == "pass" and ok.build is not None and ok.build.kernels, ok.reason
    assert "target compile (beside the checks)" in ok.seconds
    assert not _left_behind(before)


# The ReLU launch's second grid axis is sized by a value a kernel computes (1 here) and forward reads back with
# .item(), as varlen attention sizes its grid from a maximum length a kernel found. The compile replay computes
# nothing: it reads the 70000 forward filled the buffer with, a grid no GPU launches (y is at most 65535).
RELU_GRID_FROM_A_KERNEL = variant(
    RELU,
    ("@triton.jit\ndef relu_kernel", "@triton.jit\ndef count_rows(n, out_ptr):\n"
     "    tl.store(out_ptr, 1 + 0 * n)\n\n\n@triton.jit\ndef relu_kernel"),
    ("        relu_kernel[(triton.cdiv(n, block),)](x, y, n, BLOCK=block)",
     "        rows = torch.full((1,), 70000, dtype=torch.int32, device=x.device)\n"
     "        count_rows[(1,)](n, rows)\n"
     "        relu_kernel[(triton.cdiv(n, block), int(rows.item()))](x, y, n, BLOCK=block)"))


def test_a_launch_sized_by_a_value_a_kernel_computed_is_never_failed_by_the_compile_replay():
    """The interpreted run computes the grid and is right; the compile replay reads what the memory held before
    (a grid no GPU launches). That says nothing about the kernel: not a fail,
    but unverified, since whether the launch the GPU would make compiles is not known."""
    r = evaluate(load_task("relu"), RELU_GRID_FROM_A_KERNEL, cfg())
    assert r.verdict == "unverified" and r.check == "unverified.target_compile", (r.check, r.reason)
    assert "read 1 value(s) on the host" in r.reason, r.reason


def test_a_compile_error_raised_at_a_call_says_what_went_wrong_beneath():
    """Triton raises an error in a jit helper at the kernel's call to it, with the message (a global that is not
    a constexpr) only in the errors chained beneath: the verdict's reason carries it."""
    from kernelpilot.sandbox.target import TargetCompileError

    try:
        try:
            try:
                raise NameError("Cannot access global variable LOG2E from within @jit'ed function")
            except NameError as inner:
                raise SyntaxError("at 2:15:\n    return a * LOG2E\n               ^\n" + repr(inner)) from inner
        except SyntaxError as mid:
            raise RuntimeError("at 3:42:\n    tl.store(p, _comb(x))\n                ^") from mid
    except RuntimeError as outer:
        said = str(TargetCompileError("k", outer))
    assert said.startswith("k: RuntimeError: at 3:42:") and "return a * LOG2E" in said
    assert said.count("Cannot access global variable LOG2E") == 1  # the NameError's text is in the SyntaxError's
