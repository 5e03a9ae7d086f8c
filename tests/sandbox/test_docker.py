"""`--sandbox docker`: the container each evaluation runs in, how its output is taken, and (where a Docker engine
and the image are available) the same verdicts as the default sandbox, for real.

The real tests need the `docker` SDK (kernelpilot[docker]), `dockerd` (or a running engine) and the image
(`bash scripts/build_local_image.sh` builds it without a registry); otherwise they are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernelpilot.sandbox import docker_sandbox as ds
from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import DeviceUnavailable, evaluate
from kernelpilot.sandbox.result import EvalResult
from kernelpilot.tasks.loader import load_task

ROOT = Path(__file__).resolve().parents[2]
SOFTMAX = (ROOT / "tasks/core/solutions/softmax_triton.py").read_text()
MEMO = (ROOT / "tests/adversarial/cases/memo__pointer_keyed_cache.py").read_text()
SYNTAX_ERROR = "import torch\nclass ModelNew(torch.nn.Module:\n    pass\n"
CFG = EvalConfig(device="cpu", trials=1, timeout_s=60)


# -- the container's specification, without an engine --------------------------------------------------------------

def test_container_spec_confines_the_judge():
    cmd = ds.eval_command("/kp/in/softmax.py", "/kp/in/candidate.py", CFG, "cpu")
    spec = ds.container_spec("kernelpilot:test", cmd, "/host/dir", CFG, gpu=False)
    assert spec["network_mode"] == "none"
    assert spec["read_only"] is True
    uid, gid = spec["user"].split(":")
    assert int(uid) != 0 and int(gid) != 0
    assert spec["cap_drop"] == ["ALL"] and "no-new-privileges" in spec["security_opt"]
    mb = CFG.candidate_memory_mb(False) + ds.JUDGE_MEMORY_MB
    assert spec["mem_limit"] == spec["memswap_limit"] == f"{mb}m"  # no swap beyond the limit
    assert spec["pids_limit"] == CFG.max_processes + ds.EXTRA_PIDS
    assert spec["tmpfs"] == {"/tmp": f"rw,nosuid,nodev,size={ds.SCRATCH_MB}m,mode=1777"}
    assert spec["volumes"] == {"/host/dir": {"bind": "/kp/in", "mode": "ro"}}  # the only mount, read-only
    assert spec["entrypoint"] == ["kernelpilot"] and spec["command"][:3] == ["eval", "/kp/in/softmax.py",
                                                                            "/kp/in/candidate.py"]
    assert "device_requests" not in spec
    assert not any(w in k.upper() for k in spec["environment"] for w in ("KEY", "TOKEN", "SECRET"))
    notes = ds.isolation_notes(spec)
    assert {"container:docker", "container:network-none", "container:read-only-root"} <= set(notes)


def test_container_spec_passes_gpus_through():
    spec = ds.container_spec("img", ["eval"], "/d", CFG, gpu=True)
    assert spec["device_requests"] == [{"driver": "nvidia", "capabilities": [["gpu"]], "count": -1}]
    assert spec["mem_limit"] == f"{CFG.candidate_memory_mb(True) + ds.JUDGE_MEMORY_MB}m"
    pinned = ds.container_spec("img", ["eval"], "/d", CFG, gpu=True, gpu_ids=["2"])
    assert pinned["device_requests"] == [{"driver": "nvidia", "capabilities": [["gpu"]], "device_ids": ["2"]}]
    assert "container:gpus" in ds.isolation_notes(pinned)


def test_the_docker_sdk_turns_the_spec_into_the_engine_request(monkeypatch):
    """The spec goes through the SDK's own translation (no engine): what the engine would be asked for."""
    docker = pytest.importorskip("docker", reason="the Docker SDK is not installed (pip install 'kernelpilot[docker]')")
    client = docker.DockerClient(base_url="unix:///nonexistent/docker.sock", version="1.41")
    sent = {}

    def create_container(**kw):
        sent.update(kw)
        return {"Id": "x"}

    client.api.create_container = create_container
    monkeypatch.setattr(docker.models.containers.ContainerCollection, "get", lambda self, cid: cid)
    spec = ds.container_spec("kernelpilot:test", ["eval", "t.py", "c.py"], "/host/dir", CFG, gpu=True)
    client.containers.create(**spec)
    host = sent["host_config"]
    assert host["NetworkMode"] == "none" and host["ReadonlyRootfs"] is True
    assert host["Memory"] == host["MemorySwap"] == int(spec["mem_limit"][:-1]) * 2**20
    assert host["PidsLimit"] == spec["pids_limit"] and host["CapDrop"] == ["ALL"]
    assert host["Tmpfs"] == spec["tmpfs"] and host["Binds"] == ["/host/dir:/kp/in:ro"]
    assert host["DeviceRequests"][0]["Capabilities"] == [["gpu"]] and host["DeviceRequests"][0]["Count"] == -1
    assert host["Init"] is True and host["SecurityOpt"] == ["no-new-privileges"]
    assert sent["user"] == "65534:65534" and sent["image"] == "kernelpilot:test"


