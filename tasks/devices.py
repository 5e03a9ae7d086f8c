"""KernelBench files are written for a GPU: `get_inputs` returns `torch.randn(...).cuda()`, a model may build
tensors with `device="cuda"`. Where this process has no CUDA device (the CPU verdict under the Triton
interpreter), those mean the host, so the file gives a verdict instead of a traceback. Where a GPU exists
nothing changes.

In a candidate's process on a CPU, the candidate's host code is also told it runs on the GPU the verdict
stands for (`cuda_means_host_in_this_process`): `torch.cuda.is_available()`, the device count, capability,
name and properties, Triton's driver lookups. A candidate that asked and took another path without a GPU
would otherwise be checked on a path the GPU never runs (a max shift only where there is no CUDA, an
autotune pruner that keeps the safe config only on a CPU). Tensors stay on the host.
"""

from __future__ import annotations

import contextlib
import functools
import time
import types
from dataclasses import dataclass
from typing import Any

import torch
from torch.overrides import TorchFunctionMode


def _is_cuda(device) -> bool:
    if isinstance(device, torch.device):
        return device.type == "cuda"
    if isinstance(device, str):
        return device.split(":")[0] == "cuda"
    return False


def _where() -> str:
    """The host, or the meta device while sizes are being read on it (tasks/sizes.py): nothing is allocated."""
    default = torch.get_default_device() if hasattr(torch, "get_default_device") else torch.device("cpu")
    return "meta" if default.type == "meta" else "cpu"


def _host(value):
    return _where() if _is_cuda(value) else value


