"""The one real LLM client: litellm (OpenAI, Anthropic, Gemini, any OpenAI-compatible server via api_base).

litellm is imported on first use (its import costs seconds). Retries with exponential backoff on rate limits,
timeouts, connection errors and 5xx; a missing key or unknown model becomes one fatal line. A failure of the
endpoint itself (unreachable, timed out, overloaded, a broken reply) is marked `infra`: the run's guard
(health.py) counts those, and they never reach the model as feedback on its kernel.
"""

from __future__ import annotations

import os
import random
import re
import time
from typing import Any, Optional

from ..config import LLMConfig
from ..errors import LLMError
from ..protocols import LLMReply, LLMRequest, ToolCall


def _litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch of the price list at import
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


PROVIDER_KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY",
                 "mistral": "MISTRAL_API_KEY", "groq": "GROQ_API_KEY", "deepseek": "DEEPSEEK_API_KEY",
                 "together_ai": "TOGETHERAI_API_KEY", "openrouter": "OPENROUTER_API_KEY", "xai": "XAI_API_KEY"}


def _first_line(e: BaseException) -> str:
    msg = " ".join(str(e).split())
    # litellm's wrapping ("litellm.InternalServerError: InternalServerError: OpenAIException - ...") says nothing
    msg = re.sub(r"^(litellm\.\w+: )?(\w+Error: )?(\w+Exception - )?", "", msg) or msg
    return msg[:300] + ("..." if len(msg) > 300 else "")


def is_local(api_base: Optional[str]) -> bool:
    """localhost, 127.x, ::1 (a server on this machine: one request at a time unless --concurrency says more)."""
    if not api_base:
        return False
    import ipaddress
    from urllib.parse import urlparse

    host = (urlparse(api_base if "//" in api_base else "http://" + api_base).hostname or "").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def price_known(model: str) -> bool:
    """Does litellm have a price for this model (so that --max-cost can be enforced)?"""
    ll = _litellm()
    try:
        prompt, completion = ll.cost_per_token(model=model, prompt_tokens=1000, completion_tokens=1000)
    except Exception:  # noqa: BLE001 - not in litellm's price list
        return False
    return (prompt or 0) + (completion or 0) > 0


