"""The runner: several tasks in one run, a failing task does not stop the others, outputs and memory."""

from __future__ import annotations

from kernelpilot.agent.config import LLMConfig, RunConfig, SearchConfig
from kernelpilot.agent.progress import ListReporter, summary_table
from kernelpilot.agent.run import Runner
from kernelpilot.agent.summary import TaskSummary
from kernelpilot.tasks.loader import load_task

USER_TASK = '''"""y = 2x"""
import torch
import torch.nn as nn


class Model(nn.Module):
    def forward(self, x):
        return 2 * x


def get_inputs():
    return [torch.randn(8)]


def get_init_inputs():
    return []
'''


def test_batch_goes_on_after_a_failing_task(store, softmax, tmp_path, monkeypatch, fake_evaluator):
    fake = fake_evaluator(softmax)
    monkeypatch.setattr("kernelpilot.sandbox.evaluate.evaluate", lambda t, s, c: fake(s))
    user = tmp_path / "my_model.py"
    user.write_text(USER_TASK)
    cfg = RunConfig(llm=LLMConfig(model="scripted"), search=SearchConfig(candidates=4, rounds=3), device="cpu",
                    out=str(tmp_path / "out"))
    run_id = store.new_run("batch", cfg.model_dump(), ["my_model", "softmax"])
    rep = ListReporter()
    runner = Runner(store, cfg, run_id, rep)
    summaries = runner.run_tasks([load_task(str(user)), softmax], single=False)
    assert not summaries[0].correct and "shipped tasks only" in summaries[0].error
    assert summaries[1].correct and summaries[1].interpreter_ms == 80.0
    assert \
        "next_power_of_2" in (tmp_path / "out" / "softmax_best.py").read_text()
    assert {r["task"]: r["status"] for r in store.run_tasks(run_id)} == {"my_model": "failed", "softmax": "done"}
    notes = store.recall("softmax")
    assert notes and notes[0]["outcome"] == "worked" and "interpreter time" in notes[0]["note"]
    assert summary_table(summaries).row_count == 2
    # resuming the batch skips the finished task and does not ask the LLM again
    calls = store.usage(run_id)["calls"]
    again = Runner(store, cfg, run_id, ListReporter()).run_tasks([load_task(str(user)), softmax], single=False)
    assert again[1] == summaries[1] and store.usage(run_id)["calls"] == calls  # as stored, read back whole
    assert store.run_tasks(run_id)[1]["summary"] == summaries[1].model_dump()


# a task's summary in the store and in --json: these keys, in this order
KEYS = ["task", "correct", "speedup_eager", "speedup_compiled", "roofline", "interpreter_ms", "method", "tokens", "cost",
        "calls", "unpriced", "stop", "rounds", "candidates", "out", "best", "error", "unverified", "speed_unverified"]


def test_a_summary_stored_before_its_later_fields_existed_still_loads():
    first = {"task": "relu", "correct": True, "speedup_eager": None, "speedup_compiled": None, "roofline": None,
             "interpreter_ms": 2.5, "method": "interpreter_wall", "tokens": 10, "cost": 0.0, "calls": 1,
             "stop": "all rounds done", "rounds": 1, "candidates": 1, "out": "relu_best.py", "best": "correct",
             "error": ""}  # as the first runs stored it: no unpriced, unverified or speed_unverified
    s = TaskSummary.model_validate(first)
    assert (s.unpriced, s.unverified, s.speed_unverified) == (0, None, None)
    assert list(s.model_dump()) == KEYS and s.model_dump() == {**first, "unpriced": 0, "unverified": None,
                                                               "speed_unverified": None}
    assert summary_table([s]).row_count == 1
