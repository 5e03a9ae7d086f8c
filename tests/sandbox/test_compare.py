import torch

from kernelpilot.sandbox.compare import Match, Mismatch, compare, same_bits
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


def test_same_bits_nan_aware():
    a = torch.tensor([1.0, float("nan")])
    assert same_bits(a, a.clone())
    assert not same_bits(a, torch.tensor([1.0, 2.0]))
