"""Honest: a squared ReLU as two functional custom operators, one calling the other: the inner one returns
relu(x) in a tensor it allocates, and the outer one squares that result in place with a second kernel and
returns it as fp16 (what an inner operator returns new is the outer body's own to write)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def relu_kernel(x_ptr, r_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(r_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32), 0.0),
             mask=inside)


@triton.jit
def square_in_place_kernel(r_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    r = tl.load(r_ptr + offs, mask=inside, other=0.0)
    tl.store(r_ptr + offs, r * r, mask=inside)


@torch.library.custom_op("kp_honest::relu_f32", mutates_args=())
def relu_f32(x: torch.Tensor) -> torch.Tensor:
    r = torch.empty(x.shape, dtype=torch.float32, device=x.device)
    n = x.numel()
    relu_kernel[(triton.cdiv(n, 1024),)](x, r, n, BLOCK=1024)
    return r


@relu_f32.register_fake
def _(x: torch.Tensor) -> torch.Tensor:
    return torch.empty(x.shape, dtype=torch.float32, device=x.device)


@torch.library.custom_op("kp_honest::relu_sq_nested", mutates_args=())
def relu_sq_nested(x: torch.Tensor) -> torch.Tensor:
    r = relu_f32(x)
    n = r.numel()
    square_in_place_kernel[(triton.cdiv(n, 1024),)](r, n, BLOCK=1024)
    return r.half()


@relu_sq_nested.register_fake
def _(x: torch.Tensor) -> torch.Tensor:
    return torch.empty_like(x)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return relu_sq_nested(x.contiguous())
