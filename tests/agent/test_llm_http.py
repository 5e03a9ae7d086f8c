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
    """Answers each POST with the next scripted action: (status, body) or ("sleep", seconds)."""

    def __init__(self):
        self.actions: list = []
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                server.requests.append(json.loads(body or b"{}"))
                action = server.actions.pop(0) if server.actions else (200, completion(CODE_REPLY))
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

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
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
    assert reply.prompt_tokens == 11 and reply.completion_tokens == 7 and reply.cost == 0.0  # unknown price: 0
    assert server.requests[0]["messages"][0]["content"] == "write a kernel"


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
    assert not e.value.fatal and ("Timeout" in str(e.value) or "timed out" in str(e.value).lower())
    assert time.monotonic() - t0 < 10


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
    assert "LLM call failed" in reasons["r0/c1"]
    assert out.best is not None and out.best.tag == "r0/c2"
    usage = ctx.store.usage("run1")
    assert usage["tokens"] == 2 * 18  # two answered calls counted; the failed one recorded with its error


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
    assert any(m["role"] == "user" and "call a tool" in m["content"] for m in last)
    assert len(server.requests) == 4 and ctx.store.usage("run1")["tokens"] == 4 * 18


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
