"""`--sandbox docker`: one evaluation in a fresh container, driven with the Docker SDK (`kernelpilot[docker]`).

The container runs kernelpilot's own judge as usual (`kernelpilot eval TASK CANDIDATE --json`, the task and the
candidate mounted read-only), with its per-candidate isolation where the container allows it, inside an outer
layer: no network, a read-only root, a non-root user, no capabilities, memory and process limits, a
size-limited tmpfs for scratch, and the GPUs passed through when there are any. The image is built from this
repository's Dockerfile (`docker build -t kernelpilot .`, or scripts/build_local_image.sh without a registry);
KERNELPILOT_DOCKER_IMAGE (`eval --docker-image`) names another one.

This process parses the one JSON object the container prints, strictly (EvalResult, no unknown fields, a
verdict that agrees with the exit code). A container that dies, runs out of time or memory, or prints anything
else is a sandbox failure with its reason, never a pass.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional

from .config import EvalConfig
from .evaluate import JUDGE_GRACE_S, DeviceUnavailable
from .result import EvalResult, fail

DEFAULT_IMAGE = "kernelpilot:latest"
IMAGE_ENV = "KERNELPILOT_DOCKER_IMAGE"
IN_DIR = "/kp/in"  # the task file and the candidate, read-only
SCRATCH = "/tmp"  # the container's only writable place: a tmpfs
USER = "65534:65534"  # nobody
JUDGE_MEMORY_MB = 4096  # the judge, the forkserver and the reference beside the candidate's own limit
SCRATCH_MB = 2048  # the tmpfs at /tmp (the candidate's scratch, Triton's cache); its pages count as memory
EXTRA_PIDS = 1024  # threads count against pids.max: torch's in the judge and the forkserver
START_GRACE_S = 120.0  # a container's start, Python and torch imports, the static checks, before the judge's limit
MAX_OUTPUT_BYTES = 64 << 20
# EvalConfig fields without a `kernelpilot eval` option: a value other than the default cannot reach the container
_NO_OPTION = ("build_timeout_s", "memory_mb", "file_size_mb", "max_processes", "timing_reps", "warmup_reps",
              "interpreter_reps", "unseen_shapes", "shared_memory")


def image_name() -> str:
    return os.environ.get(IMAGE_ENV) or DEFAULT_IMAGE


class DockerUnavailable(DeviceUnavailable):
    """--sandbox docker where it cannot run (no SDK, no engine, no image): the user's error, not a candidate's."""


def eval_command(task_file: str, candidate_file: str, cfg: EvalConfig, device: str, *, static_checks: bool = True,
                 shapes: Optional[list[dict[str, Any]]] = None) -> list[str]:
    """The `kernelpilot eval` arguments that judge with `cfg` inside the container."""
    default = EvalConfig()
    differs = [f for f in _NO_OPTION if getattr(cfg, f) != getattr(default, f)]
    if differs:
        raise DockerUnavailable(f"--sandbox docker passes the evaluation settings as `kernelpilot eval` options; "
                                f"{', '.join(differs)} ha{'s' if len(differs) == 1 else 've'} none, so only the "
                                "default value can be used")
    cmd = ["eval", task_file, candidate_file, "--json", "--device", device, "--timeout", repr(cfg.timeout_s),
           "--trials", str(cfg.trials), "--gpu-arch", cfg.gpu_arch]
    cmd += [] if cfg.compile_baseline else ["--no-compile-baseline"]
    cmd += [] if cfg.timing else ["--no-timing"]
    cmd += [] if cfg.target_compile else ["--no-target-compile"]
    cmd += [] if cfg.shape_seed is None else ["--replay-seed", str(cfg.shape_seed)]
    cmd += [] if static_checks else ["--static", "off"]
    for shape in shapes or []:  # `--shape` again, from the dicts it became (the labels are the container's)
        cmd += ["--shape", ", ".join(f"{k}={v!r}" for k, v in shape.items() if k != "name")]
    return cmd


def container_limit_s(cfg: EvalConfig, device: str, backend: str) -> float:
    """How long the container may run: the judge's own limit (with the unseen and range shapes' share, a C++
    build, the torch.compile baseline on a GPU), plus the container's start."""
    judge = 3 * cfg.timeout_s  # unseen shapes add their share of time; at most two more per SHAPES entry
    if backend == "cuda_ext":
        judge = max(judge, cfg.build_timeout_s)
    return judge + JUDGE_GRACE_S + (180.0 if device == "cuda" and cfg.compile_baseline else 0.0) + START_GRACE_S


