"""More of the interpreter's arithmetic made the compiled kernel's (sandbox/interp_semantics.py, sandbox/libdevice.py).

What each kernel below computes on an H100/H200 was read from the PTX Triton 3.9 compiles it to for sm_90 (no GPU
needed: `triton.compile(ASTSource(...), target=GPUTarget("cuda", 90, 32))`):

- `idx.to(tl.bfloat16)` is `cvt.rn.bf16.s32` and an fp64 value's `cvt.rn.bf16.f64`: the value rounded once;
- an fp8 byte to fp16/fp32 is `cvt.rn.f16x2.e4m3x2` / `.e5m2x2`: e4m3's 0x7F is NaN, e5m2's 0x7C infinity; e5m2 to
  bf16 is a shift of the bits and a multiply by 2**112, which makes 0x7C 65536;
- `tl.sin`, `tl.cos`, `tl.log`, `tl.log2`, `tl.erf`, `tl.exp2`, `tl.sqrt`, `tl.rsqrt` compile to the same PTX as
  their libdevice spellings, so they agree bit for bit;
- `tl.rsqrt`, `tl.exp2`, `tl.sqrt` are the approximate instructions `rsqrt.approx.ftz.f32`, `ex2.approx.ftz.f32`,
  `sqrt.approx.ftz.f32`: an ulp from the correctly rounded value on some inputs, the same input giving the same
  result.

The kernels run in a subprocess under TRITON_INTERPRET=1, with the fixes installed and without them (so that each
test shows what its fix changes, and can fail).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from functools import lru_cache

import numpy as np
import pytest

KERNELS = textwrap.dedent('''
    import json, sys
    import numpy as np
    import torch, triton, triton.language as tl
    from kernelpilot.sandbox import libdevice as kp_libdevice
    from kernelpilot.sandbox.interp_semantics import install
    from triton.language.extra import libdevice

    assert kp_libdevice.install()
    applied = install() if sys.argv[1] == "fixed" else []


    @triton.jit
    def to_bf16(i_ptr, u_ptr, l_ptr, d_ptr, o_ptr, BLOCK: tl.constexpr):
        c = tl.arange(0, BLOCK)
        tl.store(o_ptr + c, tl.load(i_ptr + c).to(tl.bfloat16).to(tl.float32))
        tl.store(o_ptr + BLOCK + c, tl.load(u_ptr + c).to(tl.bfloat16).to(tl.float32))
        tl.store(o_ptr + 2 * BLOCK + c, tl.load(l_ptr + c).to(tl.bfloat16).to(tl.float32))
        tl.store(o_ptr + 3 * BLOCK + c, tl.load(d_ptr + c).to(tl.bfloat16).to(tl.float32))
        tl.store(o_ptr + 4 * BLOCK + c, (tl.load(i_ptr + c) > 0).to(tl.bfloat16).to(tl.float32))


    @triton.jit
    def fp8_decode(b_ptr, o_ptr, BLOCK: tl.constexpr):
        c = tl.arange(0, BLOCK)
        b = tl.load(b_ptr + c)
        e4 = b.to(tl.float8e4nv, bitcast=True)
        e5 = b.to(tl.float8e5, bitcast=True)
        tl.store(o_ptr + c, e4.to(tl.float32))
        tl.store(o_ptr + BLOCK + c, e5.to(tl.float32))
        tl.store(o_ptr + 2 * BLOCK + c, e4.to(tl.float16).to(tl.float32))
        tl.store(o_ptr + 3 * BLOCK + c, e5.to(tl.float16).to(tl.float32))
        tl.store(o_ptr + 4 * BLOCK + c, e4.to(tl.bfloat16).to(tl.float32))
        tl.store(o_ptr + 5 * BLOCK + c, e5.to(tl.bfloat16).to(tl.float32))
        # a dot of fp8 operands: row i of the first is byte i everywhere, the second ones (0x38 is 1.0 in e4m3)
        rows = tl.full([BLOCK, BLOCK], 0, tl.uint8) + b[:, None]
        ones = tl.full([BLOCK, BLOCK], 0x38, tl.uint8)
        d = tl.dot(rows.to(tl.float8e4nv, bitcast=True), ones.to(tl.float8e4nv, bitcast=True))
        tl.store(o_ptr + 6 * BLOCK + c, tl.sum(d, axis=1) / BLOCK)


    @triton.jit
    def spellings(x_ptr, d_ptr, o_ptr, BLOCK: tl.constexpr):
        c = tl.arange(0, BLOCK)
        x = tl.load(x_ptr + c)
        d = tl.load(d_ptr + c)
        tl.store(o_ptr + 0, tl.sum((tl.sin(x) != libdevice.sin(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 1, tl.sum((tl.cos(x) != libdevice.cos(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 2, tl.sum((tl.log(x) != libdevice.log(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 3, tl.sum((tl.log2(x) != libdevice.log2(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 4, tl.sum((tl.erf(x) != libdevice.erf(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 5, tl.sum((tl.exp2(x) != libdevice.exp2(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 6, tl.sum((tl.sqrt(x) != libdevice.sqrt(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 7, tl.sum((tl.rsqrt(x) != libdevice.rsqrt(x)).to(tl.int32), axis=0))
        tl.store(o_ptr + 8, tl.sum((tl.erf(d) != libdevice.erf(d)).to(tl.int32), axis=0))
        tl.store(o_ptr + 9, tl.sum((tl.sin(d) != libdevice.sin(d)).to(tl.int32), axis=0))


    @triton.jit
    def approximate(x_ptr, k_ptr, o_ptr, BLOCK: tl.constexpr):
        c = tl.arange(0, BLOCK)
        x = tl.load(x_ptr + c)
        k = tl.load(k_ptr + c)
        tl.store(o_ptr + c, tl.rsqrt(x))
        tl.store(o_ptr + BLOCK + c, tl.math.div_rn(1.0, tl.sqrt_rn(x)))
        tl.store(o_ptr + 2 * BLOCK + c, tl.exp2(x * 0.01 - 9.3))
        tl.store(o_ptr + 3 * BLOCK + c, tl.exp2((x * 0.01 - 9.3).to(tl.float64)).to(tl.float32))
        tl.store(o_ptr + 4 * BLOCK + c, tl.sqrt(x))
        tl.store(o_ptr + 5 * BLOCK + c, tl.sqrt_rn(x))
        tl.store(o_ptr + 6 * BLOCK + c, (tl.rsqrt(x) == tl.rsqrt(x)).to(tl.float32))  # the same input, the same bits
        tl.store(o_ptr + 7 * BLOCK + c, tl.sqrt(k * k))  # exact results stay exact
        tl.store(o_ptr + 8 * BLOCK + c, tl.exp2(k - 40.0))
        tl.store(o_ptr + 9 * BLOCK + c, tl.exp(x * 0.01 - 9.3))


    @triton.jit
    def sum_and_dot(o_ptr):
        idx = tl.arange(0, 128)
        v = tl.where(idx == 0, 16777216.0, 1.0)
        tl.store(o_ptr, tl.sum(v, axis=0) - 16777216.0)
        ones = tl.full([16, 16], 1.0, tl.float32)
        acc = tl.full([16, 16], 16777216.0, tl.float32)
        acc = tl.dot(ones, ones, acc, input_precision="ieee")
        tl.store(o_ptr + 1, tl.max(tl.max(acc, axis=1), axis=0) - 16777216.0)
        a = tl.full([16, 16], 1.0, tl.float32) + tl.arange(0, 16)[None, :].to(tl.float32) * 0.1
        tl.store(o_ptr + 2 + tl.arange(0, 16)[:, None] * 16 + tl.arange(0, 16)[None, :],
                 tl.dot(a, a, tl.zeros([16, 16], tl.float32), input_precision="ieee"))


    @triton.jit
    def scans(o_ptr):
        idx = tl.arange(0, 128)
        v = tl.where(idx == 0, 16777216.0, 1.0)
        tl.store(o_ptr + idx, tl.cumsum(v, axis=0) - 16777216.0)
        tl.store(o_ptr + 128 + idx, tl.cumsum(tl.where(idx == 127, 16777216.0, 1.0), axis=0, reverse=True))


    out = {"applied": applied}
    o = torch.zeros(256)
    scans[(1,)](o)
    out["scans"] = o.tolist()
    o = torch.zeros(2 + 256)
    sum_and_dot[(1,)](o)
    out["sum_and_dot"] = o.tolist()
    n = 16
    ints = torch.tensor([3, -2, 100, 257, 259, 1025, 4097, 65535, 2**24 + 1, -(2**31), 2**31 - 1, 7, 9, 17, 33, 0],
                        dtype=torch.int32)
    uints = torch.tensor([200, 255, 3, 0, 1, 129, 130, 131, 2, 4, 8, 16, 17, 18, 19, 250], dtype=torch.uint8)
    longs = torch.tensor([2**60 + 2**52 + 1, 2**60 + 2**52, -(2**63), 2**63 - 1, 2**53 + 1, 3 * 2**52, 5, -7, 0,
                          1, 2, 3, 255, 256, 257, 2**40 + 2**32], dtype=torch.int64)
    doubles = torch.tensor([1.5, 1 + 2**-8, 1 + 2**-8 + 2**-40, 1 + 3 * 2**-8, 3.4e38, 3.39e38, 1e-40, -2.25,
                            0.1, float("nan"), float("inf"), -0.0, 1e-45, 1e300, -1e300, 65504.0],
                           dtype=torch.float64)
    o = torch.zeros(5 * n)
    to_bf16[(1,)](ints, uints, longs, doubles, o, BLOCK=n)
    out["to_bf16"] = o.tolist()

    bytes_ = torch.tensor([0x7F, 0xFF, 0x7E, 0x7C, 0xFC, 0x7D, 0x7B, 0x38, 0x3C, 0x01, 0x80, 0x00, 0x77, 0x78, 0xFE,
                           0xFD], dtype=torch.uint8)
    o = torch.zeros(7 * n)
    fp8_decode[(1,)](bytes_, o, BLOCK=n)
    out["fp8"] = o.tolist()

    m = 4096
    x = (torch.arange(1, m + 1, dtype=torch.float32) * 0.0123 + 0.001)
    o = torch.zeros(10, dtype=torch.int32)
    spellings[(1,)](x, x.to(torch.float64), o, BLOCK=m)
    out["spellings"] = o.tolist()

    x = (torch.arange(m, dtype=torch.float32) * 1.00390625 + 0.3)
    k = torch.arange(m, dtype=torch.float32) % 80
    o = torch.zeros(10 * m)
    approximate[(1,)](x, k, o, BLOCK=m)
    out["approx"] = o.view(10, m).numpy().view(np.int32).tolist()
    print(json.dumps(out))
''')

N = 16


@lru_cache(maxsize=None)
def run(how: str) -> dict:
    """The kernels' results in a fresh process; `how` is "fixed" or "unfixed" (a suffix makes another process)."""
    env = {**os.environ, "TRITON_INTERPRET": "1", "PYTHONWARNINGS": "ignore"}
    p = subprocess.run([sys.executable, "-c", KERNELS, how.split("#")[0]], capture_output=True, text=True, env=env,
                       timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def _part(values: list, i: int) -> list:
    return values[i * N:(i + 1) * N]


def _bf16(v: float) -> float:
    """`v` rounded to bf16 once, to nearest even (exactly; inf past the largest bf16)."""
    from fractions import Fraction

    if math.isnan(v) or math.isinf(v) or v == 0:
        return v
    e = max(math.frexp(abs(v))[1] - 1, -126)
    r = float(round(Fraction(abs(v)) / Fraction(2) ** (e - 7)) * Fraction(2) ** (e - 7))
    return math.copysign(math.inf if r > (2 - 2**-7) * 2.0**127 else r, v)


def _same(got: list, want: list) -> bool:
    return all((math.isnan(g) and math.isnan(w)) or (g == w and math.copysign(1, g) == math.copysign(1, w))
               for g, w in zip(got, want, strict=True))


# -- conversions to bf16 ----------------------------------------------------------------------------------------

INTS = [3, -2, 100, 257, 259, 1025, 4097, 65535, 2**24 + 1, -(2**31), 2**31 - 1, 7, 9, 17, 33, 0]
UINTS = [200, 255, 3, 0, 1, 129, 130, 131, 2, 4, 8, 16, 17, 18, 19, 250]
LONGS = [2**60 + 2**52 + 1, 2**60 + 2**52, -(2**63), 2**63 - 1, 2**53 + 1, 3 * 2**52, 5, -7, 0, 1, 2, 3, 255, 256,
         257, 2**40 + 2**32]
DOUBLES = [1.5, 1 + 2**-8, 1 + 2**-8 + 2**-40, 1 + 3 * 2**-8, 3.4e38, 3.39e38, 1e-40, -2.25, 0.1, math.nan, math.inf,
           -0.0, 1e-45, 1e300, -1e300, 65504.0]


def _int_bf16(i: int) -> float:
    from fractions import Fraction

    return _bf16(float(Fraction(i))) if abs(i) < 2**53 else _int_rounded(i)


def _int_rounded(i: int) -> float:
    m, shift = abs(i), abs(i).bit_length() - 8
    q, rest = divmod(m, 1 << shift)
    q += rest > (1 << (shift - 1)) or (rest == (1 << (shift - 1)) and q & 1)
    return math.copysign(float(q << shift), i)


def test_integers_and_fp64_convert_to_bf16_by_value_rounded_once():
    """cvt.rn.bf16.s32/u16/s64/f64: 3 stays 3, 2**60 + 2**52 + 1 rounds up (the sticky bit past fp64's 53), fp64
    1 + 2**-8 is a tie (to even: 1), 1 + 2**-8 + 2**-40 is not (up), 3.4e38 overflows to inf, 1e-40 is a bf16
    subnormal, NaN stays NaN, a comparison's True is 1."""
    got = run("fixed")["to_bf16"]
    assert _same(_part(got, 0), [_int_bf16(i) for i in INTS]), _part(got, 0)
    assert _same(_part(got, 1), [_int_bf16(i) for i in UINTS]), _part(got, 1)
    assert _same(_part(got, 2), [_int_bf16(i) for i in LONGS]), _part(got, 2)
    assert _same(_part(got, 3), [_bf16(v) for v in DOUBLES]), _part(got, 3)
    assert _same(_part(got, 4), [1.0 if i > 0 else 0.0 for i in INTS]), _part(got, 4)
    assert _part(got, 3)[:4] == [1.5, 1.0, 1.0078125, 1.015625]
    assert _part(got, 3)[4] == math.inf and 0 < _part(got, 3)[6] < 2.0**-126


def test_without_the_fix_the_interpreter_took_the_number_for_the_bit_pattern():
    got = run("unfixed")["to_bf16"]
    assert _part(got, 0)[0] == pytest.approx(5.877471754111438e-39)  # int32 3: the bits 0x0003
    assert _part(got, 3)[0] != 1.5


# -- fp8 infinities and NaNs --------------------------------------------------------------------------------------

BYTES = [0x7F, 0xFF, 0x7E, 0x7C, 0xFC, 0x7D, 0x7B, 0x38, 0x3C, 0x01, 0x80, 0x00, 0x77, 0x78, 0xFE, 0xFD]


def _decoded(byte: int, fmt: str) -> float:
    man, bias = (3, 7) if fmt == "e4" else (2, 15)
    field, mant = (byte >> man) & ((1 << (7 - man)) - 1), byte & ((1 << man) - 1)
    top = (1 << (7 - man)) - 1
    if fmt == "e4" and field == top and mant == (1 << man) - 1:
        v = math.nan
    elif fmt == "e5" and field == top:
        v = math.inf if mant == 0 else math.nan
    elif field == 0:
        v = math.ldexp(mant, 1 - bias - man)
    else:
        v = math.ldexp(mant + (1 << man), field - bias - man)
    return -v if byte & 0x80 else v


def test_fp8_bytes_decode_to_nan_and_infinity_as_the_gpu_converts_them():
    got = run("fixed")["fp8"]
    e4 = [_decoded(b, "e4") for b in BYTES]
    e5 = [_decoded(b, "e5") for b in BYTES]
    assert _same(_part(got, 0), e4) and _same(_part(got, 2), e4), (_part(got, 0), _part(got, 2))
    assert _same(_part(got, 1), e5) and _same(_part(got, 3), e5), (_part(got, 1), _part(got, 3))
    assert math.isnan(_part(got, 0)[0]) and math.isnan(_part(got, 0)[1]) and _part(got, 0)[2] == 448.0
    assert _part(got, 1)[3] == math.inf and _part(got, 1)[4] == -math.inf and math.isnan(_part(got, 1)[5])
    assert _same(_part(got, 4), e4)  # e4m3 to bf16 goes through fp16 on sm_90
    # e5m2 to bf16 is a shift and a multiply by 2**112 on sm_90: exponent 31 is a number there, as here
    assert _part(got, 5)[3] == 65536.0 and _part(got, 5)[5] == 81920.0 and _part(got, 5)[0] == 114688.0
    dot = _part(got, 6)  # each row's dot: BLOCK times the byte's value, NaN for the NaN bytes
    assert math.isnan(dot[0]) and math.isnan(dot[1]) and dot[2] == 448.0 * N and dot[8] == N * _decoded(0x3C, "e4")


def test_without_the_fix_the_special_fp8_bytes_were_numbers():
    got = run("unfixed")["fp8"]
    assert _part(got, 0)[0] == 480.0 and _part(got, 1)[3] == 65536.0 and _part(got, 6)[0] == 480.0 * N


# -- tl.* functions and their libdevice spellings -----------------------------------------------------------------

def test_tl_functions_agree_bit_for_bit_with_their_libdevice_spellings():
    """sin, cos, log, log2, erf, exp2, sqrt, rsqrt (fp32), erf and sin (fp64): the same PTX, the same bits."""
    assert run("fixed")["spellings"] == [0] * 10


def test_without_the_fix_the_spellings_disagreed():
    got = run("unfixed")["spellings"]
    assert got[0] > 0 and got[1] > 0 and got[2] > 0 and got[3] > 0 and got[7] > 0, got


# -- approximate instructions -------------------------------------------------------------------------------------

def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a.astype(np.int64) - b.astype(np.int64))  # positive fp32 bits: ordered as integers


