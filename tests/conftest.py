"""Shared fixtures. Evaluations run on the CPU under the Triton interpreter unless a test is marked gpu."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config, items):
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import torch

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA GPU")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def cpu_cfg():
    from kernelpilot.sandbox.config import EvalConfig

    return EvalConfig(device="cpu", trials=2, timeout_s=60)


# A plain KernelBench-style file (documented on its class, no SHAPES) whose inputs come from torch.distributions at
# 8 TiB: anything that drew them for real only to learn their size would never return.
PLAIN_KERNELBENCH = '''
import torch
import torch.nn as nn
from torch.distributions import Pareto


class Model(nn.Module):
    """Mean absolute error between two heavy-tailed tensors.

    A plain KernelBench-style file: documented on its class, no SHAPES, inputs drawn from a distribution."""

    def forward(self, a, b):
        return (a - b).abs().mean()


rows = 1 << 20
cols = 1 << 20


def get_inputs():
    return [Pareto(0.5, 2.0).sample((rows, cols)), Pareto(0.5, 2.0).sample((rows, cols))]


def get_init_inputs():
    return []
'''


@pytest.fixture
def plain_kernelbench_task(tmp_path) -> Path:
    path = tmp_path / "mae_pareto.py"
    path.write_text(PLAIN_KERNELBENCH)
    return path
