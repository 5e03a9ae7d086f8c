"""`kernelpilot runs list` and `kernelpilot report RUN`."""

from __future__ import annotations

import json
import time

from rich.console import Console
from rich.table import Table

from .progress import summary_table


STALE_S = 600  # a "running" run with no recorded activity for this long was most likely killed


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def render_runs(rows: list[dict], console: Console | None = None) -> None:
    c = console or Console(highlight=False)
    if not rows:
        c.print("no runs yet (start one with `kernelpilot optimize TASK --model ...`)")
        return
    t = Table("run", "started", "kind", "status", "model", "strategy", "tasks", "LLM calls", "tokens", "cost")
    stale = False
    for r in rows:
        cfg = r["config"]
        tasks = r["tasks"]
        status = r["status"]
        if status == "running" and time.time() - r["last_activity"] > STALE_S:
            status, stale = "stopped? (no activity)", True  # killed without a chance to say so
        if status in ("interrupted", "failed") or "stopped?" in status:
            stale = True
        t.add_row(r["id"], _when(r["created"]), r["kind"], status, cfg["llm"]["model"], cfg["search"]["strategy"],
                  ", ".join(tasks[:3]) + (f" +{len(tasks) - 3}" if len(tasks) > 3 else ""), str(r["calls"]),
                  str(r["tokens"]), f"${r['cost']:.4f}")
    c.print(t)
    if stale:
        c.print("[dim]continue an unfinished run with: kernelpilot optimize --resume RUN (or batch --resume RUN)[/]")


def render_report(store, run: dict, as_json: bool = False, console: Console | None = None) -> None:
    c = console or Console(highlight=False)
    tasks = store.run_tasks(run["id"])
    data = {"run": {k: run[k] for k in ("id", "kind", "status", "config", "tasks", "created", "note")},
            "usage": store.usage(run["id"]),
            "tasks": [{"task": r["task"], "status": r["status"], "rounds_done": r["round_done"] + 1,
                       "summary": r["summary"],
                       "candidates": [{k: a[k] for k in ("tag", "hash", "verdict", "stage", "reason", "fitness")} | a["meta"]
                                      for a in store.attempts(run["id"], r["task"])]} for r in tasks]}
    if as_json:
        c.print_json(json.dumps(data, default=str))
        return
    cfg = run["config"]
    c.print(f"run [bold]{run['id']}[/] · {run['kind']} · {run['status']} · started {_when(run['created'])} · model "
            f"{cfg['llm']['model']} · strategy {cfg['search']['strategy']} · backend {cfg['search']['backend']}")
    if run.get("note"):
        c.print(f"note: {run['note']}")
    u = data["usage"]
    c.print(f"LLM: {u['calls']} calls, {u['tokens']} tokens, ${u['cost']:.4f}")
    for t in data["tasks"]:
        tab = Table("candidate", "feature/path", "verdict", "stage", "reason", title=f"{t['task']} ({t['status']}, "
                    f"{t['rounds_done']} round(s)/step(s) recorded)")
        for a in t["candidates"]:
            tab.add_row(a["tag"], str(a.get("feature") or a.get("path") or ""), a["verdict"], a["stage"],
                        (a["reason"] or "").splitlines()[0][:90] if a["reason"] else "")
        c.print(tab)
    summaries = [t["summary"] for t in data["tasks"] if t["summary"]]
    if summaries:
        c.print(summary_table(summaries, title="summary"))