def container_spec(image: str, command: list[str], in_dir: str, cfg: EvalConfig, *, gpu: bool,
                   gpu_ids: Optional[list[str]] = None) -> dict[str, Any]:
    """The keyword arguments of `client.containers.create` for one evaluation (plain data: testable without an
    engine)."""
    memory = f"{cfg.candidate_memory_mb(gpu) + JUDGE_MEMORY_MB}m"
    spec: dict[str, Any] = {
        "image": image,
        "entrypoint": ["kernelpilot"],
        "command": command,
        "user": USER,
        "working_dir": SCRATCH,
        "network_mode": "none",
        "read_only": True,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "mem_limit": memory,
        "memswap_limit": memory,  # no swap on top
        "pids_limit": cfg.max_processes + EXTRA_PIDS,
        "tmpfs": {SCRATCH: f"rw,nosuid,nodev,size={SCRATCH_MB}m,mode=1777"},
        "volumes": {in_dir: {"bind": IN_DIR, "mode": "ro"}},
        "environment": {"HOME": SCRATCH, "TMPDIR": SCRATCH, "PYTHONDONTWRITEBYTECODE": "1",
                        "TRITON_CACHE_DIR": f"{SCRATCH}/triton-cache"},
        "ipc_mode": "private",
        "init": True,  # a PID 1 that reaps the judge's orphans
        "detach": True,
        "labels": {"kernelpilot": "evaluation"},
    }
    if gpu:
        request: dict[str, Any] = {"driver": "nvidia", "capabilities": [["gpu"]]}
        request.update({"device_ids": gpu_ids} if gpu_ids else {"count": -1})
        spec["device_requests"] = [request]
    return spec


def isolation_notes(spec: dict[str, Any]) -> list[str]:
    """What the container added, in the result's `isolation` list (before what the judge inside reports)."""
    notes = ["container:docker", f"container:image={spec['image']}", "container:network-none",
             "container:read-only-root", f"container:user={spec['user']}", "container:no-capabilities",
             f"container:memory={spec['mem_limit']}", f"container:pids={spec['pids_limit']}",
             "container:tmpfs-scratch=" + spec["tmpfs"][SCRATCH].split("size=")[1].split(",")[0]]
    if spec.get("device_requests"):
        notes.append("container:gpus")
    return notes


def parse_output(stdout: bytes, exit_code: int) -> EvalResult:
    """The container's result: exactly one EvalResult as JSON, its verdict agreeing with the exit code. Raises
    ValueError for anything else."""
    if len(stdout) > MAX_OUTPUT_BYTES:
        raise ValueError(f"{len(stdout)} bytes of output, more than a result takes")
    text = stdout.decode("utf-8")  # UnicodeDecodeError is a ValueError
    obj = json.loads(text)
    if not isinstance(obj, dict):
        raise ValueError("the output is JSON but not an object")
    unknown = set(obj) - set(EvalResult.model_fields)
    if unknown:
        raise ValueError(f"unknown fields in the result: {', '.join(sorted(unknown))}")
    result = EvalResult.model_validate_json(text, strict=True)
    if result.exit_code != exit_code:
        raise ValueError(f"the verdict {result.verdict!r} does not go with exit code {exit_code}")
    return result


def _tail(data: bytes, n: int = 1500) -> str:
    return data[-n:].decode("utf-8", "replace").strip()


@functools.lru_cache(maxsize=1)
def _client():
    try:
        import docker
    except ImportError:
        raise DockerUnavailable("--sandbox docker needs the Docker SDK for Python: pip install 'kernelpilot[docker]'") from None
    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except Exception as e:  # noqa: BLE001 - DockerException, requests' errors: all mean no engine to talk to
        where = os.environ.get("DOCKER_HOST", "the default socket")
        raise DockerUnavailable(f"--sandbox docker: no Docker engine answers at {where} ({type(e).__name__}: "
                                f"{str(e)[:200]}); start one or set DOCKER_HOST") from None
    return client


_checked_images: set[str] = set()
_images_lock = threading.Lock()


def client_with_image(image: str):
    """The engine's client, once the image is known to be there (asked once per image and process)."""
    client = _client()
    with _images_lock:
        if image not in _checked_images:
            import docker

            try:
                client.images.get(image)
            except docker.errors.ImageNotFound:
                raise DockerUnavailable(f"--sandbox docker: there is no image {image!r}; build it with "
                                        f"`docker build -t {image} .` in kernelpilot's repository (without an image "
                                        "registry: bash scripts/build_local_image.sh), or name one with "
                                        f"--docker-image / {IMAGE_ENV}") from None
            except docker.errors.DockerException as e:
                raise DockerUnavailable(f"--sandbox docker: the engine could not look up {image!r}: {e}") from None
            _checked_images.add(image)
    return client


def _gpu_ids() -> Optional[list[str]]:
    """The GPUs this process may use (CUDA_VISIBLE_DEVICES), or None for all."""
    ids = [d.strip() for d in os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",") if d.strip()]
    return ids or None


