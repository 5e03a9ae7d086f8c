"""One run: one or more tasks searched with a strategy, recorded in the store, resumable, replayable."""

from __future__ import annotations

import json
import time
import traceback
from pathlib import Path
from typing import Optional

from ..sandbox.config import EvalConfig

from .config import RunConfig
from .errors import EndpointDown, LLMError
from .evaluator import CachedEvaluator
from .hardware import describe_gpu
from .llm import make_llm
from .llm.budget import Budget
from .llm.health import EndpointHealth
from .llm.recording import RecordedLLM
from .prompting import system_prompt
from .protocols import Reporter
from .search.candidate import Candidate
from .search.context import SearchContext, SearchOutcome
from .store import SQLiteStore
from .summary import TaskSummary


class RunError(Exception):
    """The run cannot go on (missing key, unknown model, bad resume); one line for the user."""


def out_path_for(cfg: RunConfig, task_name: str, single: bool) -> Path:
    if cfg.out and single and cfg.out.endswith(".py"):
        return Path(cfg.out)
    return Path(cfg.out or "kernelpilot_out") / f"{task_name}_best.py"


def keep_previous(out: Path, source: str) -> None:
    """An earlier run's kernel at `out` (and its .json) is kept beside it, named by when it was written, rather
    than overwritten: a new run's best is not necessarily better than an old one."""
    if not out.is_file() or out.read_text() == source:
        return
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(out.stat().st_mtime))
    for f in (out, out.with_suffix(".json")):
        if f.is_file():
            f.rename(f.with_name(f"{out.stem}.{stamp}{f.suffix}"))


