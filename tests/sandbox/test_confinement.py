"""The confinement alone: every candidate here runs with the static checks switched off (`eval --static off`),
so only the sandbox stands between its code and the machine. Each attack is a known sandbox escape or an obvious
variant; what it tries is planted by the test itself (a UNIX socket in the host /tmp and in the checkout, a
loopback listener, a file in /tmp), and the test checks the outcome from outside as well as the candidate's
own report."""

from __future__ import annotations

import json
import shutil
import tempfile
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path

import pytest

from kernelpilot.sandbox import isolation
from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import accept_result, evaluate
from kernelpilot.sandbox.judge import result_mac
from kernelpilot.tasks.loader import load_task

ROOT = Path(__file__).resolve().parents[2]
ROOTED = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOTED, reason="the full confinement needs root (namespaces, mounts, uid switch)")


def _cgroup_available() -> bool:
    cg = isolation.Cgroup.create(f"kp-test-{os.getpid()}", 1 << 30, 64)
    if cg:
        cg.remove()
    return cg is not None


needs_cgroup = pytest.mark.skipif(not _cgroup_available(), reason="no writable cgroup tree here (doctor says so)")


def unconfined(source: str, memory_mb: int = 8192, timeout_s: float = 60, device: str = "cpu"):
    cfg = EvalConfig(device=device, trials=1, timeout_s=timeout_s, memory_mb=memory_mb, compile_baseline=False,
                     timing=False, target_compile=False)
    return evaluate(load_task("softmax"), source, cfg, static_checks=False)


PROBE_HEADER = '''
import ctypes, json, os, socket, sys
import torch
import torch.nn as nn

R = {}
libc = ctypes.CDLL(None, use_errno=True)

def attempt(name, fn):
    try:
        R[name] = "ok: " + repr(fn())[:300]
    except BaseException as e:
        R[name] = "refused: " + (type(e).__name__ + ": " + str(e))[:300]

def sys_call(nr, *args):
    rc = libc.syscall(nr, *args)
    if rc < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return rc

def unix_connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(b"kp-probe")
    return "connected"
'''

PROBE_FOOTER = '''
raise RuntimeError("PROBES" + json.dumps(R) + "PROBES")

class ModelNew(nn.Module):
    def forward(self, x):
        return x
'''


def run_probes(body: str, **kw) -> dict:  # kw: unconfined()'s
    r = unconfined(PROBE_HEADER + textwrap.dedent(body) + PROBE_FOOTER, **kw)
    assert r.static_checks == "off" and "static-checks-off" in r.isolation
    m = re.search(r"PROBES(\{.*?\})PROBES", r.reason, re.S)
    assert m, f"the probes did not report: {r.verdict} {r.check} {r.reason[:2000]} {r.log_tail[-2000:]}"
    return json.loads(m.group(1))


class UnixListener:
    """A UNIX socket server planted by the test; records whether anyone connected."""

    def __init__(self, path: Path):
        self.path, self.hits = path, []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.hits.append(conn.recv(64))
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join(timeout=2)
        self.sock.close()
        self.path.unlink(missing_ok=True)


@needs_root
def test_nothing_of_the_machine_is_reachable():
    _nothing_of_the_machine_is_reachable("cpu")


@needs_root
@pytest.mark.gpu
def test_nothing_of_the_machine_is_reachable_in_the_gpu_confinement():
    """The same probes where processes are allowed (Triton runs ptxas) and the NVIDIA devices are bound."""
    _nothing_of_the_machine_is_reachable("cuda")


