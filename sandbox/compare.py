"""Output comparison: dtype-aware elementwise tolerance AND a relative error norm, NaN never passes."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class Mismatch:
    reason: str
    max_abs_err: float = float("inf")
    rel_l2_err: float = float("inf")


@dataclass
class Match:
    max_abs_err: float
    rel_l2_err: float


def _describe_diff(out: torch.Tensor, ref: torch.Tensor, bad: torch.Tensor) -> str:
    idx = bad.nonzero()[:3].tolist()
    samples = ", ".join(f"at {tuple(i)} got {out[tuple(i)].item():.6g} expected {ref[tuple(i)].item():.6g}" for i in idx)
    return f"{int(bad.sum())} of {bad.numel()} elements out of tolerance ({samples})"


def compare(out: torch.Tensor, ref: torch.Tensor, tol: dict[str, float], what: str = "output") -> Match | Mismatch:
    if out.shape != ref.shape:
        return Mismatch(f"{what} has shape {tuple(out.shape)}, expected {tuple(ref.shape)}")
    if out.dtype != ref.dtype:
        return Mismatch(f"{what} has dtype {out.dtype}, expected {ref.dtype}")
    if out.numel() == 0:
        return Match(0.0, 0.0)
    if not (ref.is_floating_point() or ref.is_complex()):
        bad = out != ref
        if bad.any():
            return Mismatch(f"{what}: {_describe_diff(out, ref, bad)} (integer outputs must match exactly)", 1.0, 1.0)
        return Match(0.0, 0.0)
    o, r = out.double(), ref.double()
    out_nan, ref_nan = torch.isnan(o), torch.isnan(r)
    if (out_nan & ~ref_nan).any():
        n = int((out_nan & ~ref_nan).sum())
        return Mismatch(f"{what} contains {n} NaN values where the reference has numbers "
                        "(uninitialised output, an out-of-bounds read of a guard band, or a numerical bug)")
    if (~out_nan & ref_nan).any():
        return Mismatch(f"{what} has numbers where the reference has NaN")
    both_inf = torch.isinf(r) & (o == r)
    finite = ~ref_nan & ~both_inf
    if (torch.isinf(o) & finite).any():
        return Mismatch(f"{what} contains inf where the reference is finite")
    diff = (o - r).abs().where(finite, torch.zeros((), dtype=torch.float64))
    allowed = tol["atol"] + tol["rtol"] * r.abs().where(finite, torch.zeros((), dtype=torch.float64))
    max_abs = float(diff.max())
    ref_norm = float(r.where(finite, torch.zeros((), dtype=torch.float64)).norm())
    rel = float(diff.norm()) / ref_norm if ref_norm > 0 else (0.0 if float(diff.norm()) == 0 else float("inf"))
    bad = diff > allowed
    if bad.any():
        return Mismatch(f"{what}: {_describe_diff(o, r, bad)}; max abs error {max_abs:.3g} "
                        f"(atol {tol['atol']:g}, rtol {tol['rtol']:g})", max_abs, rel)
    if rel > tol["rel_l2"]:
        return Mismatch(f"{what}: relative L2 error {rel:.3g} exceeds {tol['rel_l2']:g} although every element is "
                        "within atol/rtol (typical of all-zero or constant outputs for a small-valued result)",
                        max_abs, rel)
    return Match(max_abs, rel)


def same_bits(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Exact equality that treats NaN as equal to NaN (for checking that inputs were not modified)."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.is_floating_point():
        return bool(((a == b) | (torch.isnan(a) & torch.isnan(b))).all())
    return bool((a == b).all())
