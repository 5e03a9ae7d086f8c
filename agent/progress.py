"""Progress on the terminal (rich) and the end-of-run summary table."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markup import escape
from rich.table import Table

STAGE_STYLE = {"pass": "green", "fail": "red", "unverified": "yellow"}


class RichReporter:
    """One line per event: round, each candidate and the stage it reached, best so far, tokens and cost."""

    def __init__(self, console: Optional[Console] = None, budget=None):
        self.c = console or Console(highlight=False)
        self.budget = budget

    def _money(self) -> str:
        b = self.budget
        return f"[dim]{b.tokens} tokens, ${b.cost:.4f}[/]" if b else ""

    def event(self, kind: str, **d: Any) -> None:
        c = self.c
        if kind == "task":
            c.rule(f"[bold]{d['task']}[/] · {d['strategy']} · {d['model']}")
        elif kind == "round":
            c.print(f"[bold]round {d['round'] + 1}/{d['rounds']}[/]")
        elif kind == "generated":
            src = "replayed" if d.get("replayed") else f"{d['tokens']} tokens"
            c.print(f"  {d['tag']:<7} [dim]{d['feature']:<24} reply ({src})[/]")
        elif kind == "evaluated":
            style = STAGE_STYLE.get(d["verdict"], "white")
            cached = " [dim](cached)[/]" if d.get("cached") else ""
            c.print(f"  {d['tag']:<7} {escape(str(d['feature'])[:24]):<24} [{style}]{d['verdict']:<10}[/] stage "
                    f"{d['stage']:<11} {escape(d['summary'])}{cached}")
        elif kind == "round_done":
            c.print(f"  best so far: [bold]{escape(d['best'] or 'nothing correct yet')}[/]  {self._money()}")
        elif kind == "step" and d["tool"] not in ("evaluate", "submit"):  # evaluations have their own line
            first = next((line for line in d["observation"].splitlines() if line.strip()), "")
            c.print(f"  step {d['step']:>2} [cyan]{d['tool']:<11}[/] [dim]{escape(first[:100])}[/]")
        elif kind == "task_skipped":
            c.print(f"[dim]{d['task']}: already done in this run, skipped[/]")
        elif kind == "task_done":
            s = d["summary"]
            c.print(f"[bold]{d['task']}[/]: {'[green]correct[/]' if s['correct'] else '[red]no correct kernel[/]'}"
                    f"{' · ' + escape(s['best']) if s['best'] else ''} · stopped: {escape(s['stop'] or '')}"
                    f"{' · written to ' + escape(s['out']) if s['out'] else ''}"
                    f"{' · built, not run here (no GPU, or a tool missing): ' + escape(s['unverified']) if s.get('unverified') else ''}"
                    f"  {self._money()}")


class ListReporter:
    """Collects events (tests, --quiet)."""

    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def event(self, kind: str, **d: Any) -> None:
        self.events.append((kind, d))


def _x(v: Optional[float]) -> str:
    return f"{v:.2f}x" if v is not None else "-"


def summary_table(summaries: list[dict], title: str = "summary") -> Table:
    on_gpu = any(s.get("method") == "cuda_events" for s in summaries)
    t = Table(title=title)
    for col in ("task", "correct", "vs eager", "vs torch.compile", "% roofline" if on_gpu else "interpreter ms (CPU)",
                "tokens", "cost", "stopped"):
        t.add_column(col)
    for s in summaries:
        perf = (f"{100 * s['roofline']:.0f}%" if s.get("roofline") is not None else "-") if on_gpu else \
            (f"{s['interpreter_ms']:.4g}" if s.get("interpreter_ms") is not None else "-")
        correct = "[green]yes[/]" if s["correct"] else "[yellow]unverified[/]" if s.get("unverified") else "[red]no[/]"
        t.add_row(s["task"], correct, _x(s.get("speedup_eager")),
                  _x(s.get("speedup_compiled")), perf, str(s.get("tokens", 0)), f"${s.get('cost', 0.0):.4f}",
                  escape((s.get("stop") or s.get("error") or "")[:48]))
    if not on_gpu and summaries:
        t.caption = ("no GPU: Triton kernels ran under the interpreter (its time is not a GPU speedup); "
                     "CUDA kernels were compiled, not run")
    return t