def _nothing_of_the_machine_is_reachable(device: str):
    tag = uuid.uuid4().hex[:8]
    in_tmp = UnixListener(Path(f"/tmp/kp-planted-{tag}.sock"))
    in_checkout = UnixListener(ROOT / f".kp-planted-{tag}.sock")
    secret = Path(f"/tmp/kp-planted-{tag}.txt")
    secret.write_text("host secret")
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(1)
    tcp.settimeout(0.2)
    port = tcp.getsockname()[1]
    from multiprocessing import forkserver

    fs_address = getattr(forkserver._forkserver, "_forkserver_address", None) or ""
    try:
        res = run_probes(f'''
        attempt("uid", lambda: (os.getuid(), os.geteuid(), os.getgid(), os.getgroups()))
        attempt("caps", lambda: [l for l in open("/proc/self/status") if l.startswith(("CapEff", "CapPrm", "CapBnd"))])
        attempt("unix_tmp", lambda: unix_connect("{in_tmp.path}"))
        attempt("unix_checkout", lambda: unix_connect("{in_checkout.path}"))
        attempt("unix_forkserver", lambda: unix_connect("{fs_address}"))
        attempt("tcp_loopback", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=2))
        attempt("socketpair", lambda: socket.socketpair())
        attempt("host_tmp_file", lambda: open("{secret}").read())
        attempt("tmp_listing", lambda: sorted(os.listdir("/tmp")))
        attempt("checkout_readme", lambda: open("{ROOT}/README.md").read(10))
        attempt("checkout_tests", lambda: os.listdir("{ROOT}/tests"))
        attempt("root_home", lambda: os.listdir(os.path.expanduser("~root")))
        attempt("root_bashrc", lambda: open("/root/.bashrc").read())
        attempt("run_var_home", lambda: [d for d in ("/run", "/var", "/home", "/srv", "/mnt") if os.path.exists(d)] or
                                        (_ for _ in ()).throw(FileNotFoundError("none of them")))
        attempt("proc_sys_write", lambda: open("/proc/sys/kernel/hostname", "w"))
        attempt("proc_sys_listing", lambda: os.listdir("/proc/sys") or (_ for _ in ()).throw(FileNotFoundError("masked")))
        attempt("sysrq", lambda: open("/proc/sysrq-trigger", "w"))
        attempt("proc_self_mem_write", lambda: open("/proc/self/mem", "r+b"))
        attempt("processes", lambda: sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
        attempt("memfd", lambda: os.memfd_create("kp"))
        attempt("write_root", lambda: open("/kp-x", "w"))
        attempt("write_prefix", lambda: open(sys.prefix + "/kp-x", "w"))
        attempt("write_usr", lambda: open("/usr/kp-x", "w"))
        attempt("setuid0", lambda: os.setuid(0))
        attempt("ptrace_attach", lambda: sys_call(101, 16, 1, 0, 0))
        attempt("process_vm_readv", lambda: sys_call(310, 1, 0, 0, 0, 0, 0))
        attempt("unshare_user", lambda: sys_call(272, 0x10000000))
        attempt("mount_tmpfs", lambda: sys_call(165, b"none", b"/tmp", b"tmpfs", 0, None))
        attempt("io_uring", lambda: sys_call(425, 4, ctypes.create_string_buffer(120)))
        attempt("bpf", lambda: sys_call(321, 0, 0, 0))
        attempt("keyctl", lambda: sys_call(250, 0, 0, 0, 0, 0))
        def fork_and_reap():
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            return os.waitpid(pid, 0)
        attempt("fork", fork_and_reap)
        attempt("exec", lambda: os.waitpid(os.posix_spawn("/bin/true", ["true"], {{}}), 0))
        ''', device=device)
        assert in_tmp.hits == [] and in_checkout.hits == [], "a planted UNIX socket was reached"
        try:
            conn, _ = tcp.accept()
            pytest.fail(f"the loopback listener was reached: {conn}")
        except OSError:
            pass
    finally:
        in_tmp.close()
        in_checkout.close()
        secret.unlink()
        tcp.close()
    uid, euid, gid, groups = eval(res["uid"].removeprefix("ok: "))
    assert uid != 0 and euid != 0 and gid != 0 and groups == [], res["uid"]
    assert all(line.split()[1] == "0000000000000000" for line in eval(res["caps"].removeprefix("ok: "))), res["caps"]
    refused = ["unix_tmp", "unix_checkout", "unix_forkserver", "tcp_loopback", "socketpair", "host_tmp_file",
               "checkout_readme", "checkout_tests", "root_bashrc", "run_var_home", "proc_sys_write", "proc_sys_listing",
               "sysrq", "proc_self_mem_write", "memfd", "write_root", "write_prefix", "write_usr", "setuid0",
               "ptrace_attach", "process_vm_readv", "unshare_user", "mount_tmpfs", "io_uring", "bpf", "keyctl",
               "fork", "exec"]
    if device == "cuda":  # processes are allowed there (they inherit all of the above), /proc/sys is read-only
        refused = [k for k in refused if k not in ("fork", "exec", "proc_sys_listing")]
    leaked = {k: res[k] for k in refused if not res[k].startswith("refused")}
    assert not leaked, leaked
    # a home folder holding the Python installation shows that path only (pyenv in /root here)
    home = res["root_home"]
    assert home.startswith("refused") or all(sys.base_prefix.startswith(f"/root/{e}") or sys.prefix.startswith(f"/root/{e}")
                                             for e in eval(home.removeprefix("ok: "))), home
    assert res["processes"] == "ok: [1]", f"the candidate sees other processes: {res['processes']}"
    # scratch, and the way to a runtime that lives under /tmp (a venv in a checkout there), nothing else
    runtime_in_tmp = {Path(p).relative_to("/tmp").parts[0] for p in isolation.runtime_paths(device == "cuda")
                      if p.startswith("/tmp/")}
    assert set(eval(res["tmp_listing"].removeprefix("ok: "))) == {".shm", "kp-scratch"} | runtime_in_tmp, res["tmp_listing"]
    for k in ("socketpair", "memfd", "mount_tmpfs", "io_uring", "unshare_user"):
        assert "Operation not permitted" in res[k], (k, res[k])  # seccomp's EPERM, not some other failure


