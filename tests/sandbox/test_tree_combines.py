"""Scans and reductions with a combine function combine in the order of Triton's lowering, not left to right
(sandbox/interp_semantics.py, combines_in_tree_order). An associative combine gives what it gives in any order;
one that is right only when folded left to right with a single element on the right is wrong on a GPU, and
now under the interpreter too. Each check runs in its own process, interpreted with the fix and without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

_KERNELS = r'''
import json, sys
import numpy as np, torch, triton, triton.language as tl

if sys.argv[1] == "fixed":
    from kernelpilot.sandbox import interp_semantics
    interp_semantics.install()


@triton.jit
def add(a, b):
    return a + b


@triton.jit
def add_counted(va, ca, vb, cb):  # not associative: right only when the right operand is one element
    return va + vb * cb, ca + cb


@triton.jit
def twice_plus(a, b):  # not associative: 2a + b
    return 2 * a + b


@triton.jit
def first_max(v1, i1, v2, i2):  # associative and commutative: the maximum, the lower index on ties
    take1 = (v1 > v2) | ((v1 == v2) & (i1 < i2))
    return tl.where(take1, v1, v2), tl.where(take1, i1, i2)


@triton.jit
def max_by_if(a, b):  # written for scalars: a Python `if` on the operands
    if a > b:
        return a
    return b


@triton.jit
def rows_kernel(x_ptr, scan_ptr, rev_ptr, counted_ptr, max_ptr, idx_ptr, if_ptr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * BLOCK + cols)
    tl.store(scan_ptr + row * BLOCK + cols, tl.associative_scan(x, 0, add))
    tl.store(rev_ptr + row * BLOCK + cols, tl.associative_scan(x, 0, add, reverse=True))
    s, _ = tl.associative_scan((x, tl.full([BLOCK], 1.0, tl.float32)), 0, add_counted)
    tl.store(counted_ptr + row * BLOCK + cols, s)
    v, i = tl.reduce((x, cols), 0, first_max)
    tl.store(max_ptr + row, v)
    tl.store(idx_ptr + row, i)
    tl.store(if_ptr + row, tl.reduce(x, 0, max_by_if))


@triton.jit
def block_kernel(x_ptr, s0_ptr, s1_ptr, r1_ptr, rk_ptr, ra_ptr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)[:, None]
    c = tl.arange(0, C)[None, :]
    x = tl.load(x_ptr + r * C + c)
    tl.store(s0_ptr + r * C + c, tl.associative_scan(x, 0, add))
    tl.store(s1_ptr + r * C + c, tl.associative_scan(x, 1, add))
    tl.store(r1_ptr + tl.arange(0, R), tl.reduce(x, 1, add))
    tl.store(rk_ptr + r, tl.reduce(x, 1, add, keep_dims=True))
    tl.store(ra_ptr, tl.reduce(x, None, add))


@triton.jit
def order_kernel(x_ptr, scan_ptr, red_ptr, N: tl.constexpr):
    i = tl.arange(0, N)
    x = tl.load(x_ptr + i)
    tl.store(scan_ptr + i, tl.associative_scan(x, 0, twice_plus))
    tl.store(red_ptr, tl.reduce(x, 0, twice_plus))


out = {}
torch.manual_seed(0)
for n in (2, 8, 64, 512, 2048):
    x = torch.randn(3, n)
    scan, rev, counted = torch.empty_like(x), torch.empty_like(x), torch.empty_like(x)
    mx, idx, by_if = torch.empty(3), torch.empty(3, dtype=torch.int32), torch.empty(3)
    x[1, n // 2] = x[1].max() + 1  # the maximum twice: the lower index wins
    x[1, n - 1] = x[1, n // 2]
    rows_kernel[(3,)](x, scan, rev, counted, mx, idx, by_if, BLOCK=n)
    out[n] = {"scan": (scan - x.cumsum(1)).abs().max().item(),
              "rev": (rev - x.flip(1).cumsum(1).flip(1)).abs().max().item(),
              "counted": (counted - x.cumsum(1)).abs().max().item(),
              "max": bool((mx == x.max(1).values).all()), "idx": idx.tolist() == x.argmax(1).tolist(),
              "by_if": bool((by_if == x.max(1).values).all())}
for R, C in ((4, 64), (64, 4), (16, 32)):
    x = torch.randint(-4, 5, (R, C)).float()
    s0, s1, r1, rk, ra = (torch.empty_like(x), torch.empty_like(x), torch.empty(R), torch.empty(R, 1),
                          torch.empty(1))
    block_kernel[(1,)](x, s0, s1, r1, rk, ra, R=R, C=C)
    out[f"{R}x{C}"] = (torch.equal(s0, x.cumsum(0)) and torch.equal(s1, x.cumsum(1)) and torch.equal(r1, x.sum(1))
                       and torch.equal(rk[:, 0], x.sum(1)) and ra.item() == x.sum().item())
x = torch.ones(8, dtype=torch.int32)
scan, red = torch.empty_like(x), torch.empty(1, dtype=torch.int32)
order_kernel[(1,)](x, scan, red, N=8)
out["order"] = {"scan": scan.tolist(), "reduce": red.item()}
print(json.dumps(out))
'''


@lru_cache(maxsize=None)
def run(mode: str, tmp: str) -> dict:
    script = Path(tmp) / "combines.py"
    script.write_text(_KERNELS)
    env = dict(os.environ, TRITON_INTERPRET="1", PYTHONWARNINGS="ignore")
    p = subprocess.run([sys.executable, str(script), mode], env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("combines"))


@pytest.mark.parametrize("n", ["2", "8", "64", "512", "2048"])
def test_associative_combines_give_the_same_results_in_tree_order(tmp, n):
    got = run("fixed", tmp)[n]
    assert got["scan"] < 1e-3 and got["rev"] < 1e-3, got  # fp32 sums: rounding only
    assert got["max"] and got["idx"] and got["by_if"], got


@pytest.mark.parametrize("block", ["4x64", "64x4", "16x32"])
def test_scans_and_reductions_of_2d_blocks_along_either_axis(tmp, block):
    assert run("fixed", tmp)[block] is True  # small integers in fp32: exact in any order


def test_a_combine_right_only_left_to_right_is_wrong_in_tree_order(tmp):
    fixed, plain = run("fixed", tmp), run("plain", tmp)
    for n in ("8", "64", "512", "2048"):
        assert plain[n]["counted"] < 1e-3  # the interpreter's own left-to-right fold: right, as it is not on a GPU
        assert fixed[n]["counted"] > 1.0, fixed[n]


def test_the_order_is_triton_lowerings(tmp):
    """Eight ones with combine(a, b) = 2a + b (int32, num_warps 4): one element per thread, eight lanes.
    Scan: Hillis-Steele rounds at distances 1, 2, 4, combine(prefix from lane l - d, own). Reduction: a
    butterfly, combine(own, lane ^ N) for N = 4, 2, 1, lane 0's value."""
    lanes = np.ones(8, dtype=np.int64)
    d = 1
    while d < 8:
        lanes = np.concatenate([lanes[:d], 2 * lanes[:-d] + lanes[d:]])
        d *= 2
    acc = np.ones(8, dtype=np.int64)
    for step in (4, 2, 1):
        acc = 2 * acc + acc[np.arange(8) ^ step]
    got = run("fixed", tmp)["order"]
    assert got == {"scan": lanes.tolist(), "reduce": int(acc[0])}
    assert run("plain", tmp)["order"] == {"scan": [1, 3, 7, 15, 31, 63, 127, 255], "reduce": 255}


