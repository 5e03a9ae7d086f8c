"""The agent strategy's tools, each defined once as a pydantic model (its JSON schema is what the LLM sees).

Files are confined to the run's workspace (no absolute paths, no `..` or symlinks out of it); shell commands
run in a new session without network, time-limited, and their whole process group is killed on timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

MAX_OBSERVATION = 8192
MAX_FILE = 200_000


class ToolError(Exception):
    """A tool call the agent got wrong; the message goes back to it as the observation."""


class ReadFile(BaseModel):
    """Read a text file in the workspace."""

    path: str = Field(description="path relative to the workspace")


class WriteFile(BaseModel):
    """Create or overwrite a text file in the workspace."""

    path: str = Field(description="path relative to the workspace")
    content: str = Field(description="the complete file content")


class ListFiles(BaseModel):
    """List the files under a directory of the workspace."""

    path: str = Field(".", description="directory relative to the workspace")


class RunShell(BaseModel):
    """Run a shell command in the workspace (no network, time-limited)."""

    command: str


class Evaluate(BaseModel):
    """Judge a candidate file with the harness: static checks, build, correctness, timing. Returns JSON."""

    path: str = Field(description="file defining ModelNew, relative to the workspace")


class Remember(BaseModel):
    """Store a lesson in long-term memory for this operator and GPU."""

    note: str
    outcome: Literal["worked", "failed", "info"] = "info"


class Recall(BaseModel):
    """Search long-term memory: notes on this operator first, then notes matching the query."""

    query: str = ""


class AskLLM(BaseModel):
    """Ask a fresh model instance a side question (no tools, no workspace)."""

    question: str


class Submit(BaseModel):
    """Finish: the file at path is the answer. Only a file that evaluate passes counts."""

    path: str


TOOLS: dict[str, type[BaseModel]] = {
    "read_file": ReadFile, "write_file": WriteFile, "list_files": ListFiles, "run_shell": RunShell,
    "evaluate": Evaluate, "remember": Remember, "recall": Recall, "ask_llm": AskLLM, "submit": Submit,
}


def tool_schemas() -> list[dict]:
    out = []
    for name, model in TOOLS.items():
        schema = model.model_json_schema()
        schema.pop("title", None)
        schema.pop("description", None)
        out.append({"type": "function", "function": {"name": name, "description": (model.__doc__ or "").strip(),
                                                     "parameters": schema}})
    return out


def parse_call(name: str, arguments: str) -> BaseModel:
    if name not in TOOLS:
        raise ToolError(f"unknown tool {name!r}; tools: {', '.join(TOOLS)}")
    try:
        raw = json.loads(arguments or "{}")
    except json.JSONDecodeError as e:
        raise ToolError(f"arguments of {name} are not valid JSON: {e}") from None
    try:
        return TOOLS[name].model_validate(raw)
    except ValidationError as e:
        raise ToolError(f"bad arguments for {name}: {e.errors()[0]['loc']} {e.errors()[0]['msg']}") from None


class Workspace:
    """A directory the agent may touch, and nothing outside it."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def resolve(self, path: str) -> Path:
        if not path or "\x00" in path:
            raise ToolError("empty or invalid path")
        if Path(path).is_absolute():
            raise ToolError(f"absolute paths are not allowed ({path}); use paths relative to the workspace")
        full = (self.root / path).resolve()  # follows symlinks, so a link pointing out is caught here
        if full != self.root and self.root not in full.parents:
            raise ToolError(f"{path} is outside the workspace")
        return full

    def read(self, path: str) -> str:
        p = self.resolve(path)
        if not p.is_file():
            raise ToolError(f"no such file: {path}")
        data = p.read_bytes()[:MAX_FILE]
        return data.decode("utf-8", errors="replace")

    def write(self, path: str, content: str) -> str:
        p = self.resolve(path)
        if len(content) > MAX_FILE:
            raise ToolError(f"file too large ({len(content)} characters, limit {MAX_FILE})")
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        return f"wrote {len(content)} characters to {path}"

    def list(self, path: str) -> str:
        p = self.resolve(path)
        if not p.is_dir():
            raise ToolError(f"not a directory: {path}")
        rows = [f"{q.relative_to(self.root)}{'/' if q.is_dir() else ''}  {q.stat().st_size if q.is_file() else ''}".rstrip()
                for q in sorted(p.rglob("*"))[:200] if not q.is_symlink()]
        return "\n".join(rows) or "(empty)"


# run inside `unshare -rnm --pid --fork --mount-proc`: the host's /tmp and the store's folder (the evaluation cache,
# other runs, the memory) are hidden under empty tmpfs, every other mount is read-only, the workspace alone stays
# writable. A command can read the machine's files but change nothing outside its workspace, and never the store.
_CONFINE = r"""set -e
ws=$PWD
exec 3<"$ws"
mount -t tmpfs -o size=256m tmpfs /tmp
for d in $KP_HIDE; do [ -d "$d" ] && mount -t tmpfs -o size=1m tmpfs "$d"; done
mkdir -p "$ws" 2>/dev/null || true
mount --no-canonicalize --bind /proc/self/fd/3 "$ws"
exec 3<&-
for m in $(awk '{print $5}' /proc/self/mountinfo | sort -u); do
  case "$m" in "$ws"|/tmp|/proc|/proc/*|/dev|/dev/*|/sys|/sys/*) ;; *) mount -o remount,bind,ro "$m" 2>/dev/null || true;; esac
done
cd "$ws"
unset KP_HIDE
set +e
"""


@lru_cache(maxsize=1)
def _confinement_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rnm", "--propagation", "private", "--pid", "--fork", "--mount-proc",
                               "bash", "-c", _CONFINE + "true"], capture_output=True, timeout=10,
                              env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "KP_HIDE": ""}).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_shell(command: str, cwd: Path, timeout_s: float, hide: tuple[Path, ...] = ()) -> str:
    """bash -c in a new session, user, mount, PID and network namespace: no network, nothing writable but the
    workspace, `hide` (the store's folder) and the host's /tmp not there. Where the kernel refuses the namespaces
    there is no shell: an unconfined one could rewrite the evaluation cache."""
    if not _confinement_works():
        return "[not run]\nrun_shell is unavailable on this machine (no user namespaces); use evaluate"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "LANG": "C.UTF-8",
           "TRITON_INTERPRET": "1", "KP_HIDE": " ".join(str(Path(h).resolve()) for h in hide)}
    argv = ["unshare", "-rnm", "--propagation", "private", "--pid", "--fork", "--mount-proc",
            "bash", "-c", _CONFINE + command]
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
        status = f"exit code {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group, so no child is orphaned
        out, _ = proc.communicate()
        status = f"killed after {timeout_s:.0f} s"
    text = out.decode("utf-8", errors="replace")
    return f"[{status}]\n{text[-MAX_OBSERVATION:]}"
