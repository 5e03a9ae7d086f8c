"""bf16 `tl.atomic_add` and float `tl.atomic_xchg` under the interpreter (sandbox/interp_semantics.py,
float_atomics_supported): sm_90 has both (`red.global.add.noftz.bf16`, `atom.exch.b32`); the interpreter's C++
atomics refused them, and an honest kernel failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = textwrap.dedent('''
    import json, os, sys
    os.environ["TRITON_INTERPRET"] = "1"
    sys.path.insert(0, sys.argv[1])
    import torch
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    applied = interp_semantics.install()
    from float_atomics_kernels import bf16_add, f32_exchange
    y = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.bfloat16)
    x = torch.tensor([0.5, 0.25, 1.0, 8.0, 2.0, 1.0, 0.5, 0.125], dtype=torch.bfloat16)
    bf16_add[(2,)](y, x, BLOCK=4)
    a = torch.tensor([1.5, -2.0, 3.25], dtype=torch.float32)
    b = torch.tensor([7.0, 8.5, -9.0], dtype=torch.float32)
    f32_exchange[(1,)](a, b, BLOCK=1)
    print(json.dumps({"applied": "float_atomics_supported" in applied, "y": y.float().tolist(),
                      "old": x.float().tolist(), "a": a.tolist(), "b": b.tolist()}))
''')


def test_bf16_add_and_float_exchange_compute_as_on_the_gpu():
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    got = subprocess.run([sys.executable, "-c", SCRIPT, str(HERE)], capture_output=True, text=True, env=env,
                         timeout=300)
    assert got.returncode == 0, got.stderr[-3000:]
    out = json.loads(got.stdout.strip().splitlines()[-1])
    assert out["applied"]
    # program 0 adds [0.5, 0.25 (into element 0), 1.0, 8.0], program 1 [2.0, 1.0 (into 0), 0.5, 0.125]
    assert out["y"] == [1.0 + 0.5 + 0.25 + 2.0 + 1.0, 2.0, 3.0 + 1.0 + 0.5, 4.0 + 8.0 + 0.125]
    # each lane gets what was there before its own add, lanes of one call in lane order
    assert out["old"] == [1.0, 1.5, 3.0, 4.0, 1.75, 3.75, 4.0, 12.0]
    assert out["a"] == [7.0, -2.0, 3.25] and out["b"] == [1.5, 8.5, -9.0]