def test_approximate_instructions_are_an_ulp_off_for_some_inputs_and_never_more():
    """rsqrt.approx, ex2.approx and sqrt.approx: within one ulp of the correctly rounded value, off on about a
    quarter of the inputs, the same bits for the same input, exact results exact (sqrt(k*k) is k, exp2 of an
    integer a power of two)."""
    rows = np.array(run("fixed")["approx"], dtype=np.int32)
    x = np.arange(4096, dtype=np.float32) * np.float32(1.00390625) + np.float32(0.3)
    rsqrt = (1 / np.sqrt(x.astype(np.float64))).astype(np.float32).view(np.int32)  # correctly rounded
    for approx, exact in ((rows[0], rsqrt), (rows[2], rows[3]), (rows[4], rows[5])):
        d = _ulps(approx, exact)
        assert d.max() == 1, d.max()
        assert 0.15 < (d == 1).mean() < 0.35, (d == 1).mean()
    assert (rows[0] != rows[1]).any()  # `tl.rsqrt(x) != 1 / tl.sqrt_rn(x)` is sometimes true, as on the GPU
    assert (rows[6].view(np.float32) == 1.0).all()
    k = np.arange(4096) % 80
    assert np.array_equal(rows[7].view(np.float32), k.astype(np.float32))
    assert np.array_equal(rows[8].view(np.float32), np.exp2(k - 40.0).astype(np.float32))
    # tl.exp is ex2.approx of the product rounded to fp32: within an ulp of that model, a few ulp from exp itself
    t = (x.astype(np.float64) * np.float32(0.01) - np.float32(9.3)).astype(np.float32)  # fused: one fma.rn
    model = np.exp2((t * np.float32(1.4426950408889634)).astype(np.float32).astype(np.float64)).astype(np.float32)
    assert _ulps(rows[9], model.view(np.int32)).max() <= 1


