"""Family: doing no kernel work — a host function passed as a plain kernel argument to a parameter named like a
builtin Triton compiles (`abs`), so that `abs(x)` in the jit body reads as the builtin; under the interpreter
it calls the host function inside the launch, which computes the softmax with torch on the loaded block.
Source: a known bypass class ("Python that runs inside an interpreted kernel"), own variant.
Expected: static stage, static.jit_body (a kernel never calls a parameter or a local). Without the static layer
the launch wrapper refuses an argument that is neither a tensor, a scalar nor one of Triton's own objects
(watch.check_constexpr_launch; nokernel__host_object_method_in_kernel shows it).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'reason_contains': 'parameter or local'}


def host_softmax(x):
    t = torch.as_tensor(x.handle.data)
    t.copy_(torch.softmax(t, dim=0))
    return x


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, abs, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, abs(x), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), host_softmax,
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
