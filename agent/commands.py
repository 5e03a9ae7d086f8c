"""CLI commands of the agent side (optimize, batch, runs list, report); registered onto the main app.

Heavy imports (torch, the harness, litellm) happen inside the commands so `kernelpilot --help` stays fast.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .config import RunConfig

runs_app = typer.Typer(no_args_is_help=True, help="Runs recorded in the store.")

MODEL_HELP = ("LLM: any litellm model (gpt-4o, anthropic/claude-sonnet-4-5, gemini/gemini-2.5-pro, openai/NAME with "
              "--api-base for vLLM/llama.cpp/Ollama), `scripted` (offline replay device: canned replies, no key; it "
              "does not write kernels) or `replay:RUN_ID`. Default: $KERNELPILOT_MODEL")
CONCURRENCY_HELP = "{description} (default {default}; 1 for a --api-base on this machine: localhost, 127.x, ::1)"


from .errors import die as _die  # noqa: E402 - one helper for the whole CLI

_FIELD = object()  # a RunOption's default when it is its field's


@dataclass(frozen=True)
class RunOption:
    """An option of both `optimize` and `batch` that sets one RunConfig field. Its default and its help are the
    field's (agent/config.py), so that a change there reaches the command line and its --help unchanged."""

    path: str  # the field it sets: "search.rounds", "device"
    flags: tuple[str, ...]
    help: Optional[str] = None  # words of its own for the field's description; "{description}" and "{default}" in
    # them are the field's
    metavar: Optional[str] = None
    bounds: bool = False  # the parser checks the field's ge/le, so that its message names the flag
    default: Any = _FIELD  # None where the value is decided as the command runs (see _build_config)

    @property
    def field(self) -> FieldInfo:
        model: type[BaseModel] = RunConfig
        *parents, name = self.path.split(".")
        for parent in parents:
            section = model.model_fields[parent].annotation
            assert isinstance(section, type) and issubclass(section, BaseModel)  # a path's parents are sections
            model = section
        return model.model_fields[name]

    def option(self, help: Optional[str] = None) -> Any:
        """The typer.Option, made when a command is defined: the field as it is then."""
        field = self.field
        text = help or self.help
        text = text.replace("{description}", field.description or "").replace("{default}", str(field.default)) \
            if text else field.description
        # pydantic keeps Field(ge=..., le=...) as annotated_types' Ge and Le in the field's metadata
        limits: dict[str, Any] = {
            "min": next((m.ge for m in field.metadata if hasattr(m, "ge")), None),
            "max": next((m.le for m in field.metadata if hasattr(m, "le")), None)} if self.bounds else {}
        return typer.Option(field.default if self.default is _FIELD else self.default, *self.flags, help=text,
                            metavar=self.metavar, **limits)


RUN_OPTIONS: dict[str, RunOption] = {  # by the commands' parameter names, in the order --help lists them
    "model": RunOption("llm.model", ("--model", "-m"), help=MODEL_HELP, default=None),  # None: $KERNELPILOT_MODEL
    "api_base": RunOption("llm.api_base", ("--api-base",)),
    "api_key_env": RunOption("llm.api_key_env", ("--api-key-env",)),
    "backend": RunOption("search.backend", ("--backend",)),
    "strategy": RunOption("search.strategy", ("--strategy",)),
    "candidates": RunOption("search.candidates", ("--candidates", "-n")),
    "rounds": RunOption("search.rounds", ("--rounds", "-d")),
    "patience": RunOption("search.patience", ("--patience",)),
    "max_cost": RunOption("budget.max_cost", ("--max-cost",)),
    "max_tokens": RunOption("budget.max_tokens", ("--max-tokens",)),
    "max_steps": RunOption("search.max_steps", ("--max-steps",)),
    "tool_protocol": RunOption("search.tool_protocol", ("--tool-protocol",)),
    "device": RunOption("device", ("--device",)),
    "out": RunOption("out", ("--out", "-o")),  # its help is each command's: one file, or a folder
    "trials": RunOption("eval_trials", ("--trials",)),
    "eval_timeout": RunOption("eval_timeout_s", ("--eval-timeout",)),
    "llm_timeout": RunOption("llm.timeout_s", ("--llm-timeout",)),
    "temperature": RunOption("llm.temperature", ("--temperature",)),
    # None: the field's default, or 1 for a server on this machine (see _build_config)
    "concurrency": RunOption("llm.concurrency", ("--concurrency",), help=CONCURRENCY_HELP, bounds=True, default=None),
    "max_output_tokens": RunOption("llm.max_output_tokens", ("--max-output-tokens",), bounds=True),
    "context_tokens": RunOption("llm.context_tokens", ("--context-tokens",), bounds=True),
    "max_llm_failures": RunOption("llm.max_failures", ("--max-llm-failures",), bounds=True),
    "llm_retries": RunOption("llm.retries", ("--llm-retries",), bounds=True),
    "sandbox": RunOption("sandbox", ("--sandbox",), metavar="process|docker"),
    "docker_image": RunOption("docker_image", ("--docker-image",)),
    "executor": RunOption("executor", ("--executor",), metavar="local|ray"),
    "ray_address": RunOption("ray_address", ("--ray-address",)),
}


