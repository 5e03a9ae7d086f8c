"""The agent's text protocol: actions written as code in the reply, for endpoints that do not call tools."""

from __future__ import annotations

import json

import pytest

from kernelpilot.agent.actions import ActionError, find_action, parse_action, resolve_protocol
from kernelpilot.agent.protocols import LLMReply, ToolCall
from kernelpilot.agent.search.agent import run_agent

KERNEL = "import torch\n\n\nclass ModelNew(torch.nn.Module):\n    '''doc'''\n    pass\n"


def test_parse_a_call_with_file_content():
    call = parse_action('write_file(path="k.py", content=r"""' + KERNEL + '""")')
    assert call.name == "write_file" and json.loads(call.arguments) == {"path": "k.py", "content": KERNEL}
    assert json.loads(parse_action("evaluate('k.py')").arguments) == {"path": "k.py"}  # positional, in field order
    assert json.loads(parse_action("remember('x', outcome='worked')").arguments) == {"note": "x", "outcome": "worked"}


@pytest.mark.parametrize("code, says", [
    ("", "empty"),
    ("evaluate(path=k.py)", "literal"),
    ("evaluate(path=open('x'))", "literal"),
    ("os.system('ls')", "single call of a tool"),
    ("rm_rf(path='.')", "unknown tool 'rm_rf'"),
    ("evaluate(file='k.py')", "has no argument 'file'"),
    ("evaluate('a', 'b')", "at most 1 argument"),
    ("evaluate('a', path='b')", "given twice"),
    ("evaluate(**{'path': 'k'})", "no **kwargs"),
    ("write_file(path='k.py', content='''x''' + ''')", "syntax error"),
    ("evaluate(path=['k.py'])", "string, number or boolean"),
    ("evaluate(path='a')\nsubmit(path='a')", "syntax error"),
])
def test_malformed_actions_say_what_is_wrong(code, says):
    with pytest.raises(ActionError, match=None) as e:
        parse_action(code)
    assert says in str(e.value)


def test_find_action_in_a_reply():
    assert find_action("Just thinking aloud.").call is None and find_action("Just thinking.").error == ""
    got = find_action("Next:\n```action\nevaluate(path=\"k.py\")\n```\nthen we see.", "text_3")
    assert got.call.name == "evaluate" and got.call.id == "text_3"
    two = find_action("```action\nevaluate('a')\n```\n```action\nsubmit('a')\n```")
    assert two.call is None and "2 action blocks" in two.error
    wrong_fence = find_action("```python\nevaluate(path='k.py')\n```")
    assert wrong_fence.call is None and "info string `action`" in wrong_fence.error
    assert find_action("```python\n" + KERNEL + "```").error == ""  # a kernel in a python block is not an action


def test_resolve_protocol():
    assert resolve_protocol("native", False) == "native" and resolve_protocol("text", True) == "text"
    assert resolve_protocol("auto", True) == "native" and resolve_protocol("auto", False) == "text"
    assert resolve_protocol("auto", None) == "auto"


def test_scripted_agent_through_the_text_protocol(make_ctx, store, tmp_path):
    """--tool-protocol text: no tools are sent, the scripted model writes its actions as text, results come back
    as user messages, and the agent evaluates and submits as with tool calls."""
    ctx = make_ctx(strategy="agent", tool_protocol="text", workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "submitted kernel_fast.py" and out.best.passed
    calls = store.llm_calls("run1", "softmax")
    assert all(c["tools"] is None for c in calls)
    msgs = json.loads(calls[-1]["messages"])
    assert not any(m["role"] == "tool" or m.get("tool_calls") for m in msgs)
    assert "```action" in msgs[0]["content"] and "How to begin" in msgs[1]["content"]
    assert any(m["role"] == "user" and m["content"].startswith("Result of evaluate:") for m in msgs)
    tools = [e["data"]["tool"] for e in store.events("run1", "softmax", "agent_step")]
    assert tools.count("evaluate") == 4 and tools[-1] == "submit" and "(no action)" not in tools


class TextOnly:
    """A model behind an endpoint that ignores tools: it answers in text, with a few malformed actions first."""

    name, max_concurrency = "text-only", 1

    def __init__(self, replies):
        self.replies, self.seen = list(replies), []

    def complete(self, req):
        self.seen.append(req)
        return LLMReply(text=self.replies[min(req.seq, len(self.replies) - 1)])


def fence(code: str) -> str:
    return f"Next step.\n```action\n{code}\n```\n"


def test_auto_switches_to_text_and_corrects_malformed_actions(make_ctx, store, tmp_path, softmax):
    from kernelpilot.agent.extract import extract_source
    from kernelpilot.agent.llm.scripted import ScriptedLLM

    good = extract_source(ScriptedLLM(softmax).replies[3]).source
    llm = TextOnly([
        "I will write a kernel now.",  # neither a tool call nor an action: told how to act
        fence("write_file(path=kernel.py)"),  # malformed: switches to text, gets a correction
        fence(f"write_file(path='kernel.py', content=r'''{good}''')"),
        fence("evaluate(path='kernel.py')") + fence("submit(path='kernel.py')"),  # two at once: refused
        fence("evaluate(path='kernel.py')"),
        fence("submit(path='kernel.py')"),
    ])
    ctx = make_ctx(llm=llm, strategy="agent", workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "submitted kernel.py" and out.best is not None and out.best.passed
    assert llm.seen[0].tools is not None and llm.seen[1].tools is not None  # auto: offered until the model shows
    assert all(r.tools is None for r in llm.seen[2:])
    steps = [e["data"] for e in store.events("run1", "softmax", "agent_step")]
    assert [s["tool"] for s in steps] == ["(no action)", "(no action)", "write_file", "(no action)", "evaluate", "submit"]
    assert "No tool was called" in steps[0]["observation"] and "```action" in steps[0]["observation"]
    assert "not run" in steps[1]["observation"] and "literal" in steps[1]["observation"]
    assert "2 action blocks" in steps[3]["observation"]
    assert [e["data"]["mode"] for e in store.events("run1", "softmax", "tool_protocol")] == ["text"]


def test_native_only_never_reads_text(make_ctx, store, tmp_path):
    llm = TextOnly([fence("list_files(path='.')")])
    ctx = make_ctx(llm=llm, strategy="agent", tool_protocol="native", max_steps=2, workspace=str(tmp_path / "ws"))
    assert run_agent(ctx).stop_reason == "step limit (2)"
    steps = [e["data"] for e in store.events("run1", "softmax", "agent_step")]
    assert [s["tool"] for s in steps] == ["(no action)"] * 2 and "call one of the tools" in steps[0]["observation"]


def test_after_a_native_call_the_run_stays_native(make_ctx, store, tmp_path):
    """A model that called a tool once and later writes an action block: the action runs, tools stay offered."""

    class Mixed(TextOnly):
        def complete(self, req):
            self.seen.append(req)
            if req.seq == 0:
                return LLMReply(text="", tool_calls=[ToolCall(id="c0", name="list_files", arguments="{}")])
            return LLMReply(text=fence("read_file(path='task.py')"))

    llm = Mixed([])
    ctx = make_ctx(llm=llm, strategy="agent", max_steps=2, workspace=str(tmp_path / "ws"))
    run_agent(ctx)
    assert all(r.tools is not None for r in llm.seen)
    assert [e["data"]["tool"] for e in store.events("run1", "softmax", "agent_step")] == ["list_files", "read_file"]
