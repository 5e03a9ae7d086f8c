"""On a GPU: the offline loop reports real speedups, and the prompt describes the GPU. Skipped without CUDA."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gpu


def test_gpu_description_reaches_the_prompt():
    from kernelpilot.agent.hardware import describe_gpu
    from kernelpilot.agent.prompting import system_prompt

    gpu = describe_gpu("auto")
    assert gpu and gpu["sms"] > 0 and gpu["cc"]
    assert f"{gpu['sms']} SMs" in system_prompt("triton", gpu)


def test_scripted_fsr_on_gpu_reports_speedups(store, tmp_path):
    from pathlib import Path

    from kernelpilot.agent.config import LLMConfig, RunConfig, SearchConfig
    from kernelpilot.agent.progress import ListReporter, summary_table
    from kernelpilot.agent.run import Runner
    from kernelpilot.tasks.loader import load_task

    # the suite's softmax at a sixteenth of its size (the scripted replies are keyed by the name): at the real
    # size each of the loop's evaluations takes tens of seconds, too long for a GPU check's pytest phase
    src = (Path(__file__).resolve().parents[2] / "tasks/core/softmax.py").read_text()
    assert "batch_size = 16384" in src and "dim = 32768" in src
    small = tmp_path / "softmax.py"
    small.write_text(src.replace("batch_size = 16384", "batch_size = 4096").replace("dim = 32768", "dim = 8192"))
    softmax = load_task(str(small))
    assert softmax.name == "softmax"

    cfg = RunConfig(llm=LLMConfig(model="scripted"), search=SearchConfig(candidates=4, rounds=2), device="cuda",
                    out=str(tmp_path / "out"), eval_trials=2)
    run_id = store.new_run("optimize", cfg.model_dump(), ["softmax"])
    runner = Runner(store, cfg, run_id, ListReporter())
    assert runner.gpu and runner.gpu["name"] in runner.system
    (s,) = runner.run_tasks([softmax], single=True)
    assert s.correct and s.method == "cuda_events" and s.speedup_eager is not None
    assert s.interpreter_ms is None and "vs eager" in s.best
    table = summary_table([s])
    assert "% roofline" in [c.header for c in table.columns]
