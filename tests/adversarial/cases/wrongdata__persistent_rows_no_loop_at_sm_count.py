"""Family: shapes the check never reaches. A "persistent" cross-entropy: the grid is `min(tokens, SM count)`
programs, the SM count read from `torch.cuda.get_device_properties`, and each program does the one row of its
index instead of looping over rows with the SM count as stride. At the real size (8192 tokens on 132 SMs) all
but 132 losses are garbage. The checks run 40 and 7 tokens; shown a whole H100's 132 SMs, every row had a
program and it passed. After the checks, a second candidate process is shown the GPU's smallest MIG instance
(16 SMs) and called once per shape: at 40 tokens rows 16 onwards are never written.
Source: persistent kernels written without their tile loop; tasks/devices.checked_as.
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'cross_entropy'}


@triton.jit
def ce_row(x_ptr, t_ptr, loss_ptr, vocab, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    target = tl.load(t_ptr + row)
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, vocab, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < vocab, other=float("-inf"))
        grown = tl.maximum(m, x)
        s = s * tl.exp(tl.where(m == grown, 0.0, m - grown)) + tl.where(x == float("-inf"), 0.0, tl.exp(x - grown))
        m = grown
    top = tl.max(m, axis=0)
    lse = top + tl.log(tl.sum(s * tl.exp(m - top), axis=0))
    picked = tl.load(x_ptr + row * stride + tl.where(target < 0, 0, target))
    tl.store(loss_ptr + row, tl.where(target == -100, 0.0, lse - picked))


class ModelNew(nn.Module):
    def forward(self, x, t):
        x = x.contiguous()
        loss = torch.empty(x.shape[0], device=x.device, dtype=torch.float32)
        sms = torch.cuda.get_device_properties(x.device).multi_processor_count
        ce_row[(min(x.shape[0], sms),)](x, t, loss, x.shape[1], x.stride(0), BLOCK=1024)
        return loss
