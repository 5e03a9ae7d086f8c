"""Where evaluations run: `local` (the default: this machine's pool of forking workers; Ray is never imported) or
`ray` (`--executor ray [--ray-address ADDR]`: each evaluation a Ray task on a cluster).

A Ray task runs the same evaluate() as the local path, in the Ray worker process: that process starts its own
forkserver, and each candidate is judged in a fork of it under the same confinement as on this machine. The
task returns the EvalResult as JSON; this process (the driver) parses it and is the only writer of the store.
A worker (or node) that dies mid-evaluation costs only the evaluations it was running: Ray runs each again, at
most `max_retries` more times, and then the evaluation is a sandbox failure (`sandbox.executor_lost`) with the
reason, never a verdict on the kernel, and it is not cached. `cancel()` (Ctrl-C) cancels the tasks in flight.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

from ..sandbox.config import EvalConfig
from ..sandbox.result import EvalResult, fail

EXECUTOR_LOST = "sandbox.executor_lost"
MAX_RETRIES = 2  # runs of one evaluation after its worker died, before it is reported as lost
# passed to each Ray task and set in its worker: what the judge reads from the environment
FORWARDED_ENV = ("KERNELPILOT_DOCKER_IMAGE", "KERNELPILOT_TEST_HOLD_DIR")
HOLD_ENV = "KERNELPILOT_TEST_HOLD_DIR"


class EvaluationCancelled(Exception):
    """The evaluation's Ray task was cancelled (Ctrl-C): no result, nothing cached."""


def test_hold(name: str) -> None:
    """For tests only: with KERNELPILOT_TEST_HOLD_DIR=DIR set, each run of an evaluation of task NAME appends its
    process id to DIR/NAME.attempts and, while DIR/NAME.hold exists, writes it to DIR/NAME.pid and waits, so that
    a test can kill the worker in the middle of an evaluation, deterministically."""
    folder = os.environ.get(HOLD_ENV)
    if not folder:
        return
    d = Path(folder)
    with open(d / f"{name}.attempts", "a") as f:
        f.write(f"{os.getpid()}\n")
    hold = d / f"{name}.hold"
    if hold.exists():
        (d / f"{name}.pid").write_text(str(os.getpid()))
        while hold.exists():
            time.sleep(0.05)


def evaluate_in_worker(fields: dict, source: str, cfg_json: str, env: dict) -> str:
    """The body of one Ray task, in the worker process: the local evaluate(), its EvalResult as JSON."""
    from ..sandbox.evaluate import evaluate
    from ..tasks.loader import Task

    os.environ.update(env)
    for name in FORWARDED_ENV:
        if name not in env:
            os.environ.pop(name, None)
    test_hold(fields["name"])
    task = Task(name=fields["name"], path=Path(fields["path"]), suite=fields["suite"], source=fields["source"],
                shape_overrides=fields["shape_overrides"])
    return evaluate(task, source, EvalConfig.model_validate_json(cfg_json)).model_dump_json()


def _errors_to_stderr() -> None:
    """Ray's driver prints the cluster's error messages ("A worker died or was killed ...") on stdout, which
    `--json` keeps for its own objects: they go to stderr instead."""
    try:
        from ray._private import worker
    except ImportError:
        return
    original = getattr(worker, "print_to_stdstream", None)
    if original is None or getattr(original, "kernelpilot", False):
        return

    def to_stderr(data, *args, **kw):
        return original({**data, "is_err": True}, *args, **kw)

    setattr(to_stderr, "kernelpilot", True)  # marks the hook as installed
    worker.print_to_stdstream = to_stderr