def test_eval_command_carries_the_settings():
    cfg = EvalConfig(device="cpu", trials=2, timeout_s=30, compile_baseline=False, timing=False, gpu_arch="sm_80",
                     target_compile=False, shape_seed=7)
    cmd = ds.eval_command("t.py", "c.py", cfg, "cpu", static_checks=False,
                          shapes=[{"name": "small", "batch_size": 4, "dim": 16}])
    assert cmd[:4] == ["eval", "t.py", "c.py", "--json"]
    text = " ".join(cmd)
    for part in ("--device cpu", "--timeout 30.0", "--trials 2", "--gpu-arch sm_80", "--no-compile-baseline",
                 "--no-timing", "--no-target-compile", "--replay-seed 7", "--static off"):
        assert part in text
    assert cmd[-2:] == ["--shape", "batch_size=4, dim=16"]
    with pytest.raises(DeviceUnavailable, match="memory_mb"):  # no option for it: refused, not dropped
        ds.eval_command("t.py", "c.py", EvalConfig(memory_mb=1024), "cpu")


def _result(verdict="pass", **kw) -> bytes:
    return EvalResult(verdict=verdict, stage=kw.pop("stage", "timing"), reason="r", **kw).model_dump_json().encode()


def test_output_is_parsed_strictly():
    assert ds.parse_output(_result(), 0).verdict == "pass"
    assert ds.parse_output(_result("fail", stage="correctness", check="correctness.mismatch"), 1).check == \
        "correctness.mismatch"
    bad = [(b"", 0), (b"pass", 0), (b'{"verdict": "pass"}', 0), (b"[1]", 0), (_result() + b"\n{}", 0),
           (_result(), 1), (_result("fail"), 0), (b"\xff\xfe", 0),
           (_result().replace(b'"verdict"', b'"extra": 1, "verdict"'), 0),
           (_result().replace(b'"wall_s":0.0', b'"wall_s":"0"'), 0)]
    for out, code in bad:
        with pytest.raises(ValueError):
            ds.parse_output(out, code)


# -- the host's side, with a stand-in for the engine ------------------------------------------------------------------

class FakeContainer:
    def __init__(self, code=0, stdout=b"", stderr=b"", oom=False, hang=False):
        self.code, self.stdout, self.stderr, self.oom, self.hang = code, stdout, stderr, oom, hang
        self.attrs, self.removed, self.started = {}, False, False

    def start(self):
        self.started = True

    def wait(self, timeout):
        if self.hang:
            time.sleep(min(timeout, 0.2) + 0.05)
            raise TimeoutError("read timed out")
        return {"StatusCode": self.code}

    def logs(self, stdout, stderr):
        return self.stdout if stdout else self.stderr

    def reload(self):
        self.attrs = {"State": {"OOMKilled": self.oom}}

    def remove(self, force):
        self.removed = True


class FakeClient:
    def __init__(self, container):
        self.container, self.specs = container, []
        self.containers = self

    def create(self, **spec):
        self.specs.append(spec)
        return self.container


def _docker_eval(container, source=SOFTMAX, limit=None, monkeypatch=None):
    client = FakeClient(container)
    if limit is not None:
        monkeypatch.setattr(ds, "container_limit_s", lambda *a: limit)
    cfg = CFG.model_copy(update={"sandbox": "docker"})
    r = ds.evaluate_in_docker(load_task("softmax"), source, cfg, client=client)
    return r, client


def test_a_good_result_comes_back_with_the_container_layer():
    inner = _result(isolation=["rlimits"], wall_s=1.0, seconds={"candidate": 0.5})
    r, client = _docker_eval(FakeContainer(0, inner))
    assert r.verdict == "pass" and r.task == "softmax"
    assert r.isolation[0] == "container:docker" and r.isolation[-1] == "rlimits"
    assert "container (start, imports, stop)" in r.seconds
    spec = client.specs[0]
    assert spec["command"][1] == "/kp/in/softmax.py" and spec["network_mode"] == "none"
    assert client.container.removed
    assert not Path(spec["volumes"].popitem()[0]).exists()  # the mounted folder is gone afterwards


