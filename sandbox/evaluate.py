"""evaluate(task, source) -> EvalResult: static checks, build, then correctness and timing in a worker.

Workers come from a multiprocessing forkserver that has torch and triton imported but never touched CUDA:
each candidate costs a fork, not a Python start-up plus `import torch`.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import json
import multiprocessing as mp
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Optional

from .build import NvrtcUnavailable, build_cuda_sources, missing_to_run
from .checks import StaticFailure, cuda_sources, detect_backend, extension_needs_nvcc, parse, run_static_checks
from .config import EvalConfig
from .isolation import bury_cgroups_of, candidate_path, kill_tree
from .result import KEY_GONE, EvalResult, fail
from ..tasks.loader import Task, TaskError, load_task

_ctx: Optional[mp.context.ForkServerContext] = None
_ctx_lock = threading.Lock()  # evaluate() may be called from several threads (a local evaluation pool)
_mode: Optional[str] = None
MAX_RESULT_BYTES = 64 << 20  # one EvalResult as JSON (a log tail, reasons, a few tables): far below this
JUDGE_GRACE_S = 30.0  # the judge's own work (reference, baselines) on top of the candidate's deadline
INTERPRETER_MAX_INPUT_BYTES = 64 << 20  # above this, a SHAPES-less task is not run under the interpreter


# a GPU's driver device nodes: NVIDIA's, WSL2's, ROCm's. Without any of them no GPU can be used, which is
# known without importing torch (a second)
GPU_DEVICE_NODES = ("/dev/nvidiactl", "/dev/dxg", "/dev/kfd")


def gpu_available() -> bool:
    """NVML-based check: does not initialise CUDA in this process, so forked workers can still use it."""
    if not any(os.path.exists(node) for node in GPU_DEVICE_NODES):
        return False
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import torch

    return torch.cuda.is_available()


@functools.lru_cache(maxsize=1)
def local_gpu_arch() -> str | None:
    """sm_XY of the local GPU, from nvidia-smi: asking torch would initialise CUDA in this process."""
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20).stdout.split()
        return "sm_" + out[0].replace(".", "") if out else None
    except (OSError, subprocess.SubprocessError):
        return None


class DeviceUnavailable(ValueError):
    """--device cuda where no GPU is visible: the user's error, not a candidate's."""


def resolve_device(cfg: EvalConfig) -> str:
    if cfg.device == "auto":
        return "cuda" if gpu_available() else "cpu"
    if cfg.device == "cuda" and not gpu_available():
        import torch

        why = "this torch is built without CUDA" if torch.version.cuda is None else "no CUDA GPU is visible"
        raise DeviceUnavailable(f"--device cuda: {why} (torch {torch.__version__}); use --device auto or cpu")
    return cfg.device


def _forkserver(device: str) -> mp.context.ForkServerContext:
    """One forkserver per process; its Triton mode (interpreter or GPU) is fixed when it starts."""
    mode = "interpreter" if device == "cpu" else "gpu"
    with _ctx_lock:
        return _start_forkserver(mode)  # released before the worker starts, which takes the lock again


def _start_forkserver(mode: str) -> mp.context.ForkServerContext:
    global _ctx, _mode
    if _ctx is not None and _mode != mode:
        raise RuntimeError(f"this process already evaluates in {_mode} mode; use one device per process")
    if _ctx is None:
        if mode == "interpreter":
            os.environ["TRITON_INTERPRET"] = "1"  # read by triton at import, in the forkserver
        else:
            os.environ.pop("TRITON_INTERPRET", None)
        ctx = mp.get_context("forkserver")
        # torch's symbolic shapes and TorchDynamo are imported by the first torch._check that runs, which
        # the judge's meta-device reference run makes (seconds on a small machine): once, here, beside the
        # caller's own preparation, rather than in every judge on its critical path. A candidate's process has
        # TorchDynamo switched off all the same (isolation.clean_environment).
        ctx.set_forkserver_preload(["kernelpilot.sandbox.worker_signals", "torch", "triton", "triton.language",
                                    "torch.fx.experimental.symbolic_shapes", "torch._dynamo",
                                    "kernelpilot.sandbox.judge", "kernelpilot.sandbox.runner"])
        from multiprocessing import forkserver

        with _worker_environment():
            forkserver.ensure_running()
        _ctx, _mode = ctx, mode
    return _ctx


def _forkserver_alive() -> bool:
    """Whether the forkserver this process started is still running (read from /proc, without reaping it:
    multiprocessing reaps it itself when it starts a new one)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


