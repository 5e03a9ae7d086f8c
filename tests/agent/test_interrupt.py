"""Ctrl-C during `optimize` and `batch`: the work in flight is cancelled (the judges and their candidates are
killed, an LLM call in flight is abandoned), the CLI exits promptly with 130, and what finished stays in the
store: the run is `interrupted` and `--resume` continues it without asking or judging anything twice.

Each test drives a real CLI process and sends SIGINT while an evaluation (or an LLM call) is in flight. The
bound on the exit is loose (a loaded 2-core machine); the measured latency is printed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BOUND_S = 10.0  # about 0.1 s of cancelling, then the interpreter's exit; the rest is slack for a busy machine


def children(pid: int) -> list[int]:
    """The children of every thread of `pid`: a process started from a worker thread (the forkserver, when an
    evaluation thread needs it first) is that thread's child, not the main thread's."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return out


def judges_of(cli: int) -> list[int]:
    """The CLI's judge processes: children of its forkserver, itself a child of the CLI."""
    return [j for k in children(cli) for j in children(k)]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


class CLI:
    """`kernelpilot ARGS --json` in a subprocess; its JSON events are collected as they come."""

    def __init__(self, args: list[str], env: dict, cwd: Path, group: bool = False):
        self.group = group
        self.proc = subprocess.Popen([sys.executable, "-m", "kernelpilot", *args, "--json"], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=group)
        self.events: list[dict] = []
        self.stderr = ""
        self._out = threading.Thread(target=self._read_events, daemon=True)
        self._err = threading.Thread(target=self._read_stderr, daemon=True)
        self._out.start()
        self._err.start()

    def _read_events(self) -> None:
        for line in self.proc.stdout:
            try:
                self.events.append(json.loads(line))
            except ValueError:
                pass

    def _read_stderr(self) -> None:
        self.stderr = self.proc.stderr.read()

    def evaluated(self) -> list[dict]:
        return [e for e in self.events if e.get("event") == "evaluated"]

    def wait_for(self, what, timeout: float = 240.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            got = what()
            if got:
                return got
            if self.proc.poll() is not None:
                pytest.fail(f"the CLI exited ({self.proc.returncode}) before the moment to interrupt it: "
                            f"{self.stderr[-2000:]}")
            time.sleep(0.02)
        self.proc.kill()
        pytest.fail("the moment to interrupt never came")

    def interrupt(self, sig: int = signal.SIGINT) -> float:
        """SIGINT (to the process group when it has one of its own, as a terminal's Ctrl-C), or another signal;
        seconds to exit."""
        t0 = time.monotonic()
        if self.group:
            os.killpg(self.proc.pid, sig)
        else:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail("the CLI was still running 120 s after SIGINT")
        latency = time.monotonic() - t0
        self._out.join(5)
        self._err.join(5)
        return latency


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, KERNELPILOT_DB=str(tmp_path / "kp.sqlite"), COLUMNS="160", PYTHONUNBUFFERED="1")
    e.pop("KERNELPILOT_MODEL", None)
    return e


