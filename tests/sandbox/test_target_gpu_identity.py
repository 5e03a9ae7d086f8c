"""A candidate's process on a CPU looks like the GPU its verdict stands for to the candidate's host code
(tasks/devices.py cuda_means_host_in_this_process): torch.cuda's queries and Triton's driver lookups answer for
that GPU, device contexts and synchronisation do nothing, and tensors stay on the host. Each check runs in a
fresh process, as a candidate's does: what it installs lasts for the process's life."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PROBE = r'''
import json, sys
import torch

from kernelpilot.tasks.devices import cuda_means_host_in_this_process

arch = None if sys.argv[1] == "none" else sys.argv[1]
mode = sys.argv[2]
if mode == "target-compile":  # the process that compiles for the GPU: Triton's own stand-in driver is active
    from kernelpilot.sandbox import target
    target.install(arch)
found = {"installed": cuda_means_host_in_this_process(arch, smallest_instance=mode == "smallest-instance")}


def ask(name, fn):
    try:
        found[name] = fn()
    except Exception as e:  # the failure is the finding
        found[name] = f"{type(e).__name__}: {e}"


x = torch.randn(3)
ask("available", torch.cuda.is_available)
ask("count", torch.cuda.device_count)
ask("current", torch.cuda.current_device)
ask("capability", lambda: list(torch.cuda.get_device_capability()))
ask("capability_of_x", lambda: list(torch.cuda.get_device_capability(x.device)))
ask("name", torch.cuda.get_device_name)
ask("sms", lambda: torch.cuda.get_device_properties(0).multi_processor_count)
ask("smem_optin", lambda: torch.cuda.get_device_properties("cuda:0").shared_memory_per_block_optin)
ask("second_gpu", lambda: torch.cuda.get_device_properties(1).name)
ask("bf16", torch.cuda.is_bf16_supported)
ask("build", lambda: str(torch.__version__).rpartition("+")[2])


def location():
    props = torch.cuda.get_device_properties(0)
    return {"uuid": str(props.uuid), "uuid_bytes": len(props.uuid.bytes), "bus": props.pci_bus_id,
            "device": props.pci_device_id, "domain": props.pci_domain_id, "gcn": props.gcnArchName,
            "repr": repr(props), "same": str(torch.cuda.get_device_properties(0).uuid) == str(props.uuid)}


ask("location", location)


def profiled():
    torch.cuda.nvtx.range_push("launch")
    with torch.cuda.nvtx.range("inner"):
        torch.cuda.nvtx.mark("here")
    return torch.cuda.nvtx.range_pop()


ask("nvtx", profiled)


def on_host(t):  # where a tensor really is: its own device queries answer as on the GPU (cuda:0)
    with torch._C.DisableTorchFunction():
        return t.device.type


def in_device_context():
    with torch.cuda.device(x.device):
        with torch.cuda.device_of(x):
            with torch.cuda.device(0):
                return on_host(torch.empty(2, device="cuda"))


ask("device_context", in_device_context)


def synchronised():
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    torch.cuda.synchronize()
    end.record()
    end.synchronize()
    return start.elapsed_time(end) >= 0 and on_host(x.cuda()) == "cpu"


ask("synchronised", synchronised)


def driver():
    from triton.runtime import driver

    dev = driver.active.get_active_torch_device()
    props = driver.active.utils.get_device_properties(dev.index)
    return {"device": str(dev), "target": [driver.active.get_current_target().backend,
                                           driver.active.get_current_target().arch],
            "current": driver.active.get_current_device(), "sms": props["multiprocessor_count"],
            "smem": props["max_shared_mem"], "regs": props["max_num_regs"], "warp": props["warpSize"],
            "keys": sorted(props)}


ask("driver", driver)
print(json.dumps(found))
'''


def probe(tmp_path, arch: str | None, mode: str = "interpreter") -> dict:
    script = tmp_path / "probe.py"
    script.write_text(_PROBE)
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    if mode in ("interpreter", "smallest-instance"):
        env["TRITON_INTERPRET"] = "1"
    p = subprocess.run([sys.executable, str(script), arch or "none", mode], env=env, capture_output=True, text=True,
                       timeout=180)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


TRITON_KEYS = ["max_num_regs", "max_shared_mem", "mem_bus_width", "mem_clock_rate", "multiprocessor_count",
               "sm_clock_rate", "warpSize"]


def test_an_sm_90_verdict_shows_the_host_code_an_h100(tmp_path):
    got = probe(tmp_path, "sm_90")
    assert got["installed"] is True
    assert got["available"] is True and got["count"] == 1 and got["current"] == 0
    assert got["capability"] == got["capability_of_x"] == [9, 0]
    assert got["name"] == "NVIDIA H100 80GB HBM3"
    assert got["sms"] == 132 and got["smem_optin"] == 232448
    assert got["second_gpu"].startswith("AssertionError")  # one GPU, as on the machine the verdict is for
    assert got["bf16"] is True  # sm_80 and newer
    assert got["build"] in ("cu126", "cu128", "cu130")  # a CUDA build's local version, drawn among PyPI's
    assert got["nvtx"] == 0  # profiler ranges mark nothing (a CPU build has no NVTX library to raise for)
    assert got["device_context"] == "cpu"  # contexts do nothing; device="cuda" is the host
    assert got["synchronised"] is True
    # where the GPU sits, as a real one says it (no placeholder of zeros a CPU stand-in would give itself away by)
    loc = got["location"]
    assert loc["uuid_bytes"] == 16 and loc["uuid"].count("-") == 4 and set(loc["uuid"]) != {"0", "-"}
    # a board's slot (domain 0, a bus of its own, device 0) or a virtual machine's (bus 0 and a device number)
    assert (loc["bus"] > 0 and loc["device"] == 0 and loc["domain"] == 0) or loc["device"] > 0
    assert 0 <= loc["bus"] < 256 and 0 <= loc["device"] < 32 and 0 <= loc["domain"] < 65536
    assert loc["gcn"] == "" and loc["same"]
    assert (f"uuid={loc['uuid']}, pci_bus_id={loc['bus']}, pci_device_id={loc['device']}, "
            f"pci_domain_id={loc['domain']}") in loc["repr"]
    assert got["driver"] == {"device": "cuda:0", "target": ["cuda", 90], "current": 0, "sms": 132, "smem": 232448,
                             "regs": 65536, "warp": 32, "keys": TRITON_KEYS}


def test_the_second_view_shows_the_smallest_mig_instance(tmp_path):
    """The process of the judge's second look (sandbox/judge.py check_smallest_instance): the same H100 as its
    1g.10gb MIG instance, 16 of its 132 SMs and an eighth of its memory, in torch's and Triton's lookups alike;
    per-SM and per-block figures are the whole GPU's."""
    got = probe(tmp_path, "sm_90", mode="smallest-instance")
    assert got["name"] == "NVIDIA H100 80GB HBM3 MIG 1g.10gb" and got["capability"] == [9, 0]
    assert got["sms"] == 16 and got["smem_optin"] == 232448
    assert got["driver"]["sms"] == 16 and got["driver"]["smem"] == 232448


