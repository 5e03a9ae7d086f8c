"""Run configuration: one pydantic class per component, stored with each run so --resume rebuilds it."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class LLMConfig(BaseModel):
    model: str = "scripted"
    api_base: Optional[str] = None
    api_key_env: Optional[str] = Field(None, description="name of the env var holding the key (never the key)")
    temperature: float = 0.7
    max_output_tokens: int = Field(8192, ge=1, description="the completion's max_tokens (--max-output-tokens)")
    context_tokens: Optional[int] = Field(None, ge=256, description="the model's context window in tokens "
                                          "(--context-tokens); None: litellm's figure for the model, if it has one")
    timeout_s: float = 300.0
    retries: int = Field(4, ge=0, description="more tries of one call after a retryable failure (a timeout too)")
    retry_base_s: float = 2.0
    concurrency: int = Field(4, ge=1)
    max_failures: int = Field(3, ge=1, description="consecutive failed calls (each after its retries) that stop "
                                                   "the run as interrupted (--max-llm-failures)")


class BudgetConfig(BaseModel):
    max_cost: Optional[float] = Field(None, description="USD for the whole run")
    max_tokens: Optional[int] = None


class SearchConfig(BaseModel):
    strategy: Literal["fsr", "agent"] = "fsr"
    backend: Literal["triton", "cuda"] = "triton"
    candidates: int = Field(4, ge=1, le=64)
    rounds: int = Field(5, ge=1, le=100)
    patience: int = Field(2, ge=1, description="rounds without improvement before stopping")
    roofline_stop: float = Field(0.9, description="stop when the best kernel reaches this fraction of the roofline")
    feedback_chars: int = Field(1500, description="truncation of each error/diff shown to the LLM")
    max_steps: int = Field(30, description="agent strategy: tool calls")
    max_time_s: float = Field(1800.0, description="agent strategy: wall-clock limit per task")
    shell_timeout_s: float = 60.0
    tool_protocol: Literal["auto", "native", "text"] = Field(
        "auto", description="agent strategy: how the model acts. native: tool calls; text: actions written as code "
        "in the reply (endpoints without tool calls); auto: native where litellm knows the model calls tools, text "
        "where it knows it does not, else tools offered and the first reply decides")


class RunConfig(BaseModel):
    llm: LLMConfig = LLMConfig()
    budget: BudgetConfig = BudgetConfig()
    search: SearchConfig = SearchConfig()
    device: Literal["auto", "cpu", "cuda"] = "auto"
    eval_timeout_s: float = 120.0
    eval_trials: int = 3
    out: Optional[str] = None
    sandbox: Literal["process", "docker"] = Field("process", description="where each candidate is judged: a worker "
                                                  "process of this machine, or a container (--sandbox docker)")
    docker_image: Optional[str] = Field(None, description="with sandbox docker: the image (default "
                                        "$KERNELPILOT_DOCKER_IMAGE or kernelpilot:latest)")
    executor: Literal["local", "ray"] = Field("local", description="where evaluations run: this machine's pool of "
                                              "workers, or Ray tasks on a cluster (--executor ray)")
    ray_address: Optional[str] = Field(None, description="with executor ray: the cluster to join (--ray-address); "
                                       "none: a private Ray instance on this machine")
    shapes: list[str] = Field(default_factory=list, description="sizes verified in place of the task's SHAPES "
                                                                 "(optimize --shape), as the user wrote them")
