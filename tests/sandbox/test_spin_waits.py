"""A program that waits for one the interpreter runs after it (sandbox/interp_semantics.py, SPIN_LIMIT): the
interpreter runs programs one at a time, so the wait is never met here though it is on a GPU. The `while` test
is counted per program and stops the run with a message the judge turns into `unverified.interpreter_order`,
where it used to run until the time limit and fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = textwrap.dedent('''
    import os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    sys.path.insert(0, sys.argv[1])
    import torch
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    interp_semantics.install()
    interp_semantics.SPIN_LIMIT = 500
    from spin_kernels import waits_for_the_next
    try:
        waits_for_the_next[(2,)](torch.zeros(2, dtype=torch.int32), torch.zeros(1, dtype=torch.int32))
    except Exception as e:
        print("STOPPED:", e)
''')


def test_a_wait_for_a_later_program_stops_with_a_message():
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    got = subprocess.run([sys.executable, "-c", SCRIPT, str(HERE)], capture_output=True, text=True, env=env,
                         timeout=300)
    assert got.returncode == 0, got.stderr[-3000:]
    assert "STOPPED:" in got.stdout and "while loop's condition was tested more than" in got.stdout, got.stdout
