"""The agent's tools: typed schemas, workspace confinement, a shell without network that is killed on timeout."""

from __future__ import annotations

import os
import time

import pytest

from kernelpilot.agent.tools import ToolError, Workspace, parse_call, run_shell, tool_schemas


def test_schemas_come_from_the_pydantic_models():
    by_name = {t["function"]["name"]: t["function"] for t in tool_schemas()}
    assert set(by_name) == {"read_file", "write_file", "list_files", "run_shell", "evaluate", "remember", "recall",
                            "ask_llm", "submit"}
    wf = by_name["write_file"]["parameters"]
    assert wf["type"] == "object" and set(wf["required"]) == {"path", "content"}
    assert by_name["remember"]["parameters"]["properties"]["outcome"]["enum"] == ["worked", "failed", "info"]


def test_bad_calls_are_errors_for_the_agent():
    with pytest.raises(ToolError, match="unknown tool"):
        parse_call("rm_rf", "{}")
    with pytest.raises(ToolError, match="not valid JSON"):
        parse_call("read_file", "{path: x")
    with pytest.raises(ToolError, match="bad arguments"):
        parse_call("write_file", '{"path": "a.py"}')


def test_workspace_confinement(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.write("sub/a.py", "x = 1\n")
    assert ws.read("sub/a.py") == "x = 1\n"
    assert "sub/a.py" in ws.list(".")
    for bad in ("../outside.py", "/etc/passwd", "sub/../../x", ""):
        with pytest.raises(ToolError):
            ws.write(bad, "no")
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    os.symlink(secret, ws.root / "link.txt")
    with pytest.raises(ToolError, match="outside the workspace"):
        ws.read("link.txt")
    with pytest.raises(ToolError, match="outside the workspace"):
        ws.write("link.txt", "overwrite")
    assert secret.read_text() == "s3cret"


def test_shell_runs_in_the_workspace(tmp_path):
    out = run_shell("echo hello > f.txt && cat f.txt && pwd", tmp_path, 10)
    assert out.startswith("[exit code 0]") and "hello" in out and str(tmp_path) in out


def test_shell_timeout_kills_the_process_group(tmp_path):
    t0 = time.monotonic()
    out = run_shell("(sleep 30; echo late > late.txt) & sleep 30", tmp_path, 1)
    assert "killed after 1 s" in out and time.monotonic() - t0 < 10
    time.sleep(0.2)
    assert not (tmp_path / "late.txt").exists()


def test_shell_has_no_network(tmp_path):
    code = ("import socket; s=socket.socket(); s.settimeout(2)\n"
            "try:\n s.connect(('1.1.1.1', 80)); print('CONNECTED')\nexcept OSError as e: print('refused', e)")
    script = tmp_path / "net.py"
    script.write_text(code)
    import sys

    out = run_shell(f"{sys.executable} net.py", tmp_path, 20)
    assert "CONNECTED" not in out