@needs_root
def test_a_python_environment_under_tmp_is_visible_but_nothing_else_of_tmp(monkeypatch):
    """The allow-list binds the Python prefix wherever it lives: a venv under /tmp is visible (read-only) while
    the rest of the host's /tmp, next to it, is not."""
    paths = isolation.runtime_paths(gpu=False)
    assert sys.prefix in paths or os.path.realpath(sys.prefix) in paths
    assert "/tmp" not in paths and str(ROOT) not in paths and "/" not in paths
    monkeypatch.setattr(isolation.sys, "prefix", "/tmp/some-venv")
    monkeypatch.setattr(isolation.os.path, "lexists", lambda p: True)
    assert "/tmp/some-venv" in isolation.runtime_paths(gpu=False) and "/tmp" not in isolation.runtime_paths(gpu=False)


def _memory_hog(fill: str) -> str:
    """Fill 3.5 GiB by `fill` (under the 4 GiB limit), then grow the heap 64 MiB at a time: only the sum of the
    two crosses the limit, which an address-space rlimit alone never sees."""
    return PROBE_HEADER + textwrap.dedent(f'''
    held = []
    for i in range(56):
        {fill}
    while True:
        held.append(bytearray(64 << 20))
        for j in range(0, 64 << 20, 4096):
            held[-1][j] = 1
    ''') + PROBE_FOOTER


@needs_root
@needs_cgroup
@pytest.mark.parametrize("fill", [
    'open(f"/tmp/kp-hog-{i}", "wb").write(b"x" * (64 << 20))',
    'open(f"/dev/shm/kp-hog-{i}", "wb").write(b"x" * (64 << 20))',
], ids=["tmpfs", "dev-shm"])
def test_memory_held_outside_the_heap_counts(fill):
    r = unconfined(_memory_hog(fill), memory_mb=4096, timeout_s=120)
    assert (r.verdict, r.stage, r.check) == ("fail", "sandbox", "sandbox.memory"), (r.check, r.reason, r.log_tail)
    assert "holding more memory" in r.reason


@needs_root
def test_memfd_cannot_hold_memory_at_all():
    res = run_probes('attempt("memfd", lambda: os.memfd_create("kp", 0))\n'
                     'attempt("memfd_raw", lambda: sys_call(319, b"kp", 0))\n')
    assert res["memfd"].startswith("refused") and res["memfd_raw"].startswith("refused"), res


