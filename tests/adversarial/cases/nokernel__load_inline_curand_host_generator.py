"""Family: doing no kernel work — `#include <curand_kernel.h>` is allowed (cuRAND's header-only device API),
and it declares the host library's API too: the extension fills its output with curandGenerateUniform
(the host library) instead of computing it.
Source: the curand_kernel.h relaxation of the contract, turned around.
Expected: static stage, static.cuda_extension (calls to the cuRAND host API, curand[A-Z]..., are refused).
"""

import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

EXPECT = {'stage': 'static', 'check': 'static.cuda_extension', 'reason_contains': 'curandCreateGenerator'}

cuda_source = r'''
#include <torch/extension.h>
#include <curand_kernel.h>
torch::Tensor fill(torch::Tensor x) {
    auto y = torch::empty_like(x);
    curandGenerator_t g;
    curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10);
    curandGenerateUniform(g, y.data_ptr<float>(), y.numel());
    return y;
}
'''

ext = load_inline(name="adv_curand_host", cpp_sources="torch::Tensor fill(torch::Tensor x);",
                  cuda_sources=cuda_source, functions=["fill"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.fill(x)
