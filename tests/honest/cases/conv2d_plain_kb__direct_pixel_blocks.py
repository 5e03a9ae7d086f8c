"""Honest: a direct 2-D convolution in the style most LLM-written Triton convolutions take: a program per
(image, output channel) and block of 128 output pixels, looping over the input channels and the 3 x 3 window
(`tl.static_range`), accumulating in fp32, the bias added last. On a plain file at 256 x 256 images."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv_direct(x_ptr, w_ptr, b_ptr, y_ptr, C_in, H, W, C_out, OH, OW,
                KS: tl.constexpr, BLOCK: tl.constexpr):
    plane = tl.program_id(0)
    n = plane // C_out
    oc = plane % C_out
    pix = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    inside = pix < OH * OW
    oh = pix // OW
    ow = pix % OW
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for ic in range(0, C_in):
        x_plane = x_ptr + (n * C_in + ic).to(tl.int64) * H * W
        w_tap = w_ptr + (oc * C_in + ic) * KS * KS
        for kh in tl.static_range(KS):
            for kw in tl.static_range(KS):
                v = tl.load(x_plane + (oh + kh) * W + (ow + kw), mask=inside, other=0.0)
                acc += v * tl.load(w_tap + kh * KS + kw)
    acc += tl.load(b_ptr + oc)
    tl.store(y_ptr + plane.to(tl.int64) * OH * OW + pix, acc, mask=inside)


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.stem = nn.Conv2d(in_channels, out_channels, kernel_size, bias=True)

    def forward(self, images):
        x = images.contiguous()
        w = self.stem.weight.contiguous()
        n, c_in, h, wd = x.shape
        c_out, ks = w.shape[0], w.shape[-1]
        oh, ow = h - ks + 1, wd - ks + 1
        y = torch.empty((n, c_out, oh, ow), device=x.device, dtype=x.dtype)
        grid = (n * c_out, triton.cdiv(oh * ow, 128))
        conv_direct[grid](x, w, self.stem.bias, y, c_in, h, wd, c_out, oh, ow, KS=ks, BLOCK=128)
        return y
