"""Confinement of the candidate process: namespaces, mounts, capabilities, seccomp, rlimits, environment.

Everything here runs in the freshly forked candidate process (or, for the PID namespace, in the judge just
before that fork). Each step is best-effort and reports what it achieved, so `doctor` and every EvalResult
say exactly which protections were in force; nothing silently pretends.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import resource
import signal
import struct
import sys
from pathlib import Path

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_THREAD = 0x00010000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 1, 2, 4, 16384, 1 << 18
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x1

PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_SECCOMP = 38, 24, 22
SECCOMP_MODE_FILTER = 2

SYS = {  # x86_64 syscall numbers
    "clone": 56, "fork": 57, "vfork": 58, "execve": 59, "ptrace": 101, "capset": 126,
    "process_vm_readv": 310, "process_vm_writev": 311, "execveat": 322, "clone3": 435,
    "mount_setattr": 442,
}

# What the candidate keeps from the environment; everything else (API keys, tokens, ...) is dropped.
# Triton on a GPU finds libcuda and its C compiler through these; none of them carries a secret.
ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "TRITON_INTERPRET", "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "CUDA_PATH",
             "LD_LIBRARY_PATH", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES", "TRITON_PTXAS_PATH",
             "TRITON_LIBCUDA_PATH", "CC", "OMP_NUM_THREADS")


def _errno_msg() -> str:
    e = ctypes.get_errno()
    return f"{os.strerror(e)} (errno {e})"


def unshare(flags: int) -> bool:
    return _libc.unshare(ctypes.c_int(flags)) == 0


def enter_pid_namespace() -> str | None:
    """Called in the judge: its next child becomes PID 1 of a new namespace, so when the candidate dies
    every process it left behind dies with it, and it cannot see or signal anything outside."""
    if os.geteuid() == 0 and unshare(CLONE_NEWPID):
        return "pid-namespace"
    return None


def kill_tree(pid: int) -> None:
    """SIGKILL a candidate or judge: its process group, and the process itself (PID 1 of a namespace takes
    every process in it along)."""
    for fn in (os.killpg, os.kill):
        try:
            fn(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def become_subreaper() -> None:
    """Orphans of our descendants (the candidate, once its launcher exits) are re-parented to us."""
    _libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _mount(src: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> bool:
    return _libc.mount(src.encode(), target.encode(), fstype.encode() if fstype else None,
                       ctypes.c_ulong(flags), data.encode() if data else None) == 0


def _readonly_root() -> bool:
    attr = struct.pack("QQQQ", MOUNT_ATTR_RDONLY, 0, 0, 0)
    buf = ctypes.create_string_buffer(attr, len(attr))
    rc = _libc.syscall(SYS["mount_setattr"], ctypes.c_int(AT_FDCWD), b"/", ctypes.c_uint(AT_RECURSIVE),
                       buf, ctypes.c_size_t(len(attr)))
    return rc == 0


def _runtime_paths() -> list[str]:
    """Where this Python, its packages and the harness live: a tmpfs must never be mounted over them, or
    every import the candidate still has to do (Triton's interpreter imports lazily) would fail."""
    paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.abspath(__file__))]
    paths += [p for p in sys.path if p]
    return [os.path.realpath(p) for p in paths]


def _holds_runtime(directory: str) -> bool:
    d = os.path.realpath(directory).rstrip("/") + "/"
    return any((p + "/").startswith(d) for p in _runtime_paths())


def confine_filesystem_and_network(scratch_name: str, in_new_pidns: bool) -> tuple[list[str], Path]:
    """New network + mount namespaces, read-only root, private tmpfs for the temp directories, own /proc.

    Returns the features achieved and the scratch directory the candidate runs in."""
    feats: list[str] = []
    private: list[str] = []
    if os.geteuid() == 0 and unshare(CLONE_NEWNET | CLONE_NEWNS):
        feats.append("no-network")
        if _mount("none", "/", None, MS_REC | MS_PRIVATE):
            ro = _readonly_root()
            # a temp dir that holds the Python installation itself (a venv in /tmp) stays, read-only
            private = [d for d in ("/tmp", "/dev/shm", "/var/tmp") if os.path.isdir(d) and not _holds_runtime(d)
                       and _mount("tmpfs", d, "tmpfs", MS_NOSUID | MS_NODEV, "size=512m,mode=1777")]
            if ro and private:
                feats.append("read-only-root")
            if "/tmp" in private:
                feats.append("private-tmp")
            elif private:
                feats.append("private-tmpfs")
            # a /proc of its own: other processes (the judge above all) are invisible
            if in_new_pidns and _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV):
                feats.append("private-proc")
    elif unshare(CLONE_NEWUSER | CLONE_NEWNET):  # unprivileged fallback: at least no network
        feats.append("no-network")
    base = Path(private[0]) if private else Path(os.environ.get("TMPDIR", "/tmp"))
    scratch = base / scratch_name
    scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
    return feats, scratch


