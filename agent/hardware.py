"""What the prompt says about the target GPU: name, SMs, memory, bandwidth, compute capability."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Optional

# Peak DRAM bandwidth (GB/s) by product name; torch does not report it.
BANDWIDTH_GBS = {"H200": 4800, "H100 SXM": 3350, "H100 PCIe": 2000, "H100 NVL": 3900, "H100": 3350, "H800": 3350,
                 "A100-SXM4-80GB": 2039, "A100 80GB PCIe": 1935, "A100": 1555, "L40S": 864, "L4": 300, "A10": 600,
                 "V100": 900, "T4": 320, "RTX 4090": 1008, "RTX 3090": 936, "B200": 8000, "GH200": 4000}


def bandwidth_for(name: str) -> Optional[int]:
    for key in sorted(BANDWIDTH_GBS, key=len, reverse=True):
        if key.lower() in name.lower():
            return BANDWIDTH_GBS[key]
    return None


def describe_gpu(device: str = "auto") -> Optional[dict]:
    """None without a GPU. Queried in a child process so this process never initialises CUDA."""
    if device == "cpu":
        return None
    from kernelpilot.sandbox.evaluate import gpu_available

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
