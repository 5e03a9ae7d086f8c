"""Honest: persistent row softmax that sizes its grid from the SM count of the input's GPU, looked up by the
tensor's device index (`torch.cuda.get_device_properties(x.device.index).multi_processor_count`, as
schedulers that launch one program per SM do), each program looping over rows with a stride of the grid."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_persistent_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    start = tl.program_id(0)
    step = tl.num_programs(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    for row in range(start, n_rows, step):
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
        x = x - tl.max(x, axis=0)
        e = tl.exp(x)
        tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        device_index = x.device.index
        num_sms = torch.cuda.get_device_properties(device_index).multi_processor_count
        grid = (min(num_sms, n_rows),)
        softmax_persistent_kernel[grid](x, y, n_rows, n_cols, x.stride(0), y.stride(0),
                                        BLOCK=triton.next_power_of_2(n_cols))
        return y
