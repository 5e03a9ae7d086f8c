"""Honest: Attorch style (the kernel local renamed; forward keeps its `input` parameter as nn.Module code does): config lists built by factory functions with the block name as a variable dict
key (`triton.Config({block_name: ...})`), `from triton import next_power_of_2`, a heuristics dict whose
values are plain functions of `args` (BLOCK_SIZE_FEAT_heuristic), autotune keyed on the sizes."""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton import next_power_of_2


def warps_kernel_configs():
    return [triton.Config({}, num_warps=2 ** i) for i in range(2, 4)]


def BLOCK_SIZE_BATCH_heuristic(args):
    return min(max(1, next_power_of_2(args["batch_dim"] // 2 ** 10)), 4)


def element_wise_kernel_configs(block_name="BLOCK_SIZE_BATCH"):
    return [triton.Config({block_name: b}, num_warps=2) for b in (1, 2)]


@triton.autotune(configs=warps_kernel_configs(), key=["batch_dim", "feat_dim"])
@triton.heuristics({"BLOCK_SIZE_BATCH": BLOCK_SIZE_BATCH_heuristic,
                    "BLOCK_SIZE_FEAT": lambda args: next_power_of_2(args["feat_dim"])})
@triton.jit
def layer_norm_forward_kernel(input_pointer, weight_pointer, bias_pointer, output_pointer,
                              batch_dim, feat_dim, input_batch_stride, input_feat_stride,
                              output_batch_stride, output_feat_stride, eps,
                              BLOCK_SIZE_BATCH: tl.constexpr, BLOCK_SIZE_FEAT: tl.constexpr):
    batch_pid = tl.program_id(axis=0)
    batch_offset = batch_pid * BLOCK_SIZE_BATCH + tl.arange(0, BLOCK_SIZE_BATCH)
    feat_offset = tl.arange(0, BLOCK_SIZE_FEAT)
    batch_mask = batch_offset < batch_dim
    feat_mask = feat_offset < feat_dim
    input_pointer += input_batch_stride * batch_offset[:, None] + input_feat_stride * feat_offset[None, :]
    output_pointer += output_batch_stride * batch_offset[:, None] + output_feat_stride * feat_offset[None, :]
    inp = tl.load(input_pointer, mask=batch_mask[:, None] & feat_mask[None, :]).to(tl.float32)
    mean = tl.sum(inp, axis=1) / feat_dim
    diff = tl.where(feat_mask[None, :], inp - mean[:, None], 0)
    inv_std = tl.rsqrt(tl.sum(diff * diff, axis=1) / feat_dim + eps)
    output = diff * inv_std[:, None]
    weight = tl.load(weight_pointer + feat_offset, mask=feat_mask)
    bias = tl.load(bias_pointer + feat_offset, mask=feat_mask)
    output = output * weight + bias
    tl.store(output_pointer, output, mask=batch_mask[:, None] & feat_mask[None, :])


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)

    def forward(self, input):
        flattened_input = input.flatten(0, -2) if input.ndim > 2 else input
        batch_dim, feat_dim = flattened_input.shape
        output = torch.empty_like(flattened_input)
        grid = lambda META: (triton.cdiv(batch_dim, META["BLOCK_SIZE_BATCH"]),)
        layer_norm_forward_kernel[grid](flattened_input, self.ln.weight, self.ln.bias, output,
                                        batch_dim, feat_dim, *flattened_input.stride(), *output.stride(),
                                        self.ln.eps)
        return output.view_as(input)
