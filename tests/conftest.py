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


# -- the corpora's tallies -------------------------------------------------------------------------------------
# Every honest kernel's verdict (tests/honest) and every adversarial case's (tests/adversarial) comes from the
# report of its test, so the tally is the same whether the tests ran in this process or in pytest-xdist's
# workers; the run ends with the false-rejection and false-pass rates in the terminal summary, which pytest
# prints whether or not output is captured. Here, in the top conftest, because it is the one the controlling
# process of an xdist run loads.
HONEST: dict[str, str] = {}  # case -> "pass" or the check that rejected it
ADVERSARIAL: dict[str, bool] = {}  # case -> accepted (a false pass)


class AdversarialTally:
    """Registered as a plugin, not left as a conftest hook: pytest calls a conftest's report hooks only for
    the tests below its own folder, and the adversarial suite lives next door."""

    @staticmethod
    def pytest_runtest_logreport(report):
        if report.when != "call" or "test_case_is_rejected[" not in report.nodeid:
            return
        case = report.nodeid.split("[", 1)[1].rstrip("]")
        # the test records whether each verdict it got was a false pass; a wrong stage or check fails the
        # suite but is still a rejection
        ADVERSARIAL[case] = any(v for k, v in report.user_properties if k == "false_pass")


class HonestTally:
    """Each honest kernel's verdict, from the report of its test (the test records it as a user property), so
    that the tally is the same whether the tests ran in this process or in pytest-xdist's workers."""

    @staticmethod
    def pytest_runtest_logreport(report):
        if report.when != "call" or "test_honest_kernel_passes[" not in report.nodeid:
            return
        case = report.nodeid.split("[", 1)[1].rstrip("]")
        HONEST[case] = str(dict(report.user_properties).get("verdict", "error in the test"))


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("kp-adversarial-tally"):
        config.pluginmanager.register(AdversarialTally(), "kp-adversarial-tally")
    if not config.pluginmanager.has_plugin("kp-honest-tally"):
        config.pluginmanager.register(HonestTally(), "kp-honest-tally")


def pytest_terminal_summary(terminalreporter):
    if HONEST:
        rejected = sorted(k for k, v in HONEST.items() if v != "pass")
        rate = len(rejected) / len(HONEST)
        terminalreporter.write_line(
            f"honest corpus: {len(HONEST)} kernels judged, {len(rejected)} rejected: false-rejection rate {rate:.1%}"
            + (f" ({', '.join(f'{k}: {HONEST[k]}' for k in rejected)})" if rejected else ""))
    if ADVERSARIAL:
        accepted = sorted(k for k, v in ADVERSARIAL.items() if v)
        terminalreporter.write_line(
            f"adversarial suite: {len(ADVERSARIAL)} cases judged, {len(accepted)} accepted: false-pass rate "
            f"{len(accepted) / len(ADVERSARIAL):.1%}" + (f" ({', '.join(accepted)})" if accepted else ""))