def _opt(name: str, help: Optional[str] = None) -> Any:
    return RUN_OPTIONS[name].option(help)


def _run_values(params: dict[str, Any]) -> dict[str, Any]:
    """A command's values of RUN_OPTIONS, out of all its parameters."""
    return {name: params[name] for name in RUN_OPTIONS}


# eval and eval-suite judge with the same sandbox and executor, and say so in the same words
RAY_ADDRESS_HELP = RUN_OPTIONS["ray_address"].field.description
DOCKER_IMAGE_HELP = RUN_OPTIONS["docker_image"].field.description


def sandbox_problem(sandbox: str, docker_image: Optional[str], check_engine: bool = True) -> str:
    """Why --sandbox cannot be used here ("" when it can). With docker, --docker-image is exported to the judge
    (KERNELPILOT_DOCKER_IMAGE) and the engine and image are asked for before anything is recorded."""
    if sandbox not in ("process", "docker"):
        return f"--sandbox must be process or docker, not {sandbox!r}"
    if sandbox != "docker":
        return "--docker-image is for --sandbox docker" if docker_image else ""
    if docker_image:
        os.environ["KERNELPILOT_DOCKER_IMAGE"] = docker_image  # read by sandbox/docker_sandbox.py
    if not check_engine:
        return ""
    from ..sandbox.docker_sandbox import DockerUnavailable, client_with_image, image_name

    try:
        client_with_image(image_name())
    except DockerUnavailable as e:
        return str(e)
    return ""


def _store(db: Optional[Path]):
    from .store import SQLiteStore

    return SQLiteStore(db)


def _build_config(**values: Any) -> RunConfig:
    """The run's configuration from a command's values of RUN_OPTIONS, each by its parameter name. The first
    invalid value is one line and exit 2, before anything is recorded."""
    from pydantic import ValidationError

    from .llm.litellm_client import is_local

    if unknown := values.keys() ^ RUN_OPTIONS.keys():
        raise TypeError(f"_build_config: not the options of RUN_OPTIONS: {sorted(unknown)}")
    values["model"] = values["model"] or os.environ.get("KERNELPILOT_MODEL")
    if not values["model"]:
        _die("choose a model with --model (e.g. gpt-4o, anthropic/claude-sonnet-4-5, openai/NAME --api-base URL), "
             "or --model scripted for the offline replay model")
    if values["concurrency"] is None:  # a server on this machine usually serves one request at a time
        values["concurrency"] = 1 if is_local(values["api_base"]) else RUN_OPTIONS["concurrency"].field.default
    tree: dict[str, Any] = {}
    for name, value in values.items():
        *parents, leaf = RUN_OPTIONS[name].path.split(".")
        node = tree
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = str(value) if isinstance(value, Path) else value
    try:
        return RunConfig.model_validate(tree)
    except ValidationError as e:
        err = e.errors()[0]
        _die(f"invalid option {err['loc'][-1]}: {err['msg']}")  # the field's name, as the config names it