# What the forkserver (and so every judge and candidate, forks of it) is started with. Its environment block is
# part of its memory and of every fork's (/proc/self/environ shows it), so a variable that reached it would be
# readable by a candidate whatever the candidate's own os.environ says: API keys never get there.
WORKER_ENV_NAMES = {"PATH", "HOME", "TMPDIR", "LANG", "TZ", "LD_LIBRARY_PATH", "VIRTUAL_ENV", "USER", "LOGNAME",
                    "CC", "CXX"}
WORKER_ENV_PREFIXES = ("PYTHON", "LC_", "TRITON_", "CUDA", "NVIDIA_", "PYTORCH_", "TORCH", "OMP_", "MKL_",
                       "OPENBLAS_", "CUPY_", "XDG_", "KERNELPILOT_", "CONDA_", "KP_")
SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSW", "CREDENTIAL", "AUTH", "COOKIE", "SESSION")


def worker_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items()
            if (k in WORKER_ENV_NAMES or k.startswith(WORKER_ENV_PREFIXES))
            and not any(w in k.upper() for w in SECRET_WORDS)}


@contextlib.contextmanager
def _worker_environment():
    """os.environ reduced to worker_env() while the forkserver is exec'd (a few milliseconds; the CLI starts it
    before any LLM thread exists)."""
    saved = dict(os.environ)
    keep = worker_env(saved)
    try:
        for k in set(saved) - set(keep):
            del os.environ[k]
        yield
    finally:
        os.environ.update(saved)


def start_workers(device: str = "auto") -> None:
    """Start the pre-imported worker server now (idempotent): the CLI calls it before it starts threads."""
    _forkserver(resolve_device(EvalConfig(device=device)))


