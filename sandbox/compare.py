"""Output comparison: dtype-aware elementwise tolerance AND a relative error norm, NaN never passes;
quantised outputs (fp8, int8) exactly but for rounding flips of one step of their grid on a few elements.

The work is done in float64 over chunks of the flattened tensors, on the reference's device: a real-size
output is gigabytes, and float64 temporaries of the whole of it (several of them) exhausted the host's
memory when evaluations ran side by side on a GPU machine."""

from __future__ import annotations

from dataclasses import dataclass

import torch

CHUNK = 1 << 24  # elements per step: 128 MiB per float64 temporary


@dataclass
class Mismatch:
    reason: str
    max_abs_err: float = float("inf")
    rel_l2_err: float = float("inf")


@dataclass
class Match:
    max_abs_err: float
    rel_l2_err: float
    ref_rms: float | None = None  # the RMS of the reference's finite elements, where the comparison summed them


def _describe_diff(out: torch.Tensor, ref: torch.Tensor, flat_bad: list[int], n_bad: int) -> str:
    samples = []
    for i in flat_bad[:3]:
        idx = tuple(int(x) for x in torch.unravel_index(torch.tensor(i), ref.shape)) if ref.dim() else ()
        got, expected = _distinct(out[idx].item(), ref[idx].item())
        samples.append(f"at {idx} got {got} expected {expected}")
    return f"{n_bad} of {ref.numel()} elements out of tolerance ({', '.join(samples)})"


def _distinct(a: float, b: float) -> tuple[str, str]:
    """Both values with the fewest digits (6 at least) that tell them apart: "got 0.507302 expected
    0.507302" hides an fp32-sized error in an fp64 result from the person (or model) reading it."""
    for digits in (6, 9, 12, 17):
        sa, sb = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if sa != sb:
            break
    return sa, sb


def _chunks(out: torch.Tensor, ref: torch.Tensor):
    o, r = out.reshape(-1), ref.reshape(-1)
    for start in range(0, r.numel(), CHUNK):
        yield start, o[start:start + CHUNK], r[start:start + CHUNK]


def compare(out: torch.Tensor, ref: torch.Tensor, tol: dict[str, float], what: str = "output") -> Match | Mismatch:
    if out.shape != ref.shape:
        return Mismatch(f"{what} has shape {tuple(out.shape)}, expected {tuple(ref.shape)}")
    if out.dtype != ref.dtype:
        return Mismatch(f"{what} has dtype {out.dtype}, expected {ref.dtype}")
    if out.numel() == 0:
        return Match(0.0, 0.0)
    out = out.to(ref.device)
    if ref.is_complex():  # both parts compared, as pairs of reals (a cast to float64 would keep the real part only)
        return compare(torch.view_as_real(out.resolve_conj()), torch.view_as_real(ref.resolve_conj()), tol,
                       f"{what} (real and imaginary parts as a last dimension of 2)")
    flips = tol.get("flips", 0.0)
    if flips:
        return _quantised(out, ref, tol, what)
    if not ref.is_floating_point():
        n_bad = 0
        first: list[int] = []
        for start, o, r in _chunks(out, ref):
            bad = o != r
            n = int(bad.sum())
            if n and len(first) < 3:
                first += (bad.nonzero().reshape(-1)[:3] + start).tolist()
            n_bad += n
        if n_bad:
            return Mismatch(f"{what}: {_describe_diff(out, ref, first, n_bad)} (integer outputs must match exactly)",
                            1.0, 1.0)
        return Match(0.0, 0.0)
    zero = torch.zeros((), dtype=torch.float64, device=ref.device)
    atol, ref_rms = tol["atol"], 0.0
    if tol.get("atol_scaled"):  # a default atol grows to the relative L2 bound times the output's RMS (tasks/loader.py)
        ref_rms = rms(ref)
        atol = max(atol, tol["rel_l2"] * ref_rms)
    max_abs, diff_sq, ref_sq, n_bad, n_fin, first = 0.0, 0.0, 0.0, 0, 0, []
    for start, o, r in _chunks(out, ref):
        o, r = o.double(), r.double()
        out_nan, ref_nan = torch.isnan(o), torch.isnan(r)
        if (out_nan & ~ref_nan).any():
            n = int((out_nan & ~ref_nan).sum())  # counted in this chunk: the first one found is what matters
            return Mismatch(f"{what} contains NaN values where the reference has numbers ({n} in elements "
                            f"{start}..{start + r.numel() - 1} of the flattened output; an uninitialised output, "
                            "an out-of-bounds read of a guard band, or a numerical bug)")
        if (~out_nan & ref_nan).any():
            return Mismatch(f"{what} has numbers where the reference has NaN")
        ref_inf = torch.isinf(r)
        if (ref_inf & (o != r)).any():  # inf - inf is NaN and inf > rtol * inf is False: no tolerance applies
            n = int((ref_inf & (o != r)).sum())
            return Mismatch(f"{what} differs where the reference is infinite ({n} elements in "
                            f"{start}..{start + r.numel() - 1} of the flattened output: a finite value or the "
                            "other sign; an infinity must be matched exactly)")
        finite = ~ref_nan & ~ref_inf
        if (torch.isinf(o) & finite).any():
            return Mismatch(f"{what} contains inf where the reference is finite")
        diff = (o - r).abs().where(finite, zero)
        r_fin = r.where(finite, zero)
        bad = diff > atol + tol["rtol"] * r_fin.abs()
        n = int(bad.sum())
        if n and len(first) < 3:
            first += (bad.nonzero().reshape(-1)[:3] + start).tolist()
        n_bad += n
        max_abs = max(max_abs, float(diff.max()))
        diff_sq += float((diff * diff).sum())
        ref_sq += float((r_fin * r_fin).sum())
        n_fin += int(finite.sum())
    diff_norm, ref_norm = diff_sq ** 0.5, ref_sq ** 0.5
    ref_rms = (ref_sq / n_fin) ** 0.5 if n_fin else 0.0  # what rms(ref) gives, without a second pass
    # `l2_floor` (the judge's, over a handful of elements): the output's RMS at the task's own sizes, the scale
    # its errors are measured against where a few elements near zero would make any rounding a large share
    ref_norm = max(ref_norm, tol.get("l2_floor", 0.0) * n_fin ** 0.5)
    rel = diff_norm / ref_norm if ref_norm > 0 else (0.0 if diff_norm == 0 else float("inf"))
    if n_bad:
        atol_text = (f"atol {atol:.3g}: the relative L2 bound {tol['rel_l2']:g} times the output's RMS {ref_rms:.3g}"
                     if atol > tol["atol"] else f"atol {tol['atol']:g}")
        return Mismatch(f"{what}: {_describe_diff(out, ref, first, n_bad)}; max abs error {max_abs:.3g} "
                        f"({atol_text}, rtol {tol['rtol']:g})", max_abs, rel)
    # `l2_bound` (the judge's, over a handful of elements) replaces the bound on the whole, never the scaled atol
    bound = tol.get("l2_bound", tol["rel_l2"])
    if rel > bound:
        scale = (f" (measured against the output's RMS at the task's own sizes, {tol['l2_floor']:.3g})"
                 if "l2_floor" in tol else "")
        return Mismatch(f"{what}: relative L2 error {rel:.3g} exceeds {bound:g}{scale} although every element is "
                        "within atol/rtol (typical of all-zero or constant outputs for a small-valued result)",
                        max_abs, rel)
    return Match(max_abs, rel, ref_rms)


