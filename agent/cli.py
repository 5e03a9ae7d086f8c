"""`kernelpilot` command line. Heavy imports (torch, triton, litellm) happen inside commands so --help stays fast."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Make GPU kernels faster with an LLM, and prove it.")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"kernelpilot {version('kernelpilot')}")
        except PackageNotFoundError:
            typer.echo("kernelpilot (not installed: run from a source tree)")
        raise typer.Exit()


@app.callback()
def _options(show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                               help="print the version and exit")) -> None:
    """Make GPU kernels faster with an LLM, and prove it."""
tasks_app = typer.Typer(no_args_is_help=True, help="Browse the task suite.")
app.add_typer(tasks_app, name="tasks")


from .commands import DOCKER_IMAGE_HELP, RAY_ADDRESS_HELP  # noqa: E402 - one text per option
from .errors import die  # noqa: E402 - one helper for the whole CLI


@app.command("eval")
def eval_cmd(
    task: str = typer.Argument(..., help="suite task name or path to a KernelBench-format problem file"),
    candidate: Path = typer.Argument(..., help="file defining ModelNew"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
    timeout: float = typer.Option(120.0, "--timeout", help="seconds before the worker is killed"),
    trials: int = typer.Option(3, "--trials", help="fresh-seed trials per shape"),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda"),
    no_compile: bool = typer.Option(False, "--no-compile-baseline", help="skip the torch.compile baseline"),
    no_timing: bool = typer.Option(False, "--no-timing", help="check correctness only; measure no time"),
    gpu_arch: str = typer.Option("sm_90", "--gpu-arch",
                                 help="without a GPU: the GPU to compile for (CUDA via NVRTC, verified Triton kernels)"),
    no_target_compile: bool = typer.Option(False, "--no-target-compile",
                                           help="without a GPU: do not compile verified Triton kernels for --gpu-arch"),
    replay_seed: Optional[int] = typer.Option(None, "--replay-seed", min=0,
                                              help="check the unseen shape of an earlier evaluation again (its "
                                                   "shape_seed); by default one is drawn from OS entropy"),
    static: str = typer.Option("on", "--static", metavar="on|off",
                               help="off: skip the static contract, so that only the sandbox confines the candidate "
                                    "(for testing the sandbox; the result says so and is never cached)"),
    shape: list[str] = typer.Option([], "--shape",
                                    help="sizes to verify in place of the file's SHAPES, e.g. "
                                         "\"batch_size=64, dim=1000\" (repeatable; names are the file's globals)"),
    target_triton: Optional[str] = typer.Option(None, "--target-triton", metavar="PYTHON",
                                                help="also judge on the CPU with the Triton of another environment "
                                                     "(its python, e.g. .device-venv/bin/python with the GPU "
                                                     "machines' Triton); a pass here that fails there is a fail"),
    sandbox: str = typer.Option("process", "--sandbox", metavar="process|docker",
                                help="docker: judge in a fresh container (no network, read-only, not root, limited; "
                                     "needs kernelpilot[docker], an engine and the image)"),
    docker_image: Optional[str] = typer.Option(None, "--docker-image", help=DOCKER_IMAGE_HELP),
) -> None:
    """Judge one candidate: static checks, build, correctness, timing. Exit 0 pass, 1 fail, 2 input error, 3 unverified."""
    from ..sandbox.config import EvalConfig
    from ..sandbox.evaluate import evaluate
    from ..sandbox.report import render_result
    from ..tasks.loader import TaskError, load_task

    if device not in ("auto", "cpu", "cuda"):
        die(f"--device must be auto, cpu or cuda, not {device!r}")
    if static not in ("on", "off"):
        die(f"--static must be on or off, not {static!r}")
    if sandbox not in ("process", "docker"):
        die(f"--sandbox must be process or docker, not {sandbox!r}")
    if docker_image:
        import os

        os.environ["KERNELPILOT_DOCKER_IMAGE"] = docker_image  # read by sandbox/docker_sandbox.py
    if static == "off":
        typer.echo("kernelpilot: warning: --static off: the static checks are skipped; only the sandbox stands "
                   "between this candidate and the machine. The verdict is for testing the sandbox, not the kernel.",
                   err=True)
    if timeout <= 0 or trials < 1:
        die("--timeout must be positive and --trials at least 1")
    from ..sandbox.target import capability

    try:
        capability(gpu_arch)
    except ValueError as e:
        die(f"--gpu-arch: {e}")
    try:
        t = load_task(task)
        t = t.with_shapes(shape) if shape else t
    except TaskError as e:
        die(str(e))
    if not candidate.is_file():
        die(f"candidate file not found: {candidate}")
    raw = candidate.read_bytes()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        die(f"candidate file {candidate} is not UTF-8 text ({e.reason} at byte {e.start})")
    cfg = EvalConfig(timeout_s=timeout, trials=trials, device=device, compile_baseline=not no_compile, timing=not no_timing,
                     gpu_arch=gpu_arch, target_compile=not no_target_compile, shape_seed=replay_seed, sandbox=sandbox)
    from ..sandbox.evaluate import DeviceUnavailable
    from . import executor as executors

    try:
        # Ctrl-C, or SIGTERM to this process alone, kills the judge and its candidate before exiting
        with executors.cancel_on_interrupt(None), executors.LOCAL.running():
            result = evaluate(t, source, cfg, static_checks=static == "on")
    except (TaskError, DeviceUnavailable) as e:  # a task file that loads but cannot be used; no GPU for --device cuda
        die(str(e))
    except (KeyboardInterrupt, executors.EvaluationCancelled):
        typer.echo("\ninterrupted", err=True)
        executors.exit_now(128 + int(executors.STOPPED_BY))
    from ..sandbox import versions

    on_cpu = result.device.startswith("cpu")
    if on_cpu or result.device != "cuda":  # a candidate refused before it ran stands for no device
        arch = gpu_arch
    else:
        from ..sandbox.evaluate import local_gpu_arch

        arch = local_gpu_arch()
    mode = "cpu" if on_cpu else "cuda" if result.device == "cuda" else ""
    if sandbox == "process":  # a container's judge stated the versions of the container
        result.toolchain = {**result.toolchain, **versions.for_verdict(mode, arch)}
    if target_triton:
        from ..sandbox import target_triton as target

        target.merge(result, target.judge_with(target_triton, task, candidate, gpu_arch=gpu_arch, trials=trials,
                                               timeout_s=timeout, shapes=shape))
    if as_json:
        # ASCII-escaped: JSON already escapes control characters; this escapes the rest (bidirectional overrides)
        # that the candidate's text may carry, for whoever reads it on a terminal
        typer.echo(json.dumps(json.loads(result.model_dump_json()), indent=2, ensure_ascii=True))
    else:
        render_result(result)
    # the verdict is out and the judge is gone: no reason to wait for the interpreter's teardown of torch and
    # Triton (most of a second)
    executors.exit_now(result.exit_code)


@app.command("doctor")
def doctor_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """What this machine can do: GPU, CUDA/NVRTC/ptxas, Triton, interpreter mode, isolation features."""
    from ..sandbox.doctor import collect, render

    facts = collect()
    if as_json:
        typer.echo(json.dumps(facts, indent=2))
    else:
        render(facts)


@tasks_app.command("list")
def tasks_list(suite: Optional[str] = typer.Option(None, "--suite", help="core, hpc or seeds"),
               suite_dir: Optional[Path] = typer.Option(None, "--suite-dir",
                                                        help="any folder of KernelBench-format files (e.g. KernelBench's level1/)"),
               pattern: str = typer.Option("*", "--tasks", help="with --suite-dir: a glob on the file names")) -> None:
    """Every task: suite, name, summary, dtypes, roofline class."""
    from ..tasks.catalog import render_list
    from ..tasks.loader import TaskError, list_folder, list_tasks

    try:
        render_list(list_folder(suite_dir, pattern) if suite_dir else list_tasks(suite))
    except TaskError as e:
        die(str(e))


@app.command("eval-suite")
def eval_suite_cmd(
    suite_dir: Path = typer.Option(..., "--suite-dir", help="folder of KernelBench-format problem files"),
    solutions: Path = typer.Option(..., "--solutions", help="folder of solution files, matched to problems by name"),
    pattern: str = typer.Option("*", "--tasks", help="a glob on the problem file names, e.g. '1*_*'"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object at the end (progress goes to stderr)"),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda"),
    trials: int = typer.Option(3, "--trials", help="fresh-seed trials per shape"),
    timeout: float = typer.Option(120.0, "--timeout", help="seconds per problem before its worker is killed"),
    no_timing: bool = typer.Option(False, "--no-timing", help="check correctness only"),
    no_compile: bool = typer.Option(False, "--no-compile-baseline", help="skip the torch.compile baseline"),
    sandbox: str = typer.Option("process", "--sandbox", metavar="process|docker",
                                help="docker: judge each solution in a fresh container (as for eval)"),
    docker_image: Optional[str] = typer.Option(None, "--docker-image", help=DOCKER_IMAGE_HELP),
    workers: int = typer.Option(1, "--workers", min=1,
                                help="problems judged at once on this machine (on a CPU each keeps about one core "
                                     "busy; on a GPU keep 1, timings must not share the device)"),
    executor: str = typer.Option("local", "--executor", metavar="local|ray",
                                 help="ray: each problem a Ray task (one GPU, or one CPU slot under the "
                                      "interpreter) on a cluster; needs kernelpilot[ray]"),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
) -> None:
    """Judge a folder of existing solutions, one line per problem, then a summary: correct, unverified (by
    reason), failed (by check) and, on a GPU, fast_0/1/2 vs eager and torch.compile. Exit 0 all correct,
    1 any failed or without a solution, 3 otherwise."""
    from .eval_suite import run
    from ..sandbox.config import EvalConfig
    from ..sandbox.evaluate import DeviceUnavailable
    from ..tasks.loader import TaskError

    if device not in ("auto", "cpu", "cuda"):
        die(f"--device must be auto, cpu or cuda, not {device!r}")
    if timeout <= 0 or trials < 1:
        die("--timeout must be positive and --trials at least 1")
    from .commands import sandbox_problem

    if problem := sandbox_problem(sandbox, docker_image):
        die(problem)
    cfg = EvalConfig(timeout_s=timeout, trials=trials, device=device, timing=not no_timing,
                     compile_baseline=not no_compile, sandbox=sandbox)
    from .executor import ExecutorUnavailable, make_executor

    try:
        pool = make_executor(executor, ray_address)
    except ExecutorUnavailable as e:
        die(str(e))
    try:
        code = run(suite_dir, solutions, pattern, cfg, as_json, workers, pool)
    except (TaskError, DeviceUnavailable) as e:
        die(str(e))
    except KeyboardInterrupt:
        from . import executor as executors

        typer.echo("\ninterrupted", err=True)
        raise typer.Exit(128 + int(executors.STOPPED_BY))  # 130 for Ctrl-C, 143 for SIGTERM
    finally:
        if pool is not None:
            pool.close()
    raise typer.Exit(code)


@tasks_app.command("show")
def tasks_show(name: str = typer.Argument(..., help="task name or path")) -> None:
    """A task's documentation, shapes, tolerances and reference code."""
    from ..tasks.catalog import render_show
    from ..tasks.loader import TaskError, load_task

    try:
        render_show(load_task(name))
    except TaskError as e:
        die(str(e))


@app.command("export")
def export_cmd(run: str = typer.Argument(..., help="run id (a unique prefix is enough)"),
               task: str = typer.Argument(..., help="a task of the run"),
               out: Path = typer.Option(..., "--out", help="folder to write the package to"),
               force: bool = typer.Option(False, "--force", help="overwrite files in a folder that is not empty"),
               db: Optional[Path] = typer.Option(None, "--db")) -> None:
    """A run's best kernel for TASK as a standalone package: ModelNew, a function form, the reference, and a
    pytest file that checks the kernel against the reference (on a GPU, or on a CPU under the interpreter)."""
    from .export import ExportError, export
    from .store import SQLiteStore

    try:
        folder = export(SQLiteStore(db), run, task, out, force)
    except ExportError as e:
        die(str(e))
    typer.echo(f"wrote {folder}: run `pytest {folder}` to check it against the reference")


def _register_agent_commands() -> None:
    from . import commands

    commands.register(app)


_register_agent_commands()


def main() -> None:
    from .store import AmbiguousRunId

    try:
        app()
    except AmbiguousRunId as e:  # from any command given a run id prefix: a usage error, one line
        typer.echo(f"kernelpilot: error: {e}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
