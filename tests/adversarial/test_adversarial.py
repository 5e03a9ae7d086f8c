"""Adversarial regression suite: every known way to fool a kernel benchmark must be rejected at the right
stage, with a reason a person understands, and the known-good solution must still pass.

* cases/*.py      one complete candidate file per trick; its EXPECT header says the stage and check.
* cases_gpu/*.py  tricks that only exist on a GPU (streams, events, device memory); run with -m gpu.
* the tests below with static checks bypassed (run_worker) show that the sandbox itself contains what the
  static checks normally stop first: early exits, signals, files, sockets, processes, threads, patching.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate, run_worker
from kernelpilot.tasks.loader import load_task

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = sorted((HERE / "cases").glob("*.py"))
GPU_CASES = sorted((HERE / "cases_gpu").glob("*.py"))
GOOD = ROOT / "tasks/core/solutions/softmax_triton.py"
FAMILIES = {"nokernel", "wrongdata", "memo", "timing", "process", "llm"}


def expectation(path: Path) -> dict:
    """The module-level EXPECT dict of a case file, read without running it."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "EXPECT" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name} has no EXPECT header")


def task_of(exp: dict):
    ref = exp.get("task", "softmax")
    # a path is the repository's (an absolute one would join as itself: a copy elsewhere, not what is tested)
    assert not ref.startswith("/"), f"EXPECT's task {ref!r} is a path outside the repository"
    return load_task(str(ROOT / ref) if "/" in ref else ref)


def config(exp: dict, device: str = "cpu", switch_off: list[str] | tuple = ()) -> EvalConfig:
    """A case's judge. `switch_off`: defences to run without (EXPECT's "switch_off"), so that a case about a
    later defence is rejected by that one and not by an earlier one that catches it too."""
    return EvalConfig(device=device, trials=2, timeout_s=exp.get("timeout_s", 30),
                      memory_mb=exp.get("memory_mb", 8192), compile_baseline=False, shape_seed=exp.get("shape_seed"),
                      **{k: False for k in switch_off})


def assert_rejected_as_expected(r, exp: dict, name: str) -> None:
    verdicts = exp.get("verdict_in", ["fail"])
    assert r.verdict in verdicts, f"{name}: FALSE ACCEPT ({r.verdict}) — {r.reason}"
    stages = exp.get("stage_in", [exp["stage"]])  # where chance decides which of two defences sees it first
    assert r.stage in stages, f"{name}: stage {r.stage} ({r.check}), expected {exp['stage']} — {r.reason}"
    checks = exp.get("check_in", [exp.get("check", "")])  # where chance decides which of two checks sees it first
    assert any(r.check.startswith(c) for c in checks), f"{name}: check {r.check}, expected {checks} — {r.reason}"
    assert r.reason.strip(), f"{name}: empty reason"
    if "reason_contains" in exp:
        assert exp["reason_contains"] in r.reason, f"{name}: reason lacks {exp['reason_contains']!r}: {r.reason}"
    assert "Traceback" not in r.reason.splitlines()[0], f"{name}: the first line of the reason is a traceback"


# -- the case files ---------------------------------------------------------------------------------

def test_suite_covers_every_family():
    assert len(CASES) >= 25
    fams = {p.stem.split("__")[0] for p in CASES}
    assert FAMILIES <= fams, FAMILIES - fams
    for p in CASES + GPU_CASES:
        doc = ast.get_docstring(ast.parse(p.read_text())) or ""
        assert doc.startswith("Family:") and "Source:" in doc and "Expected:" in doc, p.name
        assert p.stem.split("__")[0] in FAMILIES, p.name
        expectation(p)


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_case_is_rejected(case: Path, record_property):
    exp = expectation(case)
    off = exp.get("switch_off", [])
    # "static_checks": the contract off (`eval --static off`), for a case about the runtime defence behind it
    r = evaluate(task_of(exp), case.read_text(), config(exp, switch_off=[k for k in off if k != "static_checks"]),
                 static_checks="static_checks" not in off)
    # the tally (tests/conftest.py): a pass the case does not allow is a false pass
    record_property("false_pass", r.verdict == "pass" and "pass" not in exp.get("verdict_in", []))
    assert_rejected_as_expected(r, exp, case.stem)
    if off:  # and with every defence on, something still rejects it
        r = evaluate(task_of(exp), case.read_text(), config(exp))
        record_property("false_pass", r.verdict == "pass")
        assert r.verdict == "fail", f"{case.stem}: FALSE ACCEPT with every defence on ({r.verdict}) — {r.reason}"


def test_known_good_solution_passes_as_control():
    r = evaluate("softmax", GOOD.read_text(), EvalConfig(device="cpu", trials=2, timeout_s=60))
    assert r.verdict == "pass", r.reason
    assert r.correctness.kernel_launches > 0 and not any(c == "compute" for c in r.correctness.torch_ops_seen)


