"""tl.gather outside its source, and the element order of tl.cat / reshape(can_reorder=True), under the
interpreter as the candidate's process runs it (sandbox/interp_semantics.py: gather_index_in_range,
reorder_drawn)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    import json, os
    os.environ["TRITON_INTERPRET"] = "1"
    import torch, triton, triton.language as tl
    from kernelpilot.sandbox import compat, interp_semantics
    compat.fix_triton_interpreter()
    interp_semantics.install()

    @triton.jit
    def gather(x_ptr, o_ptr, SHIFT: tl.constexpr):
        r = tl.arange(0, 16)
        tl.store(o_ptr + r, tl.gather(tl.load(x_ptr + r), r - SHIFT, 0))

    @triton.jit
    def cat_store(x_ptr, o_ptr):
        r = tl.arange(0, 8)
        tl.store(o_ptr + tl.arange(0, 16), tl.cat(tl.load(x_ptr + r), tl.load(x_ptr + 8 + r), can_reorder=True))

    @triton.jit
    def cat_sum(x_ptr, o_ptr):
        r = tl.arange(0, 8)
        tl.store(o_ptr, tl.sum(tl.cat(tl.load(x_ptr + r), tl.load(x_ptr + 8 + r), can_reorder=True), axis=0))

    @triton.jit
    def reshape_store(x_ptr, o_ptr, REORDER: tl.constexpr):
        r = tl.arange(0, 16)
        tile = tl.reshape(tl.load(x_ptr + r), (4, 4), can_reorder=REORDER)
        tl.store(o_ptr + tl.arange(0, 4)[:, None] * 4 + tl.arange(0, 4)[None, :], tile)

    x = torch.arange(16, dtype=torch.float32)
    out = {}
    o = torch.zeros(16)
    gather[(1,)](x, o, SHIFT=0)
    out["gather_in_range"] = o.tolist() == x.tolist()
    try:
        gather[(1,)](x, o, SHIFT=1)
        out["gather_negative"] = "ran"
    except Exception as e:
        out["gather_negative"] = str(e)
    orders = set()
    for _ in range(8):
        cat_store[(1,)](x, o)
        orders.add(tuple(o.tolist()))
    out["cat_orders"] = len(orders)
    out["cat_same_elements"] = all(sorted(t) == x.tolist() for t in orders)
    s = torch.zeros(1)
    cat_sum[(1,)](x, s)
    out["cat_sum"] = float(s.item())
    reshape_store[(1,)](x, o, REORDER=False)
    out["reshape_kept"] = o.tolist() == x.tolist()
    orders = set()
    for _ in range(8):
        reshape_store[(1,)](x, o, REORDER=True)
        orders.add(tuple(o.tolist()))
    out["reshape_orders"] = len(orders)
    print(json.dumps(out))
''')


def run() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    env["PYTHONWARNINGS"] = "ignore"
    p = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_gather_order_and_reorder():
    got = run()
    assert got["gather_in_range"] is True
    assert "outside [0, 16)" in got["gather_negative"]  # the GPU reads shared memory below the block
    assert got["cat_orders"] > 1 and got["cat_same_elements"]  # drawn afresh, the same elements
    assert got["cat_sum"] == 120.0  # a reduction does not depend on the order
    assert got["reshape_kept"] is True and got["reshape_orders"] > 1
