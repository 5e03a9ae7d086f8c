"""Feedback a model can act on: a failing candidate's own lines and frames, and a short diagnosis of a correct one.

The next prompt does not hold the failing candidate, so an error is shown with the candidate's lines around it;
a traceback keeps only the candidate's frames and the final error (the harness's and the libraries' frames say
nothing the model can change). A correct candidate gets: memory- or compute-bound (the task's flops/bytes
against the target's ridge point), % of the roofline where a GPU timed it, and per kernel the registers, spills
and shared memory ptxas reported with the occupancy they allow on the target GPU (figures from the compile for
the target, so they exist on a machine without a GPU), then the one limiter that matters most.
"""

from __future__ import annotations

import math
import re
from typing import Optional

CANDIDATE_FILE = "candidate.py"
_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+), in (\S+)')
_LINE_REFS = (re.compile(r"^line (\d+)\b"), re.compile(r"\bat line (\d+)\b"), re.compile(r"\bcandidate\.py:(\d+)\b"))
_WARNING = re.compile(r"^\S+\.py:\d+: (\w+Warning: .*)$")


def candidate_traceback(text: str) -> tuple[str, list[tuple[int, str, str]], str]:
    """(text before the traceback, the candidate's frames as (line, function, code), the final error line)."""
    lines = text.splitlines()
    start = next((i for i, x in enumerate(lines) if x.startswith("Traceback (most recent call last)")
                  or _FRAME.match(x)), None)
    if start is None:
        return text.strip(), [], ""
    head = "\n".join(lines[:start]).strip()
    frames, final = [], ""
    for i in range(start, len(lines)):
        m = _FRAME.match(lines[i])
        if m and m.group(1).endswith(CANDIDATE_FILE):
            code = lines[i + 1].strip() if i + 1 < len(lines) and not _FRAME.match(lines[i + 1]) else ""
            frames.append((int(m.group(2)), m.group(3), code))
    tail = [x for x in lines[start:] if x.strip() and not x.startswith(" ") and not x.startswith("Traceback")]
    if tail:
        final = tail[-1].strip()
        final = re.sub(r"^triton\.runtime\.errors\.", "", final)
    return head, frames, final


def error_lines(text: str) -> list[int]:
    """Lines of the candidate an error points at: its traceback frames, "line N: ..." of a static check."""
    _, frames, _ = candidate_traceback(text)
    found = [n for n, _, _ in frames]
    first = text.strip().splitlines()[0] if text.strip() else ""
    for pattern in _LINE_REFS:
        found += [int(m) for m in pattern.findall(first)]
    seen: list[int] = []
    for n in found:
        if n not in seen:
            seen.append(n)
    return seen


def quote(source: Optional[str], line: int, context: int = 3) -> str:
    """The candidate's lines around `line`, numbered, the line itself marked."""
    if not source:
        return ""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    lo, hi = max(1, line - context), min(len(lines), line + context)
    return "\n".join(f"{'>>' if n == line else '  '} {n:4d} | {lines[n - 1]}" for n in range(lo, hi + 1))


def digest_error(reason: str, log_tail: str, source: Optional[str]) -> tuple[str, str]:
    """(the error, the candidate's quoted lines). The error is the reason without foreign traceback frames, the
    candidate's frames, the final error, and the distinct warnings of the log (library paths dropped)."""
    head, frames, final = candidate_traceback(reason)
    parts = [head] if head else []
    if frames:
        parts.append("In your code:\n" + "\n".join(f"  line {n}, in {fn}: {code}" for n, fn, code in frames))
    if final and final not in head:
        parts.append(final)
    warnings: list[str] = []
    printed: list[str] = []
    log = (log_tail or "").splitlines()
    for i, x in enumerate(log):
        m = _WARNING.match(x.strip())
        if m:
            if m.group(1) not in warnings and "TRITON_DEFAULT_FP_FUSION" not in m.group(1):
                warnings.append(m.group(1))
        elif x.strip() and not (i and _WARNING.match(log[i - 1].strip())):  # not the source line under a warning
            printed.append(x.rstrip())
    if warnings:
        parts.append("Warnings while it ran: " + "; ".join(warnings[:4]))
    if printed:
        parts.append("Its output (last lines):\n" + "\n".join(printed[-10:]))
    text = "\n".join(parts).strip()
    lines = error_lines(reason)
    quoted = [quote(source, n) for n in lines[-2:]]  # the innermost frames: where it failed and what called it
    return text, "\n...\n".join(q for q in quoted if q)


# -- the diagnosis of a correct candidate -------------------------------------------------------------------

# Per SM: (max resident warps, max resident blocks, shared memory bytes) by compute capability; 64K registers
SM_LIMITS = {70: (64, 32, 98304), 75: (32, 16, 65536), 80: (64, 32, 167936), 86: (48, 16, 102400),
             87: (48, 16, 167936), 89: (48, 24, 102400), 90: (64, 32, 233472), 100: (64, 32, 233472),
             120: (48, 32, 102400)}
REGISTERS_PER_SM = 65536
NAME_BY_CC = {70: "V100", 75: "T4", 80: "A100", 86: "A10", 89: "L40S", 90: "H100", 100: "B200"}