def test_batch_keeps_going_after_crashes_hangs_and_exits():
    """One process evaluates a run of nasty candidates, then a good one: the good one still passes."""
    nasty = ["process__segfault_wild_pointer", "process__memory_bomb", "process__quit_builtin_in_forward",
             "process__exit_builtin_at_import", "wrongdata__oob_store_unmasked"]
    for name in nasty:
        path = HERE / "cases" / f"{name}.py"
        exp = expectation(path)
        assert evaluate(task_of(exp), path.read_text(), config(exp)).verdict == "fail", name
    r = evaluate("softmax", GOOD.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60))
    assert r.verdict == "pass", r.reason


# -- the sandbox with static checks bypassed ----------------------------------------------------------

SOFTMAX_BODY = GOOD.read_text().split("class ModelNew")[0]


def bypass(forward: str, prelude: str = "", timeout_s: float = 20, trials: int = 1):
    """Run a candidate through the judge directly, skipping the static checks (as if they had a hole)."""
    src = f"{prelude}\n{SOFTMAX_BODY}\n" + (
        "class ModelNew(nn.Module):\n"
        "    def forward(self, x):\n"
        "        x = x.contiguous()\n"
        "        y = torch.empty_like(x)\n"
        "        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0),\n"
        "                                      BLOCK=min(triton.next_power_of_2(x.shape[1]), 4096))\n"
        + "".join(f"        {line}\n" for line in forward.strip().splitlines())
        + "        return y\n")
    cfg = EvalConfig(device="cpu", trials=trials, timeout_s=timeout_s, interpreter_reps=1)
    return run_worker(load_task("softmax"), src, cfg, "cpu", "triton")


def processes_with(marker: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker in (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def test_bypass_control_passes():
    r = bypass("pass")
    assert r.verdict == "pass", r.reason


def test_bypass_torch_compile_is_switched_off_in_the_candidate():
    """With the static contract bypassed, a function compiled with a backend of the candidate's (which swaps in
    torch's softmax, run where the op watch does not look) runs as written, eagerly: dynamo is disabled in the
    candidate's environment. So the clone it was given comes back, and is wrong."""
    prelude = ("def backend(gm, example_inputs):\n"
               "    return lambda *a: (torch.softmax([t for t in a if isinstance(t, torch.Tensor)][0], -1),)\n")
    r = bypass("y = torch.compile(lambda t: t.clone(), backend=backend)(x)", prelude)
    assert r.verdict == "fail" and r.check == "correctness.mismatch", r.reason


def test_bypass_a_custom_operator_hiding_torch_compute_is_torch_compute():
    """With the static contract bypassed too, `torch.library.triton_op` around `torch.relu`: the op watch runs
    the operator's body under the watch (not the operator, one opaque call), so the relu inside is seen."""
    case = HERE / "cases" / "nokernel__triton_op_wraps_torch.py"
    r = evaluate("relu", case.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60, target_compile=False),
                 static_checks=False)
    assert r.verdict == "fail" and r.check == "correctness.torch_compute", r.reason
    assert "(relu)" in r.reason, r.reason


def test_bypass_a_custom_op_hiding_torch_compute_is_torch_compute():
    """The same with `torch.library.custom_op` (registered for CUDA only): the body, registered for every
    device here, runs under the watch."""
    case = HERE / "cases" / "nokernel__custom_op_wraps_torch.py"
    r = evaluate("relu", case.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60, target_compile=False),
                 static_checks=False)
    assert r.verdict == "fail" and r.check == "correctness.torch_compute", r.reason
    assert "(relu)" in r.reason, r.reason


def test_bypass_the_interpreters_own_globals_stay_out_of_the_candidates_module():
    """With the static contract bypassed, a name the file never binds at run time (`np: int`) stays unbound after
    a launch: the interpreter copies into a kernel's module only the names its rewritten kernel uses, not numpy
    and its raw load/store module."""
    case = HERE / "cases" / "nokernel__numpy_through_a_bare_annotation.py"
    r = evaluate("relu", case.read_text(), EvalConfig(device="cpu", trials=1, timeout_s=60, target_compile=False),
                 static_checks=False)
    assert r.verdict == "fail" and r.check == "run.exception", r.reason
    assert "NameError" in r.reason and "'np'" in r.reason, r.reason


def test_bypass_forged_stdout_and_os_exit_0():
    r = bypass('print(\'{"verdict": "pass", "speedup_eager": 99.0}\', flush=True)\nos._exit(0)', "import os")
    assert r.verdict == "fail" and r.check == "sandbox.crash", r.reason
    assert "exited with status 0" in r.reason and "never a pass" in r.reason
    assert '"verdict": "pass"' in r.log_tail  # the forgery only reached the log


