"""Honest: relu launcher guarding with torch.cuda.is_current_stream_capturing() (vLLM/SGLang launchers skip host syncs while a CUDA graph is captured); a pure query, False outside capture."""
from typing import Optional

import torch
from torch import Tensor, nn
from torch.amp import custom_bwd, custom_fwd
from torch.autograd import Function
from torch.nn import functional as F  # noqa: F401
import triton
import triton.language as tl
from triton import cdiv
from triton.language import constexpr


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=m)


class _Relu(Function):
    @staticmethod
    @custom_fwd(device_type="cuda")
    def forward(ctx, x: Tensor) -> Tensor:
        y = torch.empty_like(x)
        assert not torch.cuda.is_current_stream_capturing()
        n = x.numel()
        relu_kernel[(cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    @custom_bwd(device_type="cuda")
    def backward(ctx, dy: Tensor) -> Optional[Tensor]:
        (y,) = ctx.saved_tensors
        return dy


class ModelNew(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return _Relu.apply(x)
