"""The litellm client against a real OpenAI-compatible HTTP server on 127.0.0.1 (written here with http.server)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kernelpilot.agent.config import LLMConfig
from kernelpilot.agent.errors import LLMError
from kernelpilot.agent.protocols import LLMRequest

CODE_REPLY = "Here you go.\n\n```python\nimport torch\nclass ModelNew(torch.nn.Module):\n    pass\n```\n"


def completion(text: str, tool_calls=None) -> dict:
    msg = {"role": "assistant", "content": text}
    if tool_calls:
        msg["tool_calls"] = tool_calls
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": "test-model",
            "choices": [{"index": 0, "message": msg, "finish_reason": "tool_calls" if tool_calls else "stop"}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}}


class FakeServer:
    """Answers each POST with the next scripted action: (status, body) or ("sleep", seconds), then `default`.

    The check kernelpilot makes before a run (a request for one token) is answered apart, in `probes`, without
    taking an action; a model outside `models` (when given) gets a 404 as vLLM or Ollama would send. After
    `die_after` answered requests the server closes its socket: later connections are refused."""

    def __init__(self, port: int = 0, models=None, die_after=None, default=None):
        self.actions: list = []
        self.requests: list[dict] = []
        self.probes: list[dict] = []
        self.models, self.die_after = models, die_after
        self.default = default or (200, completion(CODE_REPLY))
        self.closed = False
        self.context = None  # a context window in tokens (4 characters a token): a longer request is refused
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                if server.models is not None and body.get("model") not in server.models:
                    action = (404, {"error": {"message": f"The model `{body.get('model')}` does not exist",
                                              "type": "invalid_request_error"}})
                elif server.context and len(json.dumps(body["messages"])) // 4 + body["max_tokens"] > server.context:
                    server.requests.append(body)
                    action = (400, {"error": {"message": f"This model's maximum context length is {server.context} "
                                                         "tokens; you requested more", "type": "invalid_request_error"}})
                elif body.get("max_tokens") == 1:
                    server.probes.append(body)
                    action = (200, completion("OK"))
                else:
                    server.requests.append(body)
                    action = server.actions.pop(0) if server.actions else server.default
                    if server.die_after is not None and len(server.requests) >= server.die_after:
                        server.close()  # the port is closed before this answer goes out: the next call is refused
                if action[0] == "sleep":
                    time.sleep(action[1])
                    action = (200, completion(CODE_REPLY))
                status, payload = action
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    if status == 429:
                        self.send_header("retry-after", "0")
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        if not self.closed:
            self.closed = True
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


def client(server, **kw):
    from kernelpilot.agent.llm.litellm_client import LiteLLMClient

    cfg = dict(model="openai/test-model", api_base=server.url, retries=2, retry_base_s=0.01, timeout_s=5.0)
    cfg.update(kw)
    return LiteLLMClient(LLMConfig(**cfg))


REQ = LLMRequest(messages=[{"role": "user", "content": "write a kernel"}], tag="r0/c0")


def test_success_counts_tokens(server):
    reply = client(server).complete(REQ)
    assert "class ModelNew" in reply.text
    assert reply.prompt_tokens == 11 and reply.completion_tokens == 7 and reply.cost is None  # no known price
    assert server.requests[0]["messages"][0]["content"] == "write a kernel"
    assert server.requests[0]["max_tokens"] == 8192


def test_max_output_tokens_reaches_the_request(server):
    client(server, max_output_tokens=123).complete(REQ)
    assert server.requests[0]["max_tokens"] == 123


def test_rate_limit_then_success(server):
    server.actions = [(429, {"error": {"message": "Rate limit reached", "type": "rate_limit"}})]
    reply = client(server).complete(REQ)
    assert "class ModelNew" in reply.text and len(server.requests) == 2


def test_server_error_retried_then_gives_up(server):
    server.actions = [(503, {"error": {"message": "overloaded"}})] * 3
    with pytest.raises(LLMError) as e:
        client(server).complete(REQ)
    assert not e.value.fatal and len(server.requests) == 3


def test_timeout(server):
    server.actions = [("sleep", 3.0), ("sleep", 3.0)]
    t0 = time.monotonic()
    with pytest.raises(LLMError) as e:
        client(server, timeout_s=0.5, retries=1).complete(REQ)
    assert not e.value.fatal and e.value.infra and "did not answer within 0.5 s" in str(e.value)
    assert time.monotonic() - t0 < 10
    assert len(server.requests) == 2  # an abandoned request is tried again as often as the retry budget says, no more


def test_malformed_reply(server):
    server.actions = [(200, b"this is not json {"), (200, b"this is not json {"), (200, b"this is not json {")]
    with pytest.raises(LLMError) as e:
        client(server).complete(REQ)
    assert not e.value.fatal and "\n" not in str(e.value)


def test_missing_key_is_one_fatal_line(server):
    server.actions = [(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}})]
    with pytest.raises(LLMError) as e:
        client(server).complete(REQ)
    assert e.value.fatal and "API key" in str(e.value) and "\n" not in str(e.value)
    assert len(server.requests) == 1  # never retried


def test_unknown_model_is_one_fatal_line(server):
    server.actions = [(404, {"error": {"message": "The model `nope` does not exist", "type": "invalid_request_error"}})]
    with pytest.raises(LLMError) as e:
        client(server, model="openai/nope").complete(REQ)
    assert e.value.fatal and "unknown model" in str(e.value)
    from kernelpilot.agent.llm.litellm_client import LiteLLMClient

    with pytest.raises(LLMError) as e:
        LiteLLMClient(LLMConfig(model="no-such-provider-model-xyz", retries=0)).complete(REQ)
    assert e.value.fatal and "unknown model" in str(e.value)


def test_small_context_trims_the_feedback_not_the_task(server, make_ctx, softmax):
    """A server with a 4800-token window (llama.cpp -c 4800): long compiler errors from round 0 would push the
    round-1 prompt past what leaves room for a kernel; the feedback is cut, the task and the reply room are not."""
    from kernelpilot.agent.search.fsr import run_fsr
    from kernelpilot.sandbox.result import fail

    server.context = 4800
    seen = []

    def evaluator(source):
        seen.append(source)
        return fail("build", "build.compile_error", f"{'ABCDEF'[len(seen) - 1] * 30} " + "the compiler said no. " * 80)

    ctx = make_ctx(llm=client(server, context_tokens=4800, concurrency=1), evaluator=evaluator, candidates=3, rounds=2)
    run_fsr(ctx)
    assert len(server.requests) == 6 and not [c for c in ctx.store.llm_calls("run1") if c["error"]]
    for r in server.requests:
        assert 1024 <= r["max_tokens"] <= 4800 - len(json.dumps(r["messages"])) // 4  # room for a kernel
        assert softmax.source.strip() in r["messages"][1]["content"]  # the task, whole
    later = server.requests[3]["messages"][1]["content"]
    assert "What happened in the last round" in later
    assert "left out: the model's context window is small" in later or "characters cut" in later


def test_tool_calls_come_back(server):
    call = {"id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": '{"path": "task.py"}'}}
    server.actions = [(200, completion("", [call]))]
    from kernelpilot.agent.tools import tool_schemas

    reply = client(server).complete(LLMRequest(messages=REQ.messages, tag="s0", tools=tool_schemas()))
    assert reply.tool_calls[0].name == "read_file" and json.loads(reply.tool_calls[0].arguments) == {"path": "task.py"}
    assert server.requests[0]["tools"][0]["type"] == "function"


def test_fsr_over_http_reply_without_code_and_errors(server, make_ctx, softmax):
    """The whole loop through litellm: a rate limit, a reply with no code, a malformed reply, then a kernel."""
    from kernelpilot.agent.search.fsr import run_fsr

    from kernelpilot.agent.llm.scripted import ScriptedLLM

    good = ScriptedLLM(softmax).replies[3]
    server.actions = [(429, {"error": {"message": "slow down"}}), (200, completion("Sorry, I can only describe it."))]
    llm = client(server, concurrency=1, retries=1)
    ctx = make_ctx(llm=llm, candidates=3, rounds=1)
    server.actions += [(200, b"<html>bad gateway</html>"), (200, b"<html>bad gateway</html>"), (200, completion(good))]
    out = run_fsr(ctx)
    reasons = {a["tag"]: a["reason"] for a in ctx.store.attempts("run1", "softmax")}
    assert "no code" in reasons["r0/c0"]
    assert "r0/c1" not in reasons  # a broken reply from the server is no candidate (and no feedback)
    assert out.best is not None and out.best.tag == "r0/c2"
    usage = ctx.store.usage("run1")
    assert usage["tokens"] == 2 * 18  # two answered calls counted; the failed one recorded with its error
    assert [c["tag"] for c in ctx.store.llm_calls("run1") if c["error"]] == ["r0/c1"]


def test_agent_strategy_over_http(server, make_ctx, softmax, tmp_path):
    """Tool calling through litellm: the server's model writes a file, evaluates it and submits."""
    from kernelpilot.agent.extract import extract_source
    from kernelpilot.agent.llm.scripted import ScriptedLLM
    from kernelpilot.agent.search.agent import run_agent

    code = extract_source(ScriptedLLM(softmax).replies[3]).source

    def call(i, name, args):
        return (200, completion("", [{"id": f"call_{i}", "type": "function",
                                      "function": {"name": name, "arguments": json.dumps(args)}}]))

    server.actions = [call(0, "write_file", {"path": "k.py", "content": code}), (200, completion("Let me think.")),
                      call(1, "evaluate", {"path": "k.py"}), call(2, "submit", {"path": "k.py"})]
    ctx = make_ctx(llm=client(server), strategy="agent", workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "submitted k.py" and out.best is not None and out.best.passed
    last = server.requests[-1]["messages"]
    assert last[-1]["role"] == "tool" and '"verdict": "pass"' in last[-1]["content"]
    assert any(m["role"] == "user" and "No tool was called" in m["content"] for m in last)
    assert len(server.requests) == 4 and ctx.store.usage("run1")["tokens"] == 4 * 18


def test_agent_over_a_server_without_tool_calls(server, make_ctx, softmax, tmp_path):
    """An endpoint that ignores `tools` (llama.cpp without --jinja, many proxies): the model answers in text. The
    first reply's action block switches the run to the text protocol; the agent writes, evaluates and submits."""
    from kernelpilot.agent.extract import extract_source
    from kernelpilot.agent.llm.scripted import ScriptedLLM
    from kernelpilot.agent.search.agent import run_agent

    code = extract_source(ScriptedLLM(softmax).replies[3]).source
    act = lambda c: (200, completion(f"Plan.\n```action\n{c}\n```"))  # noqa: E731
    server.actions = [act(f"write_file(path='k.py', content=r'''{code}''')"), act("evaluate(path=k.py)"),
                      act("evaluate(path='k.py')"), act("submit(path='k.py')")]
    ctx = make_ctx(llm=client(server), strategy="agent", workspace=str(tmp_path / "ws"))
    out = run_agent(ctx)
    assert out.stop_reason == "submitted k.py" and out.best is not None and out.best.passed
    assert "tools" in server.requests[0] and all("tools" not in r for r in server.requests[1:])
    last = server.requests[-1]["messages"]
    assert not any(m["role"] == "tool" for m in last)
    assert any(m["role"] == "user" and "That action was not run" in m["content"] for m in last)  # the correction
    assert last[-1]["content"].startswith("Result of evaluate:") and '"verdict": "pass"' in last[-1]["content"]


def test_cost_is_counted_and_max_cost_stops_the_search(server, make_ctx):
    """A known model name gets litellm's price; the run stops at --max-cost."""
    from kernelpilot.agent.llm.budget import Budget
    from kernelpilot.agent.search.fsr import run_fsr

    def priced():
        body = completion(CODE_REPLY)
        body["model"] = "gpt-4o"
        body["usage"] = {"prompt_tokens": 1000, "completion_tokens": 1000, "total_tokens": 2000}
        return (200, body)

    server.actions = [priced() for _ in range(10)]
    llm = client(server, model="openai/gpt-4o", concurrency=1)
    ctx = make_ctx(llm=llm, candidates=1, rounds=10, patience=10, budget=Budget(max_cost=0.02))
    out = run_fsr(ctx)
    calls = ctx.store.llm_calls("run1")
    assert calls[0]["cost"] > 0.005  # 1000 in + 1000 out tokens of gpt-4o
    assert "cost budget" in out.stop_reason and len(calls) < 10
    assert ctx.store.usage("run1")["cost"] >= 0.02


# -- the command line against the loopback server: the check at start, an outage mid-run, unknown prices --------

def kp(args, env, cwd, timeout=240):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "kernelpilot.agent.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli_env(tmp_path):
    import os

    env = dict(os.environ, KERNELPILOT_DB=str(tmp_path / "kp.sqlite"), COLUMNS="200", PYTHONUNBUFFERED="1")
    for k in ("KERNELPILOT_MODEL", "OPENAI_API_KEY"):
        env.pop(k, None)
    return tmp_path, env


def rows(env, sql, args=()):
    import sqlite3
    from pathlib import Path

    if not Path(env["KERNELPILOT_DB"]).exists():
        return []
    db = sqlite3.connect(env["KERNELPILOT_DB"])
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NO_CODE = "I would stage the rows in shared memory and use one warp per row."
OPT = ["--device", "cpu", "--trials", "1", "--llm-timeout", "30"]


def test_no_server_or_unknown_model_is_exit_2_before_any_run(cli_env):
    """Nobody listening: one line and exit 2 at once, no retries, no run in the store; the same for a model the
    server does not serve."""
    d, env = cli_env
    url = f"http://127.0.0.1:{free_port()}/v1"
    t0 = time.monotonic()
    p = kp(["optimize", "softmax", "--model", "openai/test-model", "--api-base", url, *OPT], env, d)
    assert p.returncode == 2, p.stdout + p.stderr
    assert p.stderr.strip().count("\n") == 0 and "cannot reach the LLM server at " + url in p.stderr
    assert "Traceback" not in p.stderr and time.monotonic() - t0 < 60
    assert rows(env, "SELECT id FROM runs") == []

    srv = FakeServer(models={"test-model"})
    try:
        p = kp(["batch", "--suite", "core", "--tasks", "relu", "--model", "openai/nope", "--api-base", srv.url, *OPT],
               env, d)
    finally:
        srv.close()
    assert p.returncode == 2 and "unknown model 'openai/nope'" in p.stderr and p.stderr.strip().count("\n") == 0
    assert rows(env, "SELECT id FROM runs") == [] and srv.requests == []


def test_server_gone_mid_run_interrupts_and_resume_finishes(cli_env, softmax):
    """The server dies after one answer: the run stops as interrupted (exit 4) after --max-llm-failures failed
    calls in a row, learns nothing, feeds nothing of the outage to the model; resumed against the server started
    again, it finishes and asks only the calls that were never answered."""
    from kernelpilot.agent.llm.scripted import ScriptedLLM

    d, env = cli_env
    good = ScriptedLLM(softmax).replies[3]
    srv = FakeServer(die_after=1)
    srv.actions = [(200, completion(NO_CODE))]
    args = ["optimize", "softmax", "--model", "openai/test-model", "--api-base", srv.url, *OPT, "--candidates", "2",
            "--rounds", "2", "--patience", "3", "--llm-retries", "0", "--max-llm-failures", "2",
            "--out", str(d / "out" / "softmax.py")]
    p = kp(args, env, d)
    assert p.returncode == 4, p.stdout + p.stderr
    (run_id, status, note), = rows(env, "SELECT id, status, note FROM runs")
    assert status == "interrupted" and "cannot reach" in note
    assert f"kernelpilot optimize --resume {run_id}" in p.stderr and "Traceback" not in p.stderr
    assert rows(env, "SELECT status FROM run_tasks") == [("interrupted",)]
    assert rows(env, "SELECT tag FROM attempts") == [("r0/c0",)]  # the unanswered calls are no candidates
    assert rows(env, "SELECT note FROM memory") == []  # an outage is no outcome
    assert sorted(rows(env, "SELECT tag FROM llm_calls WHERE error IS NOT NULL")) == [("r0/c1",), ("r1/c0",)]

    srv2 = FakeServer(port=srv.port, default=(200, completion(NO_CODE)))
    srv2.actions = [(200, completion(good))]  # r0/c1, asked again; r1/c0 and r1/c1 get the default
    try:
        p = kp(["optimize", "--resume", run_id], env, d)
    finally:
        srv2.close()
    assert p.returncode == 0, p.stdout + p.stderr
    assert rows(env, "SELECT status FROM runs") == [("done",)]
    assert len(srv2.probes) == 1 and len(srv2.requests) == 3  # r0/c0 was replayed from the store
    prompts = json.dumps([r["messages"] for r in srv2.requests]).lower()
    for infra in ("cannot reach", "connection error", "connection refused", "llm call failed", "did not answer",
                  "no reply", "the llm endpoint"):
        assert infra not in prompts
    notes = rows(env, "SELECT note, outcome FROM memory")
    assert len(notes) == 1 and notes[0][1] == "worked" and "connection" not in notes[0][0].lower()
    assert "softmax_kernel" in (d / "out" / "softmax.py").read_text()


def test_unpriced_model_max_cost_needs_max_tokens_and_cost_shows_unknown(cli_env):
    d, env = cli_env
    srv = FakeServer(default=(200, completion(NO_CODE)))
    try:
        base = ["optimize", "softmax", "--model", "openai/test-model", "--api-base", srv.url, *OPT,
                "--candidates", "1", "--rounds", "1"]
        p = kp(base + ["--max-cost", "1"], env, d)
        assert p.returncode == 2 and "no known price" in p.stderr and "--max-tokens" in p.stderr
        assert rows(env, "SELECT id FROM runs") == []
        p = kp(base + ["--max-cost", "1", "--max-tokens", "100000", "--max-output-tokens", "321"], env, d)
    finally:
        srv.close()
    assert p.returncode == 1, p.stdout + p.stderr  # a reply with no code: no correct kernel
    assert "no known price" in p.stderr and "--max-tokens 100000 is the budget" in p.stderr
    assert "unknown" in p.stdout and "$0.0000" not in p.stdout
    assert [r["max_tokens"] for r in srv.requests] == [321]
    (cfg,), = rows(env, "SELECT config FROM runs")
    assert json.loads(cfg)["llm"]["concurrency"] == 1  # a server on this machine: one request at a time
    listing = kp(["runs", "list"], env, d)
    assert "unknown" in listing.stdout and "$0.0000" not in listing.stdout
    run_id = rows(env, "SELECT id FROM runs")[0][0]
    report = kp(["report", run_id], env, d)
    assert "cost unknown" in report.stdout and "$0.0000" not in report.stdout