def _steps(o: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
    """How many steps of the output's grid apart each pair is: the difference of the values for integers, of
    the bit patterns for an 8-bit float of one sign (consecutive patterns are adjacent values), and 2 (more than
    a flip) across signs, unless both are zeros."""
    if not r.is_floating_point():
        return (o.long() - r.long()).abs()
    ob, rb = o.view(torch.uint8).long(), r.view(torch.uint8).long()
    same_sign = (ob >> 7) == (rb >> 7)
    steps = (ob - rb).abs()
    both_zero = (o.float() == 0) & (r.float() == 0)
    return torch.where(both_zero, torch.zeros_like(steps), torch.where(same_sign, steps, torch.full_like(steps, 2)))


def _quantised(out: torch.Tensor, ref: torch.Tensor, tol: dict[str, float], what: str) -> Match | Mismatch:
    """An fp8 or int8 output (tasks/loader.py QUANTISED): equal but for rounding flips, one step of the grid,
    on at most tol["flips"] of the elements; NaN where the reference has NaN only."""
    n_far, n_flip = 0, 0
    first_far: list[int] = []
    first_flip: list[int] = []
    max_abs, diff_sq, ref_sq = 0.0, 0.0, 0.0
    for start, o, r in _chunks(out, ref):
        if r.is_floating_point():
            o_nan, r_nan = torch.isnan(o.float()), torch.isnan(r.float())
            if (o_nan != r_nan).any():
                return Mismatch(f"{what} has NaN values where the reference has numbers, or numbers where it has "
                                "NaN (an uninitialised output, a value out of the format's range, or a numerical bug)")
            equal = (o.float() == r.float()) | (o_nan & r_nan)
        else:
            equal = o == r
        steps = torch.where(equal, torch.zeros((), dtype=torch.long, device=o.device), _steps(o, r))
        far, flip = steps > 1, steps == 1
        for mask, first in ((far, first_far), (flip, first_flip)):
            if len(first) < 3 and mask.any():
                first += (mask.nonzero().reshape(-1)[:3] + start).tolist()
        n_far += int(far.sum())
        n_flip += int(flip.sum())
        od, rd = o.double(), r.double()
        fin = torch.isfinite(rd) & torch.isfinite(od)
        d = (od - rd).abs().where(fin, torch.zeros((), dtype=torch.float64, device=o.device))
        max_abs = max(max_abs, float(d.max()))
        diff_sq += float((d * d).sum())
        ref_sq += float((rd.where(fin, torch.zeros((), dtype=torch.float64, device=o.device)) ** 2).sum())
    rel = diff_sq ** 0.5 / ref_sq ** 0.5 if ref_sq > 0 else (0.0 if diff_sq == 0 else float("inf"))
    if n_far:
        return Mismatch(f"{what}: {_describe_diff(out, ref, first_far, n_far)}: more than one step of the "
                        f"{str(ref.dtype).removeprefix('torch.')} grid off (a rounding flip is one step)", max_abs, rel)
    allowed = int(tol["flips"] * ref.numel())
    if n_flip > allowed:
        return Mismatch(f"{what}: {_describe_diff(out, ref, first_flip, n_flip)}, each one step of the "
                        f"{str(ref.dtype).removeprefix('torch.')} grid off: more than the {tol['flips']:.1%} of "
                        "elements that rounding flips at the grid's midpoints explain (a rounding of its own: "
                        "truncation, another rounding mode, a scale computed otherwise)", max_abs, rel)
    return Match(max_abs, rel)


def rms(ref: torch.Tensor) -> float:
    """The root mean square of the finite elements of `ref` (0 where none is)."""
    total, count = 0.0, 0
    for _, _, r in _chunks(ref, ref):
        r = r.double()
        fin = torch.isfinite(r)
        total += float((r.where(fin, torch.zeros((), dtype=torch.float64, device=r.device)) ** 2).sum())
        count += int(fin.sum())
    return (total / count) ** 0.5 if count else 0.0


_WORD = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}  # same-width integer view per dtype
_MIX = (0xBF58476D1CE4E5B9 - (1 << 64), 0x94D049BB133111EB - (1 << 64))  # splitmix64's odd multipliers, as int64
_MASK = (1 << 64) - 1


