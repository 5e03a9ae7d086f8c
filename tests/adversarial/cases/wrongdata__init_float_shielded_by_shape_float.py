"""Family: wrong data — the constructor takes two floats (an nn.Upsample scale_factor, which sets the output's
shape, and an nn.LeakyReLU negative_slope, inside an nn.Sequential). The kernel keeps scale_factor from its
constructor but compiles in negative_slope = 0.2. check_other_init_args builds one plan for the floats, all
moved together (float_plans zips the options); the moved scale_factor changes the output's shape, so
other_init_plan refuses that plan and no instance is ever built with another slope. A model built with
negative_slope=0.01 computes with 0.2. (Constructor floats are meant to fail hard, unlike constructor ints.)
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_init_args should try each constructor float alone when the joint move is refused)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/upsample_leaky_seq.py"}


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
    def __init__(self, scale_factor, negative_slope):
        super().__init__()
        self.scale_factor = float(scale_factor)

    def forward(self, x):
        x = x.contiguous()
        B, C, H, W = x.shape
        OH, OW = int(H * self.scale_factor), int(W * self.scale_factor)
        y = torch.empty((B, C, OH, OW), device=x.device, dtype=x.dtype)
        total = y.numel()
        _up_leaky[(triton.cdiv(total, 1024),)](x, y, H, W, OH, OW, 1.0 / self.scale_factor, total,
                                               SLOPE=0.2, BLOCK=1024)
        return y