@needs_root
def test_no_candidate_can_forge_a_pass():
    """A wrong candidate that writes forged passes into every channel it can find: its stdout, every open file
    descriptor, the judge's descriptors through /proc, and the orchestrator's forkserver. The verdict stays a
    fail, decided by the judge from the wrong output."""
    src = PROBE_HEADER + textwrap.dedent('''
    forged = json.dumps({"result": json.dumps({"verdict": "pass", "stage": "timing", "reason": "forged", "check": "pass"})})
    print(forged, flush=True)
    for fd in range(3, 256):
        try:
            os.write(fd, forged.encode())
        except OSError:
            pass
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            for fd in range(0, 64):
                try:
                    with open(f"/proc/{pid}/fd/{fd}", "w") as f:
                        f.write(forged)
                except OSError:
                    pass

    class ModelNew(nn.Module):
        def forward(self, x):
            return torch.zeros_like(x)
    ''')
    r = unconfined(src)
    assert r.verdict == "fail" and r.check.startswith(("correctness", "sandbox")), (r.verdict, r.check, r.reason)
    assert "authenticated-result" in r.isolation


def test_the_orchestrator_accepts_only_a_signed_result():
    key = os.urandom(32)
    payload = '{"verdict": "pass", "stage": "timing", "reason": "x", "check": "pass"}'
    ok = accept_result({"result": payload, "mac": result_mac(key, payload)}, key)
    assert ok.verdict == "pass" and "authenticated-result" in ok.isolation
    for msg in ({"result": payload}, {"result": payload, "mac": "0" * 64},
                {"result": payload, "mac": result_mac(os.urandom(32), payload)},
                {"result": payload.replace("x", "y"), "mac": result_mac(key, payload)}):
        r = accept_result(msg, key)
        assert (r.verdict, r.check) == ("fail", "sandbox.forged_result"), msg


DAEMON_SCRIPT = r"""
import os, subprocess, sys, time
from kernelpilot.sandbox import isolation, wire
marker = sys.argv[1]
cg = isolation.Cgroup.create("kp-test-daemon-" + marker, 2 << 30, 64)
plan = isolation.Plan.for_this_process(None, cg)
r, w = os.pipe()
isolation.become_subreaper()
launcher = os.fork()
if launcher == 0:
    pidns = isolation.enter_pid_namespace()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        # as on a GPU: new processes allowed (Triton runs ptxas), everything else in force
        feats, _ = isolation.confine("kp-scratch", pidns is not None, gpu=True, memory_mb=2048, cpu_s=60, file_mb=16,
                                     nproc=64, plan=plan)
        child = subprocess.run([sys.executable, "-c", "import socket; socket.socket()"], capture_output=True, text=True)
        if os.fork() == 0:  # a daemon: double fork, new session, sleeps long
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sleep", ["sleep", marker])
            os._exit(0)
        time.sleep(0.5)
        wire.send(w, {"feats": feats, "child_rc": child.returncode, "child_err": child.stderr[-300:]})
        time.sleep(2)  # alive while the test looks for the daemon
        os._exit(0)
    os._exit(0)
os.close(w)
msg, _ = wire.recv(r, timeout=60)
os.waitpid(launcher, 0)
def with_marker():
    found = []
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and open(f"/proc/{p}/cmdline").read().split("\0")[:2] == ["sleep", marker]:
                found.append(int(p))
        except OSError:
            pass
    return found
before = with_marker()
ns = isolation.pid_namespace_of(before[0]) if before else None
assert ns != isolation.pid_namespace_of(os.getpid()), "the daemon is not in the candidate's PID namespace"
# the candidate (PID 1 of its namespace) has exited: reap checks that it took everything along
os.waitpid(-1, 0)
left = isolation.reap(ns, cg)
after = with_marker()
if cg:
    cg.remove()
print(repr({**msg, "daemon_seen": bool(before), "after": after, "cgroup": cg is not None}))
"""


