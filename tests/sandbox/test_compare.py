import pytest
import torch

from kernelpilot.sandbox.compare import Match, Mismatch, compare, fingerprint
from kernelpilot.tasks.loader import DEFAULT_TOLERANCE, QUANTISED

TOL = DEFAULT_TOLERANCE["float32"]


def test_zeros_fail_for_tiny_outputs():
    ref = torch.randn(1000) * 1e-6  # every element is far below atol
    res = compare(torch.zeros_like(ref), ref, TOL)
    assert isinstance(res, Mismatch) and "relative L2" in res.reason


def test_nan_never_passes():
    ref = torch.randn(10)
    out = ref.clone()
    out[3] = float("nan")
    assert isinstance(compare(out, ref, TOL), Mismatch)


@pytest.mark.parametrize("got", [1e30, 0.0, float("-inf"), float("nan")])
def test_an_infinite_reference_is_matched_exactly(got):
    ref = torch.randn(10)
    ref[4] = float("inf")
    out = ref.clone()
    out[4] = got  # inf - x is inf and inf > rtol * inf is False: only an exact match may pass
    assert isinstance(compare(out, ref, TOL), Mismatch)
    assert isinstance(compare(ref.clone(), ref, TOL), Match)


def test_shape_dtype_and_ints():
    ref = torch.randn(4, 4)
    assert "shape" in compare(ref.reshape(16), ref, TOL).reason
    assert "dtype" in compare(ref.half(), ref, TOL).reason
    a = torch.arange(5)
    assert isinstance(compare(a, a.clone(), {"atol": 0, "rtol": 0, "rel_l2": 0}), Match)
    b = a.clone()
    b[2] = 7
    assert isinstance(compare(b, a, {"atol": 0, "rtol": 0, "rel_l2": 0}), Mismatch)


def test_close_enough_passes():
    ref = torch.randn(100)
    assert isinstance(compare(ref + 1e-7, ref, TOL), Match)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16, torch.float64, torch.int8,
                                   torch.uint8, torch.int32, torch.int64, torch.bool, torch.complex64])
def test_fingerprint_sees_any_one_changed_element(dtype):
    a = (torch.randn(300) * 10).to(dtype)
    salt = 987654321
    assert fingerprint(a, salt) == fingerprint(a.clone(), salt)
    for i in (0, 150, 299):  # first, middle, last
        b = a.clone()
        b[i] = ~b[i] if dtype == torch.bool else (b[i] + 1 if not dtype.is_complex else b[i] + 1j)
        assert fingerprint(b, salt) != fingerprint(a, salt), i


def test_fingerprint_is_bit_level_and_salted():
    z = torch.zeros(8)
    neg = z.clone()
    neg[3] = -0.0  # equal as numbers, a different bit pattern: a write into the input
    assert fingerprint(z, 1) != fingerprint(neg, 1)
    nan = torch.full((4,), float("nan"))
    assert fingerprint(nan, 1) == fingerprint(nan.clone(), 1)
    a = torch.randn(64)
    swapped = a.clone()
    swapped[[1, 2]] = a[[2, 1]]
    assert fingerprint(swapped, 5) != fingerprint(a, 5)  # a permutation is a change
    assert fingerprint(a, 5) != fingerprint(a, 6)
    assert fingerprint(torch.zeros(3), 5) != fingerprint(torch.zeros(4), 5)  # the length counts


def test_fingerprint_crosses_chunks(monkeypatch):
    import kernelpilot.sandbox.compare as cmp

    monkeypatch.setattr(cmp, "CHUNK", 16)
    a = torch.randn(100)
    for i in (5, 37, 99):  # in the first, a middle and the last (partial) chunk
        b = a.clone()
        b[i] = 0.5
        assert fingerprint(b, 3) != fingerprint(a, 3)
    b = a.clone()
    b[1], b[17] = a[17], a[1]  # the same position in two chunks: chunks are weighted apart
    assert fingerprint(b, 3) != fingerprint(a, 3)


