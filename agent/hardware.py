"""What the prompt says about the target GPU: name, SMs, memory, bandwidth, compute capability."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Optional

def bandwidth_for(name: str) -> Optional[int]:
    """Peak DRAM bandwidth in GB/s (torch does not report it), from the harness's one table of GPU peaks."""
    from ..sandbox.gpus import gpu_peaks

    peaks = gpu_peaks(name)
    return round(peaks[0] / 1e9) if peaks else None


def describe_gpu(device: str = "auto") -> Optional[dict]:
    """None without a GPU. Queried in a child process so this process never initialises CUDA."""
    if device == "cpu":
        return None
    from ..sandbox.evaluate import gpu_available

    if not gpu_available():
        return None
    code = ("import torch,json;p=torch.cuda.get_device_properties(0) if torch.cuda.is_available() else None;"
            "print(json.dumps(p and dict(name=p.name,sms=p.multi_processor_count,"
            "memory_gb=round(p.total_memory/2**30),cc=f'{p.major}.{p.minor}',cuda=torch.version.cuda)))")
    try:
        out = subprocess.run([sys.executable, "-c", code],
                             capture_output=True, text=True, timeout=60)
        info = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 and out.stdout.strip() else None
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        info = None
    if info:
        info["bandwidth_gbs"] = bandwidth_for(info["name"])
        try:  # the driver, for the record of what a timing was measured under (report's environment)
            smi = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                 capture_output=True, text=True, timeout=30)
            info["driver"] = smi.stdout.strip().splitlines()[0] if smi.returncode == 0 and smi.stdout.strip() else ""
        except (OSError, subprocess.TimeoutExpired):
            info["driver"] = ""
    return info