def rows(db: str, sql: str, args=()) -> list:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def assert_interrupted(cli: CLI, latency: float, kind: str, env: dict, judges: list[int],
                       sig: signal.Signals = signal.SIGINT) -> str:
    print(f"\n{kind}: exited {latency:.2f} s after {sig.name} (exit code {cli.proc.returncode})")
    assert cli.proc.returncode == 128 + sig, cli.stderr[-3000:]
    assert latency < BOUND_S, f"{latency:.1f} s from {sig.name} to exit"
    assert "Traceback" not in cli.stderr, cli.stderr[-3000:]
    (run_id,) = rows(env["KERNELPILOT_DB"], "SELECT id FROM runs")[0]
    said = "interrupted" if sig == signal.SIGINT else f"interrupted by {sig.name}"
    assert f"{said}; continue with: kernelpilot {kind} --resume {run_id}" in " ".join(cli.stderr.split())
    assert rows(env["KERNELPILOT_DB"], "SELECT status FROM runs WHERE id = ?", (run_id,))[0][0] == "interrupted"
    listed = subprocess.run([sys.executable, "-m", "kernelpilot", "runs", "list"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert run_id in listed.stdout and "interru" in listed.stdout
    end = time.monotonic() + 5
    while any(alive(j) for j in judges) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [j for j in judges if alive(j)], "a judge outlived the CLI"
    return run_id


def test_ctrl_c_in_optimize_cancels_the_evaluations_in_flight(env, tmp_path):
    """Evaluations of tens of seconds each (the interpreter at a large size): waiting for them is what Ctrl-C
    used to do."""
    args = ["optimize", "softmax", "--model", "scripted", "--device", "cpu", "--rounds", "1", "--candidates", "4",
            "--shape", "batch_size=128, dim=4096", "--out", str(tmp_path / "out")]
    cli = CLI(args, env, tmp_path, group=True)  # the whole process group, as a terminal's Ctrl-C
    # one candidate judged and stored, other judges still running (a loaded machine takes minutes to get there)
    judges = cli.wait_for(lambda: cli.evaluated() and judges_of(cli.proc.pid), timeout=900.0)
    done = cli.evaluated()
    latency = cli.interrupt()
    run_id = assert_interrupted(cli, latency, "optimize", env, judges)

    db = env["KERNELPILOT_DB"]
    kept = {tag for (tag,) in rows(db, "SELECT tag FROM attempts WHERE run_id = ?", (run_id,))}
    assert {e["tag"] for e in done} <= kept
    calls = {tag for (tag,) in rows(db, "SELECT tag FROM llm_calls WHERE run_id = ? AND error IS NULL", (run_id,))}
    assert calls == {"r0/c0", "r0/c1", "r0/c2", "r0/c3"}  # every reply that came is kept for the resume
    assert rows(db, "SELECT status FROM run_tasks WHERE run_id = ?", (run_id,))[0][0] != "done"
    worker_died = rows(db, "SELECT COUNT(*) FROM evaluations WHERE result LIKE '%sandbox.worker_died%'")[0][0]
    assert worker_died == 0  # a killed judge is no verdict: nothing of it is cached


def test_ctrl_c_in_batch_then_resume_loses_nothing(env, tmp_path):
    args = ["batch", "--suite", "core", "--tasks", "relu,softmax", "--model", "scripted", "--device", "cpu",
            "--rounds", "1", "--candidates", "4", "--trials", "1", "--out", str(tmp_path / "out")]
    cli = CLI(args, env, tmp_path)  # SIGINT to the CLI alone
    judges = cli.wait_for(lambda: cli.evaluated() and judges_of(cli.proc.pid))
    done = cli.evaluated()
    latency = cli.interrupt()
    run_id = assert_interrupted(cli, latency, "batch", env, judges)

    db = env["KERNELPILOT_DB"]
    query = "SELECT task, tag, created FROM llm_calls WHERE run_id = ? AND error IS NULL"
    calls = {(task, tag): t for task, tag, t in rows(db, query, (run_id,))}
    again = CLI(["batch", "--resume", run_id], env, tmp_path)
    again.proc.wait(timeout=600)
    again._out.join(5)
    again._err.join(5)
    assert again.proc.returncode == 0, again.stderr[-3000:]
    after = {(task, tag): t for task, tag, t in rows(db, query, (run_id,))}
    assert all(after[k] == calls[k] for k in calls), "a recorded call was asked again"
    cached = {(e["task"], e["tag"]) for e in again.evaluated() if e["cached"]}
    assert {(e["task"], e["tag"]) for e in done} <= cached, "a finished evaluation was judged again"
    assert rows(db, "SELECT status FROM runs WHERE id = ?", (run_id,))[0][0] == "done"


def test_sigterm_in_batch_stops_it_as_ctrl_c_does(env, tmp_path):
    """A job scheduler (Slurm, Kubernetes) ends a job with SIGTERM: the run is kept as interrupted and resumable,
    the judges in flight are killed, and the exit code is 143."""
    args = ["batch", "--suite", "core", "--tasks", "relu", "--model", "scripted", "--device", "cpu",
            "--rounds", "1", "--candidates", "4", "--trials", "1", "--out", str(tmp_path / "out")]
    cli = CLI(args, env, tmp_path)
    judges = cli.wait_for(lambda: judges_of(cli.proc.pid))
    latency = cli.interrupt(signal.SIGTERM)
    assert_interrupted(cli, latency, "batch", env, judges, signal.SIGTERM)


def test_sigterm_to_eval_kills_its_judge(env, tmp_path):
    """`kernelpilot eval` stopped by a signal to it alone (not to its process group, as Ctrl-C in a terminal
    is): the judge and the candidate it forked do not run on."""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "kernelpilot", "eval", "softmax",
                             str(root / "tasks/core/solutions/softmax_triton.py"), "--shape", "batch_size=128, dim=4096"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 240
    while not judges_of(proc.pid) and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.05)
    judges = judges_of(proc.pid)
    assert judges, "no judge started"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143 and "Traceback" not in err, err[-2000:]
    end = time.monotonic() + 5
    while any(alive(j) for j in judges) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [j for j in judges if alive(j)], "a judge outlived the CLI"


class HangingServer:
    """An OpenAI-compatible endpoint that answers the CLI's one-token check, then holds every request."""

    def __init__(self):
        self.held = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                if body.get("max_tokens") != 1:
                    server.held.set()
                    time.sleep(120)
                    return
                data = json.dumps({"id": "c", "object": "chat.completion", "created": 0, "model": "test-model",
                                   "choices": [{"index": 0, "finish_reason": "stop",
                                                "message": {"role": "assistant", "content": "OK"}}],
                                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_ctrl_c_while_llm_calls_are_in_flight(env, tmp_path):
    """The calls are abandoned, not waited for (that took --llm-timeout times the tries)."""
    server = HangingServer()
    try:
        args = ["optimize", "softmax", "--model", "openai/test-model", "--api-base", server.url, "--device", "cpu",
                "--llm-timeout", "100", "--llm-retries", "0", "--out", str(tmp_path / "out")]
        cli = CLI(args, dict(env, OPENAI_API_KEY="sk-test"), tmp_path)
        cli.wait_for(server.held.is_set)
        time.sleep(0.3)  # every call of the round sent
        latency = cli.interrupt()
        assert_interrupted(cli, latency, "optimize", env, [])
    finally:
        server.close()


def test_exit_now_flushes_and_skips_the_teardown(tmp_path):
    """The CLI's way out after Ctrl-C has been recorded: the exit code, and the output written so far."""
    code = ("import sys; from kernelpilot.agent.executor import exit_now; import torch\n"
            "sys.stdout.write('interrupted; continue with ...'); sys.stderr.write('to stderr')\n"
            "exit_now(130)\nprint('never')")
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert p.returncode == 130 and p.stdout == "interrupted; continue with ..." and p.stderr == "to stderr"
