"""Progress on the terminal (rich) and the end-of-run summary table."""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kernelpilot.sandbox.report import line, printable, untrusted

from .llm.budget import money

STAGE_STYLE = {"pass": "green", "fail": "red", "unverified": "yellow"}


def _cell(value, width: int, style: str = "") -> Text:
    """A fixed-width column of candidate or LLM text (a feature name, a tool): cut, made safe, padded."""
    return untrusted(printable(value)[:width].ljust(width), style)


class RichReporter:
    """One line per event: round, each candidate and the stage it reached, best so far, tokens and cost.

    Everything interpolated here (features and summaries from the LLM and the judge's reasons, which quote the
    candidate) goes through `untrusted`: no markup is parsed from it and its control characters are escaped."""

    def __init__(self, console: Optional[Console] = None, budget=None):
        self.c = console or Console(highlight=False)
        self.budget = budget

    def _money(self) -> Text:
        b = self.budget
        return line((f"{b.tokens} tokens, {b.money()}", "dim")) if b else Text()

    def event(self, kind: str, **d: Any) -> None:
        c, u = self.c, untrusted
        if kind == "task":
            c.rule(line(u(d["task"], "bold"), " · ", u(d["strategy"]), " · ", u(d["model"])))
        elif kind == "round":
            c.print(line((f"round {d['round'] + 1}/{d['rounds']}", "bold")))
        elif kind == "generated":
            src = "replayed" if d.get("replayed") else f"{d['tokens']} tokens"
            c.print(line("  ", _cell(d["tag"], 7), " ", _cell(d["feature"], 24, "dim"),
                         (f" reply ({src})", "dim")))
        elif kind == "evaluated":
            style = STAGE_STYLE.get(d["verdict"], "white")
            # the summary quotes the candidate: in a column of its own, so its wrapped lines stay indented
            row = Table.grid(padding=(0, 1))
            row.add_column(no_wrap=True)
            row.add_column(overflow="fold")
            row.add_row(line("  ", _cell(d["tag"], 7), " ", _cell(d["feature"], 24), " ", _cell(d["verdict"], 10, style),
                             " stage ", _cell(d["stage"], 11)),
                        line(u(d["summary"]), (" (cached)", "dim") if d.get("cached") else ""))
            c.print(row)
        elif kind == "llm_error":  # no candidate: the call got no reply (the model never sees this)
            c.print(line("  ", _cell(d["tag"], 7), " ", _cell(d["feature"], 24, "dim"), (" no reply: ", "yellow"),
                         u(d["error"][:200], "dim")))
        elif kind == "round_done":
            c.print(line("  best so far: ", u(d["best"] or "nothing correct yet", "bold"), "  ", self._money()))
        elif kind == "step" and d["tool"] not in ("evaluate", "submit"):  # evaluations have their own line
            first = next((ln for ln in d["observation"].splitlines() if ln.strip()), "")
            c.print(line(f"  step {d['step']:>2} ", _cell(d["tool"], 11, "cyan"), " ",
                         u(first[:100], "dim")))
        elif kind == "task_skipped":
            c.print(line(u(d["task"], "dim"), (": already done in this run, skipped", "dim")))
        elif kind == "task_done":
            s = d["summary"]
            c.print(line(u(d["task"], "bold"), ": ", ("correct", "green") if s["correct"] else ("no correct kernel", "red"),
                         *((" · ", u(s["best"])) if s["best"] else ()), " · stopped: ", u(s["stop"] or ""),
                         *((" · written to ", u(s["out"])) if s["out"] else ()),
                         *((" · built, not run here (no GPU, or a tool missing): ", u(s["unverified"]))
                           if s.get("unverified") else ()),
                         "  ", self._money()))


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
        correct = (Text("yes, speed unverified", "yellow") if s["correct"] and s.get("speed_unverified") else
                   Text("yes", "green") if s["correct"] else Text("unverified", "yellow") if s.get("unverified")
                   else Text("no", "red"))
        t.add_row(untrusted(s["task"]), correct, _x(s.get("speedup_eager")),
                  _x(s.get("speedup_compiled")), perf, str(s.get("tokens", 0)), money(s.get("cost"), s.get("unpriced", 0)),
                  untrusted((s.get("stop") or s.get("error") or "")[:48]))
    if not on_gpu and summaries:
        t.caption = ("no GPU: Triton kernels ran under the interpreter (its time is not a GPU speedup); "
                     "CUDA kernels were compiled, not run")
    return t
