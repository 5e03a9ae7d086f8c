"""`kernelpilot runs list` and `kernelpilot report RUN`."""

from __future__ import annotations

import json
import textwrap
import time

from rich.console import Console
from rich.table import Table

from ..sandbox.report import field, line, untrusted

from .llm.budget import money
from .progress import summary_table
from .summary import TaskSummary


STALE_S = 600  # a "running" run with no recorded activity for this long was most likely killed


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def render_runs(rows: list[dict], console: Console | None = None) -> None:
    """One row per run. The id is never cut (report and --resume need it whole); on a narrow terminal the
    columns that matter least go first."""
    c = console or Console(highlight=False)
    if not rows:
        c.print("no runs yet (start one with `kernelpilot optimize TASK --model ...`)")
        return
    wide = c.width >= 120
    t = Table()
    t.add_column("run", no_wrap=True, min_width=max(len(r["id"]) for r in rows))
    t.add_column("started", no_wrap=True)
    t.add_column("status")
    t.add_column("model", overflow="fold")
    if wide:
        for col in ("kind", "strategy"):
            t.add_column(col)
    t.add_column("tasks")
    if wide:
        for col in ("LLM calls", "tokens"):
            t.add_column(col, justify="right")
    t.add_column("cost", no_wrap=True)
    stale = False
    for r in rows:
        cfg = r["config"]
        tasks = r["tasks"]
        status = r["status"]
        if status == "running" and time.time() - r["last_activity"] > STALE_S:
            status, stale = "stopped? (no activity)", True  # killed without a chance to say so
        if status in ("interrupted", "failed") or "stopped?" in status:
            stale = True
        names = ", ".join(tasks[:3]) + (f" +{len(tasks) - 3}" if len(tasks) > 3 else "")
        cells = [untrusted(r["id"]), time.strftime("%m-%d %H:%M" if not wide else "%Y-%m-%d %H:%M",
                                                     time.localtime(r["created"])),
                 untrusted(status), untrusted(cfg["llm"]["model"])]
        if wide:
            cells += [untrusted(r["kind"]), untrusted(cfg["search"]["strategy"])]
        cells.append(untrusted(names if wide else f"{len(tasks)}: {names}" if len(tasks) > 1 else names))
        if wide:
            cells += [str(r["calls"]), str(r["tokens"])]
        cells.append(money(r["cost"], r.get("unpriced", 0)))
        t.add_row(*cells)
    c.print(t)
    if stale:
        c.print("[dim]continue an unfinished run with: kernelpilot optimize --resume RUN (or batch --resume RUN)[/]")


def gist(text: str, width: int = 90) -> str:
    """The first line of a text, shortened at a word boundary (the whole text is in --json)."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return textwrap.shorten(first, width=width, placeholder=" ...") if len(first) > width else first


def short(value, width: int = 40) -> str:
    """One line for a table cell: a multi-line text as its size, a long one cut."""
    text = value if isinstance(value, str) else json.dumps(value)
    if "\n" in text.strip():
        return f"<{text.count(chr(10)) + 1} lines, {len(text)} chars>"
    text = text.strip()
    return text if len(text) <= width else text[: width - 3] + "..."


def step_row(d: dict) -> dict:
    """An agent step as the report shows it: the action, its arguments shortened, what came of it."""
    args = d.get("args")
    if isinstance(args, dict):
        shown = ", ".join(f"{k}={short(v)}" for k, v in args.items())
    else:
        shown = short(args or "")
    obs = d.get("observation") or ""
    result = ""
    if d.get("tool") in ("evaluate", "submit"):
        try:
            v = json.loads(obs)
            result = short(v["fitness"], 90) if v.get("verdict") == "pass" else \
                f"{v.get('verdict')} at {v.get('stage')}: {v.get('check')}"
        except ValueError:
            pass
    if not result:
        first = next((x for x in obs.splitlines() if x.strip()), "")
        result = short(first, 90)
    return {"step": d.get("step"), "tool": d.get("tool", ""), "args": shown, "result": result}


def render_report(store, run: dict, as_json: bool = False, console: Console | None = None) -> None:
    c = console or Console(highlight=False)
    tasks = store.run_tasks(run["id"])
    data = {"run": {k: run[k] for k in ("id", "kind", "status", "config", "tasks", "created", "note")},
            "usage": store.usage(run["id"]),
            "tasks": [{"task": r["task"], "status": r["status"], "rounds_done": r["round_done"] + 1,
                       "summary": r["summary"],
                       "candidates": [{k: a[k] for k in ("tag", "hash", "verdict", "stage", "reason", "fitness")} | a["meta"]
                                      for a in store.attempts(run["id"], r["task"])],
                       "steps": [step_row(e["data"]) for e in store.events(run["id"], r["task"], "agent_step")]}
                      for r in tasks]}
    if as_json:
        # JSON escapes the control characters; ensure_ascii escapes the rest (bidirectional overrides) too
        c.print_json(json.dumps(data, default=str), ensure_ascii=True)
        return
    # the store's text is shown as data: reasons quote the candidate, features and notes come from the LLM
    u, cfg = untrusted, run["config"]
    c.print(line("run ", u(run["id"], "bold"), " · ", u(run["kind"]), " · ", u(run["status"]), f" · started "
                 f"{_when(run['created'])} · model ", u(cfg["llm"]["model"]), " · strategy ", u(cfg["search"]["strategy"]),
                 " · backend ", u(cfg["search"]["backend"])))
    if run.get("note"):
        c.print(field("note:", u(run["note"]), ""))
    use = data["usage"]
    failed = sum(1 for x in store.llm_calls(run["id"]) if x["error"])
    c.print(f"LLM: {use['calls']} calls, {use['tokens']} tokens, cost {money(use['cost'], use.get('unpriced', 0))}"
            + (f" ({failed} without a reply: endpoint or request errors, not candidates)" if failed else ""))
    for t in data["tasks"]:
        tab = Table(title=line(u(t["task"]), " (", u(t["status"]), f", {t['rounds_done']} round(s)/step(s) recorded)"))
        narrow = c.width < 120
        tab.add_column("candidate", no_wrap=True)
        tab.add_column("feature/path", max_width=14 if narrow else 28, overflow="fold")
        tab.add_column("verdict", no_wrap=True)
        tab.add_column("stage", no_wrap=True)
        tab.add_column("reason", ratio=1)
        for a in t["candidates"]:
            tab.add_row(u(a["tag"]), u(a.get("feature") or a.get("path") or ""), u(a["verdict"]), u(a["stage"]),
                        u(gist(a["reason"] or "")))
        c.print(tab)
        if t["steps"]:
            steps = Table("step", "action", "arguments", "result", title=line(u(t["task"]), ": agent steps"))
            for st in t["steps"]:
                steps.add_row(str(st["step"]), u(st["tool"]), u(st["args"]), u(st["result"]))
            c.print(steps)
    summaries = [TaskSummary.model_validate(t["summary"]) for t in data["tasks"] if t["summary"]]
    if summaries:
        c.print(summary_table(summaries, title="summary"))