def test_an_sm_80_verdict_shows_an_a100(tmp_path):
    got = probe(tmp_path, "sm_80")
    assert got["capability"] == [8, 0] and got["name"] == "NVIDIA A100-SXM4-80GB" and got["sms"] == 108
    assert got["driver"]["target"] == ["cuda", 80] and got["driver"]["smem"] == 166912


def test_an_architecture_of_unknown_figures_says_so_and_is_judged_unverified(tmp_path):
    """The capability of sm_86 follows from its name; its SM count and the rest are not known here, and asking
    for them fails with a message the judge reads as needing that GPU (unverified), not as the kernel's fault."""
    from kernelpilot.sandbox.judge import demands_cuda

    got = probe(tmp_path, "sm_86")
    assert got["available"] is True and got["capability"] == [8, 6]
    for key in ("name", "sms", "driver"):
        assert got[key].startswith("UnknownGPU: ") and "sm_86" in got[key], got[key]
        assert demands_cuda(got[key], "")


def test_without_a_target_only_the_device_contexts_change(tmp_path):
    """`with torch.cuda.device(x.device):` on a host tensor raised ValueError ("Expected a cuda device"); it does
    nothing now. No GPU is claimed where the process has no target."""
    got = probe(tmp_path, None)
    assert got["installed"] is True and got["device_context"] == "cpu"
    assert got["available"] is False and got["count"] == 0
    assert "0 active drivers" in got["driver"]


def test_the_target_compile_process_gets_the_same_answers(tmp_path):
    """Where the kernels are compiled for the GPU (sandbox/target.py), Triton's stand-in driver is active: it
    keeps its target and gains the property lookups."""
    got = probe(tmp_path, "sm_90", mode="target-compile")
    assert got["available"] is True and got["capability"] == [9, 0] and got["sms"] == 132
    assert got["driver"]["target"] == ["cuda", 90] and got["driver"]["sms"] == 132


def test_the_judges_own_process_is_untouched(cpu_cfg):
    """The judge draws inputs and runs the reference in processes of its own: a candidate that saw a GPU leaves
    them as they were (and the test process, which runs evaluate, too)."""
    import torch

    from kernelpilot.sandbox.evaluate import evaluate

    r = evaluate("softmax", _GATED_CANDIDATE, cpu_cfg.model_copy(update={"timing": False}))
    assert r.verdict == "pass", r.reason
    assert torch.cuda.is_available() is False


# A candidate that uses a GPU-only path where it sees CUDA: right on both paths, so it passes, which it can only
# do if its GPU path ran (the kernel refuses to run without the capability it was launched with).
_GATED_CANDIDATE = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, MAJOR: tl.constexpr):
    tl.static_assert(MAJOR == 9)
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        major = torch.cuda.get_device_capability()[0] if torch.cuda.is_available() else 0
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0),
                                      BLOCK=triton.next_power_of_2(x.shape[1]), MAJOR=major)
        return y
'''


@pytest.mark.parametrize("cc", [80, 90])
def test_the_shared_memory_figure_is_the_one_the_compile_step_checks(cc):
    from kernelpilot.sandbox.target import SMEM_LIMIT
    from kernelpilot.tasks.devices import KNOWN_GPUS

    assert KNOWN_GPUS[cc].smem_per_block_optin == SMEM_LIMIT[cc]
