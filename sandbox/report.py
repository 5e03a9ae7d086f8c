"""Human-readable rendering of an EvalResult (the CLI's default output)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .result import EvalResult

STYLE = {"pass": "bold green", "fail": "bold red", "unverified": "bold yellow"}


def render_result(r: EvalResult, console: Console | None = None) -> None:
    c = console or Console()
    c.print(f"[{STYLE[r.verdict]}]{r.verdict.upper()}[/] task [bold]{r.task}[/] · backend {r.backend} · "
            f"stage {r.stage} · {r.device} · {r.wall_s:.1f} s")
    c.print(f"[bold]reason:[/] {r.reason}", markup=True, highlight=False)
    if r.check and r.check != "pass":
        c.print(f"[dim]check: {r.check}[/]")
    if r.build and r.build.kernels:
        warps = any("num_warps" in k for k in r.build.kernels.values())  # Triton kernels compiled for a target
        t = Table("kernel", "registers", "spill bytes", "smem bytes", *(["warps"] if warps else []),
                  title=f"build ({r.build.compiler}, {r.build.compile_ms:.0f} ms)")
        for name, k in r.build.kernels.items():
            t.add_row(name, *(str(k.get(f, "?")) for f in ("registers", "spill_bytes", "smem_bytes")),
                      *([str(k.get("num_warps", "?"))] if warps else []))
        c.print(t)
    if r.build and r.backend == "triton" and r.build.log:
        c.print(f"[dim]build: {r.build.log}[/]", highlight=False)
    if r.correctness and r.correctness.shapes:
        t = Table("shape", "trials", "max abs err", "rel L2 err", title="correctness")
        for s in r.correctness.shapes:
            t.add_row(s.shape, str(s.trials), f"{s.max_abs_err:.3g}", f"{s.rel_l2_err:.3g}")
        c.print(t)
    if r.timing:
        tm = r.timing
        t = Table("", "median ms", "p25", "p75", "n", title=f"timing ({tm.method}, shape {tm.shape})")
        for name, st in (("candidate", tm.candidate), ("eager", tm.eager), ("torch.compile", tm.compiled)):
            if st:
                t.add_row(name, f"{st.median_ms:.4g}", f"{st.p25_ms:.4g}", f"{st.p75_ms:.4g}", str(st.n))
        c.print(t)
        if tm.speedup_eager is not None:
            line = f"speedup vs eager {tm.speedup_eager:.2f}x ({tm.speedup_eager_verdict})"
            if tm.speedup_compiled is not None:
                line += f", vs torch.compile {tm.speedup_compiled:.2f}x"
            if tm.roofline_fraction is not None:
                line += f", {100 * tm.roofline_fraction:.0f}% of roofline"
            c.print(line)
        for f in tm.flags:
            c.print(f"[yellow]note:[/] {f}", highlight=False)
    if r.isolation:
        c.print(f"[dim]isolation: {', '.join(r.isolation)}[/]")
    if r.seconds:
        c.print("[dim]judge time: " + ", ".join(f"{k} {v:.2f} s" for k, v in r.seconds.items() if v >= 0.01) + "[/]")
    if r.transfer:
        moved = r.transfer
        c.print(f"[dim]tensor bytes: {_size(moved.get('sent_bytes', 0))} to the candidate, "
                f"{_size(moved.get('received_bytes', 0))} back, through {moved.get('via', '?')}[/]")
    if r.verdict != "pass" and r.log_tail.strip():
        c.print("[dim]candidate output (tail):[/]")
        c.print(r.log_tail.strip()[-800:], markup=False, highlight=False)


def _size(n) -> str:
    n = int(n)
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} B"
