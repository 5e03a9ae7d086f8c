"""The agent strategy (Cognitive Kernel style): the LLM works through tool calls in a private workspace
until it submits, or a step, time or cost limit is reached. Every step is logged to the store."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

from ..errors import BudgetExceeded, LLMError, Submitted
from ..prompting import backend_name, example, render
from ..protocols import LLMReply, LLMRequest, ToolCall
from ..actions import HOW, correction, find_action, observation_message, resolve_protocol, signature
from ..tools import MAX_OBSERVATION, TOOLS, ToolError, Workspace, parse_call, run_shell, tool_schemas
from .candidate import Candidate, better, fitness_label
from .context import SearchContext, SearchOutcome
from .diagnosis import diagnose, digest_error
from .feedback import truncate
from .fsr import prompt_limit
from .kinds import ideas_for


def run_agent(ctx: SearchContext) -> SearchOutcome:
    box = Toolbox(ctx)
    proto = Protocol(ctx)
    messages = first_messages(ctx, proto.mode)
    t0, stop, step = time.monotonic(), f"step limit ({ctx.cfg.max_steps})", -1
    while step + 1 < ctx.cfg.max_steps:
        step += 1
        if time.monotonic() - t0 > ctx.cfg.max_time_s:
            stop = f"time limit ({ctx.cfg.max_time_s:.0f} s)"
            break
        try:
            reply = ctx.llm.complete(LLMRequest(messages=fit_transcript(messages, prompt_limit(ctx.llm)),
                                                tag=f"s{step}", seq=step,
                                                tools=box.schemas if proto.sends_tools else None))
        except BudgetExceeded as e:
            stop = str(e)
            break
        except LLMError as e:  # EndpointDown (the endpoint is gone: the run is interrupted) is not caught here
            if e.fatal:
                raise
            if e.infra:  # the endpoint failed, not the model: the same step is asked again (the run's guard stops
                # the run after too many failures in a row); nothing of it goes into the transcript
                ctx.store.log_event(ctx.run_id, ctx.task.name, "llm_error", {"tag": f"s{step}", "error": str(e),
                                                                              "infra": True})
                step -= 1
                continue
            stop = f"LLM error: {e}"
            break
        messages.append(assistant_message(reply))
        calls, note = proto.actions(reply, step)
        if not calls:
            messages.append({"role": "user", "content": note})
            log_step(ctx, step, "(no action)", {}, note, reply)
            continue
        try:
            for call in calls:
                obs = box.dispatch(call, step)
                messages.append(proto.observation(call, obs))
                log_step(ctx, step, call.name, call.arguments, obs, reply)
        except Submitted as s:
            log_step(ctx, step, "submit", {"path": s.path}, "submitted", reply)
            stop = f"submitted {s.path}"
            break
    return SearchOutcome(best=box.final or box.best, stop_reason=stop, rounds=step + 1, candidates=box.evaluations)


class Protocol:
    """How the model acts: native tool calls, or actions written as text (actions.py). `auto` sends the tools
    and lets the first reply decide: an action block instead of a tool call switches the run to text."""

    def __init__(self, ctx: SearchContext):
        self.ctx, self.choice = ctx, ctx.cfg.tool_protocol
        supports = getattr(ctx.llm, "supports_tools", None)
        self.mode = resolve_protocol(self.choice, supports() if callable(supports) else None)
        self.native_seen = False

    @property
    def sends_tools(self) -> bool:
        return self.mode != "text"

    def actions(self, reply: LLMReply, step: int) -> tuple[list[ToolCall], str]:
        """The calls to run, or none and what to tell the model."""
        if reply.tool_calls and self.mode != "text":
            self.native_seen = True
            return reply.tool_calls, ""
        if self.mode == "native" and self.choice == "native":
            return [], "Plain text does nothing here: call one of the tools (submit when done)."
        found = find_action(reply.text, f"text_{step}")
        if (found.call or found.error) and self.mode != "text" and not self.native_seen:
            self.mode = "text"  # the endpoint (or the model) does not call tools: actions are read from the text
            self.ctx.store.log_event(self.ctx.run_id, self.ctx.task.name, "tool_protocol",
                                     {"step": step, "mode": "text", "why": "a reply with an action block and no tool call"})
        if found.call:
            return [found.call], ""
        if found.error:
            return [], correction(found.error)
        if self.mode == "text":
            return [], correction("the reply has no ```action block")
        return [], ("No tool was called, so nothing happened. Call one of the tools, or, if you cannot call tools, "
                    "write the action as text:\n" + HOW)

    def observation(self, call: ToolCall, obs: str) -> dict:
        if call.id.startswith("text_"):
            return observation_message(call.name, obs)
        return {"role": "tool", "tool_call_id": call.id, "content": obs}


def first_messages(ctx: SearchContext, protocol: str) -> list[dict]:
    guide = render("agent_tool_guide", backend_name=backend_name(ctx.cfg.backend), shell_timeout=int(ctx.cfg.shell_timeout_s),
                   max_steps=ctx.cfg.max_steps, max_time_s=ctx.cfg.max_time_s, protocol=protocol, tools=tool_lines())
    user = render("task", task=ctx.task, memory=ctx.memory, feature=None, feedback=[], best=None, kind=ctx.kind,
                  ideas=ideas_for(ctx.kind), begin=protocol)
    return [{"role": "system", "content": ctx.system + "\n\n" + guide}, {"role": "user", "content": user}]


def tool_lines() -> list[tuple[str, str]]:
    """(signature, description) of each tool, for the guide (endpoints without tool calls never see the schemas)."""
    return [(signature(name), (model.__doc__ or "").strip()) for name, model in TOOLS.items()]


KEEP_RECENT = 6  # the last messages (about two steps) are always sent whole


def fit_transcript(messages: list[dict], limit: Optional[int]) -> list[dict]:
    """The transcript as sent: where the model's context window is known and the whole would not fit, the oldest
    steps' texts (observations, corrections, the model's own replies and long tool arguments) are replaced by a
    line saying so, oldest first, until it fits. The system prompt, the task and the last steps stay whole;
    the transcript kept here is not changed."""
    size = lambda m: len(str(m.get("content") or "")) + sum(  # noqa: E731
        len(c["function"]["arguments"]) for c in m.get("tool_calls") or [])
    out = [dict(m) for m in messages]
    if limit is None or sum(map(size, out)) <= limit:
        return out
    total = sum(map(size, out))
    for m in out[2:max(2, len(out) - KEEP_RECENT)]:
        if total <= limit:
            break
        before = size(m)
        if len(str(m.get("content") or "")) > 200:
            m["content"] = f"[{len(str(m['content']))} characters of an earlier step left out to fit the model's context window]"
        if m.get("tool_calls"):
            m["tool_calls"] = [{**c, "function": {**c["function"], "arguments": json.dumps({"note": "left out to fit "
                                "the context window"})}} if len(c["function"]["arguments"]) > 200 else c
                               for c in m["tool_calls"]]
        total -= before - size(m)
    return out


def assistant_message(reply: LLMReply) -> dict:
    msg: dict = {"role": "assistant", "content": reply.text or ""}
    if reply.tool_calls:
        msg["tool_calls"] = [{"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                             for c in reply.tool_calls]
    return msg


def log_step(ctx: SearchContext, step: int, tool: str, args, observation: str, reply: LLMReply) -> None:
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            args = args[:2000]
    kept = observation
    if len(kept) > 2000 and kept.startswith("{"):
        # an evaluation's view, too long to keep whole: its verdict fields, still JSON for the report to read
        try:
            view = json.loads(kept)
        except ValueError:
            view = None
        if isinstance(view, dict):
            kept = json.dumps({k: truncate(v, 500) if isinstance(v, str) else v for k, v in view.items()
                               if k in ("verdict", "stage", "check", "fitness", "reason")})
    data = {"step": step, "tool": tool, "args": args,
            "observation": kept[:2000], "tokens": reply.tokens, "cost": reply.cost}
    ctx.store.log_event(ctx.run_id, ctx.task.name, "agent_step", data)
    ctx.reporter.event("step", task=ctx.task.name, step=step, tool=tool, observation=observation[:160])


class Toolbox:
    def __init__(self, ctx: SearchContext):
        self.ctx = ctx
        self.ws = Workspace(ctx.workspace or Path(".kernelpilot") / "runs" / ctx.run_id / ctx.task.name)
        task_file = self.ws.root / "task.py"
        if not task_file.exists():
            task_file.write_text(ctx.task.source)
            (self.ws.root / "example.py").write_text(example(ctx.cfg.backend) + "\n")
        self.schemas = tool_schemas()
        self.best: Optional[Candidate] = None
        self.final: Optional[Candidate] = None
        self.evaluations = 0

    def dispatch(self, call: ToolCall, step: int) -> str:
        try:
            args = parse_call(call.name, call.arguments)
            out = getattr(self, "t_" + call.name)(args, step)
        except ToolError as e:
            out = f"error: {e}"
        return truncate(out, MAX_OBSERVATION)

    def t_read_file(self, a, step):
        return self.ws.read(a.path)

    def t_write_file(self, a, step):
        return self.ws.write(a.path, a.content)

    def t_list_files(self, a, step):
        return self.ws.list(a.path)

    def t_run_shell(self, a, step):
        return run_shell(a.command, self.ws.root, self.ctx.cfg.shell_timeout_s, hide=(self.ctx.store.path.parent,))

    def judge(self, path: str, step: int) -> Candidate:
        source = self.ws.read(path)
        cand = Candidate(f"s{step}", path, source, self.ctx.evaluate(source))
        self.evaluations += 1
        self.ctx.store.save_candidate(self.ctx.run_id, self.ctx.task.name, cand.tag, source, {"path": path}, cand.result)
        self.ctx.reporter.event("evaluated", task=self.ctx.task.name, tag=cand.tag, feature=path, verdict=cand.result.verdict,
                                stage=cand.result.stage, summary=cand.summary(), cached=cand.result.cached)
        if better(cand, self.best):
            self.best = cand
        best = {**self.best.to_dict(), "source": self.best.source} if self.best is not None else None
        self.ctx.store.set_task_progress(self.ctx.run_id, self.ctx.task.name, step, best)
        return cand

    def t_evaluate(self, a, step):
        cand = self.judge(a.path, step)
        r, c = cand.result, self.ctx
        view = {"verdict": r.verdict, "stage": r.stage, "check": r.check, "reason": truncate(r.reason, 3000),
                "fitness": fitness_label(r)}
        if r.correctness and r.correctness.shapes:  # compact: the whole view must fit one observation as JSON
            view["errors_per_shape"] = [s.model_dump(exclude={"input_cases"}) for s in r.correctness.shapes]
        if r.verdict == "pass":
            view["diagnosis"] = diagnose(r, c.counts, c.target, c.kind)
        elif r.verdict == "fail":
            reason, lines = digest_error(r.reason, r.log_tail, cand.source)
            view["reason"] = truncate(reason, 3000)
            if lines:
                view["your_code_there"] = lines
        return _fitted(view)


    def t_remember(self, a, step):
        c = self.ctx
        if not any(m["note"] == a.note for m in c.store.recall(c.task.name, c.gpu, limit=200)):
            c.store.remember(c.task.name, c.gpu, a.note, a.outcome, c.run_id)  # a note is stored once (resume too)
        return "remembered"

    def t_recall(self, a, step):
        rows = self.ctx.store.recall(self.ctx.task.name, self.ctx.gpu, a.query)
        return "\n".join(f"- [{r['outcome']}, {r['gpu'] or 'cpu'}] {r['note']}" for r in rows) or "no notes yet"

    def t_ask_llm(self, a, step):
        msgs = [{"role": "system", "content": "You are an expert in GPU kernels. Answer briefly."},
                {"role": "user", "content": a.question}]
        try:
            return self.ctx.llm.complete(LLMRequest(messages=msgs, tag=f"s{step}/ask", seq=step)).text
        except LLMError as e:  # EndpointDown is not caught: the run stops
            if e.fatal:
                raise
            return "error: no answer (the LLM endpoint failed this call); go on without it"

    def t_submit(self, a, step):
        cand = self.judge(a.path, step)
        if not cand.passed:
            return f"not submitted: {a.path} does not pass ({cand.result.stage}: {truncate(cand.result.reason, 500)})"
        self.final = self.best if better(self.best, cand) else cand  # the agent's choice unless it judged a better one
        raise Submitted(a.path)


def _fitted(view: dict) -> str:
    """The evaluation's view as one line of JSON that fits an observation whole (a cut one would not parse): the
    shape labels shortened first (an evaluation checks ten shapes or more, the judge's own labelled at length),
    then the reason and the diagnosis."""
    text = json.dumps(view)  # one line: no indentation to count against the observation's size
    for key, limit in (("errors_per_shape", 60), ("reason", 1500), ("diagnosis", 1500), ("reason", 400)):
        if len(text) <= MAX_OBSERVATION or key not in view:
            continue
        if key == "errors_per_shape":
            view[key] = [{**s, "shape": truncate(str(s.get("shape", "")), limit)} for s in view[key]]
        else:
            view[key] = truncate(str(view[key]), limit)
        text = json.dumps(view)
    return text