def evaluate_in_docker(task, source: str, cfg: EvalConfig, *, static_checks: bool = True,
                       client=None) -> EvalResult:
    """Judge one candidate in a container. The same contract as evaluate(): never raises for a bad candidate;
    TaskError for an unusable task, DeviceUnavailable (DockerUnavailable) for what this machine cannot do."""
    from .checks import StaticFailure, detect_backend, parse, run_static_checks
    from .evaluate import resolve_device

    t0 = time.monotonic()

    def done(r: EvalResult) -> EvalResult:
        r.task = task.name
        r.wall_s = time.monotonic() - t0
        if not static_checks and r.static_checks != "off":
            r.static_checks = "off"
            r.isolation.insert(0, "static-checks-off")
        return r

    # the static contract is answered here, by the same code the container would run: no container for a
    # candidate that breaks it
    bad = run_static_checks(source) if static_checks else None
    if bad:
        from .versions import for_verdict

        r = done(fail("static", bad.check, bad.reason, device="not run"))
        r.toolchain = {**r.toolchain, **for_verdict("", cfg.gpu_arch)}  # as `eval` states a verdict on no device
        return r
    task.module()  # a task that cannot load is the caller's error, as with the default sandbox
    task.shapes()
    device = resolve_device(cfg)
    tree = parse(source)
    backend = "unknown" if isinstance(tree, StaticFailure) else detect_backend(tree)
    image = image_name()
    work = Path(tempfile.mkdtemp(prefix="kernelpilot-docker-"))
    try:
        os.chmod(work, 0o755)  # the container's user is not this one
        task_file = work / f"{task.name}.py"
        task_file.write_text(task.source)
        (work / "candidate.py").write_text(source)
        for f in (task_file, work / "candidate.py"):
            os.chmod(f, 0o644)
        command = eval_command(f"{IN_DIR}/{task_file.name}", f"{IN_DIR}/candidate.py", cfg, device,
                               static_checks=static_checks, shapes=task.shape_overrides)
        spec = container_spec(image, command, str(work), cfg, gpu=device == "cuda", gpu_ids=_gpu_ids())
        client = client or client_with_image(image)
        result = _run(client, spec, container_limit_s(cfg, device, backend))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    inner = result.wall_s
    result = done(result)
    result.isolation[:0] = isolation_notes(spec)
    if inner and result.stage != "sandbox":
        seconds = {**result.seconds, "container (start, imports, stop)": round(max(result.wall_s - inner, 0.0), 3)}
        result.seconds = dict(sorted(seconds.items(), key=lambda kv: -kv[1]))  # slowest first, as the judge's
    if not result.device:
        result.device = {"cpu": "cpu (Triton interpreter)", "cuda": "cuda"}[device]
    return result


def _run(client, spec: dict[str, Any], limit_s: float) -> EvalResult:
    """Create, start and wait for one container; its result, or the sandbox failure it amounts to."""
    import docker

    container = None
    try:
        try:
            container = client.containers.create(**spec)
            container.start()
        except docker.errors.DockerException as e:  # the engine's or the machine's doing, not the candidate's
            gpu = " (GPUs need the NVIDIA container toolkit in the engine)" if spec.get("device_requests") else ""
            raise DockerUnavailable(f"--sandbox docker: the engine did not start a container from "
                                    f"{spec['image']!r}{gpu}: {str(e)[:300]}") from None
        t0 = time.monotonic()
        try:
            code = int(container.wait(timeout=limit_s)["StatusCode"])
        except Exception:  # noqa: BLE001 - requests' ReadTimeout/ConnectionError: the wait ran out
            if time.monotonic() - t0 < limit_s - 1:
                return fail("sandbox", "sandbox.container_error", "the engine stopped answering while the container "
                            "ran; the evaluation is void")
            return fail("sandbox", "sandbox.container_timeout",
                        f"the container did not finish within {limit_s:.0f} s and was killed")
        stdout = container.logs(stdout=True, stderr=False)
        stderr = container.logs(stdout=False, stderr=True)
        container.reload()
        state = container.attrs.get("State", {})
        if state.get("OOMKilled"):
            return fail("sandbox", "sandbox.container_out_of_memory",
                        f"the container exceeded its memory limit ({spec['mem_limit']}) and was killed")
        if code == 2:
            return fail("sandbox", "sandbox.container_refused",
                        f"kernelpilot in the container refused the evaluation (exit code 2): {_tail(stderr, 600)}")
        if code not in (0, 1, 3):
            story = " (SIGKILL)" if code == 137 else ""
            return fail("sandbox", "sandbox.container_died",
                        f"the container exited with code {code}{story} without a result; its last words: "
                        f"{_tail(stderr, 600) or '(none)'}")
        try:
            return parse_output(stdout, code)
        except ValueError as e:
            return fail("sandbox", "sandbox.container_output",
                        f"the container's output is not one result ({str(e)[:300]}); the evaluation is void",
                        log_tail=_tail(stdout) + ("\n--- stderr ---\n" + _tail(stderr) if stderr else ""))
    finally:
        if container is not None:
            try:
                container.remove(force=True)  # killed first when it still runs
            except Exception:  # noqa: BLE001 - already gone
                pass