@contextlib.contextmanager
def _without_main_module():
    """multiprocessing re-imports the caller's __main__ in each child (the CLI script, pytest...). The judge's
    entry point lives in a real module, so hide __main__ while the worker is started."""
    main = sys.modules["__main__"]
    saved = {k: main.__dict__.pop(k) for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _exit_story(code: int | None) -> str:
    if code is None:
        return "(it closed its channel but had not exited 5 s later)"
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        if name == "SIGKILL":  # nothing in kernelpilot kills a judge before it answers; the kernel's OOM killer does
            return ("(SIGKILL: most often the host's out-of-memory killer; real-size tensors of several "
                    "evaluations at once can exhaust host memory: run fewer side by side)")
        return f"(signal {name})"
    if code == KEY_GONE:
        return (f"(exit code {code}: the key its result is signed with was no longer in its pipe, so it sent no "
                "result)")
    return f"(exit code {code})"


def _descends_from(pid: int, ancestor: int | None) -> bool:
    """Is `pid` a descendant of `ancestor` (walking PPid in /proc)? The candidate is re-parented to the judge."""
    for _ in range(64):
        if not ancestor or pid <= 1:
            return False
        if pid == ancestor:
            return True
        try:
            status = open(f"/proc/{pid}/status").read()
        except OSError:
            return False
        pid = int(status.split("PPid:")[1].split()[0])
    return False


def read_message(conn) -> dict:
    """One message from the judge: raw bytes parsed as JSON. Connection.recv() would unpickle whatever arrived,
    in this (root, unconfined) process. Raises ValueError for anything that is not a JSON object."""
    msg = json.loads(conn.recv_bytes(MAX_RESULT_BYTES))
    if not isinstance(msg, dict):
        raise ValueError("not a message")
    return msg


def accept_result(msg: dict, key: bytes) -> EvalResult:
    """The one result of an evaluation, if the judge signed it; anything else voids the evaluation."""
    from .judge import result_mac

    payload = str(msg.get("result", ""))
    if not hmac.compare_digest(str(msg.get("mac", "")), result_mac(key, payload)):
        return fail("sandbox", "sandbox.forged_result", "a result arrived that the judge did not sign (something "
                    "other than the judge wrote into its channel); the evaluation is void")
    result = EvalResult.model_validate_json(payload)
    result.isolation.append("authenticated-result")
    return result


def run_worker(task: Task, source: str, cfg: EvalConfig, device: str, backend: str) -> EvalResult:
    from .judge import judge_main

    ctx = _forkserver(device)
    recv_conn, send_conn = ctx.Pipe(duplex=False)
    # a fresh key per evaluation, for the result's HMAC: it waits in this pipe until the judge has buried every
    # candidate process, so no candidate ever holds it (see judge_main)
    key = os.urandom(32)
    key_recv, key_send = ctx.Pipe(duplex=False)
    key_send.send_bytes(key)
    key_send.close()
    fields = {"name": task.name, "path": task.path, "suite": task.suite, "source": task.source,
              "shape_overrides": task.shape_overrides}
    # made here and removed here, after the judge and its candidates are dead: a judge killed on a timeout or a
    # cancel never reaches its own clean-up
    workdir = tempfile.mkdtemp(prefix="kp-judge-")
    proc = ctx.Process(target=judge_main, args=(send_conn, fields, source, cfg.model_dump_json(), device, backend,
                                                key_recv, workdir), daemon=True)
    with _ctx_lock, _without_main_module():  # __main__ is process-global: one start at a time
        if not _forkserver_alive():  # start() would launch it again with this process's whole environment
            from multiprocessing import forkserver

            with _worker_environment():
                forkserver.ensure_running()
        proc.start()
    send_conn.close()
    key_recv.close()
    limit = cfg.timeout_s + JUDGE_GRACE_S + (180.0 if device == "cuda" and cfg.compile_baseline else 0.0)
    deadline = time.monotonic() + limit
    cand_pids: set[int] = set()  # the checked run's candidate and the target compile's
    result = None
    try:
        while result is None:
            left = deadline - time.monotonic()
            if left <= 0 or not recv_conn.poll(left):
                result = fail("sandbox", "sandbox.timeout", f"the worker did not finish within {limit:.0f} s and was killed")
                break
            msg = read_message(recv_conn)
            if "pid" in msg:
                # killed by this (root) process on a timeout: only ever a descendant of the judge
                if _descends_from(int(msg["pid"]), proc.pid):
                    cand_pids.add(int(msg["pid"]))
            elif "result" in msg:  # exactly one per evaluation; nothing after it is read
                result = accept_result(msg, key)
    except (EOFError, OSError, ValueError) as e:
        proc.join(timeout=5)  # reap it first: before that its exit code reads None
        # a channel closed with nothing in it, or a message that could not be read (too long, not JSON): which
        unread = "" if isinstance(e, EOFError) else f"; its message could not be read ({type(e).__name__}: {str(e)[:200]})"
        result = fail("sandbox", "sandbox.worker_died",
                      "the judge process died unexpectedly " + _exit_story(proc.exitcode) + unread)
    finally:
        for cand_pid in cand_pids:
            kill_tree(cand_pid)  # PID 1 of its namespace: everything it started dies with it
        if proc.pid:
            proc.join(timeout=5)
            if proc.is_alive():
                kill_tree(proc.pid)
                proc.join(timeout=5)
            # a judge killed before its own clean-up leaves its candidates' cgroups: empty and remove them
            bury_cgroups_of(proc.pid)
        recv_conn.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def evaluate(task: Task | str, source: str, config: Optional[EvalConfig] = None, *,
             static_checks: bool = True) -> EvalResult:
    """Judge one candidate. Never raises for a bad candidate; raises TaskError for an unusable task and
    DeviceUnavailable for --device cuda without a GPU.

    static_checks=False (`eval --static off`) skips the static contract, so that only the confinement stands
    between the candidate and the machine: for testing the sandbox, never for a verdict anyone relies on."""
    cfg = config or EvalConfig()
    task = task if isinstance(task, Task) else load_task(task)
    if cfg.sandbox == "docker":  # the same judge, in a container around it
        from .docker_sandbox import evaluate_in_docker

        return evaluate_in_docker(task, source, cfg, static_checks=static_checks)
    t0 = time.monotonic()
    device = ""

    def done(r: EvalResult) -> EvalResult:
        assert isinstance(task, Task)  # loaded above; mypy does not carry that into this closure
        r.task, r.wall_s = task.name, r.wall_s or time.monotonic() - t0
        if not static_checks:
            r.static_checks = "off"
            r.isolation.insert(0, "static-checks-off")
        r.device = r.device or {"cpu": "cpu (Triton interpreter)", "cuda": "cuda", "": "not run"}[device]
        return r

    # The syntax first, then the static contract: neither needs the task's module, so a candidate that breaks
    # them is answered before it is loaded (a syntax error takes a fraction of a second).
    tree = parse(source)
    if isinstance(tree, StaticFailure):
        return done(fail("static", tree.check, tree.reason))
    resolved = resolve_device(cfg)
    backend = detect_backend(tree)
    if resolved == "cpu" and backend == "triton":
        # the worker's process imports torch and Triton (seconds) while this one reads the contract's tables
        # from torch and the task's sizes (on a GPU machine it starts below, once the toolchain is known to be
        # there)
        _forkserver(resolved)
    bad = run_static_checks(source) if static_checks else None
    if bad:
        return done(fail("static", bad.check, bad.reason))
    device = resolved
    task.module()  # a task that cannot even load is the caller's error (TaskError), not the candidate's
    task.shapes()
    task.check_input_cases()  # a value family that changes the signature is the task file's error
    build = None
    if backend == "cuda":
        try:
            build = build_cuda_sources(cuda_sources(tree), (device == "cuda" and local_gpu_arch()) or cfg.gpu_arch)
        except NvrtcUnavailable as e:
            return done(EvalResult(verdict="unverified", stage="build", check="build.no_nvrtc", reason=str(e), backend=backend))
        if not build.ok:
            return done(fail("build", "build.compile_error", f"CUDA compilation failed:\n{build.log}", backend=backend, build=build))
    if device == "cpu" and backend in ("cuda", "cuda_ext"):
        what = "compiled with NVRTC" if backend == "cuda" else "not built (load_inline needs a GPU machine)"
        return done(EvalResult(verdict="unverified", stage="build", check="unverified.no_gpu", backend=backend, build=build,
                               reason=f"CUDA candidate {what}; running it needs a GPU, so correctness is unverified here"))
    if device == "cuda" and (lacks := missing_to_run(backend, extension_needs_nvcc(tree), candidate_path())):
        return done(EvalResult(verdict="unverified", stage="build", check="unverified.no_toolchain", backend=backend,
                               build=build, reason=f"not runnable on this machine: {lacks}"))
    chosen = ""
    _forkserver(device)  # started above for a Triton candidate on a CPU
    if device == "cpu":
        task, chosen, too_large = sizes_for_the_interpreter(task)
        if too_large:
            return done(EvalResult(verdict="unverified", stage="correctness", check="unverified.too_large_for_interpreter",
                                   backend=backend, reason=too_large))
    seed = None
    if cfg.unseen_shapes:
        given = len(task.shapes()) or 1  # a file without SHAPES: its own sizes
        task, seed = with_unseen_shapes(task, cfg.shape_seed, device)
        # the time limit was meant for the shapes the user knows of: the added ones get their share on top
        cfg = cfg.model_copy(update={"timeout_s": cfg.timeout_s * len(task.shapes()) / given})
    if backend == "cuda_ext":
        cfg = cfg.model_copy(update={"timeout_s": max(cfg.timeout_s, cfg.build_timeout_s)})
    result = run_worker(task, source, cfg, device, backend)
    result.backend, result.build = backend, build or result.build  # Triton: the judge compiled for the target
    if device == "cpu" and chosen:
        result.reason += f"; {chosen}"
    if seed is not None and not any(label.startswith("unseen:") for label, _ in task.shapes()):
        # said, not silent: a verdict at the shapes the candidate was shown only is a weaker one
        from ..tasks.sizes import size_names

        why = ("its sizes fit the reference only as given, or cost more than its largest shape" if size_names(task)
               else "the file names no size as a module-level global, e.g. `batch_size = 16`, which the judge can "
                    "vary: sizes written as literals inside get_inputs or the model are fixed")
        result.reason += f"; no unseen shape could be drawn for this task ({why}), so it was checked at the given shapes only"
    result.shape_seed = seed
    return done(result)


def with_unseen_shapes(task: Task, seed: Optional[int], device: str) -> tuple[Task, int]:
    """The task with a shape the candidate has not seen (drawn from `seed`, from OS entropy unless replayed),
    reduction lengths between the given ones and the real one, and, on a CPU, its real reduction lengths, a grid
    of several tiles each way and one of more programs than a capped grid has (tasks/sizes.py) added to the
    shapes it is checked at."""
    from ..tasks.sizes import (POWERS_KEPT, below_shape, index_range_shape, many_programs_shape, mid_length_shapes,
                               one_row_shape, power_keys, range_shapes, small_power_keys, tiny_shapes, unseen_shape,
                               wide_shape)

    seed = seed if seed is not None else int.from_bytes(os.urandom(4), "little")
    # a file without SHAPES is checked at its own sizes, and then at the drawn shape too
    current = [{"name": label, **ov} for label, ov in task.shapes()] or [{"name": "default"}]
    drawn = unseen_shape(task, seed)
    powers_only = drawn is None and (drawn := unseen_shape(task, seed, powers_kept=True)) is not None
    if drawn is not None and powers_only:
        # sizes the reference runs at only as powers of two (a Hadamard transform): the draw keeps them so, and
        # is no twin a candidate may decline to
        drawn["name"] = drawn["name"].removesuffix(POWERS_KEPT) + " (powers of two kept: the reference runs at no odd size)"
    # each checked only where the candidate declines the shape before it (judge.py, Judge.run): the draw again
    # with the sizes the task gives only as powers of two kept so, the innermost first, then one more each time
    keys = power_keys(task) + small_power_keys(task)
    instead: list[dict] = []
    for kept in ([keys[:j] for j in range(1, len(keys) + 1)] + [None]) if drawn and not powers_only else []:
        twin = unseen_shape(task, seed, powers_kept=True, only=kept)
        if twin is not None and twin not in instead:
            instead.append(twin)
    large = range_shapes(task, seed) + [wide_shape(task, seed), many_programs_shape(task, seed),
                                        index_range_shape(task)]
    # lengths between the given ones and the real one, on a GPU too (its real size is one length of them)
    extra = ([drawn, *instead, below_shape(task, seed), *tiny_shapes(task, seed), one_row_shape(task),
              *mid_length_shapes(task, seed)]
             + (large if device == "cpu" else []))
    chosen: list[dict] = []
    for s in extra:  # below_shape's draw may be a tiny one: each set of sizes once
        if s and not any({k: v for k, v in c.items() if k != "name"} == {k: v for k, v in s.items() if k != "name"}
                         for c in chosen if c["name"].startswith("below: ") and s["name"].startswith("below: ")):
            chosen.append(s)
    return task.with_shape_dicts(current + chosen), seed


def with_powers_kept_twins(task: Task) -> list[dict[str, Any]]:
    """The task's `auto:` shapes, each followed by its twins with the sizes the file gives as powers of two kept
    so (tasks/sizes.py powers_kept_twins): each checked only where the candidate declines the shape before it
    (judge.py, Judge.run), as a drawn shape's."""
    from ..tasks.sizes import POWERS_KEPT, powers_kept_twins

    out: list[dict[str, Any]] = []
    for label, overrides in task.shapes():
        out.append({"name": label, **overrides})
        out += [{"name": "auto: " + ", ".join(f"{k}={v}" for k, v in twin.items()) + POWERS_KEPT, **twin}
                for twin in powers_kept_twins(task, overrides)]
    return out


def sizes_for_the_interpreter(task: Task) -> tuple[Task, str, str]:
    """(the task to judge on a CPU, a note on sizes chosen for it, why it cannot be judged here or "").

    A plain KernelBench file (no SHAPES) is judged at its own size where that is small, else at sizes chosen
    for the interpreter (`--shape auto`); sizes the task or the user gave are judged as given, unless their
    whole cost (inputs, parameters, outputs, FLOPs: tasks/sizes.py) is beyond what the interpreter can do in
    time, which is `unverified`, never a wrong kernel."""
    from ..tasks.sizes import (AUTO_BYTES, AUTO_CONV_STEPS, AUTO_FLOPS, AUTO_ROWS, INTERPRETER_MAX_BYTES,
                               INTERPRETER_MAX_FLOPS, estimate)

    shapes = task.shapes()
    if not shapes:
        cost = estimate(task)
        if cost is None:  # not readable on meta: the input size is all there is to go by
            nbytes = task.input_bytes()
            if nbytes > INTERPRETER_MAX_INPUT_BYTES:
                return task, "", (f"the task has no SHAPES and its inputs take {nbytes / 2**20:.0f} MiB, too large "
                                  "for the Triton interpreter on a CPU; give small sizes with --shape or run on a GPU")
            return task, "", ""
        # FLOPs as the chosen sizes', rows and convolutions too: 2048 rows of 256 are 2 MiB, yet a program per row
        # is minutes of interpreter an evaluation; 5e8 FLOPs of a GEMM in 64-wide tiles are 8.4e6 loads, past the
        # race check's cap of 8e6 accesses a launch; a direct convolution's steps are a millisecond each
        if cost.within(8 * AUTO_BYTES, AUTO_FLOPS, 2 * AUTO_ROWS, 2 * AUTO_CONV_STEPS):
            return task, "", ""
        try:
            small = task.with_shapes(["auto"])
        except TaskError as e:
            return task, "", (f"the task has no SHAPES and its own size ({cost.describe()}) is too large for the "
                              f"Triton interpreter on a CPU, and {e}; run on a GPU")
        labels = "; ".join(label.removeprefix("auto: ") for label, _ in small.shapes())
        small = small.with_shape_dicts(with_powers_kept_twins(small))
        return small, (f"judged at sizes chosen for the interpreter ({labels}; the file's own size, "
                       f"{cost.describe()}, is for a GPU)"), ""
    for label, overrides in shapes:
        cost = estimate(task, overrides)
        if cost is not None and not cost.within(INTERPRETER_MAX_BYTES, INTERPRETER_MAX_FLOPS):
            return task, "", (f"shape {label} costs {cost.describe()}: beyond what the Triton interpreter judges in "
                              "time on a CPU; give smaller sizes (--shape) or run on a GPU")
    return task, "", ""