@needs_root
def test_processes_allowed_on_a_gpu_still_confined_and_none_outlives_the_candidate():
    marker = f"{uuid.uuid4().int % 10**9}.{uuid.uuid4().int % 10**6}"  # a number for sleep, found nowhere else
    p = subprocess.run([sys.executable, "-c", DAEMON_SCRIPT, marker], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    res = eval(p.stdout.strip().splitlines()[-1])
    assert res["child_rc"] != 0 and "Operation not permitted" in res["child_err"], res  # the filter is inherited
    assert "seccomp-processes-allowed" in res["feats"] and "unprivileged-uid" in res["feats"]
    assert res["daemon_seen"] and res["after"] == [], res


@needs_root
def test_doctor_lists_what_the_result_lists():
    facts = isolation.probe()
    r = unconfined(PROBE_HEADER.replace("R = {}", "R = {}\nraise RuntimeError('x')"))
    for feature in r.isolation:
        if feature in isolation.ISOLATION_FEATURES:
            assert facts.get(feature), f"{feature} is in force in evaluations but doctor says it is not"
    assert facts["uid-not-0"] and facts["read-only-root"] and facts["seccomp-no-sockets"]


def test_api_keys_never_reach_a_candidate(tmp_path):
    """The forkserver (and so every judge and candidate forked from it) starts with the worker environment only:
    an API key in the user's environment is neither in the candidate's os.environ nor in its inherited
    environment block (/proc/self/environ), which clearing os.environ alone would not empty."""
    cand = tmp_path / "env_probe.py"
    cand.write_text(PROBE_HEADER + textwrap.dedent('''
    attempt("environ_file", lambda: open("/proc/self/environ", "rb").read().decode(errors="replace"))
    attempt("os_environ", lambda: dict(os.environ))
    def stack_strings():  # argv and the environment block, read from the top of the stack in memory
        start = ctypes.cast(ctypes.c_void_p.in_dll(libc, "program_invocation_name"), ctypes.c_void_p).value
        return ctypes.string_at(start, (start // 4096 + 1) * 4096 - start - 16).replace(b"\\0", b" ").decode(errors="replace")
    attempt("environ_block", stack_strings)
    ''') + PROBE_FOOTER)
    secret = "sk-kp-test-" + uuid.uuid4().hex
    env = {**os.environ, "OPENAI_API_KEY": secret, "KERNELPILOT_API_TOKEN": secret, "MY_SERVICE_PASSWORD": secret}
    p = subprocess.run([sys.executable, "-m", "kernelpilot", "eval", "softmax", str(cand), "--static", "off", "--json",
                        "--no-target-compile", "--no-timing", "--trials", "1"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert "--static off" in p.stderr and p.returncode == 1, p.stderr[-2000:]
    out = json.loads(p.stdout)
    assert "environ_block" in out["reason"] and "forkserver" in out["reason"], out["reason"][:2000]  # the scan worked
    assert secret not in p.stdout, "an API key reached the candidate"


@needs_root
@needs_cgroup
def test_cgroups_of_a_killed_judge_are_emptied_and_removed():
    """A judge killed by the orchestrator (its own deadline passed) never reaches its clean-up: the orchestrator
    kills what is left in that judge's candidate cgroups and removes them."""
    fake_judge = 999_000 + os.getpid() % 1000
    cg = isolation.Cgroup.create(f"kernelpilot-{fake_judge}-1", 256 << 20, 16)
    sleeper = subprocess.Popen(["sleep", "300"])
    for d in dict.fromkeys(cg.dirs.values()):
        Path(f"{d}/cgroup.procs").write_text(str(sleeper.pid))
    assert sleeper.pid in cg.procs()
    assert isolation.bury_cgroups_of(fake_judge) == [sleeper.pid]
    assert sleeper.wait(timeout=10) == -9
    assert not any(os.path.exists(d) for d in cg.dirs.values())


@needs_root
def test_an_import_path_under_tmp_is_there_and_the_rest_of_tmp_is_not(tmp_path):
    """A Python environment may live under /tmp (a venv, a pip --target folder on PYTHONPATH): the candidate
    imports from it (bound read-only on top of its private /tmp) and still sees nothing else of the host's /tmp."""
    site = Path(tempfile.mkdtemp(prefix="kp-site-", dir="/tmp"))
    os.chmod(site, 0o755)
    try:
        (site / "kp_site_probe.py").write_text("VALUE = 41 + 1\n")
        (site / "kp_site_probe.dist-info").mkdir()  # a site folder, as pip --target leaves it
        neighbour = Path(tempfile.mkdtemp(prefix="kp-neighbour-", dir="/tmp"))
        cand = tmp_path / "site_probe.py"
        cand.write_text(PROBE_HEADER + textwrap.dedent(f'''
        attempt("import_from_tmp_site", lambda: __import__("kp_site_probe").VALUE)
        attempt("write_into_site", lambda: open("{site}/kp-x", "w"))
        attempt("neighbour", lambda: os.listdir("{neighbour}"))
        attempt("scratch_writable", lambda: open("/tmp/kp-scratch/x", "w").write("ok"))
        ''') + PROBE_FOOTER)
        env = {**os.environ, "PYTHONPATH": str(site)}
        p = subprocess.run([sys.executable, "-m", "kernelpilot", "eval", "softmax", str(cand), "--static", "off",
                            "--json", "--no-target-compile", "--no-timing", "--trials", "1"],
                           capture_output=True, text=True, env=env, timeout=300)
        res = json.loads(re.search(r"PROBES(\{.*?\})PROBES", json.loads(p.stdout)["reason"], re.S).group(1))
        assert res["import_from_tmp_site"] == "ok: 42", res
        assert res["write_into_site"].startswith("refused") and res["neighbour"].startswith("refused"), res
        assert res["scratch_writable"] == "ok: 2", res
    finally:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(neighbour, ignore_errors=True)


class _Payload:
    """What a forged pickle would run in the orchestrator, if it ever unpickled the judge's channel."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_the_orchestrator_never_unpickles_the_judges_channel(tmp_path):
    import multiprocessing as mp

    from kernelpilot.sandbox.evaluate import read_message

    marker = tmp_path / "unpickled"
    r, w = mp.Pipe(duplex=False)
    w.send(_Payload(marker))  # a pickle, as Connection.send writes one
    with pytest.raises(ValueError):
        read_message(r)
    assert not marker.exists()
    w.send_bytes(b'{"pid": 5}')
    assert read_message(r) == {"pid": 5}


def test_a_forkserver_that_died_is_started_again_without_the_api_keys(tmp_path):
    """multiprocessing starts a dead forkserver again at the next worker's start, from the caller's whole
    environment: the judge checks it is alive first and starts it itself with the worker environment."""
    script = tmp_path / "restart.py"
    script.write_text(textwrap.dedent('''
        import os, signal, sys, time
        from multiprocessing import forkserver
        from kernelpilot.sandbox.config import EvalConfig
        from kernelpilot.sandbox.evaluate import evaluate
        src = open(sys.argv[1]).read()
        cfg = EvalConfig(device="cpu", trials=1, timing=False, target_compile=False)
        assert evaluate("relu", src, cfg).verdict == "pass"
        first = forkserver._forkserver._forkserver_pid
        os.kill(first, signal.SIGKILL)
        time.sleep(0.5)
        assert evaluate("relu", src, cfg).verdict == "pass"
        second = forkserver._forkserver._forkserver_pid
        assert second != first
        print("LEAK" if os.environ["OPENAI_API_KEY"].encode() in open(f"/proc/{second}/environ", "rb").read() else "CLEAN")
    '''))
    secret = "sk-kp-test-" + uuid.uuid4().hex
    env = {**os.environ, "OPENAI_API_KEY": secret}
    p = subprocess.run([sys.executable, str(script), str(ROOT / "tasks/core/solutions/relu_triton.py")],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0 and p.stdout.strip().endswith("CLEAN"), p.stdout[-1000:] + p.stderr[-2000:]


def test_a_tool_run_on_the_candidates_output_is_bounded_and_dies_with_its_starter(tmp_path):
    """ptxas runs in the judge on PTX the candidate's process sent (target.assemble): a PTX made to take it
    hours or gigabytes stops at its CPU-time limit, and an abandoned compile (its process killed at the
    evaluation's deadline) takes the tool with it instead of leaving it running on the host."""
    import time

    spin = [sys.executable, "-c", "while True: pass"]
    t0 = time.monotonic()
    p = subprocess.run(spin, preexec_fn=lambda: isolation.confine_tool(1, 1 << 30), timeout=60, check=False)
    assert p.returncode < 0 and time.monotonic() - t0 < 30, p.returncode  # SIGXCPU (or SIGKILL) at 1 s of CPU

    big = [sys.executable, "-c", "b = bytearray(3 << 30)"]
    p = subprocess.run(big, preexec_fn=lambda: isolation.confine_tool(60, 1 << 30), capture_output=True,
                       timeout=60, check=False)
    assert p.returncode != 0 and b"MemoryError" in p.stderr, p.stderr[-500:]

    pid_file = tmp_path / "tool.pid"
    starter = textwrap.dedent(f"""
        import subprocess, sys
        from kernelpilot.sandbox import isolation
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                             preexec_fn=lambda: isolation.confine_tool(120, 1 << 30), start_new_session=True)
        open({str(pid_file)!r}, "w").write(str(p.pid))
        p.wait()
    """)
    parent = subprocess.Popen([sys.executable, "-c", starter])
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    tool = int(pid_file.read_text())
    parent.kill()  # as TargetCompile.abandon kills the compile process
    parent.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{tool}").exists() and time.monotonic() < deadline:
        try:
            os.waitpid(tool, os.WNOHANG)  # not ours: only reaped by init; its state is what counts
        except ChildProcessError:
            pass
        state = Path(f"/proc/{tool}/stat").read_text().split()[2] if Path(f"/proc/{tool}/stat").exists() else "X"
        if state in ("Z", "X"):
            break
        time.sleep(0.1)
    state = Path(f"/proc/{tool}/stat").read_text().split()[2] if Path(f"/proc/{tool}/stat").exists() else "X"
    assert state in ("Z", "X"), f"the tool outlived the process that started it (state {state})"


@needs_root
def test_the_suites_known_good_kernels_are_hidden_from_the_candidate():
    """kernelpilot's code, which the candidate process imports from, comes with tasks/<suite>/solutions: each is
    an empty folder there, while the task files beside it stay readable (the stand-ins import from them)."""
    import kernelpilot.tasks.loader  # noqa: F401 -- its folder among the package folders bound in

    hidden = isolation.solution_dirs()
    assert any(d.endswith("core/solutions") for d in hidden), hidden
    core = [d for d in hidden if d.endswith("core/solutions")][0]
    got = run_probes(f"""
        attempt("solutions", lambda: sorted(os.listdir({core!r})))
        attempt("tasks", lambda: "softmax.py" in os.listdir({os.path.dirname(core)!r}))
        attempt("read", lambda: open({core + "/softmax_triton.py"!r}).read()[:20])
    """)
    assert got["solutions"] == "ok: []", got
    assert got["tasks"] == "ok: True", got
    assert got["read"].startswith("refused: FileNotFoundError"), got


def test_a_reply_field_of_another_kind_is_the_candidates_protocol_error():
    """The reply to a forward is built in the candidate's process, whose code (the static contract off) can
    reach what builds it: a field of another kind (a list where the judge reads a count) is the candidate's
    `sandbox.protocol`, never the harness's own failure."""
    source = textwrap.dedent('''
        import inspect
        import torch
        import torch.nn as nn
        import triton
        import triton.language as tl


        @triton.jit
        def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
            offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
            mask = offs < n
            tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=mask), 0.0), mask=mask)


        class ModelNew(nn.Module):
            def forward(self, x):
                y = torch.empty_like(x)
                relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
                for info in inspect.stack(0):
                    seen = inspect.getargvalues(info[0])[3]
                    if "watch" in seen and "launched" in seen:
                        seen["watch"].report.launches = [1]
                return y
    ''')
    cfg = EvalConfig(device="cpu", trials=1, timeout_s=60, compile_baseline=False, timing=False,
                     target_compile=False)
    r = evaluate(load_task("relu"), source, cfg, static_checks=False)
    assert (r.verdict, r.check) == ("fail", "sandbox.protocol"), (r.check, r.reason)
    assert "'launches' is a list" in r.reason, r.reason
