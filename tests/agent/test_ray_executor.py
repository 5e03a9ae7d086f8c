"""`--executor ray`, for real, on a local Ray instance with two CPU workers started here with a private temporary
folder: the same verdicts as the local pool, a worker killed in the middle of an evaluation costs only that
evaluation (run again on another worker), an evaluation whose worker is lost every time is a sandbox failure
that is not cached, Ctrl-C's cancel() stops the tasks in flight, and the local path never imports Ray."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from kernelpilot.agent import eval_suite  # noqa: E402
from kernelpilot.agent.evaluator import CachedEvaluator  # noqa: E402
from kernelpilot.agent.executor import (EXECUTOR_LOST, HOLD_ENV, EvaluationCancelled, RayExecutor,  # noqa: E402
                                        make_executor)
from kernelpilot.sandbox.config import EvalConfig  # noqa: E402
from kernelpilot.tasks.loader import load_task  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tasks/examples"
CFG = EvalConfig(device="cpu", trials=1, timing=False)


@pytest.fixture(scope="module")
def cluster():
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    temp = tempfile.mkdtemp(prefix="kp-ray-test-")  # short: Ray's sockets live under it
    ray.init(num_cpus=2, _temp_dir=temp, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def hold(tmp_path, monkeypatch):
    folder = tmp_path / "hold"
    folder.mkdir()
    monkeypatch.setenv(HOLD_ENV, str(folder))  # forwarded to each Ray task's worker
    return folder


@pytest.fixture
def suite(tmp_path):
    problems, solutions = tmp_path / "problems", tmp_path / "solutions"
    problems.mkdir()
    solutions.mkdir()
    relu = (EXAMPLES / "level1_relu.py").read_text()
    good = (EXAMPLES / "solutions/level1_relu_triton.py").read_text()
    for name in ("19_ReLU", "20_ReLU_wrong", "21_ReLU_static"):
        (problems / f"{name}.py").write_text(relu)
    (solutions / "19_ReLU.py").write_text(good)
    (solutions / "20_ReLU_wrong.py").write_text(good.replace("tl.maximum(x, 0.0)", "tl.maximum(x, 0.5)"))
    (solutions / "21_ReLU_static.py").write_text(good + "\nimport subprocess\n")
    return problems, solutions


def kill_when_held(hold: Path, name: str, lift: bool = True) -> threading.Thread:
    """A side thread: waits for the worker evaluating `name` to report its pid from inside the evaluation,
    SIGKILLs that worker, waits for it to be gone, then (lift) lets later runs of the evaluation through."""
    def go():
        pid_file = hold / f"{name}.pid"
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGKILL)
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        if lift:
            (hold / f"{name}.hold").unlink()

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def verdicts(capsys, *args, **kw) -> dict:
    code = eval_suite.run(*args, **kw)
    out = json.loads(capsys.readouterr().out)
    return {"exit": code, **{r["problem"]: (r["verdict"], r["check"]) for r in out["problems"]}}


def test_eval_suite_through_ray_gives_the_local_verdicts_and_survives_a_killed_worker(cluster, suite, hold, capsys):
    problems, solutions = suite
    local = verdicts(capsys, problems, solutions, "*", CFG, True, workers=2)
    assert local["19_ReLU.py"] == ("pass", "pass") and local["20_ReLU_wrong.py"][1].startswith("correctness.")
    assert local["21_ReLU_static.py"][0] == "fail" and local["21_ReLU_static.py"][1].startswith("static.")

    (hold / "19_ReLU.hold").touch()  # the first run of 19's evaluation waits there, and its worker is killed
    killer = kill_when_held(hold, "19_ReLU")
    with RayExecutor() as ex:  # joins the cluster started above
        assert ex.slots() == 2 and ex.resolve_device(EvalConfig()) == "cpu"
        through_ray = verdicts(capsys, problems, solutions, "*", CFG, True, executor=ex)
    killer.join(timeout=5)
    assert through_ray == local
    runs = {p.stem: p.read_text().split() for p in hold.glob("*.attempts")}
    assert len(runs["19_ReLU"]) == 2 and runs["19_ReLU"][0] != runs["19_ReLU"][1]  # run again, in another worker
    assert len(runs["20_ReLU_wrong"]) == 1 and len(runs["21_ReLU_static"]) == 1  # the others ran once


def test_a_worker_lost_every_time_is_a_sandbox_failure_never_cached(cluster, store, hold):
    task = load_task(str(EXAMPLES / "level1_relu.py"))
    source = (EXAMPLES / "solutions/level1_relu_triton.py").read_text()
    (hold / "level1_relu.hold").touch()
    killer = kill_when_held(hold, "level1_relu", lift=False)
    with RayExecutor(max_retries=0) as ex:
        ev = CachedEvaluator(task, store, CFG, "", ex)
        lost = ev(source)
        killer.join(timeout=5)
        assert lost.verdict == "fail" and lost.stage == "sandbox" and lost.check == EXECUTOR_LOST
        assert "Ray worker" in lost.reason and "no verdict on the kernel" in lost.reason
        assert store.get_eval(ev.key(source)) is None  # not a verdict: judged again next time
        (hold / "level1_relu.hold").unlink()
        judged = ev(source)
        assert judged.verdict == "pass" and "ray-task" in judged.isolation
        again = ev(source)  # written to the store by this process, the only writer
        assert again.cached and ev.hits == 1 and ev.misses == 2


def test_cancel_stops_the_evaluations_in_flight(cluster, hold):
    task = load_task(str(EXAMPLES / "level1_relu.py"))
    source = (EXAMPLES / "solutions/level1_relu_triton.py").read_text()
    (hold / "level1_relu.hold").touch()  # never lifted: only a cancel ends this evaluation
    ex = RayExecutor()
    got: list = []

    def judge():
        try:
            got.append(ex.evaluate(task, source, CFG))
        except EvaluationCancelled as e:
            got.append(e)

    t = threading.Thread(target=judge, daemon=True)
    t.start()
    deadline = time.monotonic() + 60
    while not (hold / "level1_relu.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    assert ex.cancel() == 1
    t.join(timeout=30)
    assert got and isinstance(got[0], EvaluationCancelled) and time.monotonic() - started < 30
    with pytest.raises(EvaluationCancelled):  # nothing new starts after a cancel
        ex.evaluate(task, source, CFG)


def test_the_local_path_needs_no_ray():
    assert make_executor("local") is None
    code = ("import sys; import kernelpilot.agent.cli, kernelpilot.agent.run, kernelpilot.agent.eval_suite, "
            "kernelpilot.agent.executor, kernelpilot.agent.evaluator; "
            "from kernelpilot.agent.executor import make_executor; assert make_executor('local') is None; "
            "assert 'ray' not in sys.modules, 'ray imported'")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
