"""Confinement of the candidate process, readable top to bottom in the order it is applied.

The candidate is an adversary: assume its Python does anything Python can do in its process. Nothing here
relies on the static checks having stopped it. `confine()` runs in the freshly forked candidate (PID 1 of a new
PID namespace, still root) and applies, in this order:

1. **cgroup**: the process joins a per-evaluation cgroup the judge made (memory and pids bounded as a whole:
   malloc, tmpfs, /dev/shm and page cache alike), where the cgroup tree is writable.
2. **namespaces**: new mount, network, IPC and UTS namespaces (no network of any kind; abstract UNIX sockets
   are per network namespace).
3. **root file system from an allow-list**: a fresh tmpfs becomes `/`; only the Python prefix and environment,
   the system libraries and the toolchain the backend needs are bound into it read-only, at their own paths.
   `/tmp`, `/run`, `/var`, `/home`, the project checkout and every socket in them simply do not exist there.
   `/proc` is the candidate's own (its PID namespace), read-only, with `/proc/sys` and the like masked. Scratch
   is a private, size-limited tmpfs at `/tmp` (`/dev/shm` is a folder of it, so both share one budget).
4. **rlimits**: address space (or writable memory on a GPU), CPU seconds, file size, open files, processes.
5. **unprivileged**: all capabilities dropped from the bounding set, then a switch to a uid/gid of its own
   (no supplementary groups), which also empties the permitted and effective sets.
6. **seccomp**: `no_new_privs`, then a filter that refuses sockets of every family, memfd, ptrace and
   cross-process memory, mount and namespace calls, keyrings, bpf, userfaultfd, perf, io_uring, module and
   kexec calls; on the CPU also every new process (threads only).
7. **environment**: an allow-list of variables; HOME, TMPDIR and the caches point into scratch.

Each step reports what it achieved, so `doctor` and every EvalResult's `isolation` list state what was in
force; a machine that lacks something says so instead of silently running with less. The judge keeps the
other half: it makes the cgroup, kills everything in it and checks that nothing is left (`reap`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import platform
import resource
import shutil
import signal
import struct
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_THREAD = 0x10000000, 0x20000000, 0x40000000, 0x00010000
NAMESPACE_FLAGS = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
MNT_DETACH = 2
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID = 0x1, 0x2

PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_SECCOMP, PR_SET_CHILD_SUBREAPER = 38, 24, 22, 36
SECCOMP_MODE_FILTER = 2

# The uid/gid a candidate runs as: one per judge process (base + its pid), so that RLIMIT_NPROC, which counts
# per uid, counts this candidate's threads only, and two evaluations side by side share nothing.
CANDIDATE_ID_BASE = 2_100_000_000

SYS = {  # x86_64 syscall numbers
    "clone": 56, "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "clone3": 435, "capset": 126,
    "mount_setattr": 442, "pivot_root": 155,
}
# Refused (EPERM) on every device. A socket of any family (a UNIX socket on a read-only mount still accepts
# connect(); io_uring can open sockets without the socket syscall), anonymous memory files outside every
# rlimit, reading or writing other processes, anything that changes mounts or namespaces, kernel keyrings,
# bpf, userfaultfd (stalls the kernel on a page fault), perf counters, kernel modules and kexec, handle-based
# opens (they bypass the mount tree), and clock/host settings.
DENIED_SYSCALLS = {
    "socket": 41, "socketpair": 53, "memfd_create": 319, "memfd_secret": 447, "ptrace": 101,
    "process_vm_readv": 310, "process_vm_writev": 311, "process_madvise": 440, "pidfd_getfd": 438, "kcmp": 312,
    "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "setns": 308, "unshare": 272,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "mount_setattr": 442, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "userfaultfd": 323,
    "perf_event_open": 298, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313, "delete_module": 176,
    "open_by_handle_at": 304, "name_to_handle_at": 303, "fanotify_init": 300, "swapon": 167, "swapoff": 168,
    "reboot": 169, "acct": 163, "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305,
    "adjtimex": 159, "syslog": 103, "quotactl": 179, "quotactl_fd": 443, "iopl": 172, "ioperm": 173,
    "personality": 135, "uselib": 134, "vhangup": 153, "lookup_dcookie": 212,
}
NEW_PROCESS_SYSCALLS = ("fork", "vfork", "execve", "execveat")

# What the candidate keeps from the environment; everything else (API keys, tokens, ...) is dropped.
# Triton on a GPU finds libcuda and its C compiler through these; none of them carries a secret.
ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "TRITON_INTERPRET", "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "CUDA_PATH",
             "LD_LIBRARY_PATH", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES", "TRITON_PTXAS_PATH",
             "TRITON_LIBCUDA_PATH", "CC", "OMP_NUM_THREADS")

# The system part of the root file system: programs and libraries, read-only. /usr holds the C compiler
# Triton needs on a GPU and, usually, the CUDA toolkit (/usr/local/cuda).
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
# From /etc, only what the dynamic loader and the compiler need (the loader cache, the alternatives links
# behind cc/c++); passwd and group are written fresh with the candidate's own uid.
ETC_PATHS = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "nsswitch.conf", "localtime")
DEVICES = ("null", "zero", "full", "random", "urandom")
# /proc entries that show or change host kernel state: masked (an empty read-only tmpfs, or /dev/null).
PROC_MASKED_DIRS = ("sys", "irq", "bus", "acpi", "scsi", "fs", "sysvipc", "tty", "pressure", "driver")
PROC_MASKED_FILES = ("sysrq-trigger", "kcore", "keys", "key-users", "timer_list", "sched_debug", "kallsyms",
                     "kmsg", "kpageflags", "kpagecount", "kpagecgroup", "config.gz", "latency_stats", "mtrr",
                     "modules", "slabinfo", "vmallocinfo", "partitions", "diskstats", "swaps")
# On a GPU the CUDA driver reads /proc/driver/nvidia; /proc/sys stays visible there, read-only (the driver's
# user-space libraries read some of it), where the CPU path masks it outright.
PROC_GPU_VISIBLE = ("driver", "sys")


def _errno_msg() -> str:
    e = ctypes.get_errno()
    return f"{os.strerror(e)} (errno {e})"


def unshare(flags: int) -> bool:
    return _libc.unshare(ctypes.c_int(flags)) == 0


# -- process tree (used by the judge) ----------------------------------------------------------------------

def enter_pid_namespace() -> str | None:
    """Called in the judge's launcher: its next child becomes PID 1 of a new namespace, so when the candidate
    dies every process it left behind dies with it, and it cannot see or signal anything outside."""
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


PR_SET_PDEATHSIG = 1


def confine_tool(cpu_s: int, memory_bytes: int) -> None:
    """In a child about to exec a tool the judge runs on the candidate's output (ptxas on the PTX its compile
    sent back): bounded CPU time and address space, and killed when the process that started it dies, so
    that neither a PTX built to take ptxas hours or gigabytes nor an abandoned compile leaves it running."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper() -> None:
    """Orphans of our descendants (the candidate, once its launcher exits) are re-parented to us."""
    _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def pid_namespace_of(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def processes_in_namespace(ns: str) -> list[int]:
    """Every process on this machine whose PID namespace is `ns` (read from /proc, as root: all are visible)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and pid_namespace_of(int(entry)) == ns:
            found.append(int(entry))
    return found


# -- 1. cgroup ---------------------------------------------------------------------------------------------

@dataclass
class Cgroup:
    """One evaluation's cgroup: memory (with swap) and pids bounded, whatever holds the pages. cgroup v2 where
    the unified tree has the controllers, else the v1 memory and pids hierarchies. Made and removed by the
    judge (root); the candidate only joins it."""

    version: int
    dirs: dict[str, str] = field(default_factory=dict)  # controller -> directory

    @classmethod
    def create(cls, name: str, memory_bytes: int, pids: int) -> Cgroup | None:
        if os.geteuid() != 0:
            return None
        for make in (cls._create_v2, cls._create_v1):
            try:
                cg = make(name, memory_bytes, pids)
            except OSError:
                cg = None
            if cg is not None:
                return cg
        return None

    @staticmethod
    def _own_path(controller: str) -> str:
        """This process's cgroup in the hierarchy of `controller` ("" = v2), as /proc/self/cgroup says."""
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, ctrls, path = line.split(":", 2)
            if (controller == "" and ctrls == "") or controller in ctrls.split(","):
                return path
        raise OSError(f"no {controller or 'v2'} cgroup")

    @classmethod
    def _create_v2(cls, name: str, memory_bytes: int, pids: int) -> Cgroup | None:
        root = "/sys/fs/cgroup"
        if not os.path.exists(f"{root}/cgroup.controllers"):
            return None
        parent = os.path.join(root, cls._own_path("").lstrip("/"))
        wanted = {"memory", "pids"}
        if not wanted <= set(Path(f"{parent}/cgroup.controllers").read_text().split()):
            return None
        Path(f"{parent}/cgroup.subtree_control").write_text("+memory +pids")  # EBUSY where the rules forbid it
        d = os.path.join(parent, name)
        os.mkdir(d)
        cg = cls(2, {"memory": d, "pids": d})
        try:
            Path(f"{d}/memory.max").write_text(str(memory_bytes))
            if os.path.exists(f"{d}/memory.swap.max"):
                Path(f"{d}/memory.swap.max").write_text("0")
            Path(f"{d}/pids.max").write_text(str(pids))
        except OSError:
            cg.remove()
            raise
        return cg

    @classmethod
    def _create_v1(cls, name: str, memory_bytes: int, pids: int) -> Cgroup | None:
        dirs = {}
        for ctrl in ("memory", "pids"):
            mount = f"/sys/fs/cgroup/{ctrl}"
            if not os.path.exists(f"{mount}/cgroup.procs"):
                return None
            own = cls._own_path(ctrl).lstrip("/")
            parent = os.path.join(mount, own) if os.path.isdir(os.path.join(mount, own)) else mount
            dirs[ctrl] = os.path.join(parent, name)
        cg = cls(1, {})
        try:
            for ctrl, d in dirs.items():
                os.mkdir(d)
                cg.dirs[ctrl] = d
            m = dirs["memory"]
            Path(f"{m}/memory.limit_in_bytes").write_text(str(memory_bytes))
            if os.path.exists(f"{m}/memory.memsw.limit_in_bytes"):  # with swap accounting: no swapping out of it
                Path(f"{m}/memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
            Path(f"{dirs['pids']}/pids.max").write_text(str(pids))
        except OSError:
            cg.remove()
            raise
        return cg

    def features(self) -> list[str]:
        return [f"cgroup-v{self.version}-memory", f"cgroup-v{self.version}-pids"]

    def enter(self) -> None:
        """Called by the candidate itself, before any of its code runs: "0" is the writing process."""
        for d in dict.fromkeys(self.dirs.values()):
            Path(f"{d}/cgroup.procs").write_text("0")

    def procs(self) -> list[int]:
        pids: set[int] = set()
        for d in dict.fromkeys(self.dirs.values()):
            try:
                pids |= {int(p) for p in Path(f"{d}/cgroup.procs").read_text().split()}
            except OSError:
                pass
        return sorted(pids)

    def oom_killed(self) -> bool:
        """Did the kernel kill a process of this group for memory?"""
        m = self.dirs.get("memory")
        if not m:
            return False
        try:
            text = Path(f"{m}/memory.events" if self.version == 2 else f"{m}/memory.oom_control").read_text()
            counts = dict(line.split()[:2] for line in text.splitlines() if len(line.split()) >= 2)
            if int(counts.get("oom_kill", 0)) > 0:
                return True
            if self.version == 1:  # kernels without the oom_kill counter: the limit was hit and someone died
                return int(Path(f"{m}/memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            pass
        return False

    def kill_all(self) -> None:
        if self.version == 2 and os.path.exists(f"{self.dirs['memory']}/cgroup.kill"):
            try:
                Path(f"{self.dirs['memory']}/cgroup.kill").write_text("1")
            except OSError:
                pass
        for pid in self.procs():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def remove(self) -> None:
        for d in dict.fromkeys(self.dirs.values()):
            for _ in range(50):  # a killed process leaves the group once the kernel has torn it down
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def bury_cgroups_of(judge_pid: int) -> list[int]:
    """After a judge that was killed before it could clean up: kill whatever is in the cgroups it made for its
    candidates (named kernelpilot-<judge pid>-<n>) and remove them. Returns the processes found there."""
    found: list[int] = []
    if os.geteuid() != 0:
        return found
    try:
        own_v2 = Cgroup._own_path("")
    except OSError:
        own_v2 = "/"
    parents = {2: os.path.join("/sys/fs/cgroup", own_v2.lstrip("/"))}
    dirs_by_name: dict[str, Cgroup] = {}
    for ctrl in ("memory", "pids"):
        try:
            own = Cgroup._own_path(ctrl).lstrip("/")
        except OSError:
            continue
        mount = f"/sys/fs/cgroup/{ctrl}"
        parent = os.path.join(mount, own) if os.path.isdir(os.path.join(mount, own)) else mount
        for d in glob.glob(os.path.join(parent, f"kernelpilot-{judge_pid}-*")):
            dirs_by_name.setdefault(os.path.basename(d), Cgroup(1)).dirs[ctrl] = d
    for d in glob.glob(os.path.join(parents[2], f"kernelpilot-{judge_pid}-*")):
        if os.path.exists(f"{d}/memory.max"):
            dirs_by_name.setdefault(os.path.basename(d), Cgroup(2, {"memory": d, "pids": d}))
    for cg in dirs_by_name.values():
        found += cg.procs()
        try:
            reap(None, cg)
        except RuntimeError:
            pass
        cg.remove()
    return found


def reap(pid_ns: str | None, cgroup: Cgroup | None, wait_s: float = 5.0) -> list[int]:
    """After an evaluation: kill whatever is left of the candidate (its cgroup, its PID namespace) and check,
    by looking, that nothing remains. Returns the processes that were still alive at the first look (empty
    when the candidate's death had already taken everything along, as it should)."""
    if pid_ns is not None and pid_ns == pid_namespace_of(os.getpid()):
        raise ValueError("reap() was given this process's own PID namespace; it only ever empties a candidate's")

    def alive() -> set[int]:
        left = set(cgroup.procs()) if cgroup else set()
        if pid_ns and os.geteuid() == 0:
            left |= set(processes_in_namespace(pid_ns))
        return left

    first = alive()
    deadline = time.monotonic() + wait_s
    left = first
    while left and time.monotonic() < deadline:
        if cgroup:
            cgroup.kill_all()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.02)
        left = alive()
    if left:
        raise RuntimeError(f"processes of a candidate survived SIGKILL: {sorted(left)}")
    return sorted(first)


# -- 3. root file system -----------------------------------------------------------------------------------

def _mount(src: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    if _libc.mount(src.encode() if src else None, target.encode(), fstype.encode() if fstype else None,
                   ctypes.c_ulong(flags), data.encode() if data else None) != 0:
        raise OSError(ctypes.get_errno(), f"mount {src} on {target}: {_errno_msg()}")


def _mount_setattr(path: str, attr_set: int, attr_clr: int = 0, recursive: bool = False) -> bool:
    attr = struct.pack("QQQQ", attr_set, attr_clr, 0, 0)
    buf = ctypes.create_string_buffer(attr, len(attr))
    return _libc.syscall(SYS["mount_setattr"], ctypes.c_int(AT_FDCWD), path.encode(),
                         ctypes.c_uint(AT_RECURSIVE if recursive else 0), buf, ctypes.c_size_t(len(attr))) == 0


def _package_dirs() -> list[str]:
    """The folders kernelpilot's own code is imported from, and nothing else of a checkout they may live in
    (an editable install imports them from the checkout itself)."""
    import kernelpilot

    # every kernelpilot package this process has imported (the candidate may import more of their modules
    # lazily), and only folders that are packages: the editable layout also lists the checkout on the path
    paths = [os.path.dirname(os.path.abspath(__file__)), *kernelpilot.__path__]
    paths += [p for name, m in list(sys.modules.items()) if name.startswith("kernelpilot.")
              for p in getattr(m, "__path__", None) or []]
    return [p for p in dict.fromkeys(paths) if os.path.isfile(os.path.join(p, "__init__.py"))]


def solution_dirs() -> list[str]:
    """The folders of the suite's known-good kernels (tasks/<suite>/solutions) under kernelpilot's code, as the
    paths the candidate's root binds them at (each folder, and where a symlink leads)."""
    found: list[str] = []
    for p in _package_dirs():
        for d in glob.glob(os.path.join(p, "*", "solutions")) + glob.glob(os.path.join(p, "solutions")):
            for q in (os.path.abspath(d), os.path.realpath(d)):
                if os.path.isdir(q) and q not in found:
                    found.append(q)
    return found


def _checkout() -> str | None:
    """The project checkout this kernelpilot runs from, if any (a folder above its code with our pyproject)."""
    d = os.path.dirname(os.path.abspath(__file__))
    while d != os.path.dirname(d):
        d = os.path.dirname(d)
        try:
            if 'name = "kernelpilot"' in Path(d, "pyproject.toml").read_text():
                return d
        except OSError:
            pass
    return None


def _holds_distributions(path: str) -> bool:
    """A site folder (a venv's site-packages, a pip --target folder) rather than a source folder."""
    try:
        return path.rstrip("/").endswith(("site-packages", "dist-packages")) or \
            any(e.endswith(".dist-info") for e in os.listdir(path))
    except OSError:
        return False


def toolchain_paths(gpu: bool) -> list[str]:
    """Programs and libraries a backend runs outside the Python environment: on a GPU, Triton's ptxas and C
    compiler, nvcc/ninja for load_inline, the CUDA toolkit and driver libraries."""
    if not gpu:
        return []
    paths = []
    for var in ("CUDA_HOME", "CUDA_PATH"):
        if os.environ.get(var):
            paths.append(os.environ[var])
    paths += [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p]
    for exe in ("ptxas", "nvcc", "cc", "gcc", "c++", "g++", "ninja", os.environ.get("TRITON_PTXAS_PATH", "")):
        found = exe and shutil.which(exe, path=candidate_path())
        if found:
            real = os.path.realpath(found)
            paths.append(os.path.dirname(os.path.dirname(real)))  # the prefix: bin/ and its lib/, include/
    return paths


def runtime_paths(gpu: bool) -> list[str]:
    """Every path the candidate's process needs to see, read-only: the Python prefix and environment
    (wherever they live, /tmp included), the import path, kernelpilot's own candidate-side packages, the
    system programs and libraries, and the toolchain the backend needs."""
    checkout = _checkout()
    paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)]
    for p in sys.path:
        real = os.path.realpath(p) if p else ""  # "" is the working directory: never bound
        if not real or not os.path.isdir(real):
            continue
        if checkout and (checkout + "/").startswith(real.rstrip("/") + "/"):
            continue  # the checkout or a folder above it
        if checkout and real.startswith(checkout + "/") and not _holds_distributions(real):
            continue  # a source folder of the checkout (pytest puts tests/ on the path): only our packages are
        paths.append(p)
    paths += _package_dirs() + list(SYSTEM_PATHS) + toolchain_paths(gpu)
    out: list[str] = []
    for p in paths:
        for q in (os.path.abspath(p), os.path.realpath(p)):  # a symlinked path and what it points to
            if os.path.lexists(q) and q != "/" and q not in out:
                out.append(q)
    # ancestors first: a folder bound later would otherwise hide below one bound inside it
    return sorted(out, key=lambda q: (q.count("/"), q))


def _bind_into(root: str, path: str) -> None:
    """Make `path` visible at the same place under `root`: a symlink is recreated as is, anything else is
    bind-mounted (recursively) onto a mount point made for it. Parent folders are plain tmpfs folders (0755),
    so a prefix inside a home folder that only root can enter is reachable, and nothing else of that home."""
    dest = root + path
    if os.path.lexists(dest):
        return
    os.makedirs(os.path.dirname(dest), mode=0o755, exist_ok=True)
    if os.path.islink(path):
        os.symlink(os.readlink(path), dest)
        return
    if os.path.isdir(path):
        os.makedirs(dest, mode=0o755, exist_ok=True)
    else:
        Path(dest).touch(mode=0o644)
    _mount(path, dest, None, MS_BIND | MS_REC)


def _covered(path: str, bound: list[str]) -> bool:
    return any(path == b or path.startswith(b.rstrip("/") + "/") for b in bound)


def build_root(root: str, *, gpu: bool, uid: int, gid: int, scratch_bytes: int, in_new_pidns: bool,
               extra: tuple[str, ...] = ()) -> list[str]:
    """Populate the tmpfs at `root` (already mounted) from the allow-list, and `extra` paths, read-only like the
    rest; returns the features achieved."""
    feats = []
    # scratch first: a private tmpfs with a size limit at /tmp, the only writable place. Mounted before the
    # binds, so that a runtime path under /tmp (a venv there) is bound on top of it instead of hidden under it
    os.makedirs(f"{root}/tmp", mode=0o755, exist_ok=True)
    _mount("tmpfs", f"{root}/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_bytes},mode=1777")
    os.makedirs(f"{root}/tmp/.shm", mode=0o1777, exist_ok=True)
    os.chmod(f"{root}/tmp/.shm", 0o1777)
    bound: list[str] = []
    paths = runtime_paths(gpu)
    paths += sorted((q for q in extra if os.path.lexists(q) and q not in paths), key=lambda q: (q.count("/"), q))
    for p in paths:
        if not _covered(p, bound) or os.path.islink(p):
            _bind_into(root, p)
            bound.append(p)
    # the suite's known-good kernels come with kernelpilot's code, which the candidate imports from: hidden
    # (an empty read-only folder over each), they are no business of a candidate's
    for hidden in solution_dirs():
        if os.path.isdir(root + hidden):
            _mount("tmpfs", root + hidden, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
    os.makedirs(f"{root}/etc", mode=0o755, exist_ok=True)
    for name in ETC_PATHS:
        if os.path.lexists(f"/etc/{name}"):
            _bind_into(root, f"/etc/{name}")
    Path(f"{root}/etc/passwd").write_text(f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                                          f"candidate:x:{uid}:{gid}:kernelpilot candidate:/tmp:/usr/sbin/nologin\n")
    Path(f"{root}/etc/group").write_text(f"root:x:0:\ncandidate:x:{gid}:\n")
    # /dev: the harmless character devices, and on a GPU the NVIDIA nodes
    os.makedirs(f"{root}/dev", mode=0o755, exist_ok=True)
    devices = [f"/dev/{d}" for d in DEVICES]
    if gpu:
        devices += sorted(glob.glob("/dev/nvidia*")) + (["/dev/dri"] if os.path.isdir("/dev/dri") else [])
    for d in devices:
        if os.path.exists(d):
            _bind_into(root, d)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{root}/dev/{name}")
    if gpu and os.path.isdir("/sys"):  # NVML and the CUDA driver read the PCI topology there
        _bind_into(root, "/sys")
    feats += ["allow-list-root"] + (["gpu-devices"] if gpu else [])
    # /proc: our own PID namespace's, masked where it shows or changes the host kernel
    os.makedirs(f"{root}/proc", mode=0o755, exist_ok=True)
    if in_new_pidns:
        _mount("proc", f"{root}/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        for d in PROC_MASKED_DIRS:
            if os.path.isdir(f"{root}/proc/{d}") and not (gpu and d in PROC_GPU_VISIBLE):
                _mount("tmpfs", f"{root}/proc/{d}", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
        for f in PROC_MASKED_FILES:
            if os.path.exists(f"{root}/proc/{f}"):
                _mount("/dev/null", f"{root}/proc/{f}", None, MS_BIND)
        feats += ["private-proc", "proc-masked"]
    os.makedirs(f"{root}/dev/shm", mode=0o755, exist_ok=True)
    _mount(f"{root}/tmp/.shm", f"{root}/dev/shm", None, MS_BIND)  # /dev/shm: a folder of scratch, one budget
    os.makedirs(f"{root}/.old-root", mode=0o700, exist_ok=True)
    # everything so far read-only and set-uid-free, recursively (device nodes stay usable: /dev/null is
    # written through a read-only mount)
    if not _mount_setattr(root, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, recursive=True):
        raise OSError(ctypes.get_errno(), f"read-only root: {_errno_msg()}")
    feats.append("read-only-root")
    if in_new_pidns:
        feats.append("proc-read-only")
    # then scratch (and /dev/shm) writable again: those two mounts only, not what is bound below them
    for d in (f"{root}/tmp", f"{root}/dev/shm"):
        if not _mount_setattr(d, 0, MOUNT_ATTR_RDONLY):
            raise OSError(ctypes.get_errno(), f"a writable scratch at {d}: {_errno_msg()}")
    feats += ["private-tmp", "scratch-size-limit"]
    return feats


def pivot_into(root: str) -> str:
    """Make `root` the process's `/` and detach the old one entirely."""
    old = f"{root}/.old-root"
    if _libc.syscall(SYS["pivot_root"], root.encode(), old.encode()) == 0:
        os.chdir("/")
        if _libc.umount2(b"/.old-root", MNT_DETACH) != 0:
            raise OSError(ctypes.get_errno(), f"detaching the old root: {_errno_msg()}")
        return "pivot-root"
    # a root that cannot be pivoted (an initramfs): chroot, which without CAP_SYS_CHROOT cannot be left
    os.chroot(root)
    os.chdir("/")
    return "chroot"


# -- 4. rlimits --------------------------------------------------------------------------------------------

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
    return ["rlimits"] if len(done) == len(lims) else []


# -- 5. unprivileged ---------------------------------------------------------------------------------------

def drop_capabilities() -> bool:
    """Empty the bounding set (no exec can regain a capability) and the effective/permitted/inheritable sets."""
    for cap in range(64):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # two empty {effective, permitted, inheritable} sets
    return _libc.syscall(SYS["capset"], ctypes.c_char_p(header), ctypes.c_char_p(data)) == 0


def become_unprivileged(uid: int, gid: int) -> list[str]:
    """Drop every capability and switch to the candidate's own uid/gid with no supplementary groups. Root
    without capabilities is not enough: procfs and other files check owner bits, not capabilities."""
    feats = []
    if os.geteuid() == 0:
        for cap in range(64):
            _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)  # leaving uid 0 clears the permitted and effective capability sets
        feats.append("unprivileged-uid")
    if drop_capabilities():
        feats.append("no-capabilities")
    if os.getuid() != 0 and resource.getrlimit(resource.RLIMIT_NPROC)[0] != resource.RLIM_INFINITY:
        feats.append("nproc-limit")  # RLIMIT_NPROC is not enforced for root
    return feats


# -- 6. seccomp --------------------------------------------------------------------------------------------

def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


def seccomp_filter(allow_processes: bool) -> bool:
    """Install the syscall filter (x86_64 only: syscall numbers are per architecture). Threads are always
    allowed; with allow_processes (a GPU, where Triton runs ptxas and a C compiler) new processes are too,
    but never with a namespace flag, and every child inherits this same filter, uid and cgroup."""
    if platform.machine() != "x86_64":
        return False
    LD_W_ABS, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    ALLOW, EPERM, ENOSYS, KILL = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38, 0x80000000
    denied = list(DENIED_SYSCALLS.values())
    if not allow_processes:
        denied += [SYS[n] for n in NEW_PROCESS_SYSCALLS]
    prog = [
        _bpf(LD_W_ABS, 0, 0, 4),                 # arch
        _bpf(JEQ, 1, 0, 0xC000003E),             # AUDIT_ARCH_X86_64
        _bpf(RET, 0, 0, KILL),
        _bpf(LD_W_ABS, 0, 0, 0),                 # syscall number
        _bpf(JGE, 0, 1, 0x40000000),             # x32 ABI aliases
        _bpf(RET, 0, 0, EPERM),
        _bpf(JEQ, 0, 1, SYS["clone3"]),          # its flags are in memory, out of the filter's sight: glibc
        _bpf(RET, 0, 0, ENOSYS),                 # falls back to clone() on ENOSYS, whose flags it can read
    ]
    for nr in sorted(set(denied)):
        prog += [_bpf(JEQ, 0, 1, nr), _bpf(RET, 0, 0, EPERM)]
    prog += [
        _bpf(JEQ, 1, 0, SYS["clone"]),
        _bpf(RET, 0, 0, ALLOW),
        _bpf(LD_W_ABS, 0, 0, 16),                # clone flags (args[0], low word)
        _bpf(JSET, 0, 1, NAMESPACE_FLAGS),
        _bpf(RET, 0, 0, EPERM),
    ]
    if allow_processes:
        prog += [_bpf(RET, 0, 0, ALLOW)]
    else:
        prog += [_bpf(JSET, 0, 1, CLONE_THREAD), _bpf(RET, 0, 0, ALLOW), _bpf(RET, 0, 0, EPERM)]
    raw = b"".join(prog)
    filt = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("HxxxxxxQ", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fbuf, 0, 0) == 0


# -- 7. environment ----------------------------------------------------------------------------------------

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
        "HOME": str(scratch), "TMPDIR": str(scratch), "USER": "candidate", "LOGNAME": "candidate",
        "TRITON_CACHE_DIR": str(scratch / ".triton"), "CUPY_CACHE_DIR": str(scratch / ".cupy"),
        "TORCH_EXTENSIONS_DIR": str(scratch / ".torch_extensions"), "XDG_CACHE_HOME": str(scratch / ".cache"),
        # torch.compile is refused by the contract under every name it has; should one get through, dynamo,
        # imported after this, compiles nothing, and the frames it would have run outside the op watch run eagerly
        "TORCH_COMPILE_DISABLE": "1",
    })
    # TorchDynamo read that variable when it was imported, before this process existed (the worker server
    # imports it): switch the imported one off too
    dynamo = sys.modules.get("torch._dynamo")
    if dynamo is not None:
        dynamo.config.disable = True
    # Python's tempfile keeps the directory it chose first (the judge's /tmp); make it choose again, here
    tempfile.tempdir = None
    # CuPy 14 fixes its kernel cache folder when cupy.cuda.compiler is imported (the judge imported it, as
    # root, before this fork): it would still write to /root/.cupy, read-only here, and every RawKernel
    # would fail to compile. Point an already-imported CuPy at the scratch folder too.
    compiler = sys.modules.get("cupy.cuda.compiler")
    if compiler is not None and hasattr(compiler, "_set_kernel_cache_backend"):
        from cupy.cuda._compiler_cache import DiskKernelCacheBackend

        compiler._set_kernel_cache_backend(DiskKernelCacheBackend(os.environ["CUPY_CACHE_DIR"]))


# -- all of it, in order -----------------------------------------------------------------------------------

CONFINEMENT_STEPS = ("cgroup", "namespaces", "root-filesystem", "rlimits", "unprivileged", "seccomp", "environment")


@dataclass
class Plan:
    """What the judge prepared before the fork: the cgroup to join, the (empty) folder that becomes the new
    root's mount point, and the uid/gid to run as."""

    root_dir: str
    uid: int = CANDIDATE_ID_BASE
    gid: int = CANDIDATE_ID_BASE
    cgroup: Cgroup | None = None

    @classmethod
    def for_this_process(cls, root_dir: str | None = None, cgroup: Cgroup | None = None) -> Plan:
        ident = CANDIDATE_ID_BASE + os.getpid()
        return cls(root_dir or tempfile.mkdtemp(prefix="kp-root-"), ident, ident, cgroup)


def confine(scratch_name: str, in_new_pidns: bool, *, gpu: bool, memory_mb: int, cpu_s: int, file_mb: int,
            nproc: int, steps: tuple[str, ...] = CONFINEMENT_STEPS, plan: Plan | None = None,
            extra: tuple[str, ...] = ()) -> tuple[list[str], Path]:
    """Every confinement step, in order, for the process that will run candidate code; returns the features
    achieved and its scratch directory. `steps` exists for the GPU probe, which tries them one by one to
    find the one a driver objects to; the judge always takes them all. Raises when a step that this machine
    can do fails half-way: a candidate is never run in a half-built confinement."""
    plan = plan or Plan.for_this_process()
    feats: list[str] = []
    root = os.geteuid() == 0
    if "cgroup" in steps and plan.cgroup is not None:
        plan.cgroup.enter()
        feats += plan.cgroup.features()
    new_root = False
    if "namespaces" in steps:
        if root and unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS):
            feats += ["no-network", "private-ipc"]
            _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount propagates back to the host
            new_root = "root-filesystem" in steps
        elif unshare(CLONE_NEWUSER | CLONE_NEWNET):  # unprivileged fallback: at least no network
            feats.append("no-network")
    scratch_bytes = memory_mb << 20
    if new_root:
        _mount("tmpfs", plan.root_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
        feats += build_root(plan.root_dir, gpu=gpu, uid=plan.uid, gid=plan.gid, scratch_bytes=scratch_bytes,
                            in_new_pidns=in_new_pidns, extra=extra)
        feats.append(pivot_into(plan.root_dir))
        scratch = Path("/tmp") / scratch_name
    else:
        scratch = Path(os.environ.get("TMPDIR", "/tmp")) / scratch_name
    scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
    if "rlimits" in steps:
        feats += set_limits(memory_mb, cpu_s, file_mb, nproc, gpu=gpu)
    if "unprivileged" in steps:
        if root:
            os.chown(scratch, plan.uid, plan.gid)
        feats += become_unprivileged(plan.uid, plan.gid)
    if "seccomp" in steps and seccomp_filter(allow_processes=gpu):
        feats.append("seccomp-processes-allowed" if gpu else "seccomp-no-processes")
        feats.append("seccomp-no-sockets")
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
    """Which protections this machine can give (for `doctor`), tried in a throwaway confined child: the same
    features the judge reports in every result's `isolation` list."""
    from . import wire

    cgroup = None
    try:
        cgroup = Cgroup.create(f"kp-probe-{os.getpid()}", 1 << 30, 64)
    except OSError:
        pass
    root_dir = tempfile.mkdtemp(prefix="kp-root-")
    r, w = os.pipe()
    launcher = os.fork()
    if launcher == 0:
        code = 0
        try:
            os.close(r)
            pidns = enter_pid_namespace()
            pid = os.fork()
            if pid == 0:
                found: dict[str, bool | str] = {"root": os.geteuid() == 0, "pid-namespace": pidns is not None}
                try:
                    feats, _ = confine("kp-probe", pidns is not None, gpu=False, memory_mb=4096, cpu_s=60, file_mb=16,
                                       nproc=64, plan=Plan.for_this_process(root_dir, cgroup))
                    found.update({f: True for f in feats})
                    found["uid-not-0"] = os.getuid() != 0
                except BaseException as e:  # noqa: BLE001 - a failed step is the fact to report
                    found["error"] = f"{type(e).__name__}: {e}"[:300]
                wire.send(w, found)
                os._exit(0)
            os.waitpid(pid, 0)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.close(w)
    try:
        res, _ = wire.recv(r, timeout=60.0)
    except wire.WireError:
        res = {}
    os.close(r)
    os.waitpid(launcher, 0)
    if cgroup:
        cgroup.kill_all()
        cgroup.remove()
    shutil.rmtree(root_dir, ignore_errors=True)
    err = res.pop("error", None)
    out = {k: bool(res.get(k)) for k in ISOLATION_FEATURES}
    if err:
        out["confinement error: " + err] = False
    return out


# What doctor lists, and what a fully confined candidate's result names (the cgroup line depends on the version)
ISOLATION_FEATURES = ("root", "pid-namespace", "cgroup-v1-memory", "cgroup-v2-memory", "no-network", "private-ipc",
                      "allow-list-root", "read-only-root", "private-proc", "proc-read-only", "proc-masked",
                      "private-tmp", "scratch-size-limit", "pivot-root", "rlimits", "unprivileged-uid", "uid-not-0",
                      "no-capabilities", "nproc-limit", "seccomp-no-processes", "seccomp-no-sockets", "env-allow-list")