def target_cc(target: Optional[dict]) -> int:
    if target and target.get("cc"):
        major, _, minor = str(target["cc"]).partition(".")
        return int(major) * 10 + int(minor or 0)
    m = re.match(r"sm_(\d+)", (target or {}).get("arch", "") or "")
    return int(m.group(1)) if m else 90


def target_name(target: Optional[dict]) -> str:
    if target and target.get("name"):
        return target["name"]
    return NAME_BY_CC.get(target_cc(target), "H100")


def peaks(target: Optional[dict]) -> Optional[tuple[float, float]]:
    """Peak DRAM bytes/s and fp32 FLOP/s of the target (the GPU a compute capability most often means), from
    the harness's one table (sandbox/bench.py)."""
    from ...sandbox.gpus import gpu_peaks

    found = gpu_peaks(target_name(target))
    return found[:2] if found else None


def occupancy(cc: int, registers: int, smem_bytes: int, num_warps: int) -> tuple[float, str]:
    """(fraction of the SM's warps a kernel can keep resident, what limits it)."""
    max_warps, max_blocks, smem_sm = SM_LIMITS.get(cc, SM_LIMITS[90])
    per_warp = math.ceil(max(registers, 1) * 32 / 256) * 256  # registers are allocated per warp in units of 256
    limits = {"warps": max_warps // num_warps, "blocks": max_blocks,
              "registers": REGISTERS_PER_SM // (per_warp * num_warps)}
    if smem_bytes:
        limits["shared memory"] = smem_sm // (smem_bytes + (1024 if cc >= 80 else 0))
    blocks = min(limits.values())
    limiter = min(limits, key=lambda k: limits[k])
    return min(1.0, blocks * num_warps / max_warps), limiter


def kernel_figures(kernels: dict[str, dict]) -> list[tuple[str, dict]]:
    """One row per kernel: of its specialisations (sizes), the one with the most registers (the real size's)."""
    worst: dict[str, dict] = {}
    for key, k in kernels.items():
        name = key.split(" @ ")[0].split("#")[0]
        if name not in worst or k.get("registers", 0) > worst[name].get("registers", 0):
            worst[name] = k
    return sorted(worst.items())[:4]


def diagnose(result, counts: Optional[tuple[float, float]], target: Optional[dict], kind: str = "") -> list[str]:
    """A few lines on a correct candidate: bound, roofline, per-kernel resources and occupancy, the limiter."""
    out: list[str] = []
    gpu, cc = target_name(target), target_cc(target)
    bound = None
    pk = peaks(target)
    if counts and counts[1] and pk:
        ai, ridge = counts[0] / counts[1], pk[1] / pk[0]
        tensor = kind == "matmul/attention"
        bound = "compute" if ai > ridge else "memory"
        out.append(f"Bound: {bound} ({ai:.3g} flop/byte against {gpu}'s fp32 ridge point of {ridge:.0f}"
                   f"{'; tensor cores move the ridge far higher' if tensor and bound == 'compute' else ''}).")
    t = result.timing
    frac = t.roofline_fraction if t is not None and t.method == "cuda_events" else None
    if frac is not None:
        out.append(f"Roofline: {100 * frac:.0f}% of the bound ({t.roofline_ms:.4g} ms at this size).")
    spills, low = 0, None
    rows = kernel_figures(result.build.kernels) if result.build and result.build.kernels else []
    for name, k in rows:
        regs, spill, smem = k.get("registers"), k.get("spill_bytes", 0), k.get("smem_bytes", 0)
        warps = k.get("num_warps")
        desc = f"{name}: {regs if regs is not None else '?'} registers, {spill} spill bytes, {smem} B shared memory"
        if regs and warps:
            occ, lim = occupancy(cc, regs, smem, warps)
            desc += f", {warps} warps -> {100 * occ:.0f}% occupancy on sm_{cc} (limited by {lim})"
            if low is None or occ < low[0]:
                low = (occ, lim, name)
        elif regs:
            threads = REGISTERS_PER_SM // (math.ceil(regs * 32 / 256) * 256) * 32
            desc += f" -> at most {threads} resident threads per SM by registers"
        out.append(desc + ".")
        spills += spill or 0
    out.append("Limiter: " + limiter(bound, frac, spills, low) + ".")
    return out


def limiter(bound: Optional[str], frac: Optional[float], spills: int, low) -> str:
    if spills:
        return (f"register spills ({spills} bytes go through local memory): smaller tiles or fewer values live per "
                "thread")
    if frac is not None and frac >= 0.8:
        return "close to the roofline: only moving fewer bytes (or fewer flops) can gain much more"
    if low is not None and low[0] < 0.25 and bound != "compute":
        return (f"occupancy of {low[2]} ({100 * low[0]:.0f}%, limited by {low[1]}): too few warps in flight to hide "
                "memory latency")
    if bound == "memory":
        return "memory bandwidth: read and write each byte once, with wide coalesced accesses"
    if bound == "compute":
        return "arithmetic throughput: tensor cores (tl.dot) and data reuse on chip"
    return "unknown without the task's flops and bytes: time the kernel at the real size"