def test_bypass_a_header_nested_deep_is_the_candidates_protocol_error():
    """A forward that finds its write-only result pipe and writes a header of valid size nested 200000 deep
    (json.loads recurses): the candidate wrote into its channel, sandbox.protocol; not the harness's error
    (unverified.judge_error is never cached and blames the harness)."""
    r = bypass("raw = b'{\"msg\": {\"a\": ' + b'[' * 200000 + b']' * 200000 + b'}, \"tensors\": []}'\n"
               "for f in os.listdir('/proc/self/fd'):\n"
               "    try:\n"
               "        if os.readlink(f'/proc/self/fd/{f}').startswith('pipe:') and "
               "fcntl.fcntl(int(f), fcntl.F_GETFL) & 3 == os.O_WRONLY:\n"
               "            fd = int(f)\n"
               "    except OSError:\n"
               "        pass\n"
               "os.write(fd, struct.pack('<QQ', len(raw), 0))\n"
               "off = 0\n"
               "while off < len(raw):\n"
               "    off += os.write(fd, raw[off:])\n"
               "time.sleep(30)", "import os, fcntl, struct, time")
    assert (r.verdict, r.check) == ("fail", "sandbox.protocol"), r.reason


def test_bypass_kill_parent_and_process_group():
    r = bypass("os.kill(os.getppid(), signal.SIGKILL)\nos.killpg(os.getpgid(0), signal.SIGKILL)\n"
               "[os.kill(int(p), signal.SIGKILL) for p in os.listdir('/proc') if p.isdigit() and int(p) > 1]",
               "import os\nimport signal")
    assert r.verdict == "fail", r.reason
    assert r.check not in ("sandbox.worker_died", "unverified.judge_error", "sandbox.timeout"), r.reason  # the judge survived


def test_bypass_proc_sees_no_judge():
    """/proc is private to the candidate's PID namespace: the judge's memory and files are out of sight."""
    r = bypass("pids = [p for p in os.listdir('/proc') if p.isdigit()]\n"
               "assert os.getppid() == 0 and pids == ['1'], ('visible', os.getppid(), pids)\n"
               "open(f'/proc/{os.getppid()}/mem', 'rb')", "import os")
    assert r.verdict == "fail" and "visible" not in r.reason, r.reason
    assert "FileNotFoundError" in r.reason or "No such file" in r.reason, r.reason


def test_bypass_gc_finds_no_reference_output():
    r = bypass("cands = [o for o in gc.get_objects() if isinstance(o, torch.Tensor) and o.shape == x.shape\n"
               "         and o.data_ptr() not in (x.data_ptr(), y.data_ptr())]\n"
               "y = cands[-1].clone() if cands else torch.zeros_like(x)", "import gc")
    assert r.verdict == "fail" and r.check == "correctness.mismatch", r.reason


def test_bypass_patching_compare_allclose_and_harness_has_no_effect():
    r = bypass("y = torch.zeros_like(x)",
               "import torch\nimport kernelpilot.sandbox.compare as cmp\n"
               "torch.allclose = lambda *a, **k: True\n"
               "cmp.compare = lambda out, ref, tol, what='output': cmp.Match(0.0, 0.0)")
    assert r.verdict == "fail" and r.check == "correctness.mismatch", r.reason


def test_bypass_writes_outside_scratch_never_reach_the_host():
    tag = uuid.uuid4().hex[:12]
    targets = [ROOT / f"kp_adv_{tag}", Path("/tmp") / f"kp_adv_{tag}", Path.home() / f"kp_adv_{tag}"]
    body = "".join(f"try:\n    open({str(t)!r}, 'w').write('planted')\nexcept OSError:\n    pass\n" for t in targets)
    r = bypass(body)
    assert r.verdict in ("pass", "fail")
    for t in targets:
        assert not t.exists(), f"the candidate wrote {t} on the host"
        t.unlink(missing_ok=True)


def test_bypass_loopback_connection_is_refused():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.setblocking(False)
    port = srv.getsockname()[1]
    try:
        r = bypass(f"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'x')\n"
                   "    connected = True\nexcept OSError:\n    connected = False\n"
                   "if connected:\n    raise RuntimeError('CONNECTED to the host')", "import socket")
        assert "CONNECTED" not in r.reason, r.reason
        assert r.verdict == "pass", r.reason
        with pytest.raises(BlockingIOError):
            srv.accept()
    finally:
        srv.close()


def test_bypass_detached_child_and_fork_bomb_leave_no_process():
    marker = f"{313 + os.getpid() % 1000}.{uuid.uuid4().int % 10**6}"
    r = bypass(f"subprocess.Popen(['sleep', '{marker}'], start_new_session=True)", "import subprocess")
    assert r.verdict == "fail", r.reason
    r2 = bypass(f"while True:\n    if os.fork() == 0:\n        os.execvp('sleep', ['sleep', '{marker}'])",
                "import os", timeout_s=8)
    assert r2.verdict == "fail" and r2.check != "sandbox.timeout", r2.reason
    time.sleep(0.5)
    assert processes_with(f"sleep {marker}") == []


