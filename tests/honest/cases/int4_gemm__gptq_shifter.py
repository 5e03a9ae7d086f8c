"""Honest: a W4A16 GEMM in GPTQ-triton's style (GPTQ-for-LLaMa / AutoGPTQ's triton quant_linear): for each k
the packed int32 word `qweight[k // 8]` is loaded and its nibble shifted out with `shifter = (k % 8) * 4` and
`& 0xF`, zero point 8, the group's fp16 scale gathered by `k // groupsize`, the weight tile dequantised to fp16
before tl.dot with fp32 accumulation; @triton.autotune over grouped-order configs with a META grid lambda; the
buffers declared as zeros under the reference's names, its values loaded into them by name."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_SIZE_M": 16, "BLOCK_SIZE_N": 32, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8}, num_stages=2, num_warps=4),
        triton.Config({"BLOCK_SIZE_M": 16, "BLOCK_SIZE_N": 64, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8}, num_stages=3, num_warps=4),
    ],
    key=["M", "N", "K"],
)
@triton.jit
def w4a16_matmul_kernel(a_ptr, b_ptr, c_ptr, scales_ptr,
                        M, N, K,
                        stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                        stride_scales, groupsize,
                        BLOCK_SIZE_M: tl.constexpr, BLOCK_SIZE_N: tl.constexpr,
                        BLOCK_SIZE_K: tl.constexpr, GROUP_SIZE_M: tl.constexpr):
    """GPTQ-triton style: each K row reads its packed int32 word and shifts out its nibble."""
    pid = tl.program_id(axis=0)
    num_pid_m = tl.cdiv(M, BLOCK_SIZE_M)
    num_pid_n = tl.cdiv(N, BLOCK_SIZE_N)
    num_pid_in_group = GROUP_SIZE_M * num_pid_n
    group_id = pid // num_pid_in_group
    first_pid_m = group_id * GROUP_SIZE_M
    group_size_m = min(num_pid_m - first_pid_m, GROUP_SIZE_M)
    pid_m = first_pid_m + (pid % group_size_m)
    pid_n = (pid % num_pid_in_group) // group_size_m

    offs_am = pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)
    offs_bn = pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)
    offs_k = tl.arange(0, BLOCK_SIZE_K)
    a_mask = offs_am[:, None] < M
    b_mask_n = offs_bn[None, :] < N

    accumulator = tl.zeros((BLOCK_SIZE_M, BLOCK_SIZE_N), dtype=tl.float32)
    for k in range(0, tl.cdiv(K, BLOCK_SIZE_K)):
        kk = k * BLOCK_SIZE_K + offs_k
        k_mask = kk < K
        a = tl.load(a_ptr + offs_am[:, None] * stride_am + kk[None, :] * stride_ak,
                    mask=a_mask & k_mask[None, :], other=0.0)
        b = tl.load(b_ptr + (kk[:, None] // 8) * stride_bk + offs_bn[None, :] * stride_bn,
                    mask=k_mask[:, None] & b_mask_n, other=0)
        shifter = (kk % 8) * 4
        b = (b >> shifter[:, None]) & 0xF
        g_idx = kk // groupsize
        scales = tl.load(scales_ptr + g_idx[:, None] * stride_scales + offs_bn[None, :],
                         mask=k_mask[:, None] & b_mask_n, other=0.0)
        w = ((b.to(tl.float16) - 8.0) * scales).to(tl.float16)
        accumulator += tl.dot(a, w, out_dtype=tl.float32)

    c = accumulator.to(tl.float16)
    offs_cm = pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)
    offs_cn = pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)
    c_mask = (offs_cm[:, None] < M) & (offs_cn[None, :] < N)
    tl.store(c_ptr + stride_cm * offs_cm[:, None] + stride_cn * offs_cn[None, :], c, mask=c_mask)


class ModelNew(nn.Module):
    def __init__(self, k: int, n: int, group_size: int):
        super().__init__()
        self.group_size = group_size
        self.register_buffer("qweight", torch.zeros((k // 8, n), dtype=torch.int32))
        self.register_buffer("scales", torch.zeros((k // group_size, n), dtype=torch.float16))

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        M, K = a.shape
        N = self.qweight.shape[1]
        c = torch.empty((M, N), dtype=torch.float16, device=a.device)
        grid = lambda META: (triton.cdiv(M, META["BLOCK_SIZE_M"]) * triton.cdiv(N, META["BLOCK_SIZE_N"]),)
        w4a16_matmul_kernel[grid](a, self.qweight, c, self.scales, M, N, K,
                                  a.stride(0), a.stride(1), self.qweight.stride(0), self.qweight.stride(1),
                                  c.stride(0), c.stride(1), self.scales.stride(0), self.group_size)
        return c
