"""The one real LLM client: litellm (OpenAI, Anthropic, Gemini, any OpenAI-compatible server via api_base).

litellm is imported on first use (its import costs seconds). Retries with exponential backoff on rate limits,
timeouts, connection errors and 5xx; a missing key or unknown model becomes one fatal line.
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

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
    return msg[:300] + ("..." if len(msg) > 300 else "")


class LiteLLMClient:
    def __init__(self, cfg: LLMConfig):
        self.cfg = cfg
        self.name = cfg.model
        self.max_concurrency = max(1, cfg.concurrency)
        self._ll = _litellm()
        self._preflight()

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
            raise LLMError(f"unknown model {self.cfg.model!r}: use provider/model, e.g. gpt-4o, anthropic/claude-sonnet-4, "
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
                                  max_tokens=self.cfg.max_output_tokens, num_retries=0, max_retries=0,
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

    def _classify(self, e: BaseException) -> tuple[bool, bool, str]:
        """(retryable, fatal, message) for an exception raised by litellm."""
        ll = self._ll
        name = type(e).__name__
        if isinstance(e, (ll.AuthenticationError, ll.PermissionDeniedError)) or "api_key" in str(e).lower():
            return False, True, f"authentication failed for model {self.cfg.model!r}: missing or invalid API key " \
                                f"(set the provider's key, e.g. OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY)"
        if isinstance(e, ll.NotFoundError):
            return False, True, f"unknown model {self.cfg.model!r}: the server says it does not exist ({_first_line(e)})"
        if isinstance(e, ll.ContextWindowExceededError):
            return False, False, f"the prompt is too long for {self.cfg.model!r}"
        if isinstance(e, ll.BadRequestError):
            msg = _first_line(e)
            low = str(e).lower()
            if any(k in low for k in ("llm provider not provided", "does not exist", "model not found", "invalid model",
                                      "unknown model", "no such model")):
                return False, True, f"unknown model {self.cfg.model!r}: use provider/model, e.g. openai/gpt-4o, " \
                                    f"anthropic/claude-sonnet-4, gemini/gemini-2.5-pro ({msg[:160]})"
            return False, False, f"bad request: {msg}"
        if isinstance(e, (ll.RateLimitError, ll.Timeout, ll.APIConnectionError, ll.ServiceUnavailableError,
                          ll.InternalServerError, ll.BadGatewayError)):
            return True, False, f"{name}: {_first_line(e)}"
        if isinstance(e, ll.APIError):
            code = getattr(e, "status_code", 0) or 0
            return code >= 500 or code == 0, False, f"{name}: {_first_line(e)}"
        return False, False, f"{name}: {_first_line(e)}"

    def complete(self, req: LLMRequest) -> LLMReply:
        kw = self._kwargs(req)
        last = ""
        for attempt in range(self.cfg.retries + 1):
            t0 = time.monotonic()
            try:
                resp = self._ll.completion(**kw)
                return self._reply(resp, time.monotonic() - t0)
            except LLMError:
                raise
            except Exception as e:  # noqa: BLE001 - litellm raises many types; classify instead of crashing
                retry, fatal, last = self._classify(e)
                if fatal or not retry or attempt == self.cfg.retries:
                    raise LLMError(last, fatal=fatal) from None
                delay = self.cfg.retry_base_s * 2 ** attempt * (0.5 + random.random())
                retry_after = getattr(getattr(e, "response", None), "headers", {}) or {}
                if str(retry_after.get("retry-after", "")).isdigit():
                    delay = max(delay, min(60.0, float(retry_after["retry-after"])))
                time.sleep(delay)
        raise LLMError(last)

    def _reply(self, resp: Any, latency: float) -> LLMReply:
        try:
            msg = resp.choices[0].message
        except (AttributeError, IndexError, TypeError, KeyError):
            raise LLMError("malformed reply from the LLM server: no choices in the response") from None
        calls = [ToolCall(id=c.id or f"call_{i}", name=c.function.name or "", arguments=c.function.arguments or "")
                 for i, c in enumerate(getattr(msg, "tool_calls", None) or [])]
        usage = getattr(resp, "usage", None)
        try:
            cost = float(self._ll.completion_cost(completion_response=resp) or 0.0)
        except Exception:  # noqa: BLE001 - unknown price (local servers): cost 0
            cost = 0.0
        return LLMReply(text=msg.content or "", tool_calls=calls,
                        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                        cost=cost, latency_s=latency, model=getattr(resp, "model", "") or self.cfg.model)
