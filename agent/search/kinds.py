"""The kind of a task's operator, and the optimisation ideas that fit it.

The kind comes from what the reference does: its forward runs once on the meta device (no memory, no values)
under a dispatch mode that records the aten operators it calls; the heaviest operator decides (a matmul beats a
convolution beats a normalisation beats a reduction beats a gather beats elementwise). Where the reference
cannot run on the meta device, the docstring's words and the task's flops/bytes ratio decide. A task file may
also say so itself with a module-level `KIND = "reduction"`.
"""

from __future__ import annotations

import re
from typing import Optional

from .features import Feature

KINDS = ("elementwise", "reduction", "normalisation", "matmul/attention", "stencil/convolution", "gather/scatter",
         "sparse")

# aten operator name (without the overload) -> kind; anything not listed is elementwise or plumbing
_OPS = {
    "matmul/attention": ("mm", "bmm", "addmm", "baddbmm", "addbmm", "matmul", "linear", "einsum", "dot", "mv", "addmv",
                         "_scaled_dot_product_flash_attention", "_scaled_dot_product_efficient_attention",
                         "scaled_dot_product_attention", "_scaled_dot_product_flash_attention_for_cpu",
                         "_int_mm", "_weight_int4pack_mm", "cdist", "_cdist_forward", "_euclidean_dist", "tensordot"),
    "stencil/convolution": ("convolution", "conv1d", "conv2d", "conv3d", "_convolution", "conv_transpose2d",
                            "max_pool2d", "max_pool2d_with_indices", "avg_pool2d", "max_pool1d", "avg_pool1d",
                            "max_pool3d", "avg_pool3d", "im2col", "col2im", "unfold", "conv_depthwise2d",
                            "_conv_depthwise2d", "upsample_bilinear2d", "upsample_nearest2d", "constant_pad_nd",
                            "reflection_pad2d", "replication_pad2d"),
    "normalisation": ("native_layer_norm", "layer_norm", "rms_norm", "_fused_rms_norm", "native_group_norm",
                      "group_norm", "native_batch_norm", "_native_batch_norm_legit", "_native_batch_norm_legit_no_training",
                      "batch_norm", "instance_norm", "rsqrt", "norm", "linalg_vector_norm"),
    "reduction": ("sum", "mean", "amax", "amin", "max", "min", "argmax", "argmin", "prod", "cumsum", "cumprod",
                  "logsumexp", "_softmax", "_log_softmax", "softmax", "log_softmax", "var", "std", "var_mean",
                  "topk", "sort", "nll_loss_forward", "nll_loss2d_forward", "any", "all", "logcumsumexp", "cummax",
                  "_safe_softmax", "kthvalue", "median"),
    "gather/scatter": ("embedding", "index_select", "gather", "scatter", "scatter_add", "scatter_reduce", "index",
                       "index_put", "index_add", "take", "masked_select", "nonzero", "_index_put_impl_", "put"),
}
_RANK = ["sparse", "matmul/attention", "stencil/convolution", "normalisation", "reduction", "gather/scatter",
         "elementwise"]

_WORDS = [  # docstring words, in the same order of precedence
    ("sparse", r"\bsparse\b|\bcsr\b|\bcoo\b|\bspmv\b|\bspmm\b|nonzeros?\b"),
    ("matmul/attention", r"\bmatmul\b|matrix multipl|\bgemm\b|\bgemv\b|attention|\bdot products?\b"),
    ("stencil/convolution", r"convolution|\bconv\d?d?\b|stencil|\bjacobi\b|pooling|\bpool\b"),
    ("normalisation", r"layer ?norm|rms ?norm|batch ?norm|group ?norm|normali[sz]ation"),
    ("reduction", r"reduction|softmax|\bargmax\b|\bargmin\b|cumulative|prefix sum|\bscan\b|cross.entropy|logsumexp|top-?k"),
    ("gather/scatter", r"\bgather\b|\bscatter\b|embedding|transpose|permut|\bindex(ed|ing)?\b"),
]