def _execute(kind: str, task_refs: list[str], cfg, db: Optional[Path], resume: Optional[str], quiet: bool,
             as_json: bool = False) -> None:
    """Create or resume a run, search every task, print the summary. Exit 0 when every task has a correct kernel,
    3 when the rest only have kernels that built but could not be run here, 4 when the LLM endpoint stopped
    answering (the run is interrupted, resumable), else 1."""
    from rich.console import Console

    from .config import RunConfig
    from ..tasks.loader import TaskError, load_task

    store = _store(db)
    if resume:
        row = store.get_run(resume)
        if row is None:
            _die(f"no run {resume!r} in {store.path} (see `kernelpilot runs list`)")
        run_id, cfg, task_refs = row["id"], RunConfig.model_validate(row["config"]), row["tasks"]
    else:
        if cfg.llm.model.startswith("replay:"):
            src = store.get_run(cfg.llm.model.split(":", 1)[1])
            if src is None:
                _die(f"no run {cfg.llm.model.split(':', 1)[1]!r} to replay in {store.path}")
            cfg = RunConfig.model_validate({**src["config"], "llm": {**src["config"]["llm"], "model": f"replay:{src['id']}"},
                                            "device": cfg.device, "out": cfg.out, "executor": cfg.executor,
                                            "ray_address": cfg.ray_address})
            task_refs = task_refs or src["tasks"]
        run_id = None
    try:
        tasks = [load_task(t) for t in task_refs]
        tasks = [t.with_shapes(cfg.shapes) for t in tasks] if cfg.shapes else tasks
    except TaskError as e:
        _die(str(e))
    if not tasks:
        _die("no tasks to run")
    from ..sandbox.config import EvalConfig
    from ..sandbox.evaluate import DeviceUnavailable, resolve_device

    try:
        if cfg.executor == "local":  # a Ray cluster's workers have their own devices, asked below
            resolve_device(EvalConfig(device=cfg.device))  # --device cuda without a GPU: before a run is recorded
    except DeviceUnavailable as e:
        _die(str(e))
    if problem := sandbox_problem(cfg.sandbox, cfg.docker_image):  # no engine or image: before a run is recorded
        _die(problem)
    console = Console(highlight=False, stderr=as_json)  # --json: stdout carries only the event lines
    if cfg.llm.model != "scripted" and not cfg.llm.model.startswith("replay:"):
        _check_model(cfg, resumed=run_id is not None)  # before a run is recorded (or a resumed one is touched)
    executor = _executor(cfg.executor, cfg.ray_address, cfg.device)
    try:
        _run(kind, tasks, cfg, store, run_id, console, quiet, as_json, executor)
    finally:
        if executor is not None:
            executor.close()


def _executor(kind: str, address: Optional[str], device: str):
    """None for this machine's pool, else a RayExecutor on its cluster; one line and exit 2 when it cannot be."""
    from ..sandbox.config import EvalConfig
    from ..sandbox.evaluate import DeviceUnavailable

    from .executor import ExecutorUnavailable, make_executor

    try:
        executor = make_executor(kind, address)
    except ExecutorUnavailable as e:
        _die(str(e))
    if executor is not None:
        try:
            executor.resolve_device(EvalConfig(device=device))  # --device cuda on a cluster without a GPU
        except DeviceUnavailable as e:
            executor.close()
            _die(str(e))
    return executor