class RayExecutor:
    """Evaluations as Ray tasks: one GPU each (`num_gpus=1`) on a cluster with GPUs, else one CPU slot each (the
    Triton interpreter keeps about one core busy). evaluate() blocks its calling thread until the result is back,
    so the callers' threads (the search's, one per LLM call in flight) decide how many are submitted at once and
    Ray decides where and when they run."""

    name = "ray"

    def __init__(self, address: Optional[str] = None, max_retries: int = MAX_RETRIES, num_cpus: Optional[int] = None):
        import ray

        self.ray, self.max_retries = ray, max_retries
        self.started = False
        if not ray.is_initialized():
            import logging

            if address:
                ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
            else:  # a private local instance, for this process only
                os.environ.setdefault("RAY_AUTH_MODE", "disabled")
                self.temp_dir: Optional[str] = tempfile.mkdtemp(prefix="kp-ray-")
                ray.init(num_cpus=num_cpus, _temp_dir=self.temp_dir, include_dashboard=False,
                         logging_level=logging.WARNING, log_to_driver=False)
            self.started = True
        _errors_to_stderr()
        resources = ray.cluster_resources()
        self.gpus, self.cpus = int(resources.get("GPU", 0)), int(resources.get("CPU", 0))
        self._remote = ray.remote(evaluate_in_worker)
        self._inflight: set = set()
        self._lock = threading.Lock()
        self._cancelled = False

    def slots(self) -> int:
        """Evaluations the cluster runs at once."""
        return max(1, self.gpus or self.cpus)

    def resolve_device(self, cfg: EvalConfig) -> str:
        """The device of the cluster's workers, not of this machine."""
        from ..sandbox.evaluate import DeviceUnavailable

        if cfg.device == "cuda" and not self.gpus:
            raise DeviceUnavailable("--device cuda: the Ray cluster has no GPU; use --device auto or cpu")
        return "cuda" if cfg.device == "cuda" or (cfg.device == "auto" and self.gpus) else "cpu"

    def evaluate(self, task, source: str, cfg: EvalConfig) -> EvalResult:
        """One evaluation on the cluster. Raises as evaluate() does (TaskError, DeviceUnavailable) and
        EvaluationCancelled after cancel(); a lost worker, after the retries, is a sandbox failure."""
        ray = self.ray
        device = self.resolve_device(cfg)
        cfg = cfg.model_copy(update={"device": device})
        gpu = device == "cuda"
        fields = {"name": task.name, "path": str(task.path), "suite": task.suite, "source": task.source,
                  "shape_overrides": task.shape_overrides}
        env = {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ}
        # on a GPU, one worker process per evaluation: a worker's forkserver keeps the CUDA_VISIBLE_DEVICES of its
        # first task, and Ray may give a reused worker another GPU
        options = {"num_cpus": 1, "num_gpus": 1 if gpu else 0, "max_retries": self.max_retries,
                   "retry_exceptions": False, **({"max_calls": 1} if gpu else {})}
        with self._lock:
            if self._cancelled:
                raise EvaluationCancelled("cancelled")
            ref = self._remote.options(**options).remote(fields, source, cfg.model_dump_json(), env)
            self._inflight.add(ref)
        t0 = time.monotonic()
        try:
            payload = ray.get(ref)
        except ray.exceptions.TaskCancelledError:
            raise EvaluationCancelled("the evaluation's Ray task was cancelled") from None
        except ray.exceptions.RayTaskError as e:  # evaluate() raised in the worker: raised here, as locally
            cause = getattr(e, "cause", None)
            if isinstance(cause, Exception):
                raise cause from None
            raise
        except ray.exceptions.RayError as e:  # the worker or its node died, every time it was run
            first = (str(e).strip().splitlines() or [""])[0][:300]
            result = fail("sandbox", EXECUTOR_LOST,
                          f"the Ray worker judging this candidate was lost {self.max_retries + 1} time(s) "
                          f"({type(e).__name__}: {first}); no verdict on the kernel")
            result.task, result.wall_s = task.name, time.monotonic() - t0
            return result
        finally:
            with self._lock:
                self._inflight.discard(ref)
        result = EvalResult.model_validate_json(payload)
        result.isolation.append("ray-task")
        return result

    def cancel(self, grace_s: float = 5.0) -> int:
        """Cancel every evaluation in flight (Ctrl-C); later ones are refused. Each task is interrupted first, so
        that its judge kills its candidate's processes; one still running `grace_s` later has its worker killed.
        The number cancelled."""
        with self._lock:
            self._cancelled = True
            refs = list(self._inflight)
        self._cancel(refs, force=False)
        if refs:
            def escalate():
                time.sleep(grace_s)
                with self._lock:
                    left = [r for r in refs if r in self._inflight]
                self._cancel(left, force=True)

            threading.Thread(target=escalate, name="kernelpilot-ray-cancel", daemon=True).start()
        return len(refs)

    def _cancel(self, refs: list, force: bool) -> None:
        for ref in refs:
            try:
                self.ray.cancel(ref, force=force, recursive=not force)
            except Exception:  # noqa: BLE001 - finished in the meantime
                pass

    def close(self) -> None:
        """Leave the cluster; a private instance is stopped and its temporary folder removed."""
        if self.started and self.ray.is_initialized():
            self.ray.shutdown()
        self.started = False
        temp_dir = getattr(self, "temp_dir", None)
        if temp_dir:
            import shutil

            shutil.rmtree(temp_dir, ignore_errors=True)
            self.temp_dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(kind: str, address: Optional[str] = None) -> Optional[RayExecutor]:
    """None for the local path (the evaluator's own pool); a RayExecutor for `ray`. Raises ExecutorUnavailable
    with the reason when Ray is missing or the cluster cannot be reached."""
    if kind == "local":
        if address:
            raise ExecutorUnavailable("--ray-address is for --executor ray")
        return None
    if kind != "ray":
        raise ExecutorUnavailable(f"--executor must be local or ray, not {kind!r}")
    try:
        import ray  # noqa: F401
    except ImportError:
        raise ExecutorUnavailable("--executor ray needs Ray: pip install 'kernelpilot[ray]'") from None
    try:
        return RayExecutor(address)
    except Exception as e:  # noqa: BLE001 - no cluster at the address, a version mismatch: one line
        where = f"at {address}" if address else "on this machine"
        raise ExecutorUnavailable(f"--executor ray: could not start or join a Ray cluster {where}: "
                                  f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}") from None