def kind_from_ops(ops: set[str]) -> Optional[str]:
    found = {k for k, names in _OPS.items() if ops & set(names)}
    if not ops:
        return None
    if ops & {"transpose", "permute", "t"}:
        if ops & {"clone", "contiguous", "_to_copy", "copy_", "copy"}:  # a materialised transpose moves data
            found.add("gather/scatter")
    for k in _RANK:
        if k in found:
            return k
    return "elementwise"


def kind_from_text(doc: str) -> Optional[str]:
    low = doc.lower()
    for kind, pattern in _WORDS:
        if re.search(pattern, low):
            return kind
    return None


def reference_ops(task) -> set[str]:
    """The aten operators the reference's forward calls, at the task's smallest checked size on the meta device."""
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode

    from ...tasks.loader import on_meta

    seen: set[str] = set()

    class Record(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            seen.add(func._schema.name.split("::")[-1])
            return func(*args, **(kwargs or {}))

    shapes = task.shapes()
    mod = task.module(shapes[0][1] if shapes else None)
    with on_meta(), torch.no_grad():
        model = mod.Model(*mod.get_init_inputs())
        inputs = mod.get_inputs()
        with Record():
            model(*inputs)
    return seen


def roofline_counts(task) -> Optional[tuple[float, float]]:
    """(flops, bytes) at the task's own size (its flops() and bytes_moved() on meta tensors), or None."""
    try:
        return task.roofline_counts()
    except Exception:  # noqa: BLE001 - a task without them, or one that needs real values
        return None


def intensity(task) -> Optional[float]:
    """flops per byte at the task's own size, or None."""
    counts = roofline_counts(task)
    if not counts or not counts[1]:
        return None
    return counts[0] / counts[1]


def task_kind(task) -> str:
    """The operator's kind (one of KINDS), never an error: elementwise when nothing else is known."""
    declared = None
    try:
        declared = getattr(task._meta, "KIND", None)
    except Exception:  # noqa: BLE001
        pass
    if declared in KINDS:
        return declared
    doc = getattr(task, "doc", "") or ""
    by_text = kind_from_text(doc)
    try:
        by_ops = kind_from_ops(reference_ops(task))
    except Exception:  # noqa: BLE001 - a reference that needs real values (CSR), an op with no meta kernel
        by_ops = None
    if by_text == "sparse" and by_ops in (None, "elementwise", "reduction", "gather/scatter"):
        return by_text  # a CSR matrix is just integer and float tensors to the dispatcher
    if by_ops == "matmul/attention" and (intensity(task) or 99) < 4:
        return "reduction"  # a matrix-vector product: one dot product per row, bound by memory
    if by_ops and by_ops != "elementwise":
        return by_ops
    if by_text:
        return by_text
    ai = intensity(task)
    if ai is not None and ai >= 30:  # far past any GPU's fp32 ridge point: data is reused, as in a matmul
        return "matmul/attention"
    return by_ops or "elementwise"


BLOCKS = Feature("block-size choices", "pick BLOCK and num_warps for the problem size: enough programs to fill every "
                                       "SM, each doing enough work to hide memory latency")
PRECISION = Feature("precision and math", "fp32 accumulation, fast exp2/rsqrt, fewer divisions; keep the result "
                                          "within tolerance")

IDEAS: dict[str, list[Feature]] = {
    "elementwise": [
        Feature("vectorised loads", "one flat, contiguous, coalesced pass: each program handles a BLOCK of 1024-4096 "
                                    "elements with wide loads and stores"),
        BLOCKS,
        Feature("single pass", "read each input once and write each output once; do every elementwise step in "
                               "registers in the same kernel"),
        Feature("persistent programs", "a grid of a few programs per SM looping over tiles, so launch and tail "
                                       "effects vanish at large sizes"),
        Feature("flat indexing", "treat contiguous tensors as 1-D: no per-element division or modulo to rebuild "
                                 "multi-dimensional indices"),
        PRECISION,
    ],
    "reduction": [
        Feature("one program per row", "each program reduces a whole row with tl.sum/tl.max over a BLOCK that covers "
                                       "it, so the row is read once"),
        Feature("online algorithms", "single-pass formulations (online max and sum, Welford) that avoid re-reading "
                                     "the input"),
        BLOCKS,
        Feature("split reduction", "for few, long rows: split each row across programs and combine the partial "
                                   "results (tl.atomic_add or a second small kernel)"),
        Feature("warp-level reductions", "reduce within a program with tl.sum/tl.max (warp shuffles in CUDA) instead "
                                         "of several passes over memory"),
        Feature("vectorised loads", "contiguous, coalesced loads along the reduced axis, masked at the row's end"),
        PRECISION,
    ],
    "normalisation": [
        Feature("row in registers", "load the row once, compute the statistics and normalise from registers "
                                    "(one read, one write of the tensor)"),
        Feature("one-pass statistics", "Welford, or mean and variance from one pass in fp32, stable for rows with a "
                                       "large offset"),
        Feature("fused affine", "apply weight and bias in the same kernel, loaded once per program"),
        Feature("rows per program", "several short rows per program when the hidden size is small"),
        BLOCKS,
        PRECISION,
    ],
    "matmul/attention": [
        Feature("tiling", "BLOCK_M x BLOCK_N output tiles accumulated in fp32 over BLOCK_K slices with tl.dot "
                          "(tensor cores), tile sizes as constexprs"),
        Feature("grouped ordering", "order the programs in groups of GROUP_M rows so tiles that share inputs run "
                                    "together and hit in L2"),
        Feature("software pipelining", "num_stages 3-4 so the loads of the next K slice overlap the current tl.dot"),
        Feature("autotuned configs", "a few triton.Config choices of block sizes, num_warps and num_stages, keyed on "
                                     "the problem size"),
        Feature("online softmax", "for attention: never write the score matrix; blockwise scores with a running "
                                  "max and sum (flash attention)"),
        Feature("fused epilogue", "apply scaling, bias and activation to the accumulator before the single store"),
        Feature("split-K", "for small M and N with a long K: split K across programs and add the partial tiles"),
        PRECISION,
    ],
    "stencil/convolution": [
        Feature("output tiles with halo", "each program computes a 2-D tile of outputs and loads its input tile, "
                                          "with the halo, once"),
        Feature("implicit GEMM", "express the convolution as a matrix product over (C_in x kh x kw) and use tl.dot"),
        Feature("weights in registers", "load the filter taps once per program and reuse them for every output"),
        Feature("channel blocking", "several output channels per program, so each loaded input feeds all of them"),
        Feature("vectorised loads", "coalesced loads along the contiguous (width) axis, masked at the borders"),
        BLOCKS,
    ],
    "gather/scatter": [
        Feature("coalesced both ways", "make reads and writes contiguous along the fast axis; stage a transposed "
                                       "tile on chip so neither side is strided"),
        Feature("row per program", "one program per gathered row, with wide loads of the whole row"),
        Feature("index loads once", "load each program's indices once and reuse them; int32 offsets where they "
                                    "cannot overflow"),
        Feature("collisions", "where several sources hit one destination, combine with tl.atomic_add or give each "
                              "destination to one program"),
        BLOCKS,
    ],
    "sparse": [
        Feature("row per program", "one program per CSR row, looping over its nonzeros in BLOCK-wide masked chunks"),
        Feature("load balancing", "rows of very different lengths: split long rows or group rows by length so no "
                                  "program waits on one long row"),
        Feature("vectorised nonzeros", "load BLOCK column indices and values at once, gather x by them, reduce with "
                                       "tl.sum"),
        Feature("empty rows", "rows without nonzeros still write their output (a zero)"),
        BLOCKS,
        PRECISION,
    ],
}


def ideas_for(kind: Optional[str]) -> list[Feature]:
    return IDEAS.get(kind or "", IDEAS["elementwise"])
