"""Feedback digests: the candidate's frames and lines at an error, the occupancy arithmetic, memory kept unique,
the operator's kind."""

from __future__ import annotations

from kernelpilot.agent.search.diagnosis import candidate_traceback, digest_error, occupancy

SRC = "\n".join(f"line{i}" for i in range(1, 31))
TB = ("IndexError: tuple index out of range (during correctness trial 1)\nTraceback (most recent call last):\n"
      '  File "/venv/torch/nn/modules/module.py", line 1789, in _call_impl\n    return forward_call(*args)\n'
      '  File "/tmp/kp-scratch/candidate.py", line 12, in forward\n    helper(x)\n'
      '  File "/tmp/kp-scratch/candidate.py", line 20, in helper\n    return x.shape[5]\n'
      "IndexError: tuple index out of range")


def test_only_the_candidates_frames_and_its_lines():
    head, frames, final = candidate_traceback(TB)
    assert frames == [(12, "forward", "helper(x)"), (20, "helper", "return x.shape[5]")]
    assert final == "IndexError: tuple index out of range" and head.startswith("IndexError")
    text, lines = digest_error(TB, "/venv/triton/x.py:7: RuntimeWarning: overflow in exp\n  op()\nmy print\n", SRC)
    assert "module.py" not in text and "line 20, in helper" in text and "RuntimeWarning: overflow in exp" in text
    assert "my print" in text and "op()" not in text
    assert ">>   20 | line20" in lines and ">>   12 | line12" in lines and "line17" in lines
    _, static = digest_error("line 7: `triton.language.maxx` is not part of the candidate contract", "", SRC)
    assert ">>    7 | line7" in static


def test_occupancy():
    assert occupancy(90, 32, 0, 4) == (1.0, "warps")
    occ, lim = occupancy(90, 104, 16, 4)
    assert occ == 0.25 and lim == "registers"
    occ, lim = occupancy(90, 32, 100_000, 4)
    assert occ == 2 * 4 / 64 and lim == "shared memory"


def test_memory_notes_are_stored_once(store):
    for run in ("a", "b"):
        store.remember("relu", "H100", "vectorised loads: 1.3x vs eager", "worked", run)
    store.remember("relu", "", "vectorised loads: 1.3x vs eager", "worked", "c")  # another GPU: its own note
    assert len(store._all("SELECT * FROM memory")) == 2
    assert len(store.recall("relu", "H100", limit=10)) == 1  # and the prompt shows the text once


def test_kind_decides_the_ideas():
    from kernelpilot.agent.search.features import features_for_round
    from kernelpilot.agent.search.kinds import kind_from_ops, task_kind
    from kernelpilot.tasks.loader import load_task

    assert task_kind(load_task("relu")) == "elementwise" and task_kind(load_task("layernorm")) == "normalisation"
    assert task_kind(load_task("conv2d_3x3")) == "stencil/convolution" and task_kind(load_task("embedding")) == "gather/scatter"
    assert task_kind(load_task("spmv_csr")) == "sparse" and task_kind(load_task("causal_attention")) == "matmul/attention"
    assert kind_from_ops({"t", "clone"}) == "gather/scatter" and kind_from_ops({"mul", "add"}) == "elementwise"
    for r in range(4):
        assert all("warp" not in f.name for f in features_for_round(r, 4, "elementwise"))
