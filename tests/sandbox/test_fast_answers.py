"""Simple questions get quick answers: a candidate that breaks the static contract is refused, and a listing of
the suite is printed, without importing torch (seconds of imports on a small machine). Checked by what was
imported, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _modules_after(code: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_a_static_rejection_imports_no_torch():
    mods = _modules_after("from kernelpilot.sandbox.evaluate import evaluate\n"
                          "r = evaluate('softmax', 'x = (')\n"
                          "assert (r.verdict, r.check, r.device) == ('fail', 'static.syntax', 'not run'), r\n"
                          "r = evaluate('softmax', 'import os\\nclass ModelNew: pass\\n')\n"
                          "assert r.stage == 'static', r\n")
    assert "torch" not in mods


def test_a_second_suite_listing_imports_no_torch(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "120"}
    code = ("import io, contextlib\nfrom kernelpilot.tasks.catalog import render_list\n"
            "from kernelpilot.tasks.loader import list_tasks\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    render_list(list_tasks('core'))\n")
    assert "torch" in _modules_after(code, env)  # the first listing reads the tasks and fills the cache
    assert "torch" not in _modules_after(code, env)



def _cli_imports(args: list[str], env: dict) -> tuple[int, str, set[str]]:
    """Exit code, output and the modules imported by `kernelpilot <args>` (it leaves with os._exit, so the
    interpreter's own import log is read)."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "kernelpilot", *args], capture_output=True,
                         text=True, timeout=120, env=env)
    mods = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}
    return out.returncode, out.stdout, mods


def test_the_clis_static_rejections_import_no_torch_once_the_tables_are_cached(tmp_path):
    """`kernelpilot eval` of a file the contract refuses: the contract's tables of torch's and Triton's names
    come from the user's cache after the first time, so neither the CLI nor the checks import torch."""
    private = tmp_path / "private.py"
    private.write_text("import torch\nimport torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n"
                       "    def forward(self, x):\n        return x._values()\n")
    broken = tmp_path / "broken.py"
    broken.write_text("x = (\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    code, out, _ = _cli_imports(["eval", "softmax", str(private)], env)  # fills the cache
    assert code == 1 and "static.private_access" in out, out
    for f, check in ((broken, "static.syntax"), (private, "static.private_access")):
        code, out, mods = _cli_imports(["eval", "softmax", str(f)], env)
        assert code == 1 and check in out, out
        assert "torch" not in mods, f"{f.name}: torch imported"