def test_which_inputs_are_off_is_drawn_per_process():
    """The share that is off is chosen by a hash salted per process, so a kernel cannot tabulate it."""
    one = np.array(run("fixed")["approx"][0]) != np.array(run("fixed")["approx"][1])
    two = np.array(run("fixed#again")["approx"][0]) != np.array(run("fixed#again")["approx"][1])
    assert one.any() and two.any() and not np.array_equal(one, two)


def test_without_the_fix_the_approximate_instructions_were_exact():
    rows = np.array(run("unfixed")["approx"], dtype=np.int32)
    assert np.array_equal(rows[0], rows[1]) and np.array_equal(rows[4], rows[5])


def test_the_approximation_stays_within_an_ulp_over_the_fp32_range():
    from kernelpilot.sandbox import libdevice

    rng = np.random.default_rng(0)
    x = (10.0 ** rng.uniform(-37, 38, 20000)).astype(np.float32)
    for symbol, exact in (("__nv_rsqrtf", 1 / np.sqrt(x.astype(np.float64))),
                          ("__nv_sqrtf", np.sqrt(x.astype(np.float64)))):
        got = libdevice.compute(symbol, symbol, [x])
        d = _ulps(got.view(np.int32), exact.astype(np.float32).view(np.int32))
        assert d.max() <= 1 and 0.15 < (d == 1).mean() < 0.35, symbol
    t = rng.uniform(-125, 127, 20000).astype(np.float32)
    got = libdevice.compute("__nv_exp2f", "exp2", [t])
    d = _ulps(got.view(np.int32), np.exp2(t.astype(np.float64)).astype(np.float32).view(np.int32))
    assert d.max() <= 1 and 0.15 < (d == 1).mean() < 0.35