def fingerprint(t: torch.Tensor, salt: int, device: torch.device | str | None = None) -> int:
    """A salted, position-weighted sum of the tensor's raw words modulo 2**64, for checking that the candidate
    left its inputs alone without sending gigabytes of them back: the judge and the candidate compute it with
    the same salt (drawn by the judge for each run), the judge on its own copy of the inputs.

    Every weight is odd, so any single changed word changes the sum for certain (odd * nonzero difference is
    nonzero modulo 2**64); the weights come from a per-position hash of the salt, so several changes cancel
    with probability about 2**-64. Bit-level like a byte comparison: a NaN equals the same NaN, a -0.0 written
    over a 0.0 is a change. Integer arithmetic wraps identically on every device, and the work is done in
    chunks on `device` (the candidate's), so both sides get the same number."""
    flat = t.detach().reshape(-1)
    if flat.dtype.is_complex:
        flat = torch.view_as_real(flat).reshape(-1)
    if flat.element_size() < 8 and flat.numel() * flat.element_size() % 8 == 0:
        # fewer, wider words where the length allows (the choice depends on dtype and length only, so both
        # sides make the same one): half the work for float32
        try:
            words = flat.view(torch.int64)
        except RuntimeError:  # a view whose offset is not 8-byte aligned
            words = flat.clone().view(torch.int64)
    else:
        words = flat.view(_WORD[flat.element_size()])
    dev = torch.device(device) if device is not None else words.device
    n = words.numel()
    weights = _weights(min(n, CHUNK), salt, dev)  # one weight per position in a chunk; chunks get their own
    acc = n * _MIX[0] & _MASK  # the length counts too
    for k, start in enumerate(range(0, n, CHUNK)):
        w = words[start:start + CHUNK].to(dev, torch.int64)
        part = int((w * weights[:w.numel()]).sum())
        acc = (acc + part * (_mix(salt + k) | 1)) & _MASK  # odd times odd: every position's weight stays odd
    return acc


def _mix(z):
    """splitmix64's finaliser, on a Python int or an int64 tensor (arithmetic shifts; wraps the same way)."""
    if isinstance(z, int):
        z &= _MASK
        z = ((z ^ (z >> 30)) * (_MIX[0] & _MASK)) & _MASK
        z = ((z ^ (z >> 27)) * (_MIX[1] & _MASK)) & _MASK
        return z ^ (z >> 31)
    z = (z ^ (z >> 30)) * _MIX[0]
    z = (z ^ (z >> 27)) * _MIX[1]
    return z ^ (z >> 31)


def _weights(n: int, salt: int, device) -> torch.Tensor:
    return _mix(torch.arange(n, device=device, dtype=torch.int64) + (salt & ((1 << 62) - 1))) | 1