class Runner:
    def __init__(self, store: SQLiteStore, cfg: RunConfig, run_id: str, reporter: Reporter, executor=None):
        self.store, self.cfg, self.run_id, self.reporter = store, cfg, run_id, reporter
        self.executor = executor  # None: this machine's pool; else a RayExecutor (agent/executor.py)
        self.budget = Budget(cfg.budget.max_cost, cfg.budget.max_tokens)
        self.health = EndpointHealth(cfg.llm.max_failures)  # one for the run: an outage stops every task
        self.gpu = describe_gpu(cfg.device)
        self.gpu_name = self.gpu["name"] if self.gpu else ""
        self.system = system_prompt(cfg.search.backend, self.gpu, cfg.search.strategy)
        self.single = True
        self.replay_from = cfg.llm.model.split(":", 1)[1] if cfg.llm.model.startswith("replay:") else ""

    def run_tasks(self, tasks: list, single: bool) -> list[TaskSummary]:
        """Every task in order; done tasks of a resumed run are skipped; a failing task never stops the others."""
        self.single = single
        done = {r["task"]: r for r in self.store.run_tasks(self.run_id) if r["status"] == "done"}
        for name in done:
            u = self.store.usage(self.run_id, name)
            self.budget.charge(u["tokens"], u["cost"], calls=u["calls"], unpriced=u["unpriced"])
        summaries = []
        for k, task in enumerate(tasks, 1):
            if task.name in done and done[task.name]["summary"]:
                summary = TaskSummary.model_validate(done[task.name]["summary"])
                summaries.append(summary)
                self.reporter.event("task_skipped", task=task.name, summary=summary, index=k, of=len(tasks))
                continue
            summaries.append(self.run_task(task, k, len(tasks)))
        return summaries

    def run_task(self, task, index: int = 1, of: int = 1) -> TaskSummary:
        self.store.start_task(self.run_id, task.name)
        self.reporter.event("task", task=task.name, strategy=self.cfg.search.strategy, model=self.cfg.llm.model,
                            index=index, of=of)
        try:
            outcome = self.search(task)
        except EndpointDown:  # not an outcome: the task stays unfinished (resumable), nothing is learnt
            self.store.finish_task(self.run_id, task.name, "interrupted", None)
            self.store.log_event(self.run_id, task.name, "interrupted", {"reason": self.health.reason})
            raise
        except LLMError as e:
            if e.fatal:
                raise RunError(str(e)) from None
            return self.finish(task, None, f"LLM error: {e}")
        except RunError:
            raise
        except Exception as e:  # noqa: BLE001 - a broken task must not stop a batch
            self.store.log_event(self.run_id, task.name, "error", {"traceback": traceback.format_exc()})
            return self.finish(task, None, f"{type(e).__name__}: {e}")
        return self.finish(task, outcome, "")

    def search(self, task) -> SearchOutcome:
        from .search.agent import run_agent
        from .search.fsr import run_fsr
        from .search.kinds import roofline_counts, task_kind

        inner = make_llm(self.cfg.llm, task, self.cfg.search.backend)
        llm = RecordedLLM(inner, self.store, self.run_id, task.name, self.budget, self.replay_from, self.health)
        ecfg = EvalConfig(device=self.cfg.device, trials=self.cfg.eval_trials, timeout_s=self.cfg.eval_timeout_s,
                          sandbox=self.cfg.sandbox)
        memory = self.store.recall(task.name, self.gpu_name, task.summary)
        workspace = str(self.store.path.parent / "runs" / self.run_id / task.name)
        ctx = SearchContext(run_id=self.run_id, task=task, llm=llm, evaluate=CachedEvaluator(task, self.store, ecfg, self.gpu_name, self.executor),
                            store=self.store, reporter=self.reporter, cfg=self.cfg.search, system=self.system,
                            gpu=self.gpu_name, memory=memory, workspace=workspace, kind=task_kind(task),
                            counts=roofline_counts(task), target=self.gpu or {"arch": ecfg.gpu_arch})
        self.store.log_event(self.run_id, task.name, "start", {"memory": len(memory), "gpu": self.gpu})
        return (run_agent if self.cfg.search.strategy == "agent" else run_fsr)(ctx)

    def finish(self, task, outcome: Optional[SearchOutcome], error: str) -> TaskSummary:
        best = outcome.best if outcome else None
        out = None
        if best is not None and best.passed:
            assert best.source is not None  # only a reply with no code has no source, and it never passes
            out = out_path_for(self.cfg, task.name, self.single)
            if best.result.timing and best.result.timing.speed_unverified:  # never exported as "the best"
                out = out.with_name(f"{task.name}_speed_unverified.py")
            out.parent.mkdir(parents=True, exist_ok=True)
            keep_previous(out, best.source)
            out.write_text(best.source)
            record = {"run_id": self.run_id, "task": task.name, "model": self.cfg.llm.model, "result": best.result.model_dump()}
            out.with_suffix(".json").write_text(json.dumps(record, indent=1))
        elif outcome is not None and outcome.unverified is not None:
            assert outcome.unverified.source is not None  # it was built, so it had code
            out = out_path_for(self.cfg, task.name, self.single).with_name(f"{task.name}_unverified.py")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(outcome.unverified.source)
        summary = TaskSummary.of(task.name, outcome, self.store.usage(self.run_id, task.name), out, error)
        self.learn(task, summary, best)
        self.store.finish_task(self.run_id, task.name, "done" if not error else "failed", summary.model_dump())
        self.reporter.event("task_done", task=task.name, summary=summary)
        return summary

    def learn(self, task, s: TaskSummary, best: Optional[Candidate] = None) -> None:
        """Long-term memory per operator (and GPU), written at the end of each task and shown at the start of the
        next run: what worked (the kernel's idea and its speedup) or what failed for a kernel reason (the checks
        the candidates failed most). A task that failed before or around its search (an LLM error, a task the
        model cannot serve), or whose candidates never reached the harness, says nothing about kernels. The
        store keeps each note once."""
        if s.error or not s.candidates:
            return
        if s.correct and best is not None:
            idea = best.feature if self.cfg.search.strategy == "fsr" else "the agent's kernel"
            note, outcome = f"{idea}: {s.best}", "worked"
        else:
            checks: dict[str, int] = {}
            for a in self.store.attempts(self.run_id, task.name):
                check = json.loads(a["result"] or "{}").get("check") or str(a["stage"])
                if a["verdict"] == "fail" and not check.startswith(("reply.", "sandbox.")):  # a kernel's failures
                    checks[check] = checks.get(check, 0) + 1
            if not checks:
                return  # no candidate failed for a kernel reason (replies without code, judge trouble)
            top = sorted(checks.items(), key=lambda kv: -kv[1])[:3]
            note = "no correct kernel; candidates failed at " + ", ".join(f"{k} ({n})" for k, n in top)
            outcome = "failed"
        self.store.remember(task.name, self.gpu_name, note, outcome, self.run_id)
