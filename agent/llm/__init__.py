"""LLM clients: litellm for real models, the scripted replay model, budgets, and recording/replay."""

from __future__ import annotations

from ..config import LLMConfig
from ..protocols import LLM


def make_llm(cfg: LLMConfig, task, backend: str = "triton") -> LLM | None:
    """The client a model name selects: `scripted`, `replay:RUN_ID` (None: served from the store), or litellm."""
    if cfg.model == "scripted":
        from .scripted import ScriptedLLM

        return ScriptedLLM(task, backend)
    if cfg.model.startswith("replay:"):
        return None
    from .litellm_client import LiteLLMClient

    return LiteLLMClient(cfg)