class ExecutorUnavailable(ValueError):
    """--executor ray where it cannot run: the user's error, said in one line."""


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):  # gone, or a kernel without that file: every process's parent, from its stat
        if not os.path.exists(f"/proc/{pid}"):
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # after the name, which may hold anything
                    found.append(int(entry.name))
        return found


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        out += kids
        todo += kids
    return out


def _state(pid: int) -> str:
    """A process's state letter (R, S, T, Z...), "" when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def _gone(pid: int) -> bool:
    return _state(pid) in ("", "Z")


def _forkserver_pid() -> Optional[int]:
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    return pid if pid and not _gone(pid) else None


def kill_judges() -> int:
    """End every judge this process has running, with its candidate: the children of this process's
    multiprocessing forkserver, from which sandbox/evaluate.py forks one judge per evaluation. Each judge and
    everything under it (its candidate, PID 1 of a namespace of its own) gets SIGKILL, and the cgroups it made
    are emptied and removed, as run_worker does for a judge that overran its time. The number of judges."""
    from ..sandbox.isolation import bury_cgroups_of, kill_tree

    server = _forkserver_pid()
    if not server:
        return 0
    judges = [pid for pid in _children(server) if not _gone(pid)]
    for judge in judges:
        below = _descendants(judge)
        kill_tree(judge)  # first, so that it starts nothing more
        for pid in below:
            kill_tree(pid)
    end = time.monotonic() + 1.0
    for judge in judges:
        while not _gone(judge) and time.monotonic() < end:
            time.sleep(0.01)
        bury_cgroups_of(judge)
    return len(judges)


class LocalEvaluations:
    """The evaluations this process judges itself (the local executor, process sandbox), so that Ctrl-C ends them
    at once instead of after they finish. cancel() refuses new ones and kills the judges in flight with their
    candidates, and goes on killing any judge forked for an evaluation that had already started; the threads
    waiting for them return at once (EvaluationCancelled). settle() waits, briefly, until those evaluations
    have ended or wait on a process, so that no thread is still inside torch when the interpreter exits (torch's
    C++ teardown aborts the process if one is). A cancelled evaluation is never cached or reported as a
    verdict.

    If this process exits with evaluations still in flight (their requests sent to a forkserver that is still
    importing torch), its forkserver is killed at exit: it would fork their judges once ready, for a process
    that no longer listens. It is not killed before: multiprocessing would start another at the next request,
    in this process's whole environment (API keys included) rather than the one sandbox/evaluate.py reduces for
    workers."""

    def __init__(self):
        self._lock = threading.Lock()
        self.inflight = 0
        self._threads: set[int] = set()  # the threads running them
        self.cancelled = threading.Event()
        self._sweeping = False
        self._exit_hook = False

    def reset(self) -> None:
        self.cancelled.clear()

    def check(self) -> None:
        if self.cancelled.is_set():
            raise EvaluationCancelled("cancelled (Ctrl-C)")

    @contextlib.contextmanager
    def running(self):
        """Around one evaluation: counted while it runs; refused once cancelled."""
        me = threading.get_ident()
        with self._lock:
            self.check()
            self.inflight += 1
            self._threads.add(me)
        try:
            yield
        finally:
            with self._lock:
                self.inflight -= 1
                self._threads.discard(me)

    def _busy(self) -> bool:
        with self._lock:
            return self.inflight > 0

    def cancel(self) -> int:
        """Refuse new evaluations and kill the judges in flight; the number killed."""
        self.cancelled.set()
        killed = kill_judges()
        with self._lock:
            start = not self._sweeping and self.inflight > 0
            self._sweeping = self._sweeping or start
            hook, self._exit_hook = not self._exit_hook, True
        if hook:
            import atexit

            atexit.register(self._at_exit)
        if start:  # an evaluation between its checks and the fork of its judge: that judge is killed when it comes
            threading.Thread(target=self._sweep, name="kernelpilot-cancel", daemon=True).start()
        return killed

    def _sweep(self, limit_s: float = 30.0) -> None:
        end = time.monotonic() + limit_s
        try:
            while time.monotonic() < end and self._busy():
                kill_judges()
                time.sleep(0.05)
        finally:
            with self._lock:
                self._sweeping = False

    def settle(self, timeout_s: float) -> bool:
        """Wait, at most timeout_s, until every evaluation in flight has ended or is parked: waiting in Python
        for a process (its judge, killed, or the forkserver) rather than computing (in torch, say). Whether
        they all are."""
        end = time.monotonic() + timeout_s
        while True:
            with self._lock:
                threads = set(self._threads)
            if all(_parked(t) for t in threads):
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(0.02)

    def _at_exit(self) -> None:
        if self.cancelled.is_set() and self._busy():
            server = _forkserver_pid()
            if server:
                _signal(server, signal.SIGKILL)
            kill_judges()


PARKED_IN = (os.sep + "multiprocessing" + os.sep, os.sep + "selectors.py", os.sep + "threading.py")


def _parked(ident: int) -> bool:
    """Is the thread gone, or waiting in multiprocessing, a selector or a lock (Python code blocked on another
    process or thread)? Such a thread may be left to the interpreter's exit; one inside torch may not."""
    frame = sys._current_frames().get(ident)
    return frame is None or any(part in frame.f_code.co_filename for part in PARKED_IN)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


