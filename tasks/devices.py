"""KernelBench files are written for a GPU: `get_inputs` returns `torch.randn(...).cuda()`, a model may build
tensors with `device="cuda"`. Where this process has no CUDA device (the CPU verdict under the Triton
interpreter), those mean the host, so the file gives a verdict instead of a traceback. Where a GPU exists
nothing changes."""

from __future__ import annotations

import functools
import types

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


def cuda_means_host_in_this_process() -> bool:
    """In a candidate's process where no CUDA device exists: its own `.cuda()` and `device="cuda"` mean the
    host too, for the rest of the process's life (it judges one candidate and exits). Returns whether it did."""
    import os

    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    if torch.cuda.is_available():
        return False
    CudaMeansHost().__enter__()  # never left: the mode stays under every watch the harness pushes later
    return True
