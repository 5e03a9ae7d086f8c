"""The agent strategy's transcript grows with every step; with a known context window it is sent trimmed
(oldest steps first), never losing the system prompt, the task or the last steps."""

from __future__ import annotations

import copy
import json

from kernelpilot.agent.search.agent import KEEP_RECENT, fit_transcript


def transcript(steps: int) -> list[dict]:
    msgs = [{"role": "system", "content": "S" * 500}, {"role": "user", "content": "T" * 2000}]
    for i in range(steps):
        msgs.append({"role": "assistant", "content": f"step {i}",
                     "tool_calls": [{"id": f"c{i}", "type": "function",
                                     "function": {"name": "write_file", "arguments": json.dumps({"content": "k" * 3000})}}]})
        msgs.append({"role": "tool", "tool_call_id": f"c{i}", "content": f"observation {i} " + "o" * 3000})
    return msgs


def size(msgs):
    return sum(len(str(m.get("content") or "")) + sum(len(c["function"]["arguments"]) for c in m.get("tool_calls") or [])
               for m in msgs)


def test_a_long_transcript_is_trimmed_oldest_first_to_fit():
    msgs = transcript(10)
    kept = copy.deepcopy(msgs)
    sent = fit_transcript(msgs, 25_000)
    assert msgs == kept  # the transcript itself is not changed
    assert size(sent) <= 25_000 < size(msgs)
    assert sent[:2] == msgs[:2] and sent[-KEEP_RECENT:] == msgs[-KEEP_RECENT:]
    assert "left out to fit" in sent[2]["tool_calls"][0]["function"]["arguments"]
    assert "left out to fit the model's context window" in sent[3]["content"]
    assert [m["role"] for m in sent] == [m["role"] for m in msgs]  # every tool call keeps its answer
    assert [c["id"] for m in sent for c in m.get("tool_calls") or []] == [f"c{i}" for i in range(10)]


def test_nothing_is_cut_without_a_known_window_or_when_it_fits():
    msgs = transcript(3)
    assert fit_transcript(msgs, None) == msgs and fit_transcript(msgs, size(msgs)) == msgs
