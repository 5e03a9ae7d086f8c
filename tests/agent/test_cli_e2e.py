"""The four commands end to end on the CPU: scripted model, real harness (Triton interpreter), real store.

One store for the module, so later tests reuse the evaluation cache of earlier ones (as a user's runs do).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    d = tmp_path_factory.mktemp("e2e")
    e = dict(os.environ, KERNELPILOT_DB=str(d / "kp.sqlite"), COLUMNS="160", PYTHONUNBUFFERED="1")
    e.pop("KERNELPILOT_MODEL", None)
    return d, e


def kp(args, env, cwd, timeout=600, check=None):
    p = subprocess.run([sys.executable, "-m", "kernelpilot.agent.cli", *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=timeout)
    if check is not None:
        assert p.returncode == check, p.stdout[-3000:] + p.stderr[-3000:]
    return p


def db_rows(path, sql, args=()):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def test_optimize_killed_then_resumed_loses_nothing(env):
    d, e = env
    db = e["KERNELPILOT_DB"]
    args = ["optimize", "softmax", "--model", "scripted", "--device", "cpu", "--candidates", "2", "--rounds", "3",
            "--patience", "1", "--trials", "1", "--out", str(d / "out" / "softmax.py")]
    proc = subprocess.Popen([sys.executable, "-m", "kernelpilot.agent.cli", *args], cwd=d, env=e,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    rows = []
    while time.monotonic() < deadline and proc.poll() is None:
        if Path(db).exists():
            try:
                rows = db_rows(db, "SELECT run_id FROM run_tasks WHERE round_done >= 0")
            except sqlite3.OperationalError:
                rows = []
            if rows:
                break
        time.sleep(0.1)
    assert rows, "the first round was never stored"
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its forkserver and any worker: a hard kill mid-run
    proc.wait()
    run_id = rows[0][0]
    before = dict(db_rows(db, "SELECT tag, created FROM llm_calls WHERE run_id = ?", (run_id,)))
    assert {"r0/c0", "r0/c1"} <= set(before)

    p = kp(["optimize", "--resume", run_id], e, d, check=0)
    after = dict(db_rows(db, "SELECT tag, created FROM llm_calls WHERE run_id = ?", (run_id,)))
    assert all(after[t] == before[t] for t in before), "a recorded call was asked again"
    assert "replayed" in p.stdout and "r1/c0" in after
    assert "plateau" in p.stdout
    out = d / "out" / "softmax.py"
    # the best of the passing candidates: which one is faster under the interpreter depends on the machine's
    # load (two passing scripts time within a few percent of each other on a busy CPU), so not asserted
    assert "softmax_kernel" in out.read_text()
    assert json.loads(out.with_suffix(".json").read_text())["result"]["verdict"] == "pass"
    assert db_rows(db, "SELECT status FROM runs WHERE id = ?", (run_id,))[0][0] == "done"


def test_agent_strategy_end_to_end(env):
    d, e = env
    p = kp(["optimize", "softmax", "--model", "scripted", "--strategy", "agent", "--device", "cpu", "--trials", "1",
            "--out", str(d / "agent_out")], e, d, check=0)
    assert "submitted kernel_fast.py" in p.stdout
    for tool in ("list_files", "read_file", "recall", "write_file", "run_shell", "ask_llm", "remember"):
        assert tool in p.stdout
    assert (d / "agent_out" / "softmax_best.py").exists()


def test_agent_text_protocol_and_its_steps_in_the_report(env):
    """--tool-protocol text end to end (the scripted model writes its actions as text); the report lists the steps."""
    d, e = env
    # a generous time per evaluation: the suite runs on every core beside it
    p = kp(["optimize", "softmax", "--model", "scripted", "--strategy", "agent", "--tool-protocol", "text",
            "--device", "cpu", "--trials", "1", "--eval-timeout", "600", "--out", str(d / "agent_text_out")], e, d,
           check=0)
    assert "submitted kernel_fast.py" in p.stdout
    run_id = db_rows(e["KERNELPILOT_DB"], "SELECT id FROM runs ORDER BY created DESC LIMIT 1")[0][0]
    cfg = json.loads(db_rows(e["KERNELPILOT_DB"], "SELECT config FROM runs WHERE id = ?", (run_id,))[0][0])
    assert cfg["search"]["tool_protocol"] == "text"
    report = kp(["report", run_id], e, d, check=0).stdout
    assert "agent steps" in report and "path=kernel_fast.py" in report and "content=<" in report
    assert "fail at static" in report or "fail at correctness" in report
    steps = json.loads(kp(["report", run_id, "--json"], e, d, check=0).stdout)["tasks"][0]["steps"]
    assert [s["tool"] for s in steps][-1] == "submit" and steps[0] == {"step": 0, "tool": "list_files",
                                                                      "args": "path=.", "result": steps[0]["result"]}
    assert any(s["tool"] == "evaluate" and s["result"].startswith("correct") for s in steps), \
        [s["result"][:1500] for s in steps if s["tool"] == "evaluate"][-1:]


def test_runs_list_and_report(env):
    d, e = env
    p = kp(["runs", "list"], e, d, check=0)
    assert "scripted" in p.stdout and "done" in p.stdout
    run_id = db_rows(e["KERNELPILOT_DB"], "SELECT id FROM runs ORDER BY created LIMIT 1")[0][0]
    p = kp(["report", run_id[:15]], e, d, check=0)
    assert "r0/c0" in p.stdout and "run.exception" not in p.stdout or "correctness" in p.stdout
    data = json.loads(kp(["report", run_id, "--json"], e, d, check=0).stdout)
    cands = data["tasks"][0]["candidates"]
    assert [c["verdict"] for c in cands[:2]] == ["fail", "fail"] and any(c["verdict"] == "pass" for c in cands)
    assert data["usage"]["calls"] >= 4


def test_batch_and_usage_errors(env):
    d, e = env
    p = kp(["batch", "--suite", "core", "--tasks", "softmax,relu", "--model", "scripted", "--device", "cpu",
            "--candidates", "4", "--rounds", "2", "--trials", "1", "--out", str(d / "batch")], e, d, check=0)
    assert "relu" in p.stdout and (d / "batch" / "relu_best.py").exists()
    run_id = db_rows(e["KERNELPILOT_DB"], "SELECT id FROM runs WHERE kind = 'batch'")[0][0]
    p = kp(["batch", "--resume", run_id], e, d, check=0)
    assert "already done in this run, skipped" in p.stdout
    p = kp(["optimize", "softmax"], e, d, check=2)
    assert "choose a model" in p.stderr and "Traceback" not in p.stderr
    p = kp(["optimize", "no_such_task", "--model", "scripted"], e, d, check=2)
    assert "unknown task" in p.stderr
    p = kp(["optimize", "softmax", "--model", "gpt-4o", "--device", "cpu"], dict(e, OPENAI_API_KEY=""), d, check=2)
    assert "API key" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    from kernelpilot.sandbox.evaluate import gpu_available

    if not gpu_available():
        p = kp(["optimize", "softmax", "--model", "scripted", "--device", "cuda"], e, d, check=2)
        assert "--device cuda" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_optimize_a_plain_kernelbench_file_at_sizes_given_on_the_command_line(env):
    """A KernelBench file has no SHAPES: on a CPU every candidate would be too large for the interpreter.
    `--shape` gives the sizes; they are kept with the run (a resume judges at the same sizes), and a name the
    file does not define stops the command before a run is recorded."""
    import re

    d, e = env
    plain = d / "plain" / "softmax.py"  # the scripted replies are keyed by the task's name
    plain.parent.mkdir()
    plain.write_text(re.sub(r"SHAPES = \[.*?\]\n", "", (ROOT / "tasks/core/softmax.py").read_text(), flags=re.S))
    out = d / "plain_out" / "best.py"
    kp(["optimize", str(plain), "--model", "scripted", "--device", "cpu", "--candidates", "2", "--rounds", "2",
        "--trials", "1", "--shape", "batch_size=7, dim=300", "--out", str(out)], e, d, check=0)
    best = json.loads(out.with_suffix(".json").read_text())["result"]
    assert [s["shape"] for s in best["correctness"]["shapes"]][0] == "batch_size=7,dim=300"
    (cfg,) = db_rows(e["KERNELPILOT_DB"], "SELECT config FROM runs WHERE tasks LIKE ?", (f"%{plain}%",))[0]
    assert json.loads(cfg)["shapes"] == ["batch_size=7, dim=300"]
    runs = len(db_rows(e["KERNELPILOT_DB"], "SELECT id FROM runs"))
    p = kp(["optimize", str(plain), "--model", "scripted", "--shape", "batchsize=7"], e, d, check=2)
    assert "no global 'batchsize'" in p.stderr and "Traceback" not in p.stderr
    assert len(db_rows(e["KERNELPILOT_DB"], "SELECT id FROM runs")) == runs
