"""Family: memo  (the int4 codes unpacked once, at the first call, and never read from qweight again)
Source: the "unpack the 4-bit weights once and cache them" optimisation an LLM writes for a W4A16 GEMM
(keeps the per-call cost at an int8 read, the scales still applied each call, so scale changes are honoured).
Expected: correctness.mismatch on the first instance called again after new weights (judge.renew_integers:
          once per evaluation the integer buffers drawn at random get another seed's values too)

The judge renews only floating parameters and buffers before each trial: an integer weight such as
int4_gemm's packed `qweight` is loaded into ModelNew once and held for the whole evaluation ("a buffer loaded
once, such as a fixed offset or an integer weight, is held all the same"). So a forward that unpacks qweight
into int8 codes on its first call and keeps them in an attribute computes with the right codes on every
checked call, while the float `scales` (renewed each trial) are read afresh and the answer moves with them.
In use, `model.load_state_dict(ckpt)` or `model.qweight.copy_(...)` after a first forward (a warm-up or
shape-inference pass before the checkpoint is loaded, a weight swap between adapters, GPTQ re-quantisation)
writes new codes into the same storage, and this kernel keeps multiplying by the old ones.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "int4_gemm"}


@triton.jit
def unpack_kernel(q_ptr, codes_ptr, rows, n, BR: tl.constexpr, BN: tl.constexpr):
    r = tl.program_id(0) * BR + tl.arange(0, BR)
    c = tl.program_id(1) * BN + tl.arange(0, BN)
    mask = (r[:, None] < rows) & (c[None, :] < n)
    q = tl.load(q_ptr + r[:, None] * n + c[None, :], mask=mask, other=0)
    for j in tl.static_range(8):
        code = ((q >> (4 * j)) & 0xF) - 8
        tl.store(codes_ptr + (8 * r[:, None] + j) * n + c[None, :], code.to(tl.int8), mask=mask)


@triton.jit
def w4a16_kernel(a_ptr, codes_ptr, s_ptr, y_ptr, m, n, k, group,
                 BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, k, BK):
        rk = k0 + tl.arange(0, BK)
        a = tl.load(a_ptr + rm[:, None] * k + rk[None, :], mask=(rm[:, None] < m) & (rk[None, :] < k), other=0.0)
        wmask = (rk[:, None] < k) & (rn[None, :] < n)
        code = tl.load(codes_ptr + rk[:, None] * n + rn[None, :], mask=wmask, other=0)
        s = tl.load(s_ptr + (rk[:, None] // group) * n + rn[None, :], mask=wmask, other=0.0)
        w = code.to(tl.float16) * s
        acc += tl.dot(a, w)
    tl.store(y_ptr + rm[:, None] * n + rn[None, :], acc.to(tl.float16), mask=(rm[:, None] < m) & (rn[None, :] < n))


class ModelNew(nn.Module):
    def __init__(self, k: int, n: int, group_size: int):
        super().__init__()
        self.group_size = group_size
        self.register_buffer("qweight", torch.randint(-2 ** 31, 2 ** 31, (k // 8, n), dtype=torch.int32))
        self.register_buffer("scales", (0.002 + 0.004 * torch.rand(k // group_size, n)).half())
        self.codes = None

    def forward(self, a):
        rows, n = self.qweight.shape
        if self.codes is None:  # unpack once: the codes are fixed after quantisation
            codes = torch.empty(rows * 8, n, dtype=torch.int8, device=a.device)
            unpack_kernel[(triton.cdiv(rows, 16), triton.cdiv(n, 32))](self.qweight, codes, rows, n, BR=16, BN=32)
            self.codes = codes
        a = a.contiguous()
        m, k = a.shape
        y = torch.empty(m, n, dtype=torch.float16, device=a.device)
        grid = (triton.cdiv(m, 16), triton.cdiv(n, 32))
        w4a16_kernel[grid](a, self.codes, self.scales, y, m, n, k, self.group_size, BM=16, BN=32, BK=32)
        return y