class CudaMeansHost(TorchFunctionMode):
    """`.cuda()`, `.to("cuda")`, `device="cuda"` (and `torch.device("cuda")` objects) become the host."""

    def __torch_function__(self, func, types_, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func is torch.Tensor.cuda:  # Module.cuda() comes here too, once per parameter
            return args[0] if args[0].device.type == "meta" else args[0].cpu()
        if "device" in kwargs:
            kwargs["device"] = _host(kwargs["device"])
        if func is torch.Tensor.to:
            args = tuple(_host(a) for a in args)
        return func(*args, **kwargs)


def _on_host(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with CudaMeansHost():
            return fn(*args, **kwargs)

    return wrapper


def host_for_cuda_where_none(mod: types.ModuleType) -> bool:
    """Make a task module's get_inputs, get_init_inputs and Model run on the host where no CUDA device exists.
    Returns whether it did. The module is a fresh instance (Task.module), so its Model class is patched alone."""
    import os

    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")  # asking must not initialise CUDA before a fork
    if torch.cuda.is_available():
        return False
    for name in ("get_inputs", "get_init_inputs"):
        setattr(mod, name, _on_host(getattr(mod, name)))
    model = mod.Model
    for name in ("__init__", "forward"):
        if name in vars(model):
            setattr(model, name, _on_host(vars(model)[name]))
    return True


def cuda_means_host_in_this_process(arch: str | None = None) -> bool:
    """In a candidate's process where no CUDA device exists: its own `.cuda()` and `device="cuda"` mean the
    host too, for the rest of the process's life (it judges one candidate and exits), and the device context
    managers (`with torch.cuda.device(x.device):`) do nothing. With `arch` (the GPU the verdict stands for;
    by default the one the runner gave sandbox/compat.py at start-up), its host code sees that GPU
    (`look_like(arch)`). Returns whether it did anything."""
    import os

    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    if torch.cuda.is_available():
        return False
    CudaMeansHost().__enter__()  # never left: the mode stays under every watch the harness pushes later
    torch.cuda.device, torch.cuda.device_of = _DeviceContext, _DeviceOf  # type: ignore[misc,assignment]
    if arch is None:
        from ..sandbox import compat

        arch = compat.TARGET_ARCH
    if arch is not None:
        look_like(arch)
    return True


# -- the GPU the verdict stands for ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GPU:
    """What a program can ask the driver about a GPU (cudaDeviceProp; clocks in kHz, sizes in bytes)."""

    name: str
    sms: int
    total_memory: int
    l2_bytes: int
    sm_clock_khz: int
    mem_clock_khz: int
    mem_bus_bits: int
    smem_per_block_optin: int  # CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: what Triton reports
    smem_per_sm: int
    regs_per_sm: int = 65536
    regs_per_block: int = 65536
    smem_per_block: int = 49152  # without opting in
    max_threads_per_sm: int = 2048
    max_threads_per_block: int = 1024
    warp_size: int = 32


# The GPUs a CPU verdict can stand for, by compute capability, from NVIDIA's specifications (H100 SXM5: 132
# SMs, 50 MB L2, 227 KB of shared memory per block; A100 SXM4 80GB: 108 SMs, 40 MB L2, 163 KB) and the memory
# sizes nvidia-smi reports. Another architecture's figures are not known here (see look_like).
KNOWN_GPUS = {
    90: GPU("NVIDIA H100 80GB HBM3", sms=132, total_memory=81559 * 2**20, l2_bytes=50 * 2**20, sm_clock_khz=1980000,
            mem_clock_khz=2619000, mem_bus_bits=5120, smem_per_block_optin=232448, smem_per_sm=233472),
    80: GPU("NVIDIA A100-SXM4-80GB", sms=108, total_memory=81920 * 2**20, l2_bytes=40 * 2**20, sm_clock_khz=1410000,
            mem_clock_khz=1593000, mem_bus_bits=5120, smem_per_block_optin=166912, smem_per_sm=167936),
}


class UnknownGPU(RuntimeError):
    """A figure of a GPU whose properties the judge does not know. The message names no CUDA GPUs being
    available, so the judge reads the rejection as one that needs a GPU (unverified), never as the kernel's
    fault."""

    def __init__(self, arch: str):
        known = ", ".join(f"sm_{cc}" for cc in sorted(KNOWN_GPUS))
        super().__init__(f"no CUDA GPUs are available here, and the properties of an {arch} GPU are not known to "
                         f"the judge (it knows {known}); judge it on that GPU or choose a known --gpu-arch")


def _capability_of(arch: str) -> int:
    from ..sandbox.target import capability

    return capability(arch)


class _DeviceContext:
    """`torch.cuda.device(...)` where tensors live on the host: any device, the host's included, and nothing
    to switch (one device, the one the kernels run on)."""

    def __init__(self, device: Any = None):
        self.idx = _index(device, strict=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _DeviceOf(_DeviceContext):
    """`torch.cuda.device_of(tensor)`: the device of a tensor, which is the one device here."""

    def __init__(self, obj: Any):
        super().__init__(None)


def _index(device: Any, strict: bool = True) -> int:
    """The CUDA device index a torch.cuda function was given: the one device there is (0) for None, the
    host's device (where this process keeps the tensors a GPU would hold), `cuda` or `cuda:0`; an index past
    it is refused as torch refuses it on a one-GPU machine."""
    if device is None:
        return 0
    if isinstance(device, str):
        device = torch.device(device)
    if isinstance(device, torch.device):
        if device.type != "cuda":
            return 0
        device = 0 if device.index is None else device.index
    if isinstance(device, int) and not isinstance(device, bool):
        if device < 0 or device == 0:
            return 0
        if strict:
            raise AssertionError("Invalid device id")
        return device
    raise ValueError(f"Expected a torch.device, a device string or an index, but got: {device!r}")


class _DeviceProperties:
    """What `torch.cuda.get_device_properties` returns, with the attribute names of torch's own."""

    def __init__(self, gpu: GPU, cc: int):
        self.name, self.major, self.minor = gpu.name, cc // 10, cc % 10
        self.total_memory = gpu.total_memory
        self.multi_processor_count = gpu.sms
        self.max_threads_per_multi_processor = gpu.max_threads_per_sm
        self.max_threads_per_block = gpu.max_threads_per_block
        self.warp_size = gpu.warp_size
        self.regs_per_multiprocessor = gpu.regs_per_sm
        self.shared_memory_per_block = gpu.smem_per_block
        self.shared_memory_per_block_optin = gpu.smem_per_block_optin
        self.shared_memory_per_multiprocessor = gpu.smem_per_sm
        self.L2_cache_size = gpu.l2_bytes
        self.clock_rate = gpu.sm_clock_khz
        self.memory_clock_rate = gpu.mem_clock_khz
        self.memory_bus_width = gpu.mem_bus_bits
        self.is_integrated = self.is_multi_gpu_board = 0
        self.gcnArchName = ""
        self.uuid = "00000000-0000-0000-0000-000000000000"

    def __repr__(self) -> str:
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // 2**20}MB, multi_processor_count={self.multi_processor_count}, "
                f"L2_cache_size={self.L2_cache_size // 2**20}MB)")


class _Stream:
    """A CUDA stream where work runs on the host, in program order: nothing to wait for."""

    cuda_stream = 0
    device = torch.device("cuda", 0)

    def __init__(self, device: Any = None, priority: int = 0, **_):
        _index(device)

    def synchronize(self) -> None:
        pass

    def wait_stream(self, stream: Any) -> None:
        pass

    def wait_event(self, event: Any) -> None:
        pass

    def record_event(self, event: Any = None) -> "_Event":
        event = event if event is not None else _Event()
        event.record(self)
        return event

    def query(self) -> bool:
        return True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class _Event:
    """A CUDA event on the host: recorded at a point of the program, the time between two by the host's clock."""

    def __init__(self, enable_timing: bool = False, blocking: bool = False, interprocess: bool = False):
        self.at: float | None = None

    def record(self, stream: Any = None) -> None:
        self.at = time.perf_counter()

    def wait(self, stream: Any = None) -> None:
        pass

    def synchronize(self) -> None:
        pass

    def query(self) -> bool:
        return True

    def elapsed_time(self, end: "_Event") -> float:
        if self.at is None or end.at is None:
            raise RuntimeError("both events must be recorded before elapsed_time")
        return (end.at - self.at) * 1e3


def look_like(arch: str) -> None:
    """This process's host code sees one GPU of architecture `arch` (sm_90: an H100): torch.cuda's device
    queries answer for it, synchronisation, streams and events are the host's program order, and Triton's
    driver lookups (`driver.active.get_active_torch_device()`, `.utils.get_device_properties(0)`,
    `get_current_target()`) answer for it too, the torch device being the host's, where the tensors are.
    Capability and name follow from the architecture; SM count, memory and the other figures are known for
    KNOWN_GPUS only, and asking one of another architecture raises UnknownGPU. Never call it in the judge's
    own process: there `torch.cuda.is_available()` must stay the truth."""
    cc = _capability_of(arch)
    gpu = KNOWN_GPUS.get(cc)

    def figures() -> GPU:
        if gpu is None:
            raise UnknownGPU(arch)
        return gpu

    def get_device_properties(device: Any = None) -> _DeviceProperties:
        _index(device)
        return _DeviceProperties(figures(), cc)

    def get_device_name(device: Any = None) -> str:
        _index(device)
        return figures().name

    def get_device_capability(device: Any = None) -> tuple[int, int]:
        _index(device)
        return cc // 10, cc % 10

    def synchronize(device: Any = None) -> None:
        _index(device)

    def set_device(device: Any) -> None:
        _index(device)

    def current_stream(device: Any = None) -> _Stream:
        return _Stream(device)

    cuda: Any = torch.cuda  # the module's functions are replaced, for the candidate's calls to find
    cuda.is_available = lambda: True
    cuda.device_count = lambda: 1
    cuda.current_device = lambda: 0
    cuda.get_device_capability = get_device_capability
    cuda.get_device_name = get_device_name
    cuda.get_device_properties = get_device_properties
    cuda.synchronize = synchronize
    cuda.set_device = set_device
    cuda.current_stream = cuda.default_stream = current_stream
    cuda.stream = lambda stream=None: contextlib.nullcontext(stream)
    cuda.Stream, cuda.Event = _Stream, _Event
    _triton_driver_for(arch, cc, figures)


class _DriverUtils:
    """`driver.active.utils` of Triton's CUDA driver, for the figures its tutorials read."""

    def __init__(self, figures):
        self._figures = figures

    def get_device_properties(self, device: Any = None) -> dict:
        _index(device)
        gpu = self._figures()
        # the keys and meanings of triton/backends/nvidia/driver.c getDeviceProperties
        return {"max_shared_mem": gpu.smem_per_block_optin, "max_num_regs": gpu.regs_per_block,
                "multiprocessor_count": gpu.sms, "warpSize": gpu.warp_size, "sm_clock_rate": gpu.sm_clock_khz,
                "mem_clock_rate": gpu.mem_clock_khz, "mem_bus_width": gpu.mem_bus_bits}


class _TargetGPUDriver:
    """Triton's active driver under the interpreter, which has none ("0 active drivers"): it names the
    target GPU, device 0, and the host as the torch device the kernels' tensors are on. It loads and launches
    nothing: the interpreter runs the kernels."""

    def __init__(self, cc: int, figures):
        from triton.backends.compiler import GPUTarget

        self.target = GPUTarget("cuda", cc, 32)
        self.utils = _DriverUtils(figures)

    @staticmethod
    def is_active() -> bool:
        return True

    def get_current_target(self):
        return self.target

    def get_current_device(self) -> int:
        return 0

    def set_current_device(self, device: Any) -> None:
        _index(device)

    def get_current_stream(self, device: Any = None) -> int:
        return 0

    def get_device_capability(self, device: Any = None) -> tuple[int, int]:
        return self.target.arch // 10, self.target.arch % 10

    def get_active_torch_device(self) -> torch.device:
        return torch.device("cpu")

    def get_device_interface(self):
        return torch.cuda


def _triton_driver_for(arch: str, cc: int, figures) -> None:
    """Under the interpreter, the stand-in driver becomes Triton's active (and default) one; where one is
    active already (the compile for the target, sandbox/target.py), it gains the `utils` lookups it lacks.
    Done before anything asks for a driver: with `torch.cuda.is_available()` now True, Triton would otherwise
    build its real CUDA driver, which compiles a C module at first use."""
    try:
        from triton.runtime import driver
    except Exception:  # noqa: BLE001 -- no Triton: nothing to answer for
        return
    active = getattr(driver, "_active", None)
    if active is None:
        driver.set_active(_TargetGPUDriver(cc, figures))
    elif not hasattr(active, "utils"):
        active.utils = _DriverUtils(figures)
    if getattr(driver, "_default", None) is None and hasattr(driver, "_default"):
        driver._default = driver._active
