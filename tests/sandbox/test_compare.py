import pytest
import torch

from kernelpilot.sandbox.compare import Match, Mismatch, compare, fingerprint
from kernelpilot.tasks.loader import DEFAULT_TOLERANCE

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
