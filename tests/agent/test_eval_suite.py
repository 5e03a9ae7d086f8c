"""A folder of KernelBench-format problems as a suite: `tasks list --suite-dir`, `batch --suite-dir` and
`eval-suite`, which judges a folder of existing solutions matched by name, one line per problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kernelpilot.agent.eval_suite import fast_p, match_solution

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tasks/examples"


def kp(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kernelpilot", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def folders(tmp_path):
    problems, solutions = tmp_path / "level1", tmp_path / "solutions"
    problems.mkdir()
    solutions.mkdir()
    relu = (EXAMPLES / "level1_relu.py").read_text()
    (problems / "19_ReLU.py").write_text(relu)
    (problems / "20_ReLU_again.py").write_text(relu)
    (problems / "2_Linear_Bias_GELU.py").write_text((EXAMPLES / "level2_linear_bias_gelu.py").read_text())
    good = (EXAMPLES / "solutions/level1_relu_triton.py").read_text()
    (solutions / "level_1_problem_19_sample_0_kernel.py").write_text(good)  # KernelBench's own naming
    wrong = good.replace("tl.maximum(x, 0.0)", "tl.maximum(x, 0.5)")
    assert wrong != good
    (solutions / "20_ReLU_again_triton.py").write_text(wrong)
    return problems, solutions


def test_solutions_are_matched_by_kernelbench_names(tmp_path):
    sols = [tmp_path / n for n in ("19_ReLU.py", "23_Softmax_triton.py", "level_1_problem_7_sample_0_kernel.py",
                                   "71_other.py")]
    assert match_solution(Path("19_ReLU.py"), sols).name == "19_ReLU.py"
    assert match_solution(Path("23_Softmax.py"), sols).name == "23_Softmax_triton.py"
    assert match_solution(Path("7_Matmul.py"), sols).name == "level_1_problem_7_sample_0_kernel.py"
    assert match_solution(Path("1_Conv.py"), sols) is None  # 1 is not 71, 7 or 19
    recs = [{"verdict": "pass", "speedup_eager": 2.5}, {"verdict": "pass", "speedup_eager": 0.8},
            {"verdict": "fail", "speedup_eager": None}, {"verdict": "pass", "speedup_eager": 1.2}]
    assert fast_p(recs, "speedup_eager") == {"fast_0": 0.75, "fast_1": 0.5, "fast_2": 0.25}


def test_eval_suite_judges_every_problem_and_summarises(folders):
    problems, solutions = folders
    p = kp("eval-suite", "--suite-dir", str(problems), "--solutions", str(solutions), "--json", "--trials", "1",
           "--no-timing")
    assert p.returncode == 1, p.stderr[-2000:]  # one wrong, one without a solution
    out = json.loads(p.stdout)
    by = {r["problem"]: r for r in out["problems"]}
    assert [r["problem"] for r in out["problems"]] == ["2_Linear_Bias_GELU.py", "19_ReLU.py", "20_ReLU_again.py"]
    assert by["19_ReLU.py"]["verdict"] == "pass" and by["19_ReLU.py"]["solution"].startswith("level_1_problem_19")
    assert by["20_ReLU_again.py"]["verdict"] == "fail" and by["20_ReLU_again.py"]["check"].startswith("correctness.")
    assert by["2_Linear_Bias_GELU.py"]["check"] == "suite.no_solution"
    assert out["summary"]["problems"] == 3 and out["summary"]["correct"] == 1 and out["summary"]["no_solution"] == 1
    assert "[3/3]" in p.stderr and "left" in p.stderr  # progress with an estimate, on stderr with --json
    only = kp("eval-suite", "--suite-dir", str(problems), "--solutions", str(solutions), "--tasks", "19_*",
              "--trials", "1", "--no-timing")
    assert only.returncode == 0 and "1 problems: 1 correct" in only.stdout, only.stdout + only.stderr


def test_folders_as_suites_in_tasks_list_and_batch(folders, tmp_path):
    problems, _ = folders
    p = kp("tasks", "list", "--suite-dir", str(problems))
    assert p.returncode == 0 and "19_ReLU" in p.stdout and "2_Linear_Bias_GELU" in p.stdout, p.stderr
    for args, says in ((["tasks", "list", "--suite-dir", str(tmp_path / "nowhere")], "not a folder"),
                       (["batch", "--suite-dir", str(problems), "--suite", "core", "--model", "scripted"], "not both"),
                       (["batch", "--suite-dir", str(problems), "--tasks", "99_*", "--model", "scripted"], "no .py files"),
                       (["eval-suite", "--suite-dir", str(problems), "--solutions", str(tmp_path / "none")], "not a folder"),
                       (["eval-suite", "--suite-dir", str(problems), "--solutions", str(problems), "--sandbox", "vm"],
                        "--sandbox must be process or docker"),
                       (["batch", "--suite-dir", str(problems), "--model", "scripted", "--docker-image", "x:1"],
                        "--docker-image is for --sandbox docker")):
        p = kp(*args)
        assert p.returncode == 2 and says in p.stderr, (args, p.stderr)
