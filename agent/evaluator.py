"""The real evaluator: the sandbox harness behind the store's evaluation cache.

Cache key: source hash, task name and source hash, SHAPES, device, the judge's settings, the sandbox (a worker
process, or a container and its image) and the toolchain (torch, triton, python, kernelpilot and a digest of the
judge's own code), so the same candidate is never
judged twice under the same conditions, and a verdict from one sandbox is never reused for another.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import signal
import threading
from importlib import metadata
from pathlib import Path

from ..sandbox.config import EvalConfig
from ..sandbox.result import EvalResult

from .store import sha256

TRANSIENT = {"sandbox.timeout", "sandbox.worker_died", "unverified.judge_error",  # may pass on a retry: not cached
             "sandbox.container_timeout", "sandbox.container_died", "sandbox.container_error",
             "sandbox.executor_lost"}


def toolchain() -> dict:
    def v(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "-"

    return {"torch": v("torch"), "triton": v("triton"), "python": platform.python_version(),
            "kernelpilot": v("kernelpilot"), "judge": judge_digest()}


@functools.lru_cache(maxsize=1)
def judge_digest() -> str:
    """The judge's own code (sandbox/ and the task loader): a verdict holds for the judge that reached it, and
    the version number does not move with every fix of the judge."""
    from ..sandbox import judge
    from ..tasks import loader

    h = hashlib.sha256()
    for root in (Path(judge.__file__).parent, Path(loader.__file__).parent):
        for f in sorted(root.glob("*.py")):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def sandbox_label(cfg: EvalConfig) -> str:
    """The sandbox a verdict came from, for the cache key: `process`, or `docker:IMAGE`."""
    if cfg.sandbox == "docker":
        from ..sandbox.docker_sandbox import image_name

        return f"docker:{image_name()}"
    return cfg.sandbox


class CachedEvaluator:
    def __init__(self, task, store, cfg: EvalConfig, device_label: str, executor=None):
        """executor: None for this machine's pool, or a RayExecutor (agent/executor.py), whose cluster decides the
        device and how many evaluations run at once."""
        from ..sandbox.evaluate import resolve_device

        self.task, self.store, self.cfg, self.executor = task, store, cfg, executor
        device = executor.resolve_device(cfg) if executor is not None else resolve_device(cfg)
        self.device = f"{device}:{device_label}" if device_label else device
        self.toolchain = json.dumps(toolchain(), sort_keys=True)
        shapes = [label for label, _ in task.shapes()]
        self._fixed = json.dumps({"task": task.name, "task_hash": task.source_hash, "shapes": shapes,
                                  "device": self.device, "toolchain": self.toolchain, "sandbox": sandbox_label(cfg),
                                  "judge": {"trials": cfg.trials, "timeout": cfg.timeout_s,
                                            "compile": cfg.compile_baseline}}, sort_keys=True)
        # one evaluation at a time on a GPU (timings must not share the device); on a CPU a small pool,
        # since each interpreter evaluation keeps about one core busy
        workers = 1 if self.device.startswith("cuda") else max(1, min(4, os.cpu_count() or 1))
        self._slots = threading.BoundedSemaphore(workers)
        self.hits = self.misses = 0

    def key(self, source: str) -> str:
        return sha256(self._fixed + "\n" + sha256(source))

    def __call__(self, source: str) -> EvalResult:
        key = self.key(source)
        hit = self.store.get_eval(key)
        if hit is not None:
            self.hits += 1
            hit.cached = True
            return hit
        if self.executor is not None:  # Ray: Ctrl-C cancels its tasks (RayExecutor.cancel)
            result = self.executor.evaluate(self.task, source, self.cfg)
            self._keep(key, source, result)
            return result
        return self._judge_here(key, source)

    def _keep(self, key: str, source: str, result: EvalResult) -> None:
        self.misses += 1
        if result.check not in TRANSIENT:
            self.store.put_eval(key, sha256(source), self.task.name, self.task.source_hash, self.device,
                                self.toolchain, result)

    def _judge_here(self, key: str, source: str) -> EvalResult:
        """evaluate() on this machine, in a thread of its own that the caller waits for, so that on Ctrl-C
        (LOCAL.cancel: the judge and its candidate killed) the caller returns at once with EvaluationCancelled,
        whether it is the main thread (the agent strategy) or one of FSR's. That thread blocks SIGINT, and so do
        the processes it starts: the forkserver, which a terminal's Ctrl-C would otherwise stop in the middle of
        importing torch, with a traceback; this process ends what runs there. A verdict that arrives is cached
        by that thread, even if nobody waits for it any more."""
        from ..sandbox.checks import run_static_checks
        from ..sandbox.evaluate import evaluate

        from .executor import LOCAL

        LOCAL.check()
        box: dict = {}
        done = threading.Event()
        # a candidate the contract refuses is answered in milliseconds, with no judge (in a process sandbox): it
        # takes no slot, so the model hears of it without waiting for the other evaluations
        slot = self.cfg.sandbox != "process" or run_static_checks(source) is None

        def body() -> None:
            if hasattr(signal, "pthread_sigmask"):
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                with LOCAL.running():
                    while slot and not self._slots.acquire(timeout=0.1):
                        LOCAL.check()
                    try:
                        LOCAL.check()
                        result = evaluate(self.task, source, self.cfg)
                    finally:
                        if slot:
                            self._slots.release()
                    self._keep(key, source, result)  # a killed judge's result is transient: never kept
                    box["result"] = result
            except BaseException as e:  # noqa: BLE001 - raised in the caller's thread
                box["error"] = e
            finally:
                done.set()

        threading.Thread(target=body, name="kernelpilot-evaluate", daemon=True).start()
        while not done.wait(0.1):
            LOCAL.check()
        if "error" in box:
            raise box["error"]
        LOCAL.check()  # cancelled as it finished: its judge was killed, so it is no verdict
        return box["result"]
