"""Family: timing games — precision downgrade: the fp32 task computed in fp16 inside the kernel
(twice the bandwidth, half the accuracy), cast back to fp32 on store.
Source: DeepReinforce's hacks; the CUDA-L1 precision dispute.
Expected: correctness stage, correctness.mismatch (fp32 tolerance, inputs scaled by 40).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_fp16_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=float("-inf")).to(tl.float16)
    m = tl.max(x, axis=0)
    e = tl.exp((x - m).to(tl.float32)).to(tl.float16)
    s = tl.sum(e.to(tl.float32), axis=0).to(tl.float16)
    tl.store(y_ptr + row * n_cols + cols, (e / s).to(tl.float32), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        softmax_fp16_kernel[(x.shape[0],)](x, y, x.shape[1], BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
