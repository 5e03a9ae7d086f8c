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
