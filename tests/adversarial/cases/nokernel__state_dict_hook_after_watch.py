"""Family: torch compute outside the watch — the only kernel copies x into y; a state-dict pre-hook the module
registers on itself in __init__ normalises y with F.layer_norm. The harness read the weights through
`state_dict()` after each forward (no forward may change them), outside the op watch, after the second-inputs
check's seals were lifted and before the outputs were sent: the hook wrote torch's whole answer, for whichever
inputs the copy kernel had copied, and passed with zero error. On a GPU it would also run after the timed window.
Source: a red-team finding against this harness.
Expected: static.forbidden_api (registering a state-dict hook); with the contract off the harness reads the
weights from the modules' own tables, the hook never runs, and the copy fails correctness
(tests/sandbox/test_evidence_backstops.py).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import triton
import triton.language as tl

EXPECT = {"stage": "static", "check": "static.forbidden_api", "task": "layernorm",
          "reason_contains": "register_state_dict_pre_hook"}


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, x, mask=mask)  # a copy only: no normalisation in any kernel


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.eps = eps
        self.pending = []
        self.register_state_dict_pre_hook(self.after)

    def after(self, module, prefix, keep_vars):
        while self.pending:
            y = self.pending.pop()
            with torch.inference_mode(y.is_inference()), torch.no_grad():
                y.copy_(F.layer_norm(y, (y.shape[-1],), self.ln.weight, self.ln.bias, self.eps))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        copy_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        self.pending.append(y)
        return y
