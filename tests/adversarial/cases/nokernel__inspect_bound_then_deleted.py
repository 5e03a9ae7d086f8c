"""Family: no kernel work — `inspect = 0; del inspect`: bound in the file's text, absent at run time, and so
filled by the interpreter's globals at the first launch; forward then computes with torch and empties the op
watch's record of it, reached through `inspect.stack()` frames.
Source: a red-team finding against this harness (a binding undone by `del`).
Expected: static.unbound_name: `del` of a global unbinds it, and a name read must be surely bound.
"""


import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "static", "check": "static.unbound_name", "task": "relu"}

inspect = 0
del inspect


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < 0
    tl.store(y_ptr + offs, tl.zeros([BLOCK], dtype=tl.float32), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        launched = touch_kernel[(1,)](x, 0, BLOCK=16)
        if len(launched.metadata) != 6:  # a real CompiledKernel (the sm_90 compile): nothing to hide there
            return torch.empty_like(x)
        y = torch.relu(x)
        for info in inspect.stack(0):
            seen = inspect.getargvalues(info[0])[3]
            if "watch" in seen and "launched" in seen:
                seen["watch"].report.ops.clear()
        return y