PLAIN_TASK = ("import torch\nimport torch.nn as nn\n{extra}\nclass Model(nn.Module):\n    def forward(self, x):\n"
              "        return x\ndef get_inputs():\n    return [torch.randn(4)]\ndef get_init_inputs():\n    return []\n")


def test_default_atol_counts_in_units_of_a_large_output_scale(tmp_path):
    """A long fp32 sum that ends near zero carries the rounding of its partial sums: with the default tolerance
    the atol is at least the relative L2 bound times the output's RMS; a task's own atol is meant as written."""
    from kernelpilot.tasks.loader import load_task

    (tmp_path / "plain.py").write_text(PLAIN_TASK.format(extra=""))
    default = load_task(str(tmp_path / "plain.py")).tolerance("float32")
    assert default["atol_scaled"] == 1.0
    gen = torch.Generator().manual_seed(0)
    ref = torch.randn(64, 4096, dtype=torch.float64, generator=gen).cumsum(1).float()  # RMS about 45
    out = ref.clone()
    near_zero = int(ref.abs().argmin())  # where rtol allows nothing
    scaled_atol = default["rel_l2"] * float(ref.double().pow(2).mean().sqrt())
    bump = 0.5 * scaled_atol  # about the rounding an fp32 scan makes there, and above the task's plain atol
    assert bump > default["atol"]
    out.view(-1)[near_zero] += bump
    assert isinstance(compare(out, ref, default), Match)
    unscaled = {k: v for k, v in default.items() if k != "atol_scaled"}
    res = compare(out, ref, unscaled)
    assert isinstance(res, Mismatch) and "RMS" not in res.reason
    out.view(-1)[near_zero] += 0.5  # a real error stays one
    res = compare(out, ref, default)
    assert isinstance(res, Mismatch) and "times the output's RMS" in res.reason
    small = torch.randn(1000) * 0.1  # an output of scale below 1: atol as written
    bumped = small.clone()
    bumped[0] += 5e-4
    assert isinstance(compare(bumped, small, default), Mismatch)


def test_a_task_that_sets_atol_is_not_scaled(tmp_path):
    from kernelpilot.tasks.loader import load_task

    f = tmp_path / "tol.py"
    f.write_text(PLAIN_TASK.format(extra="TOLERANCE = {'float32': {'atol': 1e-3}}"))
    task = load_task(str(f))
    assert "atol_scaled" not in task.tolerance("float32") and task.tolerance("float32")["atol"] == 1e-3
    assert task.tolerance("float16")["atol_scaled"] == 1.0
    assert "atol_scaled" not in task.tolerance("int64")


# -- quantised outputs: exact but for rounding flips ---------------------------------------------------------

def _fp8(t: torch.Tensor) -> torch.Tensor:
    return t.to(torch.float8_e4m3fn)


def _stepped(ref: torch.Tensor, idx: slice, by: int) -> torch.Tensor:
    bits = ref.view(torch.uint8).clone()
    bits[idx] += by
    return bits.view(ref.dtype)


def test_fp8_outputs_allow_a_few_one_step_rounding_flips():
    """`x / scale` rounded to fp8: an ulp of difference in the quotient (div.full.f32 on the GPU against torch's
    correctly rounded division) moves a value on a midpoint of the grid to the neighbouring fp8 value."""
    tol = QUANTISED["float8_e4m3fn"]
    ref = _fp8(torch.randn(10000) * 50)
    ref = torch.where(ref.float().abs() < 400, ref.float(), 1.0).to(torch.float8_e4m3fn)  # +1 never reaches NaN
    assert isinstance(compare(ref.clone(), ref, tol), Match)
    assert isinstance(compare(_stepped(ref, slice(0, 40), 1), ref, tol), Match)  # 0.4%: flips
    many = compare(_stepped(ref, slice(0, 60), 1), ref, tol)  # 0.6%: a rounding of its own
    assert isinstance(many, Mismatch) and "rounding flips" in many.reason
    far = compare(_stepped(ref, slice(0, 1), 2), ref, tol)  # two steps: no flip
    assert isinstance(far, Mismatch) and "more than one step" in far.reason
    i = int((ref.float() != 0).nonzero()[0])
    sign = ref.view(torch.uint8).clone()
    sign[i] ^= 0x80  # the other sign: no flip, however close in bits
    assert isinstance(compare(sign.view(torch.float8_e4m3fn), ref, tol), Mismatch)
    nan = ref.view(torch.uint8).clone()
    nan[7] = 0x7F  # e4m3fn's NaN
    assert isinstance(compare(nan.view(torch.float8_e4m3fn), ref, tol), Mismatch)


