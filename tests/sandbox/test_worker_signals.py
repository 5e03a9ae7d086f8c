"""The worker server (multiprocessing's forkserver, in the CLI's process group) must not print a traceback or
die when a terminal's Ctrl-C reaches it while it is still importing torch and Triton."""

import subprocess
import sys

SCRIPT = r'''
import os, signal, time
from multiprocessing import forkserver
from kernelpilot.sandbox import evaluate

evaluate._start_forkserver("interpreter")
pid = forkserver._forkserver._forkserver_pid
time.sleep(0.5)  # inside its preload: torch alone takes seconds to import
os.kill(pid, signal.SIGINT)
time.sleep(1.0)
state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
print("STATE", state)
'''


def test_ctrl_c_during_the_worker_servers_imports_is_ignored():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "STATE" in r.stdout and "STATE Z" not in r.stdout, r.stdout  # alive, still importing or serving
    assert "Traceback" not in r.stderr and "KeyboardInterrupt" not in r.stderr, r.stderr[-2000:]


def test_ast_parse_is_one_at_a_time_before_python_3_12():
    """Threads that parse at once can corrupt the AST converter's shared recursion depth before CPython 3.12
    (a batch's evaluations failed with "AST constructor recursion depth mismatch"): importing kernelpilot
    serialises ast.parse there, and it still parses."""
    import ast

    import kernelpilot  # noqa: F401

    if sys.version_info < (3, 12):
        assert getattr(ast.parse, "_kp_serialised", False)
    assert isinstance(ast.parse("x = 1"), ast.Module) and ast.literal_eval("[1, 2]") == [1, 2]
