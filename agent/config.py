"""Run configuration: one pydantic class per component, stored with each run so --resume rebuilds it.

The fields are the one place for the defaults of `optimize` and `batch`: an option that sets a field (RUN_OPTIONS
in agent/commands.py) takes the field's default and, unless the option has words of its own, its description as
the option's help."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class LLMConfig(BaseModel):
    model: str = "scripted"
    api_base: Optional[str] = Field(None, description="OpenAI-compatible server, e.g. http://localhost:8000/v1")
    # the variable's name only: the configuration is stored with the run, and the key must never be
    api_key_env: Optional[str] = Field(None, description="env var holding the key (default: the provider's)")
    temperature: float = 0.7
    max_output_tokens: int = Field(8192, ge=1, description="the most tokens one reply may have (the request's "
                                                           "max_tokens)")
    context_tokens: Optional[int] = Field(None, ge=256, description="the model's context window in tokens (default: "
                                          "litellm's figure for the model, if any): a prompt that would not fit loses "
                                          "feedback, never the task")
    timeout_s: float = Field(300.0, description="seconds per LLM call")
    retries: int = Field(4, ge=0, description="more tries of one LLM call after a timeout, a connection error, a 5xx "
                         "or a rate limit, with exponential backoff (a call is sent at most this many times plus one)")
    retry_base_s: float = 2.0
    concurrency: int = Field(4, ge=1, description="LLM calls in flight at once")
    max_failures: int = Field(3, ge=1, description="LLM calls failing in a row (each after its retries: unreachable, "
                              "timeout, 5xx) that stop the run as interrupted (exit 4, resumable)")


class BudgetConfig(BaseModel):
    max_cost: Optional[float] = Field(None, description="USD budget for the run")
    max_tokens: Optional[int] = Field(None, description="token budget for the run")


class SearchConfig(BaseModel):
    strategy: Literal["fsr", "agent"] = Field("fsr", description="fsr (rounds of N candidates) or agent (tool calling)")
    backend: Literal["triton", "cuda"] = Field("triton", description="triton or cuda")
    candidates: int = Field(4, ge=1, le=64, description="candidates per round (fsr)")
    rounds: int = Field(5, ge=1, le=100, description="rounds at most (fsr)")
    patience: int = Field(2, ge=1, description="stop after this many rounds without improvement")
    roofline_stop: float = Field(0.9, description="stop when the best kernel reaches this fraction of the roofline")
    feedback_chars: int = Field(1500, description="truncation of each error/diff shown to the LLM")
    max_steps: int = Field(30, description="tool calls at most (agent)")
    max_time_s: float = Field(1800.0, description="agent strategy: wall-clock limit per task")
    shell_timeout_s: float = 60.0
    tool_protocol: Literal["auto", "native", "text"] = Field(
        "auto", description="agent strategy: how the model acts. native: tool calls; text: actions written as code "
        "in the reply (for endpoints that ignore tools); auto: decided by what litellm knows of the model, else by "
        "its first reply")


class RunConfig(BaseModel):
    llm: LLMConfig = LLMConfig()
    budget: BudgetConfig = BudgetConfig()
    search: SearchConfig = SearchConfig()
    device: Literal["auto", "cpu", "cuda"] = Field("auto", description="auto, cpu or cuda")
    eval_timeout_s: float = Field(120.0, description="seconds per candidate evaluation")
    eval_trials: int = Field(3, description="fresh-seed correctness trials per shape")
    out: Optional[str] = None
    sandbox: Literal["process", "docker"] = Field(
        "process", description="process: each candidate judged in a forked worker process of this machine; docker: "
        "in a fresh container (no network, read-only, not root, limited; needs kernelpilot[docker], an engine and "
        "the image)")
    docker_image: Optional[str] = Field(None, description="with --sandbox docker: the image (default "
                                        "$KERNELPILOT_DOCKER_IMAGE or kernelpilot:latest)")
    executor: Literal["local", "ray"] = Field(
        "local", description="local: evaluations in this machine's pool of workers; ray: each evaluation a Ray task "
        "(one GPU, or one CPU slot under the interpreter) on a cluster, retried on another worker if its worker dies "
        "(needs kernelpilot[ray])")
    ray_address: Optional[str] = Field(None, description="with --executor ray: the cluster to join (e.g. "
                                       "ray://head:10001 or auto); default: a private one here")
    shapes: list[str] = Field(default_factory=list, description="sizes verified in place of the task's SHAPES "
                                                                 "(optimize --shape), as the user wrote them")
