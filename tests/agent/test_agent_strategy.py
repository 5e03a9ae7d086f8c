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
    assert steps[1]["tool"] == "(no action)" and "No tool was called" in steps[1]["observation"]


def test_time_limit(make_ctx, tmp_path):
    ctx = make_ctx(llm=Wanders(), strategy="agent", max_time_s=0.0, workspace=str(tmp_path / "ws"))
    assert run_agent(ctx).stop_reason.startswith("time limit")


class Blinks:
    """Every other call the endpoint fails (a timeout after the client's retries); the rest read a file."""

    name, max_concurrency = "blinks", 1

    def __init__(self, down_after=None):
        self.calls, self.down_after, self.seen = 0, down_after, []

    def complete(self, req):
        from kernelpilot.agent.errors import LLMError

        self.calls += 1
        self.seen.append(req.messages)
        if self.calls % 2 or (self.down_after is not None and self.calls > self.down_after):
            raise LLMError("the LLM server at http://127.0.0.1:1/v1 did not answer within 5 s", infra=True)
        return LLMReply(text="", tool_calls=[ToolCall(id=f"c{self.calls}", name="list_files", arguments="{}")])


def test_an_endpoint_failure_repeats_the_step_and_never_reaches_the_transcript(make_ctx, store, tmp_path):
    llm = Blinks()
    ctx = make_ctx(llm=llm, strategy="agent", max_steps=3, workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "step limit (3)" and llm.calls == 6
    assert [e["data"]["step"] for e in store.events("run1", "softmax", "agent_step")] == [0, 1, 2]
    assert [e["data"]["tag"] for e in store.events("run1", "softmax", "llm_error")] == ["s0", "s1", "s2"]
    assert "did not answer" not in json.dumps(llm.seen)
    assert {c["tag"] for c in store.llm_calls("run1", "softmax") if c["error"] is None} == {"s0", "s1", "s2"}


def test_an_endpoint_that_stays_down_interrupts_the_agent(make_ctx, store, tmp_path):
    import pytest

    from kernelpilot.agent.errors import EndpointDown

    llm = Blinks(down_after=2)
    ctx = make_ctx(llm=llm, strategy="agent", max_steps=30, workspace=str(tmp_path / "ws"))
    with pytest.raises(EndpointDown, match="3 calls failed in a row"):
        run_agent(ctx)
    assert llm.calls == 2 + 3  # one failure, one answer, then the guard's limit (3) of failures in a row
    assert store.recall("softmax") == []
