"""Human-readable rendering of an EvalResult (the CLI's default output), and the one helper that makes text from
a candidate safe to print.

Candidate text is data. The reason carries the candidate's exception message and traceback, the log tail is
whatever it printed, kernel names, the isolation list and the check name come back from its process. Printed as
rich markup, a message containing `[bold green]PASS[/]` drew a fake verdict and an unbalanced `[/]` crashed the
renderer; printed raw, an ANSI escape or a carriage return could repaint the verdict line. So every such string
goes through `untrusted()`: a `Text` (no markup is ever parsed from it) whose control characters are shown as
escapes. Markup in this module is only ever written here, around values that were made safe first.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .result import EvalResult

STYLE = {"pass": "bold green", "fail": "bold red", "unverified": "bold yellow"}

# C0 controls but tab and newline, DEL, C1 controls (a terminal takes \x9b as ESC [), and the bidirectional
# overrides and isolates that reorder what is shown ("Trojan Source")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\r": "\\r", "\x1b": "\\x1b", "\x00": "\\x00"}


def printable(text) -> str:
    """`text` with every control character written out as an escape (`\\x1b`, `\\r`, `\\u202e`); newlines and
    tabs kept. For plain-text output (typer.echo, log files); for a rich console use `untrusted`."""

    def show(m: re.Match) -> str:
        ch = m.group()
        return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _CONTROL.sub(show, str(text))


def untrusted(text, style: str = "") -> Text:
    """Candidate text for a rich console: never parsed as markup, control characters escaped. Print it in a
    column (`field`) or indented (`Padding`) where it may span lines, so that it cannot start a line of its own
    at the left edge (a forged verdict line)."""
    return Text(printable(text), style=style)


def line(*parts) -> Text:
    """A line from pieces: a plain `str` is this module's own text; a `(text, style)` pair is styled; a `Text`
    (from `untrusted`) is kept as it is."""
    out = Text()
    for p in parts:
        if isinstance(p, Text):
            out.append_text(p)
        elif isinstance(p, tuple):
            out.append(p[0], style=p[1])
        else:
            out.append(p)
    return out


def field(label: str, value: Text, label_style: str = "bold") -> Table:
    """`label` and a value in two columns: lines of the value that wrap stay in its column, so text from the
    candidate never starts a line of its own at the left edge, where the verdict is."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=label_style, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(label, value)
    return grid


def render_result(r: EvalResult, console: Console | None = None) -> None:
    c = console or Console(highlight=False)
    u = untrusted
    c.print(line((r.verdict.upper(), STYLE[r.verdict]), " task ", u(r.task, "bold"), f" · backend {r.backend} · "
                 f"stage {r.stage} · ", u(r.device), f" · {r.wall_s:.1f} s"))
    if r.static_checks == "off":
        c.print(field("static:", Text("off: only the sandbox confined this candidate; the verdict tests the sandbox, "
                                      "not the kernel", "bold yellow"), "bold yellow"))
    c.print(field("reason:", u(r.reason)))
    c.print(field("toolchain:", u(", ".join(f"{k} {v}" for k, v in r.toolchain.items()), "dim"), "dim"))
    if r.check and r.check != "pass":
        c.print(field("check:", u(r.check, "dim"), "dim"))
    if r.build and r.build.kernels:
        warps = any("num_warps" in k for k in r.build.kernels.values())  # Triton kernels compiled for a target
        t = Table("kernel", "registers", "spill bytes", "smem bytes", *(["warps"] if warps else []),
                  title=line("build (", u(r.build.compiler), f", {r.build.compile_ms:.0f} ms)"))
        for name, k in r.build.kernels.items():
            t.add_row(u(name), *(u(k.get(f, "?")) for f in ("registers", "spill_bytes", "smem_bytes")),
                      *([u(k.get("num_warps", "?"))] if warps else []))
        c.print(t)
    if r.build and r.backend == "triton" and r.build.log:
        c.print(field("build:", u(r.build.log, "dim"), "dim"))
    if r.correctness and r.correctness.shapes:
        families = any(len(s.input_cases) > 1 for s in r.correctness.shapes)
        t = Table("shape", "trials", *(["inputs"] if families else []), "max abs err", "rel L2 err",
                  title="correctness")
        for s in r.correctness.shapes:
            t.add_row(u(s.shape), str(s.trials), *([u(", ".join(s.input_cases))] if families else []),
                      f"{s.max_abs_err:.3g}", f"{s.rel_l2_err:.3g}")
        c.print(t)
    if r.timing:
        tm = r.timing
        t = Table("", "median ms", "p25", "p75", "n", title=line(f"timing ({tm.method}, shape ", u(tm.shape), ")"))
        for name, st in (("candidate", tm.candidate), ("eager", tm.eager), ("torch.compile", tm.compiled)):
            if st:
                t.add_row(name, f"{st.median_ms:.4g}", f"{st.p25_ms:.4g}", f"{st.p75_ms:.4g}", str(st.n))
        c.print(t)
        if tm.speedup_eager is not None:
            text = f"speedup vs eager {tm.speedup_eager:.2f}x ({tm.speedup_eager_verdict})"
            if tm.speedup_compiled is not None:
                text += f", vs torch.compile {tm.speedup_compiled:.2f}x"
            if tm.roofline_fraction is not None:
                text += f", {100 * tm.roofline_fraction:.0f}% of roofline"
            c.print(line(text))
        for f in tm.flags:
            c.print(field("note:", u(f), "yellow"))
    if r.isolation:  # reported by the candidate's process
        c.print(field("isolation:", u(", ".join(map(str, r.isolation)), "dim"), "dim"))
    if r.seconds:
        c.print(field("judge time:", u(", ".join(f"{k} {v:.2f} s" for k, v in r.seconds.items() if v >= 0.01), "dim"),
                      "dim"))
    if r.transfer:
        moved = r.transfer
        c.print(line((f"tensor bytes: {_size(moved.get('sent_bytes', 0))} to the candidate, "
                      f"{_size(moved.get('received_bytes', 0))} back, through ", "dim"), u(moved.get("via", "?"), "dim")))
    if r.verdict != "pass" and r.log_tail.strip():
        c.print(line(("candidate output (tail):", "dim")))
        c.print(Padding(u(r.log_tail.strip()[-800:]), (0, 0, 0, 2)))  # indented, wrapped lines too


def _size(n) -> str:
    n = int(n)
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} B"
