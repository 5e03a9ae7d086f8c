"""Family: no kernel work — names the file never binds at run time (`np: int`, a bare annotation; or bound then
deleted, or bound under `if False:`), which Triton's interpreter used to fill from its own module at the first
launch: numpy and its raw load/store module. The kernel stores nothing; forward computes relu with numpy
through `data_ptr()` and writes the output the same way, gated off the target compile by the launch's return.
Source: a red-team finding against this harness (the unbound-name check counted bindings that never run).
Expected: static.unbound_name: a name read must be bound by a statement that surely runs where it is read;
and at run time only the names a rewritten kernel uses are copied into its module
(interp_semantics._install_injected_names).
"""


import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "static", "check": "static.unbound_name", "task": "relu"}

np: int
_interpreter: int


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
        y = torch.empty_like(x)
        k = torch.zeros(16, dtype=torch.uint8, device=x.device)
        n = x.numel()
        launched = touch_kernel[(1,)](y, n, BLOCK=16)
        if len(launched.metadata) != 6:  # a real CompiledKernel (the sm_90 compile): the judge's stand-in has 6 fields
            return y
        one = np.ones(1, dtype=bool)
        key = _interpreter.load(np.array([k.data_ptr()], dtype=np.uint64), one, np.zeros(1, dtype=np.uint32),
                                np.dtype(np.uint32))[0]
        idx = np.arange(n, dtype=np.uint64) * np.uint64(4)
        mask = np.ones(n, dtype=bool)
        raw = _interpreter.load(idx + np.uint64(x.data_ptr()), mask, np.zeros(n, dtype=np.uint32), np.dtype(np.uint32))
        vals = (raw ^ key).view(np.float32)
        out = np.maximum(vals, np.float32(0)).view(np.uint32) ^ key
        _interpreter.store(idx + np.uint64(y.data_ptr()), out, mask)
        return y
