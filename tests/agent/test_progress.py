"""Live progress of optimize and batch: task k of N with an estimate of what is left, and --json event lines."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from kernelpilot.agent.progress import JsonReporter, RichReporter, Status

ROOT = Path(__file__).resolve().parents[2]


def text(status: Status) -> str:
    c = Console(file=io.StringIO(), width=200)
    c.print(status)
    return c.file.getvalue()


def test_the_status_line_counts_tasks_and_estimates_from_finished_ones(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("kernelpilot.agent.progress.time.monotonic", lambda: now[0])
    st = Status()
    st.update("task", {"task": "relu", "index": 1, "of": 4})
    st.update("round", {"round": 0, "rounds": 5})
    assert "task 1/4 relu · round 1/5 · 0 judged" in text(st) and "estimate after the first task" in text(st)
    st.update("evaluated", {})
    now[0] += 60
    st.update("round_done", {"best": "tiles (1.5x)"})
    st.update("task_done", {})
    st.update("task", {"task": "gelu", "index": 2, "of": 4})
    now[0] += 20
    out = text(st)
    # one task took 60 s: this one has about 40 s to go, and two more follow: 2:40
    assert "task 2/4 gelu" in out and "1:20 elapsed" in out and "about 2:40 left" in out and "round" not in out


def test_no_live_display_off_a_terminal():
    r = RichReporter(Console(file=io.StringIO()))
    assert r.live is None
    r.event("task", task="relu", strategy="fsr", model="m", index=2, of=3)
    r.close()
    assert "task 2 of 3" in r.c.file.getvalue()


def test_json_events_escape_and_carry_the_run_totals():
    out = io.StringIO()

    class B:
        tokens, cost = 12, 0.5

    JsonReporter(out, B()).event("evaluated", tag="r0/c0", summary="\x1b[31mred\x1b[0m", tokens=3)
    rec = json.loads(out.getvalue())
    assert rec["event"] == "evaluated" and rec["summary"] == "\x1b[31mred\x1b[0m" and "\x1b" not in out.getvalue()
    assert (rec["tokens"], rec["run_tokens"], rec["run_cost"]) == (3, 12, 0.5)


def test_a_json_event_carries_a_task_summary_with_the_keys_the_store_keeps():
    from kernelpilot.agent.summary import TaskSummary

    out = io.StringIO()
    s = TaskSummary(task="relu", correct=True, interpreter_ms=2.5, method="interpreter_wall", tokens=10, cost=0.25)
    JsonReporter(out).event("run_done", run_id="r", summaries=[s])
    assert json.loads(out.getvalue())["summaries"] == [s.model_dump()]


def test_batch_json_prints_only_event_lines_on_stdout(tmp_path):
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "batch", "--suite", "core", "--tasks", "relu", "--model",
                        "scripted", "--db", str(tmp_path / "kp.db"), "--out", str(tmp_path / "out"), "--json",
                        "--rounds", "1"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    events = [json.loads(line) for line in p.stdout.splitlines()]  # every line is one JSON object
    kinds = [e["event"] for e in events]
    assert kinds[0] == "task" and events[0]["index"] == 1 and events[0]["of"] == 1
    assert "evaluated" in kinds and kinds[-1] == "run_done" and events[-1]["summaries"][0]["task"] == "relu"
    assert "run " in p.stderr  # the header and the summary table went to stderr