def test_a_non_associative_scan_is_rejected_by_the_judge():
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate

    case = Path(__file__).resolve().parents[1] / "adversarial/cases/wrongdata__non_associative_scan_combine.py"
    r = evaluate("cumsum", case.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60, timing=False))
    assert r.verdict == "fail" and r.check == "correctness.mismatch", r.reason


_LANES = r'''
import json, sys
import torch, triton, triton.language as tl

if sys.argv[1] == "fixed":
    from kernelpilot.sandbox import interp_semantics
    interp_semantics.install()


@triton.jit
def left(a, b):  # not commutative: each lane of a butterfly keeps its own operand
    return a


@triton.jit
def biggest(a, b):
    return tl.maximum(a, b)


@triton.jit
def lanes_kernel(x_ptr, bcast_ptr, kept_ptr, stored_ptr, max_ptr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)[:, None]
    c = tl.arange(0, C)[None, :]
    x = tl.load(x_ptr + r * C + c)
    first = tl.reduce(x, 1, left)
    tl.store(bcast_ptr + r * C + c, x - first[:, None])  # broadcast back over the axis: each lane's own
    tl.store(kept_ptr + r * C + c, x - tl.reduce(x, 1, left, keep_dims=True))
    tl.store(stored_ptr + tl.arange(0, R), first)  # stored as it is: lane 0's
    tl.store(max_ptr + r * C + c, x - tl.reduce(x, 1, biggest)[:, None])


out = {}
torch.manual_seed(0)
for warps in (1, 4):
    x = torch.randn(2, 128)
    b, k, m = torch.empty_like(x), torch.empty_like(x), torch.empty_like(x)
    s = torch.empty(2)
    lanes_kernel[(1,)](x, b, k, s, m, R=2, C=128, num_warps=warps)
    out[warps] = {"bcast_left": torch.equal(b, x - x[:, :1]), "kept_left": torch.equal(k, x - x[:, :1]),
                  "bcast_own_lanes": bool((b == 0).sum() > 2), "stored": torch.equal(s, x[:, 0]),
                  "max": torch.equal(m, x - x.max(1, keepdim=True).values)}
print(json.dumps(out))
'''


def _lanes(mode: str, tmp: str) -> dict:
    script = Path(tmp) / "lanes.py"
    script.write_text(_LANES)
    env = dict(os.environ, TRITON_INTERPRET="1", PYTHONWARNINGS="ignore")
    p = subprocess.run([sys.executable, str(script), mode], env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_a_one_warp_reduction_broadcast_back_gives_each_lane_its_own_result(tmp):
    """A reduction along a row held by one warp (num_warps=1 here; 2x128 fp32 with 4 warps puts a row on two
    warps, and shared memory gives every thread one result) ends with each lane's own butterfly result: with a
    combine that keeps its left operand, lane t keeps the first element it held. Broadcast back over the row
    (`first[:, None]`, keep_dims) each element gets its own thread's; stored as it is, lane 0's."""
    fixed, plain = _lanes("fixed", tmp), _lanes("plain", tmp)
    one = fixed["1"]
    assert not one["bcast_left"] and not one["kept_left"] and one["bcast_own_lanes"], one
    assert one["stored"] and one["max"], one  # lane 0's value stored; a commutative combine is alike on every lane
    # four warps: a row on two of them, whose results meet in shared memory and come back one for all
    assert fixed["4"] == {"bcast_left": True, "kept_left": True, "bcast_own_lanes": False, "stored": True,
                          "max": True}, fixed["4"]
    assert plain["1"]["bcast_left"] and plain["1"]["kept_left"], plain["1"]  # the interpreter's own: one value
