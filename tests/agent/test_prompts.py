"""Prompts are Jinja templates with StrictUndefined; examples are real files; the GPU goes into the prompt."""

from __future__ import annotations

import ast

import pytest

from kernelpilot.agent.hardware import bandwidth_for
from kernelpilot.agent.prompting import example, render, system_prompt
from kernelpilot.agent.search.features import FEATURES

H100 = {"name": "NVIDIA H100 80GB HBM3", "sms": 132, "memory_gb": 79, "cc": "9.0", "bandwidth_gbs": bandwidth_for("NVIDIA H100 80GB HBM3")}


def test_system_prompt_carries_rules_example_and_gpu():
    s = " ".join(system_prompt("triton", H100).split())
    for rule in ("same constructor signature", "try", "threads", "`os`", "Never reference `Model`", "@triton.jit"):
        assert rule in s
    assert "132 SMs" in s and "3350 GB/s" in s and "compute capability 9.0" in s
    cpu = system_prompt("cuda", None)
    assert "cupy.RawModule" in cpu and "interpreter" in cpu and "extern \"C\" __global__" in cpu


def test_examples_are_real_kernels():
    for backend in ("triton", "cuda"):
        tree = ast.parse(example(backend))
        assert any(isinstance(n, ast.ClassDef) and n.name == "ModelNew" for n in tree.body)
    assert "cupy.asarray" in example("cuda") and "Stream" not in example("cuda")


def test_task_prompt_sections(softmax):
    user = render("task", task=softmax, memory=[{"outcome": "worked", "gpu": "H100", "note": "BLOCK=4096"}],
                  feature=FEATURES[0], feedback=["### Candidate r0/c1 failed"], kind="reduction", ideas=[], begin="",
                  best={"source": "class ModelNew: ...", "summary": "1.5x vs eager"})
    for part in ("Task: softmax", "def get_inputs", "BLOCK=4096", "1.5x vs eager", "r0/c1 failed", FEATURES[0].name):
        assert part in user


def test_strict_undefined():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        render("compile_error", tag="r0/c0")


def test_agent_tool_guide_names_every_tool():
    from kernelpilot.agent.search.agent import tool_lines

    for protocol in ("native", "text", "auto"):
        g = render("agent_tool_guide", backend_name="Triton", shell_timeout=60, max_steps=30, max_time_s=600,
                   protocol=protocol, tools=tool_lines())
        for tool in ("read_file(path)", "write_file(path, content)", "list_files(path)", "run_shell(command)",
                     "evaluate(path)", "remember(note, outcome)", "recall(query)", "ask_llm(question)", "submit(path)"):
            assert tool in g
        assert ("```action" in g) == (protocol != "native")


def test_agent_instructions_do_not_contradict(softmax):
    """The agent's system prompt never asks for a code block as the answer, and the FSR one never for tools."""
    agent = system_prompt("triton", None, "agent")
    fsr = system_prompt("triton", None, "fsr")
    assert "single ```python code block" in fsr and "single ```python code block" not in agent
    assert "through the actions" in agent


ADD_RELU_TASK = '''"""relu(x + y)"""
import torch
import torch.nn as nn

n = 5000
SHAPES = [dict(n=1000), dict(n=777)]


class Model(nn.Module):
    def forward(self, x, y):
        return torch.relu(x + y)


def get_inputs():
    return [torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
'''


def test_examples_pass_the_harness(tmp_path):
    """The examples shown to the model are judged like any candidate: Triton passes, CUDA compiles (NVRTC)."""
    from kernelpilot.sandbox.config import EvalConfig
    from kernelpilot.sandbox.evaluate import evaluate

    task = tmp_path / "add_relu.py"
    task.write_text(ADD_RELU_TASK)
    cfg = EvalConfig(device="cpu", trials=1, timeout_s=60)
    r = evaluate(str(task), example("triton"), cfg)
    assert r.verdict == "pass", r.reason
    r = evaluate(str(task), example("cuda"), cfg)
    assert r.verdict == "unverified" and r.stage == "build" and r.check in ("unverified.no_gpu", "build.no_nvrtc"), r.reason
