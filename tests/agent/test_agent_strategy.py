"""The agent strategy driven by the scripted model's tool calls, with a fake evaluator."""

from __future__ import annotations

import json

from kernelpilot.agent.protocols import LLMReply, ToolCall
from kernelpilot.agent.search.agent import run_agent


def test_scripted_agent_walks_the_tools_and_submits(make_ctx, store, tmp_path):
    ctx = make_ctx(strategy="agent", workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "submitted kernel_fast.py"
    assert out.best is not None and out.best.passed and out.best.result.timing.candidate.median_ms == 80.0
    steps = [e["data"] for e in store.events("run1", "softmax", "agent_step")]
    tools = [s["tool"] for s in steps]
    for t in ("list_files", "read_file", "recall", "write_file", "evaluate", "run_shell", "ask_llm", "remember", "submit"):
        assert t in tools
    evals = [s["observation"] for s in steps if s["tool"] == "evaluate"]
    assert '"verdict": "fail"' in evals[0] and "exponential" in evals[0]
    assert "NaN" in evals[1] and '"verdict": "pass"' in evals[2]
    shell = next(s for s in steps if s["tool"] == "run_shell")["observation"]
    assert "[exit code 0]" in shell and "kernel_slow.py" in shell
    assert (tmp_path / "ws" / "kernel_slow.py").exists()
    assert store.recall("softmax")[0]["outcome"] == "worked"
    # the conversation is a real tool-calling transcript: tool results answer tool_call ids
    last = store.llm_calls("run1", "softmax")[-1]
    msgs = json.loads(last["messages"])
    assert msgs[-1]["role"] == "tool" and msgs[-2]["tool_calls"][0]["id"] == msgs[-1]["tool_call_id"]


class Wanders:
    """A model that never submits and sometimes forgets to call a tool."""

    name, max_concurrency = "wanders", 1

    def complete(self, req):
        if req.seq % 2:
            return LLMReply(text="thinking...")
        return LLMReply(text="", tool_calls=[ToolCall(id=f"c{req.seq}", name="read_file", arguments='{"path": "../../etc/passwd"}')])


def test_step_limit_and_bad_calls(make_ctx, store, tmp_path):
    ctx = make_ctx(llm=Wanders(), strategy="agent", max_steps=5, workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "step limit (5)" and out.best is None
    steps = [e["data"] for e in store.events("run1", "softmax", "agent_step")]
    assert len(steps) == 5
    assert "outside the workspace" in steps[0]["observation"]
    assert steps[1]["tool"] == "(no tool call)"


def test_time_limit(make_ctx, tmp_path):
    ctx = make_ctx(llm=Wanders(), strategy="agent", max_time_s=0.0, workspace=str(tmp_path / "ws"))
    assert run_agent(ctx).stop_reason.startswith("time limit")
