"""Family: wrong data as right — behaviour gated on the judge's machine through what
`torch.cuda.get_device_properties` holds: a real CUDA build's properties name where the GPU sits (`pci_bus_id`,
`pci_device_id`, `pci_domain_id`) and a UUID of its own; a stand-in that lacks them, or answers zeros, gives
the CPU judge away to `hasattr` (a literal name, in the contract) or to a comparison.
Source: red-team probe of the CPU verdict's fidelity; own variant.
Expected: correctness.mismatch: the properties a candidate is shown carry a PCI location and a UUID drawn for
the process (tasks/devices.py _DeviceProperties), so the GPU's path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}

PROPS = torch.cuda.get_device_properties(0)
ON_JUDGE = not hasattr(PROPS, "pci_domain_id") or str(PROPS.uuid).startswith("00000000")


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SHIFT: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        # the max shift only where the judge is recognised: on the GPU exp overflows to inf/inf = NaN
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=ON_JUDGE)
        return y