# -- the order of fp32 sums and of "ieee" dots ----------------------------------------------------------------------

def _fma_chain(a: np.ndarray, b: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """acc = fma(a[:, k], b[k, :], acc) for k in order, each fma rounded once to fp32 (exactly, by fractions)."""
    from fractions import Fraction

    out = acc.astype(np.float32).copy()
    for k in range(a.shape[1]):
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                exact = Fraction(float(a[i, k])) * Fraction(float(b[k, j])) + Fraction(float(out[i, j]))
                out[i, j] = np.float32(float(exact))  # fp64 of the exact value, then fp32: exact here (short sums)
    return out


def test_an_ieee_fp32_dot_is_an_fma_chain_from_the_accumulator_and_a_sum_a_tree():
    """Ones dotted onto 2**24 stay 2**24 (each product lost in its fma); a dot of small values equals the fma
    chain's; 2**24 and 127 ones summed in the compiled tree lose only the few ones added onto 2**24 (NumPy's
    pairwise sum lost 15)."""
    got = run("fixed")["sum_and_dot"]
    assert got[1] == 0.0
    a = (np.ones((16, 16)) + np.arange(16)[None, :] * np.float32(0.1)).astype(np.float32)
    want = _fma_chain(a, a, np.zeros((16, 16), np.float32))
    assert np.array_equal(np.array(got[2:], dtype=np.float32).reshape(16, 16), want)
    assert 120.0 <= got[0] <= 127.0, got[0]


def test_without_the_fix_the_dot_added_the_accumulator_after_the_matmul_and_numpy_ordered_the_sum():
    got = run("unfixed")["sum_and_dot"]
    assert got[1] == 16.0 and got[0] == 112.0


def test_a_float_cumsum_scans_in_the_tree_order_not_one_element_at_a_time():
    """2**24 then ones: one element at a time, every one is lost (the running sum stays 2**24); in the compiled
    order, each thread's own ones add up first, and are kept. A reverse scan is the forward one, flipped."""
    got = np.array(run("fixed")["scans"][:128], dtype=np.float32)
    assert got[-1] > 100, got[-1]  # NumPy's running sum: 0
    rev = np.array(run("fixed")["scans"][128:], dtype=np.float32)
    assert rev[0] - 16777216.0 > 100
    unfixed = np.array(run("unfixed")["scans"][:128], dtype=np.float32)
    assert unfixed[-1] == 0.0
