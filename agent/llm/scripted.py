"""The scripted model (`--model scripted`): a replay device, not a kernel writer.

It replays canned replies so that the whole loop runs offline with no key and no GPU. For each task the
script walks through a compile error, a wrong answer, a correct but slow kernel and a better one, so every
feedback path of the search is exercised for real. The replies are in the backend the run asks for: Triton
from scripts/<task>/*.md when the task has hand-written ones (softmax), else derived from the task's Triton
reference solution (tasks/<suite>/solutions/<task>_triton.py); CUDA derived from its CUDA one (<task>_cuda.py,
else <task>_cuda_ext.py). A task without a solution in the asked backend gets no replies in another: the
model says so (an LLMError for that task). The agent strategy gets the tool calls of scripts/agent_steps.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import LLMError
from ..extract import extract_source
from ..protocols import LLMReply, LLMRequest, ToolCall
from .derive import derive_replies

SCRIPTS = Path(__file__).resolve().parent / "scripts"
ORDER = ("compile_error", "wrong", "slow", "good")


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)  # a rough count so progress and budgets work offline


BACKEND_NAMES = {"triton": "Triton", "cuda": "CUDA"}
# the reference solutions a backend's replies may be derived from, in order (tasks/loader.py SOLUTION_BACKENDS)
SOLUTION_KINDS = {"triton": ("triton",), "cuda": ("cuda", "cuda_ext")}


def script_for(task, backend: str = "triton") -> list[str]:
    """The four replies, in order, for a task (a kernelpilot.tasks.loader.Task), written in `backend`."""
    if backend not in SOLUTION_KINDS:
        raise LLMError(f"the scripted model writes Triton or CUDA, not {backend!r}")
    hand = sorted((SCRIPTS / task.name).glob("*.md")) if (SCRIPTS / task.name).is_dir() else []
    if hand and backend == "triton":  # the hand-written scripts are Triton
        return [p.read_text() for p in hand]
    sols = task.solutions()
    sol = next((sols[k] for k in SOLUTION_KINDS[backend] if k in sols), None)
    if sol is None:
        name = BACKEND_NAMES[backend]
        others = [b for b in SOLUTION_KINDS if b != backend and (any(k in sols for k in SOLUTION_KINDS[b])
                                                                 or (b == "triton" and hand))]
        if others:
            raise LLMError(f"the scripted model has no {name} replies for task {task.name!r}: it replays replies "
                           f"derived from the task's shipped reference solution, and this task ships a "
                           f"{BACKEND_NAMES[others[0]]} one only (use --backend {others[0]}, or a real model)")
        raise LLMError(f"the scripted model replays replies for shipped tasks only; task {task.name!r} has no "
                       f"reference solution to derive them from (use a real model)")
    replies = derive_replies(sol.read_text())
    return [replies[k] for k in ORDER]


def as_action(tool: str, args: dict) -> str:
    """A call in the text protocol (actions.py): file content as a raw triple-quoted string."""
    parts = []
    for k, v in args.items():
        if isinstance(v, str) and "\n" in v and "'''" not in v:
            parts.append(f"{k}=r'''{v}'''")
        else:
            parts.append(f"{k}={v!r}")
    return f"{tool}({', '.join(parts)})"


class ScriptedLLM:
    """Reply `seq` of the script (the last one repeats once the script is exhausted)."""

    def __init__(self, task, backend: str = "triton"):
        self.name = "scripted"
        self.max_concurrency = 4
        self.task, self.backend = task, backend
        self.replies = script_for(task, backend)
        self.steps = self._agent_steps()

    def supports_tools(self) -> bool:
        return True

    def _agent_steps(self) -> list[dict]:
        raw = json.loads((SCRIPTS / "agent_steps.json").read_text())["steps"]
        codes = {k: extract_source(r).source or "" for k, r in zip(ORDER, self.replies)}
        out = []
        for step in raw:
            args = {}
            for k, v in step["args"].items():
                v = codes.get(v[1:], v) if v.startswith("$") and v[1:] in codes else v
                args[k] = v.replace("$task", self.task.name).replace("$backend", BACKEND_NAMES[self.backend])
            out.append({"say": step.get("say", ""), "tool": step["tool"], "args": args})
        return out

    def complete(self, req: LLMRequest) -> LLMReply:
        prompt_tokens = sum(_tokens(str(m.get("content") or "")) for m in req.messages)
        if req.tools is not None or re.fullmatch(r"s\d+", req.tag):  # an agent step: tools, or actions as text
            step = self.steps[min(req.seq, len(self.steps) - 1)]
            call = ToolCall(id=f"call_{req.seq}", name=step["tool"], arguments=json.dumps(step["args"]))
            if req.tools is None:
                text = f"{step['say']}\n\n```action\n{as_action(step['tool'], step['args'])}\n```\n"
                return LLMReply(text=text, prompt_tokens=prompt_tokens, completion_tokens=_tokens(text), model=self.name)
            return LLMReply(text=step["say"], tool_calls=[call], prompt_tokens=prompt_tokens,
                            completion_tokens=_tokens(call.arguments), model=self.name)
        if req.tag.endswith("/ask"):
            text = ("(scripted model) I replay a fixed script and give no real advice. A common rule: size the "
                    "block to the row, a power of two, capped so registers do not spill.")
        else:
            text = self.replies[min(req.seq, len(self.replies) - 1)]
        return LLMReply(text=text, prompt_tokens=prompt_tokens, completion_tokens=_tokens(text), model=self.name)
