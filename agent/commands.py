"""CLI commands of the agent side (optimize, batch, runs list, report); registered onto the main app.

Heavy imports (torch, the harness, litellm) happen inside the commands so `kernelpilot --help` stays fast.
"""

from __future__ import annotations

import json

import os
from pathlib import Path
from typing import Optional

import typer

runs_app = typer.Typer(no_args_is_help=True, help="Runs recorded in the store.")

MODEL_HELP = ("LLM: any litellm model (gpt-4o, anthropic/claude-sonnet-4-5, gemini/gemini-2.5-pro, openai/NAME with "
              "--api-base for vLLM/llama.cpp/Ollama), `scripted` (offline replay device: canned replies, no key; it "
              "does not write kernels) or `replay:RUN_ID`. Default: $KERNELPILOT_MODEL")

CONCURRENCY_HELP = "LLM calls in flight at once (default 4; 1 for a --api-base on this machine: localhost, 127.x, ::1)"
MAX_OUTPUT_HELP = "the most tokens one reply may have (the request's max_tokens)"
CONTEXT_HELP = ("the model's context window in tokens (default: litellm's figure for the model, if any): a prompt "
                "that would not fit loses feedback, never the task")
RETRIES_HELP = ("more tries of one LLM call after a timeout, a connection error, a 5xx or a rate limit, with "
                "exponential backoff (a call is sent at most this many times plus one)")
TOOL_PROTOCOL_HELP = ("agent strategy: how the model acts. native: tool calls; text: actions written as code in the "
                      "reply (for endpoints that ignore tools); auto: decided by what litellm knows of the model, "
                      "else by its first reply")
FAILURES_HELP = ("LLM calls failing in a row (each after its retries: unreachable, timeout, 5xx) that stop the run "
                 "as interrupted (exit 4, resumable)")


from .errors import die as _die  # noqa: E402 - one helper for the whole CLI


SANDBOX_HELP = ("process: each candidate judged in a forked worker process of this machine; docker: in a fresh "
                "container (no network, read-only, not root, limited; needs kernelpilot[docker], an engine and the "
                "image)")
EXECUTOR_HELP = ("local: evaluations in this machine's pool of workers; ray: each evaluation a Ray task (one GPU, "
                 "or one CPU slot under the interpreter) on a cluster, retried on another worker if its worker dies "
                 "(needs kernelpilot[ray])")
RAY_ADDRESS_HELP = "with --executor ray: the cluster to join (e.g. ray://head:10001 or auto); default: a private one here"
DOCKER_IMAGE_HELP = "with --sandbox docker: the image (default $KERNELPILOT_DOCKER_IMAGE or kernelpilot:latest)"


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
    from kernelpilot.sandbox.docker_sandbox import DockerUnavailable, client_with_image, image_name

    try:
        client_with_image(image_name())
    except DockerUnavailable as e:
        return str(e)
    return ""


def _store(db: Optional[Path]):
    from .store import SQLiteStore

    return SQLiteStore(db)


def _build_config(model, api_base, api_key_env, backend, strategy, candidates, rounds, patience, max_cost, max_tokens,
                  max_steps, device, out, trials, eval_timeout, llm_timeout, temperature, concurrency,
                  max_output_tokens=8192, context_tokens=None, max_llm_failures=3, llm_retries=4, tool_protocol="auto",
                  sandbox="process", docker_image=None, executor="local", ray_address=None):
    from pydantic import ValidationError

    from .config import BudgetConfig, LLMConfig, RunConfig, SearchConfig
    from .llm.litellm_client import is_local

    model = model or os.environ.get("KERNELPILOT_MODEL")
    if not model:
        _die("choose a model with --model (e.g. gpt-4o, anthropic/claude-sonnet-4-5, openai/NAME --api-base URL), "
             "or --model scripted for the offline replay model")
    if concurrency is None:  # a server on this machine usually serves one request at a time
        concurrency = 1 if is_local(api_base) else 4
    try:
        return RunConfig(
            llm=LLMConfig(model=model, api_base=api_base, api_key_env=api_key_env, timeout_s=llm_timeout,
                          temperature=temperature, concurrency=concurrency, max_output_tokens=max_output_tokens,
                          context_tokens=context_tokens, max_failures=max_llm_failures, retries=llm_retries),
            budget=BudgetConfig(max_cost=max_cost, max_tokens=max_tokens),
            search=SearchConfig(strategy=strategy, backend=backend, candidates=candidates, rounds=rounds,
                                patience=patience, max_steps=max_steps, tool_protocol=tool_protocol),
            device=device, out=str(out) if out else None, eval_trials=trials, eval_timeout_s=eval_timeout,
            sandbox=sandbox, docker_image=docker_image, executor=executor, ray_address=ray_address)
    except ValidationError as e:
        err = e.errors()[0]
        _die(f"invalid option {'.'.join(map(str, err['loc']))}: {err['msg']}")


