"""Progress on the terminal (rich) and the end-of-run summary table."""

from __future__ import annotations

import time
from typing import Any, Optional

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pydantic import BaseModel

from ..sandbox.report import line, printable, untrusted

from .llm.budget import money
from .summary import TaskSummary

STAGE_STYLE = {"pass": "green", "fail": "red", "unverified": "yellow"}


def _cell(value, width: int, style: str = "") -> Text:
    """A fixed-width column of candidate or LLM text (a feature name, a tool): cut, made safe, padded."""
    return untrusted(printable(value)[:width].ljust(width), style)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


class Status:
    """Where the run stands, as one line: task k of N, round, candidates judged, the best so far, elapsed time and
    an estimate of what is left (the mean time of the tasks finished so far, times the tasks left), tokens and
    cost. Rendered afresh on every refresh of the live display, so the clock moves while an evaluation runs."""

    def __init__(self, budget=None):
        self.budget = budget
        self.t0 = time.monotonic()
        self.task, self.index, self.of = "", 0, 0
        self.round, self.rounds, self.judged, self.best = 0, 0, 0, ""
        self.task_t0, self.durations = self.t0, []

    def update(self, kind: str, d: dict) -> None:
        if kind == "task":
            self.task, self.index, self.of = d["task"], d.get("index", 1), d.get("of", 1)
            self.round, self.rounds, self.judged, self.best, self.task_t0 = 0, 0, 0, "", time.monotonic()
        elif kind == "task_skipped":
            self.index, self.of = d.get("index", self.index), d.get("of", self.of)
        elif kind == "round":
            self.round, self.rounds = d["round"] + 1, d["rounds"]
        elif kind == "evaluated":
            self.judged += 1
        elif kind == "round_done":
            self.best = d["best"] or ""
        elif kind == "task_done":
            self.durations.append(time.monotonic() - self.task_t0)

    def __rich__(self) -> Text:
        elapsed = time.monotonic() - self.t0
        if self.durations:
            mean = sum(self.durations) / len(self.durations)
            running = len(self.durations) < self.index  # the current task has not finished yet
            rest = (self.of - self.index) * mean + (max(mean - (time.monotonic() - self.task_t0), 0.0) if running else 0.0)
            eta = f"about {_clock(rest)} left"
        else:
            eta = "estimate after the first task"
        b = self.budget
        money_text = f" · {b.tokens} tokens, {b.money()}" if b else ""
        return line(("task ", "dim"), f"{self.index}/{self.of} ", untrusted(self.task, "bold"),
                    (f" · round {self.round}/{self.rounds}" if self.rounds else ""),
                    f" · {self.judged} judged · best ", untrusted(printable(self.best or "none yet")[:40]),
                    (f" · {_clock(elapsed)} elapsed · {eta}{money_text}", "dim"))


class RichReporter:
    """One line per event: round, each candidate and the stage it reached, best so far, tokens and cost; on a
    terminal, below them a live status line (Status).

    Everything interpolated here (features and summaries from the LLM and the judge's reasons, which quote the
    candidate) goes through `untrusted`: no markup is parsed from it and its control characters are escaped."""

    def __init__(self, console: Optional[Console] = None, budget=None):
        self.c = console or Console(highlight=False)
        self.budget = budget
        self.status = Status(budget)
        self.live = None
        if self.c.is_terminal:
            from rich.live import Live

            self.live = Live(self.status, console=self.c, refresh_per_second=2, transient=True)
            self.live.start()

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def _money(self) -> Text:
        b = self.budget
        return line((f"{b.tokens} tokens, {b.money()}", "dim")) if b else Text()

    def event(self, kind: str, **d: Any) -> None:
        c, u = self.c, untrusted
        self.status.update(kind, d)
        if kind == "task":
            k = f"task {d.get('index', 1)} of {d.get('of', 1)} · " if d.get("of", 1) > 1 else ""
            c.rule(line(k, u(d["task"], "bold"), " · ", u(d["strategy"]), " · ", u(d["model"])))
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
            s: TaskSummary = d["summary"]
            c.print(line(u(d["task"], "bold"), ": ", ("correct", "green") if s.correct else ("no correct kernel", "red"),
                         *((" · ", u(s.best)) if s.best else ()), " · stopped: ", u(s.stop),
                         *((" · written to ", u(s.out)) if s.out else ()),
                         *((" · built, not run here (no GPU, or a tool missing): ", u(s.unverified))
                           if s.unverified else ()),
                         "  ", self._money()))


class ListReporter:
    """Collects events (tests, --quiet)."""

    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def event(self, kind: str, **d: Any) -> None:
        self.events.append((kind, d))

    def close(self) -> None:
        pass


class JsonReporter:
    """`--json`: one JSON object per event on stdout ({"event": kind, "time": unix seconds, ...}), for scripts.
    JSON escapes every control character, so text from the model or the candidate cannot reach a terminal raw."""

    def __init__(self, stream=None, budget=None):
        import sys

        self.out = stream or sys.stdout
        self.budget = budget

    def event(self, kind: str, **d: Any) -> None:
        import json

        record = {"event": kind, "time": round(time.time(), 3), **d}
        if self.budget is not None:
            record["run_tokens"], record["run_cost"] = self.budget.tokens, self.budget.cost
        self.out.write(json.dumps(record, default=_plain, ensure_ascii=True) + "\n")
        self.out.flush()

    def close(self) -> None:
        pass


def _plain(value: Any) -> Any:
    """What json cannot write by itself: a model (a task's summary) as its fields, as the store keeps it; anything
    else as its text."""
    return value.model_dump() if isinstance(value, BaseModel) else str(value)


def _x(v: Optional[float]) -> str:
    return f"{v:.2f}x" if v is not None else "-"


def summary_table(summaries: list[TaskSummary], title: str = "summary") -> Table:
    on_gpu = any(s.method == "cuda_events" for s in summaries)
    t = Table(title=title)
    for col in ("task", "correct", "vs eager", "vs torch.compile", "% roofline" if on_gpu else "interpreter ms (CPU)",
                "tokens", "cost", "stopped"):
        t.add_column(col)
    for s in summaries:
        perf = (f"{100 * s.roofline:.0f}%" if s.roofline is not None else "-") if on_gpu else \
            (f"{s.interpreter_ms:.4g}" if s.interpreter_ms is not None else "-")
        correct = (Text("yes, speed unverified", "yellow") if s.correct and s.speed_unverified else
                   Text("yes", "green") if s.correct else Text("unverified", "yellow") if s.unverified
                   else Text("no", "red"))
        t.add_row(untrusted(s.task), correct, _x(s.speedup_eager), _x(s.speedup_compiled), perf, str(s.tokens),
                  money(s.cost, s.unpriced), untrusted((s.stop or s.error)[:48]))
    if not on_gpu and summaries:
        # say only what happened: the CUDA note where a CUDA kernel was built and left for a GPU machine
        t.caption = "no GPU: Triton kernels ran under the interpreter (its time is not a GPU speedup)" + (
            "; CUDA kernels were compiled, not run" if any(s.unverified for s in summaries) else "")
    return t