def drop_capabilities() -> bool:
    """Root without capabilities: cannot mount, ptrace the judge, change limits or undo any of this."""
    for cap in range(64):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # two empty {effective, permitted, inheritable} sets
    return _libc.syscall(SYS["capset"], ctypes.c_char_p(header), ctypes.c_char_p(data)) == 0


def set_limits(memory_mb: int, cpu_s: int, file_mb: int, nproc: int, gpu: bool = False) -> list[str]:
    # CUDA reserves tens of GB of (PROT_NONE) address space at context creation, so on a GPU the memory
    # limit is RLIMIT_DATA, which counts only writable private memory, instead of RLIMIT_AS.
    lims = {
        resource.RLIMIT_DATA if gpu else resource.RLIMIT_AS: memory_mb << 20,
        resource.RLIMIT_CPU: cpu_s,
        resource.RLIMIT_FSIZE: file_mb << 20,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_NOFILE: 1024,
        resource.RLIMIT_NPROC: nproc,
    }
    done = []
    for res, val in lims.items():
        try:
            soft, hard = resource.getrlimit(res)
            val = val if hard == resource.RLIM_INFINITY else min(val, hard)
            resource.setrlimit(res, (val, val))
            done.append(res)
        except (ValueError, OSError):
            pass
    feats = ["rlimits"] if len(done) == len(lims) else []
    if os.geteuid() != 0 and resource.RLIMIT_NPROC in done:
        feats.append("nproc-limit")  # RLIMIT_NPROC is not enforced for root
    return feats


def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


def seccomp_no_processes() -> bool:
    """Seccomp filter: threads yes, new processes/exec/ptrace no. Fork storms and detached children become
    impossible instead of merely cleaned up. Only on x86_64 (syscall numbers are per-architecture)."""
    if platform.machine() != "x86_64":
        return False
    LD_W_ABS, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    ALLOW, EPERM, ENOSYS, KILL = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38, 0x80000000
    denied = [SYS[n] for n in ("fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev")]
    prog = [
        _bpf(LD_W_ABS, 0, 0, 4),                 # arch
        _bpf(JEQ, 1, 0, 0xC000003E),             # AUDIT_ARCH_X86_64
        _bpf(RET, 0, 0, KILL),
        _bpf(LD_W_ABS, 0, 0, 0),                 # syscall number
        _bpf(JGE, 0, 1, 0x40000000),             # x32 ABI aliases
        _bpf(RET, 0, 0, EPERM),
        _bpf(JEQ, 0, 1, SYS["clone3"]),          # glibc falls back to clone() on ENOSYS
        _bpf(RET, 0, 0, ENOSYS),
    ]
    for nr in denied:
        prog += [_bpf(JEQ, 0, 1, nr), _bpf(RET, 0, 0, EPERM)]
    prog += [
        _bpf(JEQ, 1, 0, SYS["clone"]),
        _bpf(RET, 0, 0, ALLOW),
        _bpf(LD_W_ABS, 0, 0, 16),                # clone flags (args[0], low word)
        _bpf(JSET, 0, 1, CLONE_THREAD),
        _bpf(RET, 0, 0, ALLOW),
        _bpf(RET, 0, 0, EPERM),
    ]
    raw = b"".join(prog)
    filt = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("HxxxxxxQ", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fbuf, 0, 0) == 0


def candidate_path() -> str:
    """The PATH a candidate gets: this one, with the running interpreter's bin directory first, so that tools
    pip installed into the venv (ninja, which load_inline builds with) are found though it was never activated."""
    parts = [p for p in os.environ.get("PATH", os.defpath).split(os.pathsep) if p]
    here = os.path.dirname(sys.executable)
    return os.pathsep.join(([here] if here and here not in parts else []) + parts)