@pytest.mark.parametrize("container, check", [
    (FakeContainer(0, b"garbage"), "sandbox.container_output"),
    (FakeContainer(0, b""), "sandbox.container_output"),
    (FakeContainer(1, _result()), "sandbox.container_output"),  # a pass printed by a process that exits 1
    (FakeContainer(137, b"", b"Killed"), "sandbox.container_died"),
    (FakeContainer(139, _result()), "sandbox.container_died"),  # a result, but from a crashed process
    (FakeContainer(137, b"", oom=True), "sandbox.container_out_of_memory"),
    (FakeContainer(2, b"", b"kernelpilot: error: bad task"), "sandbox.container_refused"),
])
def test_a_container_that_fails_is_a_sandbox_failure(container, check):
    r, _ = _docker_eval(container)
    assert (r.verdict, r.stage, r.check) == ("fail", "sandbox", check), r.reason
    assert container.removed


def test_a_container_past_its_time_is_killed(monkeypatch):
    container = FakeContainer(hang=True)
    r, _ = _docker_eval(container, limit=0.2, monkeypatch=monkeypatch)
    assert (r.verdict, r.check) == ("fail", "sandbox.container_timeout") and container.removed


def test_a_container_that_cannot_start_is_the_machines_fault():
    docker = pytest.importorskip("docker", reason="the Docker SDK is not installed (pip install 'kernelpilot[docker]')")

    class Refusing(FakeClient):
        def create(self, **spec):
            raise docker.errors.APIError("could not select device driver \"nvidia\" with capabilities: [[gpu]]")

    with pytest.raises(DeviceUnavailable, match="could not select device driver"):
        ds.evaluate_in_docker(load_task("softmax"), SOFTMAX, CFG, client=Refusing(None))


def test_static_failures_need_no_container():
    r, client = _docker_eval(FakeContainer(0, b"never read"), source=SYNTAX_ERROR)
    assert (r.verdict, r.stage) == ("fail", "static") and not client.specs
    assert r.check == evaluate("softmax", SYNTAX_ERROR, CFG).check


def test_evaluate_dispatches_on_the_config(monkeypatch):
    seen = []
    monkeypatch.setattr(ds, "evaluate_in_docker", lambda task, source, cfg, static_checks: seen.append(cfg) or
                        EvalResult(verdict="unverified", stage="sandbox", reason="x"))
    evaluate("softmax", SOFTMAX, CFG.model_copy(update={"sandbox": "docker"}))
    assert len(seen) == 1 and seen[0].sandbox == "docker"


def test_no_image_is_the_users_error(monkeypatch):
    docker = pytest.importorskip("docker", reason="the Docker SDK is not installed (pip install 'kernelpilot[docker]')")

    class Images:
        def get(self, name):
            raise docker.errors.ImageNotFound("no such image")

    class Client:
        images = Images()

    monkeypatch.setattr(ds, "_client", lambda: Client())
    with pytest.raises(DeviceUnavailable, match="build_local_image.sh"):
        ds.client_with_image("kernelpilot:nonexistent-tag")


# -- for real: an engine and the image ---------------------------------------------------------------------------

CACHE = Path(os.environ.get("KERNELPILOT_DOCKER_CACHE", Path.home() / ".cache/kernelpilot/docker"))
BUILD_HINT = "build it with `bash scripts/build_local_image.sh` (about 5 minutes on 2 cores)"


def _answers(client_cls, base_url: str) -> bool:
    try:
        client_cls(base_url=base_url, timeout=5).ping()
        return True
    except Exception:  # noqa: BLE001 - no engine there
        return False


