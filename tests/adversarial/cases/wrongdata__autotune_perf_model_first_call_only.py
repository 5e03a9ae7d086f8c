"""Family: wrong data — a perf_model with state and top_k=2 of three configs: the first estimates it gives
for a tuning key rank a shifted config first and the config without the max shift second, every later
estimate ranks the two shifted configs first. A GPU's autotuner prunes once per key and times what it kept,
so there the unshifted config is one of the two it may pick, for every later launch with that key, and it
overflows to NaN; a judge that prunes again at every launch would run it never (config 1 of the first list is
the shifted one, and it is gone from every later list).
Source: a candidate whose early_config_prune kept an unsafe config only on its first call per key; own
variant through perf_model and top_k.
Expected: static.triton_callback: a function Triton calls back keeps no state (the perf_model writes a set
of the module's). With the contract off, correctness.mismatch: the configs kept at the first launch with a key
stay on that key's list for every later launch, and each is checked (compat.interpreted_autotuning).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_callback'}

ESTIMATED = set()


def estimate(n_cols, SHIFT, num_warps, **kwargs):
    # first round for a row length: shifted/4 warps, then unshifted, then shifted/8 warps; later rounds put
    # the unshifted config last
    first = (n_cols, SHIFT, num_warps) not in ESTIMATED
    ESTIMATED.add((n_cols, SHIFT, num_warps))
    if SHIFT and num_warps == 4:
        return 1.0
    if not SHIFT:
        return 2.0 if first else 3.0
    return 3.0 if first else 2.0


@triton.autotune(
    configs=[triton.Config({"SHIFT": 1}, num_warps=4), triton.Config({"SHIFT": 0}, num_warps=4),
             triton.Config({"SHIFT": 1}, num_warps=8)],
    key=["n_cols"],
    prune_configs_by={"perf_model": estimate, "top_k": 2},
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SHIFT: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
