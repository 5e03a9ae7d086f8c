"""Loads a software-pipelined loop issues before the stores they read (sandbox/pipelining.py, red-team round 14,
c04). Each kernel of pipelined_loops_kernels.py reads back chunks of `y` its program stored in earlier
iterations. Two checks on the same kernels: Triton 3.9's compiler for sm_90 pipelines exactly the loads the
model says it does (the TTGIR has an async copy for the load `back`), and under the interpreter the race check
reports exactly the loads that read a store not yet issued when the pipeliner starts them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

COMPILE = textwrap.dedent('''
    import json, os, re, sys
    sys.path.insert(0, sys.argv[1])
    import triton
    from triton.compiler import ASTSource
    from triton.backends.compiler import GPUTarget
    from pipelined_loops_kernels import KERNELS
    out = {}
    for name, (fn, cx, _, _) in KERNELS.items():
        sig = {"x_ptr": "*fp32", "y_ptr": "*fp32", "n": "i32"}
        cx = {"BLOCK": 128, **cx}
        sig.update({k: "constexpr" for k in cx})
        src = ASTSource(fn, sig, constexprs={(list(fn.arg_names).index(a),): v for a, v in cx.items()},
                        attrs={(0,): [["tt.divisibility", 16]], (1,): [["tt.divisibility", 16]]})
        ttgir = triton.compile(src, target=GPUTarget("cuda", 90, 32)).asm["ttgir"]
        out[name] = bool(re.search(r"%back_\\d+ = ttg\\.async_copy_global_to_local", ttgir))
    print(json.dumps(out))
''')

INTERPRET = textwrap.dedent('''
    import json, os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    sys.path.insert(0, sys.argv[1])
    import torch
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    interp_semantics.install()
    from kernelpilot.sandbox.watch import ForwardWatch, LaunchCounter
    LaunchCounter.install()
    from pipelined_loops_kernels import KERNELS
    out = {}
    for name, (kernel, cx, _, _) in KERNELS.items():
        w = ForwardWatch(poison=False)
        LaunchCounter.current = w
        try:
            x, y = torch.randn(6 * 128), torch.zeros(6 * 128)
            kernel[(1,)](x, y, 6, BLOCK=128, **cx)
        finally:
            LaunchCounter.current = None
        out[name] = w.report.races
    print(json.dumps(out))
''')


def _run(script: str, interpret: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    env.update(PYTHONWARNINGS="ignore", TRITON_DEFAULT_FP_FUSION="1")
    if interpret:
        env["TRITON_INTERPRET"] = "1"
    got = subprocess.run([sys.executable, "-c", script, str(HERE)], capture_output=True, text=True, env=env,
                         timeout=600)
    assert got.returncode == 0, got.stderr[-3000:]
    return json.loads(got.stdout.strip().splitlines()[-1])


def _kernels() -> dict:
    sys.path.insert(0, str(HERE))
    try:
        import importlib

        return {name: entry[2:] for name, entry in importlib.import_module("pipelined_loops_kernels").KERNELS.items()}
    finally:
        sys.path.remove(str(HERE))


@pytest.fixture(scope="module")
def expected() -> dict:
    return _kernels()


def test_the_model_is_what_triton_pipelines_for_sm90(expected):
    """Loop with num_stages given, no dot: every used load of 4-byte elements (scalar too) is pipelined, also in a
    constexpr `if`, in a helper, with a short constant trip count; not in a plain `range` loop, a loop holding a
    loop, a tl.debug_barrier() or a tl.device_print, an `if` on a run-time value, a load only carried into the
    next iteration, nor in a loop that passes a loop-carried value on unchanged."""
    import triton

    if not triton.__version__.startswith("3.9"):
        pytest.skip(f"the model is Triton 3.9's; this is {triton.__version__}")
    got = _run(COMPILE, interpret=False)
    assert got == {name: pipelined for name, (pipelined, _) in expected.items()}


def test_the_interpreter_reports_the_loads_issued_before_their_store(expected):
    """Reported: a load of what the iteration itself stored earlier, or what iterations m - S + 2 .. m - 1
    stored; not what iteration m - S + 1 or earlier stored (the copy for iteration m starts after it), nor any
    load the compiler does not pipeline."""
    got = _run(INTERPRET, interpret=True)
    assert {name: bool(races) for name, races in got.items()} == {
        name: hazard for name, (_, hazard) in expected.items()}
    found = got["prev_s3"][0]
    assert "in the loop `for k in tl.range(1, n, num_stages=3)`" in found
    assert "stored 1 iteration before" in found and "num_stages - 1 = 2 iteration(s) ahead" in found
    assert "earlier in the same iteration" in got["same_iteration_s2"][0]
    assert "stored 2 iterations before" in got["two_behind_s4"][0]


DOT_COMPILE = textwrap.dedent('''
    import inspect, json, sys
    sys.path.insert(0, sys.argv[1])
    import triton
    from triton.compiler import ASTSource
    from triton.backends.compiler import GPUTarget
    from kernelpilot.sandbox.pipelining import async_copy_positions
    from pipelined_dot_kernels import KERNELS
    out = {}
    for name, (fn, _, _) in KERNELS.items():
        src = ASTSource(fn, {"x_ptr": "*fp32", "y_ptr": "*fp32", "n": "i32"},
                        attrs={(0,): [["tt.divisibility", 16]], (1,): [["tt.divisibility", 16]]})
        copies = async_copy_positions(triton.compile(src, target=GPUTarget("cuda", 90, 32)).asm["ttgir"])
        lines, first = inspect.getsourcelines(fn.fn)
        back = next(f"{first + i}:{line.index('tl.load') + 1}" for i, line in enumerate(lines) if "back = " in line)
        out[name] = back in copies
    print(json.dumps(out))
''')

DOT_INTERPRET = textwrap.dedent('''
    import json, os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    sys.path.insert(0, sys.argv[1])
    import torch
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    interp_semantics.install()
    from kernelpilot.sandbox.watch import ForwardWatch, LaunchCounter
    LaunchCounter.install()
    from pipelined_dot_kernels import KERNELS
    out = {}
    for name, (kernel, _, _) in KERNELS.items():
        w = ForwardWatch(poison=False)
        LaunchCounter.current = w
        try:
            kernel[(1,)](torch.randn(6 * 256), torch.zeros(6 * 256), 6)
        finally:
            LaunchCounter.current = None
        out[name] = w.report.readbacks
    print(json.dumps(out))
''')


def test_dot_operands_are_the_loads_triton_pipelines_in_a_dot_loop():
    """In a loop with a tl.dot (plain `range` too, with the launch's num_stages), the loads that feed the dot are
    asynchronous copies in the TTGIR for sm_90, and async_copy_positions places them at the load's line:column."""
    import triton

    if not triton.__version__.startswith("3.9"):
        pytest.skip(f"the expectation is Triton 3.9's; this is {triton.__version__}")
    sys.path.insert(0, str(HERE))
    try:
        import importlib

        kernels = importlib.import_module("pipelined_dot_kernels").KERNELS
    finally:
        sys.path.remove(str(HERE))
    got = _run(DOT_COMPILE, interpret=False)
    assert got == {name: copied for name, (_, copied, _) in kernels.items()}


def test_the_interpreter_reports_read_backs_within_the_window():
    """Each load of what the program stored within the pipeliner's window is reported with its line:column, how
    far back, and the window (the judge holds them against the compiled copies: Judge.check_readbacks)."""
    sys.path.insert(0, str(HERE))
    try:
        import importlib

        kernels = importlib.import_module("pipelined_dot_kernels").KERNELS
    finally:
        sys.path.remove(str(HERE))
    got = _run(DOT_INTERPRET, interpret=True)
    assert {name: bool(found) for name, found in got.items()} == {name: rb for name, (_, _, rb) in kernels.items()}
    name, site, back, window, _, n = got["feeds_dot"][0]
    assert (name, back, window, n) == ("feeds_dot", 1, 2, 256) and site.split(":")[0].isdigit()
    assert got["same_tile_s2"][0][2:4] == [0, 1]
