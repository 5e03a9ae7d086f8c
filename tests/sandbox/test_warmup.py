"""`kernel.warmup(...)` under the interpreter behaves as Triton's compiled kernel does (sandbox/warmup.py).

Each check runs in a child process under TRITON_INTERPRET=1, as a candidate's kernels do, with only the
warmup stand-in installed (the judge's other fixes are tested on their own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent('''
    import json, sys
    import torch
    import triton
    import triton.language as tl
    from kernelpilot.sandbox import warmup

    @triton.jit
    def scale(y_ptr, x_ptr, n, factor, BLOCK: tl.constexpr, TIMES: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        m = offs < n
        tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) * factor * TIMES, mask=m)

    def outcome(fn):
        try:
            return ["ok", fn()]
        except Exception as e:
            return [type(e).__name__, str(e)]

    installed = warmup.install_interpreted() if sys.argv[1] == "installed" else False
    x = torch.arange(64, dtype=torch.float32)
    y = torch.zeros(64)
    out = {"installed": installed}
    c = scale.warmup(y, x, 64, 2, BLOCK=64, TIMES=3, grid=(1,))
    out["returned"] = type(c).__name__
    if c is not None:
        out["regs_before"] = outcome(lambda: c.n_regs)
        c._init_handles()
        out["figures"] = [c.n_regs, c.n_spills, c.n_max_threads, c.metadata.num_warps, c.metadata.shared > 0]

        def run(*args, grid=(1, 1, 1)):
            y.zero_()
            c[grid](*args)
            return y[:4].tolist()

        # the constexpr TIMES is the warmup's (3), whatever the launch passes in its place
        out["constexpr"] = outcome(lambda: run(y, x, 64, 2, 64, 10))
        # trailing constexprs may be left out: the compiled launcher skips their places
        out["trailing"] = outcome(lambda: run(y, x, 64, 2))
        # an argument the launcher reads is missing
        out["missing"] = outcome(lambda: run(y, x, 64))
        out["keyword"] = outcome(lambda: c[(1, 1, 1)](y, x, 64, factor=2))
        out["grid1"] = outcome(lambda: run(y, x, 64, 2, grid=(1,)))
        # n = 64 was divisible by 16 at the warmup: 63 is not, which the compiled code did not allow for
        out["unaligned"] = outcome(lambda: run(y, x, 63, 2))
        one = scale.warmup(y, x, 64, 1, BLOCK=64, TIMES=1, grid=(1,))
        # factor = 1 was specialised into the constant 1: the launch's 5 is not read
        out["one"] = outcome(lambda: (one[(1, 1, 1)](y, x, 64, 5, 64, 1), y[:4].tolist())[1])
        three = scale.warmup(y, x, 30, 3, BLOCK=64, TIMES=1, grid=(1,))
        # 30 was not divisible by 16: 64 is, and nothing was assumed
        out["aligned_later"] = outcome(lambda: (three[(1, 1, 1)](y, x, 64, 3, 64, 1), y[:4].tolist())[1])
        out["int_then_float"] = outcome(lambda: three[(1, 1, 1)](y, x, 64, 3.0, 64, 1))
    # a launch returns the kernel it ran, as compiled Triton's does (the plain interpreter: None)
    got = scale[(1,)](y, x, 64, 2, BLOCK=64, TIMES=1)
    out["launch_returns"] = type(got).__name__
    out["launch_ran"] = y[:4].tolist()
    if got is not None:
        got._init_handles()
        out["launch_figures"] = [got.n_regs > 0, got.metadata.num_warps, got.metadata.name]
    print(json.dumps(out))
''')


def drive(tmp_path: Path, how: str) -> dict:
    script = tmp_path / "warm.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, TRITON_INTERPRET="1", PYTHONWARNINGS="ignore")
    out = subprocess.run([sys.executable, str(script), how], capture_output=True, text=True, timeout=300, env=env,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def warmed(tmp_path_factory) -> dict:
    return drive(tmp_path_factory.mktemp("warmup"), "installed")


def test_the_plain_interpreter_returns_nothing_to_launch(tmp_path):
    # what a candidate met before: the tutorial's `kernel._init_handles()` on None
    assert drive(tmp_path, "plain")["returned"] == "NoneType"


def test_a_launch_returns_a_compiled_kernel_as_on_a_gpu(tmp_path, warmed):
    # `handle = kernel[grid](...)`; `if handle is not None:` took the interpreter's path only
    assert drive(tmp_path, "plain")["launch_returns"] == "NoneType"
    assert warmed["launch_returns"] == "Warmed" and warmed["launch_ran"] == [0.0, 2.0, 4.0, 6.0]
    assert warmed["launch_figures"] == [True, 4, "scale"]


def test_registers_exist_once_the_kernel_is_loaded(warmed):
    assert warmed["returned"] == "Warmed"
    assert warmed["regs_before"][0] == "AttributeError"
    regs, spills, threads, warps, shared = warmed["figures"]
    # figures a GPU could report for a kernel of these warps that launches
    assert 16 <= regs <= min(255, 65536 // (32 * warps)) and spills == 0 and threads == warps * 32 and shared


def test_a_launch_runs_the_constexprs_it_was_compiled_with(warmed):
    # 0, 1, 2, 3 times factor 2 times TIMES 3 (the warmup's), not 10 (the launch's)
    assert warmed["constexpr"] == ["ok", [0.0, 6.0, 12.0, 18.0]]
    assert warmed["trailing"] == ["ok", [0.0, 6.0, 12.0, 18.0]]


def test_an_argument_specialised_to_one_stays_one(warmed):
    assert warmed["one"] == ["ok", [0.0, 1.0, 2.0, 3.0]]


def test_launches_the_compiled_launcher_refuses(warmed):
    assert warmed["missing"][0] == "TypeError" and "`factor`" in warmed["missing"][1]
    assert warmed["keyword"][0] == "TypeError"
    assert warmed["grid1"][0] == "IndexError"


def test_an_alignment_the_compile_assumed_must_hold(warmed):
    assert warmed["unaligned"][0] == "ValueError" and "divisible by 16" in warmed["unaligned"][1]
    assert warmed["aligned_later"] == ["ok", [0.0, 3.0, 6.0, 9.0]]
    assert warmed["int_then_float"][0] == "ValueError" and "fp32" in warmed["int_then_float"][1]
