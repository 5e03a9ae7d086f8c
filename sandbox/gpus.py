"""Peak figures of GPUs, without importing torch (the catalogue and the CLI read them before any evaluation)."""

from __future__ import annotations

# The one table of GPU peak figures (the roofline bound, the prompt's bandwidth, the diagnosis' ridge point, the
# catalogue's H100 class), keyed by a fragment of the name torch reports; the longest fragment that matches wins.
# (DRAM bytes/s, fp32 FLOP/s, dense fp16/bf16 tensor-core FLOP/s), from NVIDIA's product datasheets (SXM parts
# unless the name says PCIe; the A100 without a memory size is the 40 GB part).
GPU_PEAKS = {
    "B200": (8.0e12, 80e12, 2250e12),
    "H200": (4.8e12, 67e12, 989e12),
    "GH200": (4.0e12, 67e12, 989e12),
    "H100 NVL": (3.9e12, 60e12, 835e12),
    "H100 PCIe": (2.0e12, 51e12, 756e12),
    "H100": (3.35e12, 67e12, 989e12),
    "H800": (3.35e12, 67e12, 989e12),
    "A100-SXM4-80GB": (2.039e12, 19.5e12, 312e12),
    "A100 80GB PCIe": (1.935e12, 19.5e12, 312e12),
    "A100": (1.555e12, 19.5e12, 312e12),
    "L40S": (0.864e12, 91.6e12, 362e12),
    "A10": (0.6e12, 31.2e12, 125e12),
    "L4": (0.3e12, 30.3e12, 121e12),
    "V100": (0.9e12, 15.7e12, 125e12),
    "T4": (0.32e12, 8.1e12, 65e12),
    "RTX 4090": (1.008e12, 82.6e12, 165e12),
    "RTX 3090": (0.936e12, 35.6e12, 71e12),
}


def gpu_peaks(device_name: str) -> tuple[float, float, float] | None:
    for key in sorted(GPU_PEAKS, key=len, reverse=True):  # "A100-SXM4-80GB" before "A100" before "A10"
        if key.lower() in device_name.lower():
            return GPU_PEAKS[key]
    return None
