"""Family: wrong data — forward takes two floats: a scale_factor that sets the output's shape and a leaky
ReLU's negative_slope. The kernel reads scale_factor but compiles in negative_slope = 0.2. move_floats moves
every forward float together, by one set of factors, and keeps the move only where _takes_as_given accepts it
(same output shapes): the scale factor moved changes the shape, so the move is dropped for every float, and
check_other_floats (which runs only where move_floats kept a move) never runs. negative_slope is never varied,
though the reference takes any other slope; a caller passing 0.01 gets slope 0.2.
Source: red-team review of the harness
Expected: correctness.mismatch (move_floats should fall back to moving each float alone, as check_other_ints does)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/upsample_leaky.py"}


@triton.jit
def _up_leaky(x_ptr, y_ptr, H, W, OH, OW, inv_scale, total, SLOPE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < total
    ow = offs % OW
    oh = (offs // OW) % OH
    plane = offs // (OW * OH)
    ih = tl.minimum((oh.to(tl.float32) * inv_scale).to(tl.int32), H - 1)
    iw = tl.minimum((ow.to(tl.float32) * inv_scale).to(tl.int32), W - 1)
    v = tl.load(x_ptr + plane * H * W + ih * W + iw, mask=m)
    tl.store(y_ptr + offs, tl.where(v >= 0, v, v * SLOPE), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, scale_factor, negative_slope):
        x = x.contiguous()
        B, C, H, W = x.shape
        OH, OW = int(H * scale_factor), int(W * scale_factor)
        y = torch.empty((B, C, OH, OW), device=x.device, dtype=x.dtype)
        total = y.numel()
        _up_leaky[(triton.cdiv(total, 1024),)](x, y, H, W, OH, OW, 1.0 / scale_factor, total,
                                               SLOPE=0.2, BLOCK=1024)
        return y
