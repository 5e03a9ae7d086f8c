"""The sandbox probe: candidate-like code confined exactly as the judge confines it, and, when that fails,
the first confinement step to blame. On the CPU the Triton interpreter stands in for the GPU."""

from kernelpilot.sandbox import gpu_probe, isolation


def test_confined_probe_runs_torch_and_triton_on_the_cpu():
    report = gpu_probe.probe_sandbox("cpu")
    assert report["ok"], report
    top = report["levels"][-1]
    assert top["steps"] == list(isolation.CONFINEMENT_STEPS)
    assert top["torch"] == "ok" and top["triton"] == "ok"
    assert "env-allow-list" in top["features"]


def test_probe_names_the_step_that_breaks_kernels(monkeypatch):
    # Stand-in for a driver that objects to the memory limit: after set_limits, every check fails. The probe's
    # children are forked, so they inherit these patches.
    real_set_limits, real_checks = isolation.set_limits, gpu_probe._checks
    state = {"limited": False}

    def set_limits(*a, **k):
        state["limited"] = True
        return real_set_limits(*a, **k)

    def checks(device):
        res = real_checks(device)
        return {k: ("RuntimeError: no CUDA-capable device" if state["limited"] else v) for k, v in res.items()}

    monkeypatch.setattr(isolation, "set_limits", set_limits)
    monkeypatch.setattr(gpu_probe, "_checks", checks)
    report = gpu_probe.probe_sandbox("cpu")
    assert not report["ok"]
    assert report["first_failing_step"] == "rlimits"
    steps = [lvl["steps"] for lvl in report["levels"]]
    assert steps[0] == [] and ["cgroup", "namespaces", "root-filesystem", "rlimits"] in steps
    assert report["levels"][0]["torch"] == "ok"  # unconfined still works: the sandbox is to blame


def test_probe_reports_a_hang_instead_of_waiting(monkeypatch):
    monkeypatch.setattr(gpu_probe, "_checks", lambda device: __import__("time").sleep(60) or {})
    res = gpu_probe.run_level((), "cpu", timeout_s=2)
    assert "hung" in res["error"]