class LiteLLMClient:
    def __init__(self, cfg: LLMConfig):
        self.cfg = cfg
        self.name = cfg.model
        self.max_concurrency = max(1, cfg.concurrency)
        self.health = None  # the run's EndpointHealth (set by RecordedLLM): no retries once the endpoint is down
        self._ll = _litellm()
        self._preflight()
        self.context_tokens = cfg.context_tokens or self._known_context()
        self.max_output_tokens = cfg.max_output_tokens

    def supports_tools(self) -> Optional[bool]:
        """litellm's word on whether the model calls tools; None for a model it does not know (a local server)."""
        try:
            self._ll.get_model_info(self.cfg.model)
        except Exception:  # noqa: BLE001
            return None
        try:
            return bool(self._ll.supports_function_calling(model=self.cfg.model))
        except Exception:  # noqa: BLE001
            return None

    def _known_context(self) -> Optional[int]:
        """litellm's context window for the model (None for a model it does not know, e.g. on a local server)."""
        try:
            info = self._ll.get_model_info(self.cfg.model)
        except Exception:  # noqa: BLE001
            return None
        return info.get("max_input_tokens") or info.get("max_tokens") or None

    def _output_tokens(self, req: LLMRequest) -> int:
        """max_tokens of a request: --max-output-tokens, less what a known context window leaves after the
        prompt (vLLM and llama.cpp refuse a request whose prompt plus max_tokens exceed it)."""
        if not self.context_tokens:
            return self.cfg.max_output_tokens
        try:
            prompt = self._ll.token_counter(model=self.cfg.model, messages=req.messages, tools=req.tools)
        except Exception:  # noqa: BLE001
            prompt = sum(len(str(m.get("content") or "")) for m in req.messages) // 3
        left = self.context_tokens - int(prompt * 1.1) - 16  # another tokenizer may count a little more
        return max(1, min(self.cfg.max_output_tokens, left))

    def _preflight(self) -> None:
        """Unknown provider or missing key: one fatal line now, not a retry loop per candidate later."""
        if self.cfg.api_key_env:
            if not os.environ.get(self.cfg.api_key_env):
                raise LLMError(f"missing API key: ${self.cfg.api_key_env} is not set", fatal=True)
            return
        if self.cfg.api_base:
            return
        try:
            provider = self._ll.get_llm_provider(self.cfg.model)[1]
        except Exception as e:  # noqa: BLE001
            raise LLMError(f"unknown model {self.cfg.model!r}: use provider/model, e.g. gpt-4o, anthropic/claude-sonnet-4-5, "
                           f"gemini/gemini-2.5-pro, or openai/NAME with --api-base ({type(e).__name__})", fatal=True) from None
        env = self._ll.validate_environment(self.cfg.model) or {}
        missing = list(env.get("missing_keys") or [])
        key = PROVIDER_KEYS.get(provider)
        if key and not os.environ.get(key) and key not in missing:
            missing.append(key)
        if missing:
            raise LLMError(f"missing API key for {self.cfg.model!r} ({provider}): set {' and '.join(missing)}", fatal=True)

    def _kwargs(self, req: LLMRequest) -> dict[str, Any]:
        kw: dict[str, Any] = dict(model=self.cfg.model, messages=req.messages, timeout=self.cfg.timeout_s,
                                  max_tokens=self._output_tokens(req), num_retries=0, max_retries=0,
                                  drop_params=True)  # e.g. temperature on reasoning models
        if req.temperature is not None or self.cfg.temperature is not None:
            kw["temperature"] = req.temperature if req.temperature is not None else self.cfg.temperature
        if self.cfg.api_base:
            kw["api_base"] = self.cfg.api_base
            kw.setdefault("api_key", os.environ.get(self.cfg.api_key_env or "OPENAI_API_KEY") or "sk-no-key")
        elif self.cfg.api_key_env:
            kw["api_key"] = os.environ.get(self.cfg.api_key_env)
        if req.tools:
            kw["tools"] = req.tools
        return kw

    def _where(self) -> str:
        return f"the LLM server at {self.cfg.api_base}" if self.cfg.api_base else f"the provider of {self.cfg.model!r}"

    def _classify(self, e: BaseException) -> tuple[bool, bool, bool, str]:
        """(retryable, fatal, infra, message) for an exception raised by litellm. `infra`: the endpoint failed
        (unreachable, timed out, overloaded, broken reply), not the request."""
        ll = self._ll
        name = type(e).__name__
        if isinstance(e, (ll.AuthenticationError, ll.PermissionDeniedError)) or "api_key" in str(e).lower():
            return False, True, True, f"authentication failed for model {self.cfg.model!r}: missing or invalid API " \
                                      f"key (set the provider's key, e.g. OPENAI_API_KEY / ANTHROPIC_API_KEY / " \
                                      f"GEMINI_API_KEY, or --api-key-env VAR)"
        if isinstance(e, ll.NotFoundError):
            return False, True, True, f"unknown model {self.cfg.model!r}: {self._where()} says it does not exist " \
                                      f"({_first_line(e)})"
        if isinstance(e, ll.ContextWindowExceededError):
            return False, False, False, f"the prompt is too long for {self.cfg.model!r} (see --context-tokens)"
        if isinstance(e, ll.BadRequestError):
            msg = _first_line(e)
            low = str(e).lower()
            if any(k in low for k in ("llm provider not provided", "does not exist", "model not found", "invalid model",
                                      "unknown model", "no such model")):
                return False, True, True, f"unknown model {self.cfg.model!r}: use provider/model, e.g. openai/gpt-4o, " \
                                          f"anthropic/claude-sonnet-4-5, gemini/gemini-2.5-pro ({msg[:160]})"
            return False, False, False, f"bad request: {msg}"
        if isinstance(e, ll.Timeout) or "timed out" in str(e).lower():
            return True, False, True, f"{self._where()} did not answer within {self.cfg.timeout_s:g} s (--llm-timeout)"
        if isinstance(e, ll.APIConnectionError) or "connection error" in str(e).lower():
            return True, False, True, f"cannot reach {self._where()} (connection refused, unknown host or dropped " \
                                      f"connection: {_first_line(e)})"
        if isinstance(e, (ll.RateLimitError, ll.ServiceUnavailableError, ll.InternalServerError, ll.BadGatewayError)):
            return True, False, True, f"{name}: {_first_line(e)}"
        if isinstance(e, ll.APIError):
            code = getattr(e, "status_code", 0) or 0
            return code >= 500 or code == 0, False, code >= 500 or code == 0, f"{name}: {_first_line(e)}"
        return False, False, False, f"{name}: {_first_line(e)}"

    def _pause(self, seconds: float) -> bool:
        """Sleep between retries; False at once when the run's guard says the endpoint is down."""
        end = time.monotonic() + seconds
        while True:
            if self.health is not None and self.health.down:
                return False
            left = end - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(left, 0.2))

    def complete(self, req: LLMRequest) -> LLMReply:
        """One call, with at most `retries` more tries (so at most retries + 1 requests, a timed-out one included)
        for the retryable failures, spaced by exponential backoff."""
        kw, retries, last = self._kwargs(req), self.cfg.retries, ""
        for attempt in range(retries + 1):
            t0 = time.monotonic()
            try:
                resp = self._ll.completion(**kw)
                return self._reply(resp, time.monotonic() - t0)
            except LLMError:
                raise
            except Exception as e:  # noqa: BLE001 - litellm raises many types; classify instead of crashing
                retry, fatal, infra, last = self._classify(e)
                if fatal or not retry or attempt == retries:
                    raise LLMError(last, fatal=fatal, infra=infra) from None
                delay = self.cfg.retry_base_s * 2 ** attempt * (0.5 + random.random())
                retry_after = getattr(getattr(e, "response", None), "headers", {}) or {}
                if str(retry_after.get("retry-after", "")).isdigit():
                    delay = max(delay, min(60.0, float(retry_after["retry-after"])))
                if not self._pause(delay):
                    raise LLMError(last, infra=True) from None
        raise LLMError(last, infra=True)

    def probe(self) -> None:
        """The check before a run: one request of one output token. Unreachable, unknown model or a refused key
        raise a fatal LLMError (one line); a rate limit or any other answer proves the endpoint and the model."""
        kw = self._kwargs(LLMRequest(messages=[{"role": "user", "content": "Reply with OK."}], tag="probe"))
        kw["max_tokens"] = 1
        kw.pop("temperature", None)
        last = ""
        for attempt in range(self.cfg.retries + 1):
            try:
                self._ll.completion(**kw)
                return
            except Exception as e:  # noqa: BLE001
                retry, fatal, infra, last = self._classify(e)
                if isinstance(e, self._ll.RateLimitError) or not infra:
                    return  # the server answered: it is there and it knows the model
                if fatal:
                    raise LLMError(last, fatal=True) from None
                if isinstance(e, (self._ll.Timeout, self._ll.APIConnectionError)) or "connection error" in str(e).lower():
                    break  # nobody there: no point in waiting out the retries
                if attempt < self.cfg.retries:  # 5xx (e.g. a server still loading its model): the retry budget
                    time.sleep(self.cfg.retry_base_s * 2 ** attempt)
        raise LLMError(f"{last} (no run was started)", fatal=True)

    def _reply(self, resp: Any, latency: float) -> LLMReply:
        try:
            msg = resp.choices[0].message
        except (AttributeError, IndexError, TypeError, KeyError):
            raise LLMError("malformed reply from the LLM server: no choices in the response") from None
        calls = [ToolCall(id=c.id or f"call_{i}", name=c.function.name or "", arguments=c.function.arguments or "")
                 for i, c in enumerate(getattr(msg, "tool_calls", None) or [])]
        usage = getattr(resp, "usage", None)
        try:
            cost: Optional[float] = float(self._ll.completion_cost(completion_response=resp) or 0.0)
        except Exception:  # noqa: BLE001 - no known price (local servers, new models)
            cost = None
        if cost == 0.0 and bool(getattr(usage, "total_tokens", 0)):  # litellm's map says 0 for models it cannot price
            cost = None
        return LLMReply(text=msg.content or "", tool_calls=calls,
                        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                        cost=cost, latency_s=latency, model=getattr(resp, "model", "") or self.cfg.model)
