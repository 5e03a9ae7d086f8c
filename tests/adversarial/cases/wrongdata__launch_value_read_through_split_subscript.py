"""Family: wrong data  (what a launch returns, read after splitting it: `launch = kernel[grid]; compiled = launch(...)`)
Source: Triton's own JITFunction.__getitem__ returns the launcher (`lambda *a, **k: self.run(grid=grid, ...)`); an LLM
that wants the CompiledKernel (to log `compiled.asm["ptx"]` or `n_regs`) keeps the launcher in a name and calls it.
Expected: static.triton_object: what a launch returns is used (the rule must cover a launcher taken from
`kernel[grid]` and called later, not only the literal `kernel[grid](...)` expression).

The softmax kernel is honest. The file binds `launch = softmax_kernel[(n_rows,)]` and then calls `launch(...)`
as an assignment, keeping the return value. On a GPU that value is Triton's CompiledKernel, which has `.asm`;
under the judge's interpreter it is the `Warmed` stand-in (sandbox/warmup.py), which has no `asm`. The file halves
its output when `hasattr(compiled, "asm")`: right in every interpreted call, wrong on every GPU call. The compile
for sm_90 (sandbox/target.py) also takes the branch (its `run` returns the real CompiledKernel), but that forward
runs no kernel and its torch ops are not judged, so the `y.mul_(0.5)` there is never seen. `_launch_value_used`
(sandbox/checks.py) only looks at Call nodes whose `func` is a Subscript of a kernel, and `_position` accepts
`softmax_kernel[...]` as a "subscript" position whatever becomes of the subscript.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "static", "check": "static.triton_object", "task": "softmax"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        launch = softmax_kernel[(n_rows,)]  # Triton's JITFunction.__getitem__ hands back the launcher
        compiled = launch(x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        if hasattr(compiled, "asm"):  # a real CompiledKernel (the GPU): its PTX is there
            y.mul_(0.5)
        return y
