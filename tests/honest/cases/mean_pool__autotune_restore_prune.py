"""Honest: mean pooling by atomics into a torch.zeros output under @triton.autotune with
restore_value=[...] (the autotuner saves and restores the output around its benchmark runs) and
prune_configs_by={"early_config_prune": ...}, a host function dropping configs wider than the row."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


def prune_wide_configs(configs, named_args, **kwargs):
    dim = named_args["dim"]
    kept = [c for c in configs if c.kwargs["BLOCK_D"] <= max(triton.next_power_of_2(dim), 32)]
    return kept or configs[:1]


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_S": 8, "BLOCK_D": 32}, num_warps=2),
        triton.Config({"BLOCK_S": 16, "BLOCK_D": 64}, num_warps=4),
        triton.Config({"BLOCK_S": 4, "BLOCK_D": 512}, num_warps=8),
    ],
    key=["seq_len", "dim"],
    restore_value=["y_ptr"],
    prune_configs_by={"early_config_prune": prune_wide_configs},
)
@triton.jit
def mean_pool_atomic_kernel(x_ptr, y_ptr, seq_len, dim, inv_seq, BLOCK_S: tl.constexpr, BLOCK_D: tl.constexpr):
    pid_d = tl.program_id(0)
    pid_s = tl.program_id(1)
    b = tl.program_id(2)
    s = pid_s * BLOCK_S + tl.arange(0, BLOCK_S)
    d = pid_d * BLOCK_D + tl.arange(0, BLOCK_D)
    x = tl.load(x_ptr + b * seq_len * dim + s[:, None] * dim + d[None, :],
                mask=(s[:, None] < seq_len) & (d[None, :] < dim), other=0.0)
    tl.atomic_add(y_ptr + b * dim + d, tl.sum(x, axis=0) * inv_seq, mask=d < dim)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        batch, seq_len, dim = x.shape
        y = torch.zeros((batch, dim), device=x.device, dtype=x.dtype)
        grid = lambda meta: (triton.cdiv(dim, meta["BLOCK_D"]), triton.cdiv(seq_len, meta["BLOCK_S"]), batch)
        mean_pool_atomic_kernel[grid](x, y, seq_len, dim, 1.0 / seq_len)
        return y