def clean_environment(scratch: Path) -> None:
    keep = {k: os.environ[k] for k in ENV_ALLOW if k in os.environ}
    keep["PATH"] = candidate_path()
    os.environ.clear()
    os.environ.update(keep)
    os.environ.update({
        "HOME": str(scratch), "TMPDIR": str(scratch),
        "TRITON_CACHE_DIR": str(scratch / ".triton"), "CUPY_CACHE_DIR": str(scratch / ".cupy"),
        "TORCH_EXTENSIONS_DIR": str(scratch / ".torch_extensions"), "XDG_CACHE_HOME": str(scratch / ".cache"),
    })
    # Python's tempfile keeps the directory it chose first (the judge's /tmp); make it choose again, here
    import tempfile

    tempfile.tempdir = None
    # CuPy 14 fixes its kernel cache folder when cupy.cuda.compiler is imported (the judge imported it, as
    # root, before this fork): it would still write to /root/.cupy, read-only here, and every RawKernel
    # would fail to compile. Point an already-imported CuPy at the scratch folder too.
    compiler = sys.modules.get("cupy.cuda.compiler")
    if compiler is not None and hasattr(compiler, "_set_kernel_cache_backend"):
        from cupy.cuda._compiler_cache import DiskKernelCacheBackend

        compiler._set_kernel_cache_backend(DiskKernelCacheBackend(os.environ["CUPY_CACHE_DIR"]))


CONFINEMENT_STEPS = ("namespaces", "capabilities", "rlimits", "seccomp", "environment")


def confine(scratch_name: str, in_new_pidns: bool, *, gpu: bool, memory_mb: int, cpu_s: int, file_mb: int,
            nproc: int, steps: tuple[str, ...] = CONFINEMENT_STEPS) -> tuple[list[str], Path]:
    """Every confinement step, in order, for the process that will run candidate code; returns the features
    achieved and its scratch directory. `steps` exists for the GPU probe, which tries them one by one to
    find the one a driver objects to; the judge always takes them all."""
    feats: list[str] = []
    if "namespaces" in steps:
        feats, scratch = confine_filesystem_and_network(scratch_name, in_new_pidns)
    else:
        scratch = Path(os.environ.get("TMPDIR", "/tmp")) / scratch_name
        scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
    if "capabilities" in steps and drop_capabilities() and os.geteuid() == 0:
        feats.append("no-capabilities")
    if "rlimits" in steps:
        feats += set_limits(memory_mb, cpu_s, file_mb, nproc, gpu=gpu)
    # Triton on a GPU runs ptxas and a C compiler as subprocesses; on the CPU nothing needs one (compiling
    # for a GPU target stops at PTX there, and the judge runs ptxas).
    if "seccomp" in steps and not gpu and seccomp_no_processes():
        feats.append("seccomp-no-processes")
    if "environment" in steps:
        clean_environment(scratch)
        feats.append("env-allow-list")
    os.chdir(scratch)
    return feats, scratch


def close_other_fds(keep: set[int]) -> None:
    """The candidate must not inherit the judge's channel to the orchestrator (or anything else)."""
    for fd in sorted(int(x) for x in os.listdir("/proc/self/fd")):
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def probe() -> dict[str, bool]:
    """Which protections this machine can give (for `doctor`), tried in a throwaway child."""
    from . import wire

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        res = {"root": os.geteuid() == 0}
        res["pid-namespace"] = enter_pid_namespace() is not None
        feats, _ = confine_filesystem_and_network("kp-probe", False)
        for f in ("no-network", "read-only-root", "private-tmp"):
            res[f] = f in feats
        res["drop-capabilities"] = drop_capabilities()
        res["rlimits"] = "rlimits" in set_limits(4096, 60, 16, 64)
        res["seccomp"] = seccomp_no_processes()
        wire.send(w, res)
        os._exit(0)
    os.close(w)
    try:
        res, _ = wire.recv(r, timeout=60.0)
    except wire.WireError:
        res = {}
    os.close(r)
    os.waitpid(pid, 0)
    return res