def _execute(kind: str, task_refs: list[str], cfg, db: Optional[Path], resume: Optional[str], quiet: bool,
             as_json: bool = False) -> None:
    """Create or resume a run, search every task, print the summary. Exit 0 when every task has a correct kernel,
    3 when the rest only have kernels that built but could not be run here, 4 when the LLM endpoint stopped
    answering (the run is interrupted, resumable), else 1."""
    from rich.console import Console

    from .config import RunConfig
    from kernelpilot.tasks.loader import TaskError, load_task

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
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import DeviceUnavailable, resolve_device

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
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import DeviceUnavailable

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
    try:
        runner = Runner(store, cfg, run_id, ListReporter() if quiet else None, executor)
    except Exception as e:  # noqa: BLE001 - e.g. an unreadable prompt template: one line, not a traceback
        store.set_run_status(run_id, "failed", str(e))
        _die(f"{type(e).__name__}: {e}")
    if as_json:
        runner.reporter = JsonReporter(budget=runner.budget)
    elif not quiet:
        runner.reporter = RichReporter(console, runner.budget)
    from kernelpilot.sandbox.report import line, untrusted

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
        console.print(f"\ninterrupted; continue with: kernelpilot {kind} --resume {run_id}")
        raise typer.Exit(130)
    finally:
        runner.reporter.close()  # the live status line stops before anything else is printed
    store.set_run_status(run_id, "done")
    if as_json:
        runner.reporter.event("run_done", run_id=run_id, summaries=summaries)
    console.print(summary_table(summaries, title=f"run {run_id}"))
    console.print(f"[dim]details: kernelpilot report {run_id}[/]")
    if all(s["correct"] for s in summaries):
        raise typer.Exit(0)
    # 3 as for `eval`: kernels that built but could not be run here (CUDA without a GPU)
    raise typer.Exit(3 if all(s["correct"] or s.get("unverified") for s in summaries) else 1)




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
        model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
        api_base: Optional[str] = typer.Option(None, "--api-base", help="OpenAI-compatible server, e.g. http://localhost:8000/v1"),
        api_key_env: Optional[str] = typer.Option(None, "--api-key-env", help="env var holding the key (default: the provider's)"),
        backend: str = typer.Option("triton", "--backend", help="triton or cuda"),
        strategy: str = typer.Option("fsr", "--strategy", help="fsr (rounds of N candidates) or agent (tool calling)"),
        candidates: int = typer.Option(4, "--candidates", "-n", help="candidates per round (fsr)"),
        rounds: int = typer.Option(5, "--rounds", "-d", help="rounds at most (fsr)"),
        patience: int = typer.Option(2, "--patience", help="stop after this many rounds without improvement"),
        max_cost: Optional[float] = typer.Option(None, "--max-cost", help="USD budget for the run"),
        max_tokens: Optional[int] = typer.Option(None, "--max-tokens", help="token budget for the run"),
        max_steps: int = typer.Option(30, "--max-steps", help="tool calls at most (agent)"),
        tool_protocol: str = typer.Option("auto", "--tool-protocol", help=TOOL_PROTOCOL_HELP),
        device: str = typer.Option("auto", "--device", help="auto, cpu or cuda"),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="where the best kernel goes (default kernelpilot_out/<task>_best.py)"),
        trials: int = typer.Option(3, "--trials", help="fresh-seed correctness trials per shape"),
        eval_timeout: float = typer.Option(120.0, "--eval-timeout", help="seconds per candidate evaluation"),
        llm_timeout: float = typer.Option(300.0, "--llm-timeout", help="seconds per LLM call"),
        temperature: float = typer.Option(0.7, "--temperature"),
        concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, help=CONCURRENCY_HELP),
        max_output_tokens: int = typer.Option(8192, "--max-output-tokens", min=1, help=MAX_OUTPUT_HELP),
        context_tokens: Optional[int] = typer.Option(None, "--context-tokens", min=256, help=CONTEXT_HELP),
        max_llm_failures: int = typer.Option(3, "--max-llm-failures", min=1, help=FAILURES_HELP),
        llm_retries: int = typer.Option(4, "--llm-retries", min=0, help=RETRIES_HELP),
        resume: Optional[str] = typer.Option(None, "--resume", help="continue run RUN_ID where it stopped"),
        db: Optional[Path] = typer.Option(None, "--db", help="store (default $KERNELPILOT_DB or .kernelpilot/kernelpilot.sqlite)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="only the summary"),
        as_json: bool = typer.Option(False, "--json", help="one JSON object per progress event on stdout (the "
                                                          "summary goes to stderr)"),
        shape: list[str] = typer.Option([], "--shape", help="sizes to verify in place of the task's SHAPES, e.g. "
                                                            "\"batch_size=64, dim=1000\" (repeatable; as for eval)"),
        sandbox: str = typer.Option("process", "--sandbox", metavar="process|docker", help=SANDBOX_HELP),
        docker_image: Optional[str] = typer.Option(None, "--docker-image", help=DOCKER_IMAGE_HELP),
        executor: str = typer.Option("local", "--executor", metavar="local|ray", help=EXECUTOR_HELP),
        ray_address: Optional[str] = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    ) -> None:
        """Search for a faster kernel for one task; the best correct one is written to a file."""
        cfg = None
        if not resume:
            if not task and not (model or "").startswith("replay:"):
                _die("name a task (see `kernelpilot tasks list`) or --resume RUN_ID")
            cfg = _build_config(model, api_base, api_key_env, backend, strategy, candidates, rounds, patience, max_cost,
                                max_tokens, max_steps, device, out, trials, eval_timeout, llm_timeout, temperature, concurrency,
                                max_output_tokens, context_tokens, max_llm_failures, llm_retries, tool_protocol,
                                sandbox, docker_image, executor, ray_address)
            cfg.shapes = list(shape)
        _execute("optimize", [task] if task else [], cfg, db, resume, quiet, as_json)

    @app.command("batch")
    def batch(
        suite: Optional[str] = typer.Option(None, "--suite", help="core, hpc or seeds"),
        suite_dir: Optional[Path] = typer.Option(None, "--suite-dir",
                                                 help="any folder of KernelBench-format files, in place of --suite"),
        only: Optional[str] = typer.Option(None, "--tasks", help="comma-separated task names within the suite; with "
                                                               "--suite-dir a glob on the file names"),
        model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
        api_base: Optional[str] = typer.Option(None, "--api-base"),
        api_key_env: Optional[str] = typer.Option(None, "--api-key-env"),
        backend: str = typer.Option("triton", "--backend"),
        strategy: str = typer.Option("fsr", "--strategy"),
        candidates: int = typer.Option(4, "--candidates", "-n"),
        rounds: int = typer.Option(5, "--rounds", "-d"),
        patience: int = typer.Option(2, "--patience"),
        max_cost: Optional[float] = typer.Option(None, "--max-cost"),
        max_tokens: Optional[int] = typer.Option(None, "--max-tokens"),
        max_steps: int = typer.Option(30, "--max-steps"),
        tool_protocol: str = typer.Option("auto", "--tool-protocol", help=TOOL_PROTOCOL_HELP),
        device: str = typer.Option("auto", "--device"),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="directory for the best kernels (default kernelpilot_out/)"),
        trials: int = typer.Option(3, "--trials"),
        eval_timeout: float = typer.Option(120.0, "--eval-timeout"),
        llm_timeout: float = typer.Option(300.0, "--llm-timeout"),
        temperature: float = typer.Option(0.7, "--temperature"),
        concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, help=CONCURRENCY_HELP),
        max_output_tokens: int = typer.Option(8192, "--max-output-tokens", min=1, help=MAX_OUTPUT_HELP),
        context_tokens: Optional[int] = typer.Option(None, "--context-tokens", min=256, help=CONTEXT_HELP),
        max_llm_failures: int = typer.Option(3, "--max-llm-failures", min=1, help=FAILURES_HELP),
        llm_retries: int = typer.Option(4, "--llm-retries", min=0, help=RETRIES_HELP),
        resume: Optional[str] = typer.Option(None, "--resume", help="continue batch RUN_ID: finished tasks are skipped"),
        db: Optional[Path] = typer.Option(None, "--db"),
        quiet: bool = typer.Option(False, "--quiet", "-q"),
        as_json: bool = typer.Option(False, "--json", help="one JSON object per progress event on stdout"),
        sandbox: str = typer.Option("process", "--sandbox", metavar="process|docker", help=SANDBOX_HELP),
        docker_image: Optional[str] = typer.Option(None, "--docker-image", help=DOCKER_IMAGE_HELP),
        executor: str = typer.Option("local", "--executor", metavar="local|ray", help=EXECUTOR_HELP),
        ray_address: Optional[str] = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    ) -> None:
        """Run every task of a suite; resumable; a failing candidate or task never stops the batch."""
        from kernelpilot.tasks.loader import TaskError, list_folder, list_tasks

        cfg, names = None, []
        if not resume and suite_dir:  # a folder of problem files: each one by its path
            if suite:
                _die("give --suite or --suite-dir, not both")
            try:
                names = [str(t.path) for t in list_folder(suite_dir, only or "*")]
            except TaskError as e:
                _die(str(e))
            cfg = _build_config(model, api_base, api_key_env, backend, strategy, candidates, rounds, patience, max_cost,
                                max_tokens, max_steps, device, out, trials, eval_timeout, llm_timeout, temperature, concurrency,
                                max_output_tokens, context_tokens, max_llm_failures, llm_retries, tool_protocol,
                                sandbox, docker_image, executor, ray_address)
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
            cfg = _build_config(model, api_base, api_key_env, backend, strategy, candidates, rounds, patience, max_cost,
                                max_tokens, max_steps, device, out, trials, eval_timeout, llm_timeout, temperature, concurrency,
                                max_output_tokens, context_tokens, max_llm_failures, llm_retries, tool_protocol,
                                sandbox, docker_image, executor, ray_address)
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