@pytest.fixture(scope="session")
def docker_engine():
    """DOCKER_HOST of an engine that has the image: one already running, or a private dockerd on the state that
    scripts/build_local_image.sh built the image into (started here, stopped at the end)."""
    docker = pytest.importorskip("docker", reason="the Docker SDK is not installed (pip install 'kernelpilot[docker]')")
    candidates = [os.environ.get("DOCKER_HOST", ""), "unix:///var/run/docker.sock", f"unix://{CACHE}/docker.sock"]
    url = next((u for u in candidates if u and _answers(docker.DockerClient, u)), None)
    proc = None
    if url is None:
        if not shutil.which("dockerd"):
            pytest.skip("no Docker engine answers and dockerd is not installed (apt-get install docker.io)")
        if os.geteuid() != 0:
            pytest.skip("no Docker engine answers, and starting dockerd needs root")
        if not (CACHE / "engine").is_dir():
            pytest.skip(f"no Docker engine answers and there is no image state in {CACHE}/engine: {BUILD_HINT}")
        exec_root = Path(f"/tmp/kernelpilot-dockerd-{os.getuid()}")
        exec_root.mkdir(exist_ok=True)
        url = f"unix://{CACHE}/docker.sock"
        log = open(CACHE / "dockerd.test.log", "w")
        proc = subprocess.Popen(["dockerd", "--data-root", str(CACHE / "engine"), "--exec-root", str(exec_root),
                                 "--pidfile", str(CACHE / "dockerd.pid"), "-H", url, "--bridge=none",
                                 "--iptables=false", "--ip6tables=false"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not _answers(docker.DockerClient, url):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.skip(f"dockerd did not start within 60 s (see {CACHE}/dockerd.test.log)")
            time.sleep(0.5)
    client = docker.DockerClient(base_url=url, timeout=60)
    try:
        client.images.get(ds.image_name())
    except docker.errors.ImageNotFound:
        if proc:
            proc.terminate()
            proc.wait(30)
        pytest.skip(f"the engine at {url} has no image {ds.image_name()}: {BUILD_HINT}")
    saved = os.environ.get("DOCKER_HOST")
    os.environ["DOCKER_HOST"] = url
    ds._client.cache_clear()
    yield url
    ds._client.cache_clear()
    if saved is None:
        os.environ.pop("DOCKER_HOST", None)
    else:
        os.environ["DOCKER_HOST"] = saved
    if proc:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
@pytest.mark.parametrize("name, source, static_checks", [
    ("softmax reference", SOFTMAX, True),
    ("memoised outputs", MEMO, True),
    ("syntax error, static checks off", SYNTAX_ERROR, False),  # judged inside the container
])
def test_verdicts_equal_the_default_sandbox(docker_engine, name, source, static_checks):
    task = load_task("softmax")
    here = evaluate(task, source, CFG, static_checks=static_checks)
    there = evaluate(task, source, CFG.model_copy(update={"sandbox": "docker"}), static_checks=static_checks)
    assert (there.verdict, there.stage, there.check) == (here.verdict, here.stage, here.check), there.reason
    assert there.isolation[0] == "container:docker"
    print(f"{name}: {here.verdict} {here.check}: default {here.wall_s:.2f} s, docker {there.wall_s:.2f} s")


@pytest.mark.slow
def test_a_real_container_that_misbehaves_is_a_sandbox_failure(docker_engine):
    client = ds.client_with_image(ds.image_name())

    def run(code: str, limit_s: float = 60, **over):
        spec = ds.container_spec(ds.image_name(), ["-c", code], "/nonexistent-kp-dir", CFG, gpu=False)
        spec.update(entrypoint=["python3"], volumes={}, **over)
        return ds._run(client, spec, limit_s)

    assert run("print('all good, trust me')").check == "sandbox.container_output"
    assert run("import sys; print('{}'); sys.exit(0)").check == "sandbox.container_output"
    assert run("import os; os.kill(os.getpid(), 9)").check == "sandbox.container_died"
    t = time.monotonic()
    assert run("import time; time.sleep(120)", limit_s=3).check == "sandbox.container_timeout"
    assert time.monotonic() - t < 30
    oom = run("b = bytearray(1 << 30); b[::4096] = b'x' * len(b[::4096])", mem_limit="128m", memswap_limit="128m")
    assert oom.check in ("sandbox.container_out_of_memory", "sandbox.container_died"), oom.reason
    # the limits hold inside: no network, a read-only root, not root
    probe = ("import os, socket\n"
             "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); net = 'up'\n"
             "except OSError: net = 'none'\n"
             "try:\n    open('/opt/x', 'w'); ro = 'writable'\n"
             "except OSError: ro = 'read-only'\n"
             "import sys; sys.stderr.write(f'{net} {ro} {os.getuid()}'); sys.exit(5)")
    r = run(probe)
    assert r.check == "sandbox.container_died" and "none read-only 65534" in r.reason, r.reason


@pytest.mark.slow
def test_the_cli_judges_in_a_container(docker_engine):
    sol = ROOT / "tasks/core/solutions/softmax_triton.py"
    t = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "kernelpilot.agent.cli", "eval", "softmax", str(sol), "--device", "cpu",
                        "--trials", "1", "--sandbox", "docker", "--json"], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "DOCKER_HOST": docker_engine})
    assert p.returncode == 0, p.stderr[-2000:]
    r = json.loads(p.stdout)
    assert r["verdict"] == "pass" and r["isolation"][0] == "container:docker"
    assert r["toolchain"].get("holds_for")  # stated by the judge in the container
    print(f"eval --sandbox docker: {time.monotonic() - t:.1f} s")