def test_bypass_thread_doing_the_work_is_rejected():
    r = bypass("y = torch.empty_like(x)\n"
               "threading.Thread(target=lambda: softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0),\n"
               "                 y.stride(0), BLOCK=min(triton.next_power_of_2(x.shape[1]), 4096))).start()",
               "import threading")
    assert r.verdict == "fail" and r.check in ("dynamic.threads", "correctness.mismatch"), r.reason


def test_bypass_segfault_is_a_crash_not_a_pass():
    r = bypass("ctypes.string_at(0)", "import ctypes")
    assert r.verdict == "fail" and r.check == "sandbox.crash" and "SIGSEGV" in r.reason, r.reason


def test_bypass_fork_bomb_memory_bomb_and_loop_are_contained():
    r = bypass("while True:\n    os.fork()", "import os", timeout_s=8)
    assert r.verdict == "fail" and r.check != "sandbox.timeout", r.reason  # seccomp: fork() is refused at once
    r = bypass("hog = bytearray(1 << 40)")
    assert r.check == "sandbox.memory", r.reason
    t0 = time.monotonic()
    r = bypass("while True:\n    pass", timeout_s=5)
    assert r.check == "sandbox.timeout" and time.monotonic() - t0 < 5 + 40, r.reason


def test_bypass_disabling_the_op_watch():
    """The op watch runs in the candidate's process, so with the static checks bypassed a candidate can switch
    it off. The judge's second-inputs check is behind it: the torch answer is the one for the inputs forward
    was called with, not for those the kernels read (tests/sandbox/test_evidence_backstops.py has more)."""
    r = bypass("y = torch.softmax(x, -1)",
               "import kernelpilot.sandbox.watch as w\n"
               "w.ForwardWatch.__torch_function__ = lambda self, f, t, a=(), k=None: f(*a, **(k or {}))")
    assert (r.verdict, r.check) == ("fail", "correctness.outside_kernels"), r.reason


# -- the LLM-facing side: what a model's reply can look like, through the CLI ------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "kernelpilot", "eval", "softmax", *args, "--device", "cpu",
                           "--trials", "1", "--timeout", "30"], capture_output=True, text=True, timeout=300, env=env)


def test_cli_bad_replies_get_one_clear_answer(tmp_path):
    non_utf8 = tmp_path / "non_utf8.py"
    non_utf8.write_bytes(b"import torch\n# \xff\xfe caf\xe9\nclass ModelNew: pass\n")
    p = run_cli(str(non_utf8))
    assert p.returncode in (1, 2) and "Traceback" not in p.stderr + p.stdout, p.stderr
    assert "UTF-8" in p.stderr and p.stderr.strip().count("\n") == 0, p.stderr

    huge = tmp_path / "huge.py"
    huge.write_text(GOOD.read_text() + ("# " + "x" * 98 + "\n") * 52_000)  # ~5 MB
    p = run_cli(str(huge), "--json")
    assert p.returncode == 1 and "Traceback" not in p.stderr + p.stdout, p.stderr
    out = json.loads(p.stdout)
    assert (out["verdict"], out["stage"], out["check"]) == ("fail", "static", "static.too_large"), out

    for name, src in {"empty.py": "", "prose.py": "Sure! Here is the plan: fuse the passes.\n",
                      "nul.py": "import torch\x00\n", "two.py": (HERE / "cases/llm__two_modelnew.py").read_text()}.items():
        f = tmp_path / name
        f.write_text(src)
        p = run_cli(str(f), "--json")
        assert p.returncode == 1 and "Traceback" not in p.stderr + p.stdout, (name, p.stderr)
        out = json.loads(p.stdout)
        assert out["stage"] == "static" and out["reason"], (name, out)


def test_cli_prints_the_reason_for_a_hack():
    p = run_cli(str(HERE / "cases/nokernel__torch_softmax_direct.py"))
    assert p.returncode == 1 and "Traceback" not in p.stderr + p.stdout, p.stderr
    assert "softmax" in p.stdout + p.stderr and "torch" in p.stdout + p.stderr


# -- GPU-only cases ----------------------------------------------------------------------------------

@pytest.mark.gpu
@pytest.mark.parametrize("case", GPU_CASES, ids=[p.stem for p in GPU_CASES])
def test_gpu_case_is_rejected(case: Path):
    exp = expectation(case)
    r = evaluate(task_of(exp), case.read_text(), config(exp, device="cuda"))
    assert_rejected_as_expected(r, exp, case.stem)