LOCAL = LocalEvaluations()
SETTLE_S = 3.0  # after Ctrl-C, for evaluations to end or park: milliseconds, unless one is in its own checks


# The signal that stopped the run last (SIGINT: Ctrl-C; SIGTERM: a scheduler or `kill`): the exit code is
# 128 plus it, as a shell reports a process that signal ended
STOPPED_BY = signal.SIGINT


def cancel_on_interrupt(executor: Optional[RayExecutor]):
    """A context manager: while it is open, Ctrl-C (or SIGTERM, which a job scheduler sends) first cancels the
    evaluations in flight (this process's judges, or the executor's Ray tasks), so that the threads waiting on
    them return at once, then raises KeyboardInterrupt as Ctrl-C does, so the run is kept as interrupted."""

    @contextlib.contextmanager
    def cm():
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        LOCAL.reset()
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

        def handler(signum, frame):
            global STOPPED_BY
            STOPPED_BY = signal.Signals(signum)
            if executor is not None:
                executor.cancel()
            LOCAL.cancel()
            before = previous[signum]
            if signum == signal.SIGINT and callable(before):
                before(signum, frame)
            else:
                raise KeyboardInterrupt

        for sig in previous:
            signal.signal(sig, handler)
        try:
            yield
        except KeyboardInterrupt:
            LOCAL.cancel()  # again: a judge forked while the interrupt unwound the search
            LOCAL.settle(SETTLE_S)
            raise
        finally:
            for sig, before in previous.items():
                signal.signal(sig, before)

    return cm()


def exit_now(code: int, executor: Optional[RayExecutor] = None) -> None:
    """End this process with `code` at once, after Ctrl-C has been recorded and said: what is in flight is
    killed, the output flushed, and the interpreter's teardown skipped (seconds with torch, Triton and litellm
    loaded, on a busy machine; and torch's C++ teardown aborts the process if a thread is still in it)."""
    LOCAL._at_exit()
    if executor is not None:
        executor.close()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