def _run(kind, tasks, cfg, store, run_id, console, quiet, as_json, executor) -> None:
    from .errors import EndpointDown
    from .executor import cancel_on_interrupt
    from .progress import JsonReporter, ListReporter, RichReporter, summary_table
    from .run import Runner, RunError

    if run_id is None:
        run_id = store.new_run(kind, cfg.model_dump(), [str(t.path) if not t.suite else t.name for t in tasks])
    else:
        store.set_run_status(run_id, "running")
    # --quiet's reporter; --json's and the rich one show the runner's budget, so they are made once the runner is.
    # All three have close(), which the Reporter protocol (all that the search needs) does not ask for.
    reporter: ListReporter | JsonReporter | RichReporter = ListReporter()
    try:
        runner = Runner(store, cfg, run_id, reporter, executor)
    except Exception as e:  # noqa: BLE001 - e.g. an unreadable prompt template: one line, not a traceback
        store.set_run_status(run_id, "failed", str(e))
        _die(f"{type(e).__name__}: {e}")
    if as_json:
        reporter = JsonReporter(budget=runner.budget)
    elif not quiet:
        reporter = RichReporter(console, runner.budget)
    runner.reporter = reporter
    from ..sandbox.report import line, untrusted

    console.print(line("run ", untrusted(run_id, "bold"), f" · {kind} · {len(tasks)} task(s) · model ",
                       untrusted(cfg.llm.model), " · strategy ", untrusted(cfg.search.strategy), " · store ",
                       untrusted(store.path)))
    try:
        with cancel_on_interrupt(executor):  # Ctrl-C cancels the Ray tasks in flight first
            summaries = runner.run_tasks(tasks, single=(kind == "optimize"))
    except RunError as e:
        store.set_run_status(run_id, "failed", str(e))
        _die(str(e))
    except EndpointDown as e:  # an outage is not a search result: nothing finished, everything resumable
        store.set_run_status(run_id, "interrupted", f"LLM endpoint down: {e}")
        _die(f"the LLM endpoint stopped answering ({e}). Run {run_id} is interrupted, not finished; when the "
             f"endpoint is back: kernelpilot {kind} --resume {run_id}", code=EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        if executor is not None:
            executor.cancel()
        store.set_run_status(run_id, "interrupted")
        reporter.close()
        from . import executor as executors

        how = "" if executors.STOPPED_BY == signal.SIGINT else f" by {executors.STOPPED_BY.name}"
        console.print(f"\ninterrupted{how}; continue with: kernelpilot {kind} --resume {run_id}")
        # what finished is in the store and what was in flight is killed: no reason to wait for the
        # interpreter's teardown of torch, Triton and litellm
        executors.exit_now(128 + int(executors.STOPPED_BY), executor)
    finally:
        reporter.close()  # the live status line stops before anything else is printed
    store.set_run_status(run_id, "done")
    if as_json:
        reporter.event("run_done", run_id=run_id, summaries=summaries)
    console.print(summary_table(summaries, title=f"run {run_id}"))
    console.print(f"[dim]details: kernelpilot report {run_id}[/]")
    if all(s.correct for s in summaries):
        raise typer.Exit(0)
    # 3 as for `eval`: kernels that built but could not be run here (CUDA without a GPU)
    raise typer.Exit(3 if all(s.correct or s.unverified for s in summaries) else 1)




EXIT_INTERRUPTED = 4  # the LLM endpoint stopped answering mid-run: the run is `interrupted`, resume it


def _check_model(cfg, resumed: bool) -> None:
    """Key, model and endpoint, by one cheap request (one output token), and what --max-cost can promise: any
    failure is one line and exit 2, before a run is recorded."""
    from .errors import LLMError
    from .llm.litellm_client import LiteLLMClient, price_known

    try:
        client = LiteLLMClient(cfg.llm)  # a missing key or a provider litellm does not know
        client.probe()  # nobody listening, an unknown model, a refused key
    except LLMError as e:
        _die(str(e))
    if cfg.budget.max_cost is not None and not price_known(cfg.llm.model):
        msg = (f"model {cfg.llm.model!r} has no known price, so its cost is unknown and --max-cost cannot be "
               f"enforced")
        if cfg.budget.max_tokens is None:
            if not resumed:
                _die(f"{msg}: give --max-tokens N as well (a budget that can be counted)")
            typer.echo(f"kernelpilot: warning: {msg}", err=True)
        else:
            typer.echo(f"kernelpilot: warning: {msg}; --max-tokens {cfg.budget.max_tokens} is the budget", err=True)


def register(app: typer.Typer) -> None:
    """Add the agent's commands to the CLI."""
    app.add_typer(runs_app, name="runs")

    @app.command("optimize")
    def optimize(
        task: Optional[str] = typer.Argument(None, help="suite task name or path to a KernelBench-format file"),
        model: Optional[str] = _opt("model"),
        api_base: Optional[str] = _opt("api_base"),
        api_key_env: Optional[str] = _opt("api_key_env"),
        backend: str = _opt("backend"),
        strategy: str = _opt("strategy"),
        candidates: int = _opt("candidates"),
        rounds: int = _opt("rounds"),
        patience: int = _opt("patience"),
        max_cost: Optional[float] = _opt("max_cost"),
        max_tokens: Optional[int] = _opt("max_tokens"),
        max_steps: int = _opt("max_steps"),
        tool_protocol: str = _opt("tool_protocol"),
        device: str = _opt("device"),
        out: Optional[Path] = _opt("out", "where the best kernel goes (default kernelpilot_out/<task>_best.py)"),
        trials: int = _opt("trials"),
        eval_timeout: float = _opt("eval_timeout"),
        llm_timeout: float = _opt("llm_timeout"),
        temperature: float = _opt("temperature"),
        concurrency: Optional[int] = _opt("concurrency"),
        max_output_tokens: int = _opt("max_output_tokens"),
        context_tokens: Optional[int] = _opt("context_tokens"),
        max_llm_failures: int = _opt("max_llm_failures"),
        llm_retries: int = _opt("llm_retries"),
        resume: Optional[str] = typer.Option(None, "--resume", help="continue run RUN_ID where it stopped"),
        db: Optional[Path] = typer.Option(None, "--db", help="store (default $KERNELPILOT_DB or .kernelpilot/kernelpilot.sqlite)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="only the summary"),
        as_json: bool = typer.Option(False, "--json", help="one JSON object per progress event on stdout (the "
                                                          "summary goes to stderr)"),
        shape: list[str] = typer.Option([], "--shape", help="sizes to verify in place of the task's SHAPES, e.g. "
                                                            "\"batch_size=64, dim=1000\" (repeatable; as for eval)"),
        sandbox: str = _opt("sandbox"),
        docker_image: Optional[str] = _opt("docker_image"),
        executor: str = _opt("executor"),
        ray_address: Optional[str] = _opt("ray_address"),
    ) -> None:
        """Search for a faster kernel for one task; the best correct one is written to a file."""
        cfg = None
        if not resume:
            if not task and not (model or "").startswith("replay:"):
                _die("name a task (see `kernelpilot tasks list`) or --resume RUN_ID")
            cfg = _build_config(**_run_values(locals()))
            cfg.shapes = list(shape)
        _execute("optimize", [task] if task else [], cfg, db, resume, quiet, as_json)

    @app.command("batch")
    def batch(
        suite: Optional[str] = typer.Option(None, "--suite", help="core, hpc or seeds"),
        suite_dir: Optional[Path] = typer.Option(None, "--suite-dir",
                                                 help="any folder of KernelBench-format files, in place of --suite"),
        only: Optional[str] = typer.Option(None, "--tasks", help="comma-separated task names within the suite; with "
                                                               "--suite-dir a glob on the file names"),
        model: Optional[str] = _opt("model"),
        api_base: Optional[str] = _opt("api_base"),
        api_key_env: Optional[str] = _opt("api_key_env"),
        backend: str = _opt("backend"),
        strategy: str = _opt("strategy"),
        candidates: int = _opt("candidates"),
        rounds: int = _opt("rounds"),
        patience: int = _opt("patience"),
        max_cost: Optional[float] = _opt("max_cost"),
        max_tokens: Optional[int] = _opt("max_tokens"),
        max_steps: int = _opt("max_steps"),
        tool_protocol: str = _opt("tool_protocol"),
        device: str = _opt("device"),
        out: Optional[Path] = _opt("out", "directory for the best kernels (default kernelpilot_out/)"),
        trials: int = _opt("trials"),
        eval_timeout: float = _opt("eval_timeout"),
        llm_timeout: float = _opt("llm_timeout"),
        temperature: float = _opt("temperature"),
        concurrency: Optional[int] = _opt("concurrency"),
        max_output_tokens: int = _opt("max_output_tokens"),
        context_tokens: Optional[int] = _opt("context_tokens"),
        max_llm_failures: int = _opt("max_llm_failures"),
        llm_retries: int = _opt("llm_retries"),
        resume: Optional[str] = typer.Option(None, "--resume", help="continue batch RUN_ID: finished tasks are skipped"),
        db: Optional[Path] = typer.Option(None, "--db"),
        quiet: bool = typer.Option(False, "--quiet", "-q"),
        as_json: bool = typer.Option(False, "--json", help="one JSON object per progress event on stdout"),
        sandbox: str = _opt("sandbox"),
        docker_image: Optional[str] = _opt("docker_image"),
        executor: str = _opt("executor"),
        ray_address: Optional[str] = _opt("ray_address"),
    ) -> None:
        """Run every task of a suite; resumable; a failing candidate or task never stops the batch."""
        from ..tasks.loader import TaskError, list_folder, list_tasks

        cfg, names = None, []
        if not resume and suite_dir:  # a folder of problem files: each one by its path
            if suite:
                _die("give --suite or --suite-dir, not both")
            try:
                names = [str(t.path) for t in list_folder(suite_dir, only or "*")]
            except TaskError as e:
                _die(str(e))
        elif not resume:
            if not suite:
                _die("--suite (core, hpc or seeds) or --suite-dir DIR is required, or --resume RUN_ID")
            try:
                names = [t.name for t in list_tasks(suite)]
            except TaskError as e:
                _die(str(e))
            if only:
                wanted = [w.strip() for w in only.split(",") if w.strip()]
                missing = [w for w in wanted if w not in names]
                if missing:
                    _die(f"not in suite {suite}: {', '.join(missing)}")
                names = wanted
        if not resume:
            cfg = _build_config(**_run_values(locals()))
        _execute("batch", names, cfg, db, resume, quiet, as_json)

    @runs_app.command("list")
    def runs_list(limit: int = typer.Option(20, "--limit"), db: Optional[Path] = typer.Option(None, "--db")) -> None:
        """Recent runs: id, kind, status, model, tasks, tokens, cost."""
        from .report import render_runs

        render_runs(_store(db).list_runs(limit))

    @app.command("report")
    def report(runs: list[str] = typer.Argument(..., help="run id (a unique prefix is enough); two to compare"),
               db: Optional[Path] = typer.Option(None, "--db"),
               as_json: bool = typer.Option(False, "--json", help="one JSON object"),
               out: Optional[Path] = typer.Option(None, "--out", help="write a self-contained HTML report there"),
               fmt: Optional[str] = typer.Option(None, "--format",
                                                 help="json or csv: the per-task table (csv: and, with --candidates, "
                                                      "the per-candidate one) on stdout"),
               candidates: bool = typer.Option(False, "--candidates", help="--format: the per-candidate table")) -> None:
        """A run's record: per-task summary, every candidate and the stage it reached, LLM usage. With --out, an
        HTML report (plots, fast_p, the best kernels); with two runs, side by side."""
        from .report import render_report

        store = _store(db)
        rows = []
        for run in runs:
            row = store.get_run(run)
            if row is None:
                _die(f"no run {run!r} in {store.path} (see `kernelpilot runs list`)")
            rows.append(row)
        if len(rows) > 2:
            _die("report compares at most two runs")
        if fmt is not None and fmt not in ("json", "csv"):
            _die(f"--format must be json or csv, not {fmt!r}")
        if out is not None or fmt is not None or len(rows) > 1:
            from . import html_report

            data = [html_report.collect(store, r) for r in rows]
            if fmt is not None:
                table = html_report.tables(data)["candidates" if candidates else "tasks"]
                typer.echo(json.dumps(table, indent=1, default=str) if fmt == "json" else html_report.as_csv(table),
                           nl=fmt == "json")
            if out is not None or fmt is None:
                path = out or Path(f"report_{'_vs_'.join(r['id'] for r in rows)}.html")
                path.write_text(html_report.render_html(data))
                typer.echo(f"wrote {path}", err=fmt is not None)
            return
        render_report(store, rows[0], as_json)