def test_int8_outputs_allow_off_by_one_flips_only():
    tol = QUANTISED["int8"]
    ref = torch.randint(-120, 120, (10000,), dtype=torch.int8)
    flipped = ref.clone()
    flipped[:30] += 1
    assert isinstance(compare(flipped, ref, tol), Match)
    off = ref.clone()
    off[0] += 2
    assert isinstance(compare(off, ref, tol), Mismatch)
    truncated = ref.clone()
    truncated[:100] -= 1  # 1%: more than rounding flips explain
    assert isinstance(compare(truncated, ref, tol), Mismatch)


def test_wider_integers_stay_exact(tmp_path):
    from kernelpilot.tasks.loader import load_task

    task = load_task("softmax")
    assert not any("flips" in task.tolerance(d) for d in ("int64", "int32", "int16", "uint8", "bool"))
    assert task.tolerance("int8")["flips"] == task.tolerance("float8_e4m3fn")["flips"] > 0
    out = torch.arange(10)
    out[3] += 1
    assert isinstance(compare(out, torch.arange(10), task.tolerance("int64")), Mismatch)


def test_a_task_makes_its_int8_output_exact_with_no_flips(tmp_path):
    from kernelpilot.tasks.loader import load_task

    f = tmp_path / "signs.py"
    f.write_text(PLAIN_TASK.format(extra="TOLERANCE = {'int8': {'flips': 0}}"))
    tol = load_task(str(f)).tolerance("int8")
    ref = torch.randint(-1, 2, (1000,), dtype=torch.int8)
    out = ref.clone()
    out[0] = 1 if ref[0] != 1 else 0  # one sign off by one
    assert isinstance(compare(out, ref, tol), Mismatch)


def test_a_complex_output_is_compared_in_both_parts():
    """A cast of a complex tensor to float64 keeps its real part: both parts are compared, a conjugated or
    zeroed imaginary part is a mismatch, and a result within tolerance in both parts matches."""
    ref = torch.complex(torch.randn(500), torch.randn(500))
    assert isinstance(compare(ref + 1e-7, ref, TOL), Match)
    for wrong in (ref.conj().resolve_conj(), torch.complex(ref.real, torch.zeros(500))):
        res = compare(wrong, ref, TOL)
        assert isinstance(res, Mismatch) and "imaginary" in res.reason, res
    assert isinstance(compare(ref.conj(), ref.conj().resolve_conj(), TOL), Match)  # a lazy conjugate is its value


def test_below_the_given_sizes_errors_are_measured_against_the_outputs_usual_scale():
    # outputs far below the fp32 atol, all of them 135% off: only the relative L2 bound can see it. Over a few
    # elements the judge measures it against the output's RMS at the task's sizes (l2_floor), with slack
    ref = torch.rand(21) * 2e-6 + 1e-6
    wrong = ref * 2.35
    below = {**TOL, "l2_bound": 4 * TOL["rel_l2"], "l2_floor": 1.5e-6}
    res = compare(wrong, ref, below)
    assert isinstance(res, Mismatch) and "relative L2" in res.reason and "RMS at the task's own sizes" in res.reason
    # the same floor keeps a rounding-sized error on a value near zero from counting as a large share of it
    near_zero = torch.tensor([1e-3, -2e-3, 5e-4])
    off = near_zero + 1e-7
    assert isinstance(compare(off, near_zero, {**TOL, "l2_bound": 4 * TOL["rel_l2"], "l2_floor": 0.5}), Match)
    assert isinstance(compare(off, near_zero, TOL), Mismatch)  # against its own norm it would be 1e-4 off
