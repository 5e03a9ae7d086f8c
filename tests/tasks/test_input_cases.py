"""Value families of the task files (INPUT_CASES): each is get_inputs' twin in count, shapes and dtypes at any
size, keeps the reference finite, triggers the pitfall it is there for (a naive variant of the operator that
matches the reference on typical inputs fails on the family, under the task's tolerance and the judge's
comparison), and is fair (every shipped Triton solution still passes on it, under the interpreter)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from unittest import mock

import pytest
import torch
import torch.nn.functional as F

from kernelpilot.sandbox.compare import Match, compare
from kernelpilot.tasks.loader import TASKS_ROOT, Task, list_tasks, load_task, on_meta, tensors_in

TASKS = list_tasks() + [load_task(p) for p in sorted((TASKS_ROOT / "examples").glob("*.py"))]
BY_NAME = {t.name: t for t in TASKS}
NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
SEED = 0


def _families(task: Task) -> dict:
    return dict(getattr(task._meta, "INPUT_CASES", None) or {})


def _sizes(task: Task) -> list[tuple[str, dict]]:
    return task.shapes() or [("default", {})]  # a plain KernelBench example is small at its own size


CASES = [(t, label, ov, fam) for t in TASKS for label, ov in _sizes(t) for fam in _families(t)]
CASE_IDS = [f"{t.name}-{label}-{fam}" for t, label, ov, fam in CASES]


def _draw(mod, family: str, seed: int = SEED) -> list:
    """What the judge draws: the family's function (get_inputs for "typical") right after seeding torch."""
    torch.manual_seed(seed)
    return list(mod.get_inputs() if family == "typical" else mod.INPUT_CASES[family]())


def _model(mod, seed: int = SEED):
    torch.manual_seed(seed)
    init = mod.get_init_inputs()
    torch.manual_seed(seed)
    return mod.Model(*init).eval()


def _outputs(out) -> list[torch.Tensor]:
    return tensors_in(list(out) if isinstance(out, (tuple, list)) else [out])


def _reference(model, inputs) -> list[torch.Tensor]:
    with torch.no_grad():
        return _outputs(model(*[x.clone() if isinstance(x, torch.Tensor) else x for x in inputs]))


def _agrees(task: Task, outs, refs) -> bool:
    """The judge's verdict on outputs (sandbox/judge.py check_outputs): every output within its dtype's tolerance."""
    outs = _outputs(outs)
    return len(outs) == len(refs) and all(
        isinstance(compare(o, r, task.tolerance(str(r.dtype).removeprefix("torch."))), Match)
        for o, r in zip(outs, refs))


def _signature(inputs) -> list:
    return [(type(x).__name__, tuple(x.shape), x.dtype) if isinstance(x, torch.Tensor) else (type(x).__name__,)
            for x in inputs]


# ------------------------------------------------------------------------------------------- declarations
@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_declared_families_are_well_formed_and_documented(task):
    declared = getattr(task._meta, "INPUT_CASES", None)
    assert declared is None or isinstance(declared, dict), "INPUT_CASES must be a dict"
    for name, fn in (declared or {}).items():
        assert isinstance(name, str) and NAME.fullmatch(name), f"family name {name!r} is not lower_snake_case"
        assert name != "typical", "typical is get_inputs itself, always included"
        assert callable(fn), f"INPUT_CASES[{name!r}] is not callable"
    lines = [ln.strip() for ln in task.doc.splitlines() if ln.strip().startswith("Input families:")]
    assert len(lines) == 1, "the docstring names its value families on one 'Input families:' line"
    named = lines[0].removeprefix("Input families:").strip()
    if declared:
        for name in declared:
            assert re.search(rf"\b{name}\b", named), f"the docstring's 'Input families:' line does not name {name}"
    else:
        assert named.startswith("none"), "no INPUT_CASES: the docstring says 'Input families: none' and why"


# families whose point is an infinite answer: the maximum of a fully masked row is -inf, as is a masked logit's
# log-probability and the max-pool of a window of masked positions (compared exactly)
INFINITE_BY_DESIGN = {("max_reduction", "masked_rows"), ("log_softmax", "masked_logits"),
                      ("maxpool2d", "masked_regions"), ("sum_reduction", "infinities"), ("transpose", "non_finite"),
                      ("cumsum", "infinities")}


@pytest.mark.parametrize("task,label,ov,family", CASES, ids=CASE_IDS)
def test_family_is_get_inputs_twin_and_keeps_the_reference_finite(task, label, ov, family):
    mod = task.module(ov)
    typical, inputs = _draw(mod, "typical"), _draw(mod, family)
    assert _signature(inputs) == _signature(typical), "not the same inputs, shapes and dtypes as get_inputs()"
    for check in (VALID.get(task.name), FAMILY_VALID.get((task.name, family))):
        if check:
            check(mod, inputs)
    ref_typical, ref = _reference(_model(mod), typical), _reference(_model(mod), inputs)
    assert _signature(ref) == _signature(ref_typical)
    for o, t in zip(ref, ref_typical):
        if o.is_floating_point():
            assert torch.isfinite(o).all() or not torch.isfinite(t).all() or (task.name, family) in INFINITE_BY_DESIGN, \
                "the reference is not finite on it"
            o = o[~torch.isnan(o)]  # a NaN of a family that means one (transpose's non_finite) is no number
            assert o.numel() == 0 or o.abs().max() > 0 or t.abs().max() == 0, "the reference is all zeros on it"
    # the same draw for the same seed (the judge replays a seed), and another for another seed
    def same(a, b):  # NaN where NaN
        return a.shape == b.shape and bool(((a == b) | (a.is_floating_point() and (a.isnan() & b.isnan()))).all())

    assert all(same(a, b) for a, b in zip(tensors_in(_draw(mod, family)), tensors_in(inputs)))
    assert not all(same(a, b) for a, b in zip(tensors_in(_draw(mod, family, SEED + 1)), tensors_in(inputs)))


@pytest.mark.parametrize("task,family", [(t, f) for t in TASKS for f in _families(t)],
                         ids=[f"{t.name}-{f}" for t in TASKS for f in _families(t)])
def test_family_follows_the_size_globals(task, family):
    """Sizes come from the module globals at call time: at an odd size (the judge adds one nobody saw) on real
    tensors, and at the real GPU size on the meta device wherever get_inputs itself runs there."""
    from kernelpilot.tasks.sizes import unseen_shape

    odd = unseen_shape(task, seed=1)
    if odd is not None:
        odd.pop("name")
        mod = task.module(odd)
        assert _signature(_draw(mod, family)) == _signature(_draw(mod, "typical"))
    mod = task.module()
    try:
        with on_meta():
            typical = list(mod.get_inputs())
    except Exception:  # noqa: BLE001 - a generator that needs values (a CSR structure) cannot run on meta
        return
    with on_meta():
        assert _signature(mod.INPUT_CASES[family]()) == _signature(typical)


# ------------------------------------------------------------------------------------------- valid integers
def _ids_in_range(mod, inputs):
    (ids,) = inputs
    assert int(ids.min()) >= 0 and int(ids.max()) < mod.vocab
    assert bool((ids == 0).any()) and bool((ids == mod.vocab - 1).any())


def _targets_in_range(mod, inputs):
    _, t = inputs
    assert bool(((t >= 0) & (t < mod.vocab) | (t == -100)).all())


def _csr_valid(mod, inputs):
    crow, col, values, x = inputs
    n = x.shape[0]
    assert crow.dtype == col.dtype == torch.int32 and int(crow[0]) == 0 and int(crow[-1]) == values.numel()
    assert bool((crow[1:] >= crow[:-1]).all()) and int(col.min()) >= 0 and int(col.max()) < n
    row = torch.repeat_interleave(torch.arange(n), (crow[1:] - crow[:-1]).long())
    key = row * n + col.long()
    assert bool((key[1:] >= key[:-1]).all()), "columns sorted within each row"


def _csr_empty_rows(mod, inputs):
    crow = inputs[0]
    if crow.numel() >= 4:  # the family's point: empty rows, the first and the last among them
        assert int(crow[1]) == 0 and int(crow[-2]) == int(crow[-1])


def _csr_long_rows(mod, inputs):
    crow = inputs[0]
    lengths = crow[1:] - crow[:-1]
    assert int(lengths.max()) >= 150, "the family's point: a row longer than a block of 128 nonzeros"
    # and, where the nonzeros allow, one longer than a fixed trip count of 1024 or 2048 nonzeros
    assert int(lengths.max()) >= min(2500, 3 * inputs[2].numel() // 4)


def _argmax_masked_rows(mod, inputs):
    (x,) = inputs
    assert bool(torch.isneginf(x).all(-1).any()), "a row all -inf"
    assert bool(((x < -1e30) & torch.isfinite(x)).all(-1).any()), "a row of finite values all below -1e30"


def _bits(mod, inputs):
    assert all(bool(((v == 0) | (v == 1)).all()) for v in inputs), "fingerprints are 0/1"


VALID = {"embedding": _ids_in_range, "cross_entropy": _targets_in_range, "spmv_csr": _csr_valid, "rbf_topk": _bits}
# what a family is there for, checked on its draws
FAMILY_VALID = {("spmv_csr", "empty_rows"): _csr_empty_rows, ("spmv_csr", "long_rows"): _csr_long_rows,
                ("argmax", "masked_rows"): _argmax_masked_rows}


# ------------------------------------------------------------------------------------------- naive variants
def _shared_shift_softmax(mod, model, x):
    e = torch.exp(x - x.max())  # one shift for every row (the tensor's maximum), not each row's own
    return e / e.sum(-1, keepdim=True)


def _half_row_max_softmax(mod, model, x):
    e = torch.exp(x - x[:, : x.shape[-1] // 2].amax(-1, keepdim=True))  # the max of the row's first half only
    return e / e.sum(-1, keepdim=True)


def _neg_inf_running_max_softmax(mod, model, x):
    y = torch.softmax(x, -1)
    y[torch.isinf(x).any(-1)] = float("nan")  # exp(-inf - -inf) in a lane that has seen only masked logits
    return y


def _carried_max_softmax(mod, model, x):
    # one program walking every row, its running max never reset: each row shifted by the largest max so far
    m = torch.cummax(x.max(-1).values, 0).values[:, None]
    e = torch.exp(x - m)
    return e / e.sum(-1, keepdim=True)


def _flushing_cumsum(mod, model, x):
    return torch.cumsum(torch.where(x.abs() < 5e-4, 0.0, x), -1)  # small inputs flushed to zero first


def _shared_shift_log_softmax(mod, model, x):
    m = x.max()
    return x - m - torch.log(torch.exp(x - m).sum(-1, keepdim=True))


def _neg_inf_running_max_log_softmax(mod, model, x):
    y = torch.log_softmax(x, -1)
    y[torch.isinf(x).any(-1)] = float("nan")  # exp(-inf - -inf) in a lane that has seen only masked logits
    return y


def _naive_cross_entropy(mod, model, x, t):
    lse = torch.log(torch.exp(x).sum(-1))
    return torch.where(t == -100, 0.0, lse - x.gather(1, t.clamp(min=0)[:, None])[:, 0])


def _last_class_lost_cross_entropy(mod, model, x, t):
    """The target's logit gathered under a mask that stops one short (`cols < vocab - 1`, `other=0.0`): right
    for every target but the last class."""
    return torch.where(t == x.shape[1] - 1, torch.logsumexp(x, -1), model(x, t))


def _neg_inf_running_max_cross_entropy(mod, model, x, t):
    y = model(x, t)
    y[torch.isinf(x).any(-1)] = float("nan")  # exp(-inf - -inf) in a lane that has seen only masked logits
    return y


def _naive_causal_attention(mod, model, q, k, v):
    s = q.float() @ k.float().transpose(-1, -2) / q.shape[-1] ** 0.5
    e = torch.exp(s).tril()  # the causal mask, without the running max
    return ((e / e.sum(-1, keepdim=True)) @ v.float()).to(q.dtype)


def _diagonal_shift_causal_attention(mod, model, q, k, v):
    # each row shifted by its diagonal score (known before the key loop, no running max), the probabilities
    # rounded to fp16 for the P V product as FlashAttention does
    s = q.float() @ k.float().transpose(-1, -2) / q.shape[-1] ** 0.5
    p = torch.exp(s - s.diagonal(dim1=-2, dim2=-1)[..., None]).tril()
    return ((p.half().float() @ v.float()) / p.sum(-1, keepdim=True)).to(q.dtype)


def _naive_neighborhood_attention(mod, model, q, k, v):
    def softmax(s, dim):
        e = torch.exp(s)
        return e / e.sum(dim, keepdim=True)

    with mock.patch.object(torch, "softmax", softmax):
        return model(q, k, v)


def _naive_kde(mod, model, y, x):
    with mock.patch.object(torch, "logsumexp", lambda s, dim: torch.log(torch.exp(s).sum(dim))):
        return model(y, x)


def _one_pass_layernorm(mod, model, x):
    mean = x.mean(-1, keepdim=True)
    var = (x * x).mean(-1, keepdim=True) - mean * mean  # E[x^2] - E[x]^2
    return (x - mean) / torch.sqrt(var + model.ln.eps) * model.ln.weight + model.ln.bias


def _eps_outside_sqrt_rmsnorm(mod, model, x):
    xf = x.float()
    r = 1.0 / (xf.pow(2).mean(-1, keepdim=True).sqrt() + model.eps)  # 1 / (rms + eps), not 1 / sqrt(ms + eps)
    return (xf * r * model.weight.float()).to(x.dtype)


def _fp16_squares_rmsnorm(mod, model, x):
    ms = (x * x).float().mean(-1, keepdim=True)  # the squares taken in fp16
    return (x.float() * torch.rsqrt(ms + model.eps) * model.weight.float()).to(x.dtype)


def _exp_tanh_gelu(mod, model, x):
    xf = x.float()
    u = 0.7978845608028654 * (xf + 0.044715 * xf ** 3)
    t = (torch.exp(u) - torch.exp(-u)) / (torch.exp(u) + torch.exp(-u))
    return (0.5 * xf * (1.0 + t)).to(x.dtype)


def _fp16_product_bias_gelu(mod, model, x):
    z = x + model.bias
    return (z * (1.0 + torch.erf(z.float() / 2 ** 0.5)).half()) * 0.5  # z * (1 + erf) formed in fp16


def _sentinel_max(mod, model, x):
    return torch.maximum(x.amax(-1), torch.tensor(-1e30))  # running max started from -1e30, not -inf


def _lowest_finite_max(mod, model, x):
    return torch.maximum(x.amax(-1), torch.tensor(torch.finfo(x.dtype).min))  # started from -FLT_MAX, not -inf


def _sentinel_maxpool(mod, model, x):
    return F.max_pool2d(F.pad(x, (1, 1, 1, 1), value=-1e4), 3, stride=2)  # padded with -1e4, not -inf


def _lowest_finite_maxpool(mod, model, x):
    return model(x).clamp_min(torch.finfo(x.dtype).min)  # started from and padded with -65504, not -inf


def _sign_flipped_key_max(mod, model, x):
    # the max of integer keys made from the bits with the magnitude bits flipped for every value: ordered right
    # for negative floats only (a positive's key must keep its bits)
    return ((x.view(torch.int32) ^ 0x7FFFFFFF).amax(-1) ^ 0x7FFFFFFF).view(torch.float32)


def _sign_flipped_key_argmax(mod, model, x):
    return torch.argmax(x.view(torch.int32) ^ 0x7FFFFFFF, dim=-1)  # the same keys, right for negatives only


def _sign_flipped_key_maxpool(mod, model, x):
    # fp16 bits with the magnitude flipped for every value, pooled as keys (exact in fp32; padding stays -inf)
    keys = (x.view(torch.int16) ^ 0x7FFF).float()
    pooled = F.max_pool2d(keys, 3, stride=2, padding=1)
    return (pooled.to(torch.int16) ^ 0x7FFF).view(torch.float16)


def _abs_relu(mod, model, x):
    return (x + x.abs()) * 0.5


def _last_index_argmax(mod, model, x):
    return x.shape[-1] - 1 - torch.argmax(x.flip(-1), dim=-1)


def _sentinel_index_argmax(mod, model, x):
    # the index starts at INT_MAX and moves on a strict `>` only: a row that is all -inf never moves it
    return torch.where(torch.isneginf(x).all(-1), 2147483647, torch.argmax(x, dim=-1))


def _padding_embedding(mod, model, ids):
    rows = F.embedding(ids, model.weight)
    return torch.where((ids != 0)[..., None], rows, torch.zeros((), dtype=rows.dtype))  # id 0 read as padding


def _one_entry_per_row_spmv(mod, model, crow, col, values, x):
    y = model(crow, col, values, x)
    start, end = crow[:-1].long(), crow[1:].long()
    empty = (end == start) & (start < values.numel())  # a do-while loop: reads the next row's first entry
    y[empty] = values[start[empty]] * x[col[start[empty]].long()]
    return y


def _one_block_spmv(mod, model, crow, col, values, x):
    # each row read in one masked block of 128 nonzeros, no loop: a longer row loses the rest
    n = x.shape[0]
    row = torch.repeat_interleave(torch.arange(n), (crow[1:] - crow[:-1]).long())
    within = torch.arange(values.numel()) - crow[:-1].long()[row]
    terms = torch.where(within < 128, values * x[col.long()], torch.zeros((), dtype=values.dtype))
    return torch.zeros(n, dtype=values.dtype).index_add_(0, row, terms)


def _tile_skipping_moe(mod, model, x):
    y = model(x)
    g = torch.relu(x @ model.router_w + model.router_b)
    for t0 in range(0, x.shape[0], 16):  # a tile where no expert fires is skipped, its output never written
        if not bool((g[t0:t0 + 16] > 0).any()):
            y[t0:t0 + 16] = float("nan")
    return y


def _prescaled_matmul(mod, model, a, b):
    # A rescaled by 2048 in fp16 before the product (exact for typical entries), the product scaled back
    return (torch.matmul((a.float() * 2048).half().float(), b.float()) / 2048).half()


def _prescaled_b_matmul(mod, model, a, b):
    # B rescaled by 2048 in fp16 before the product (exact for typical entries), the product scaled back
    return (torch.matmul(a.float(), (b.float() * 2048).half().float()) / 2048).half()


def _prescaled_conv(mod, model, x):
    conv = next(m for m in model.modules() if isinstance(m, torch.nn.Conv2d))
    big = (x.float() * 2048).half().float()
    y = torch.nn.functional.conv2d(big, conv.weight.float(), None, padding=1, groups=conv.groups) / 2048
    return (y + conv.bias.float()[None, :, None, None]).half()


def _fp32_pair_gemm(mod, model, a, b, c):
    # double-float emulation: each fp64 operand as two fp32 halves, the lo * lo product dropped (~1e-15 off on
    # typical entries; fp32's exponent range: a huge half overflows, a tiny one is subnormal)
    def halves(x):
        hi = x.float()
        return hi.double(), (x - hi.double()).float().double()

    (ah, al), (bh, bl) = halves(a), halves(b)
    return model.beta * c + model.alpha * (ah @ bh + (ah @ bl + al @ bh))


def _fp16_pair_matmul(mod, model, a, w):
    # fp16 tensor cores with error compensation: each fp32 operand as fp16 hi + fp16 lo, lo * lo dropped
    def halves(x):
        hi = x.half()
        return hi.float(), (x - hi.float()).half().float()

    (ah, al), (wh, wl) = halves(a), halves(w)
    return ah @ wh + (ah @ wl + al @ wh)


def _neg_log_prob_cross_entropy(mod, model, x, t):
    # the target's probability formed (max-shifted, so nothing overflows) and its negative log returned
    p = torch.softmax(x, -1).gather(1, t.clamp(min=0)[:, None])[:, 0]
    return torch.where(t == -100, 0.0, -torch.log(p))


def _no_eps_layernorm(mod, model, x):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var) * model.ln.weight + model.ln.bias  # eps dropped


def _frozen_when_converged_cg(mod, model, a, x, r, p):
    if float(r @ r) < 1e-12:  # "converged": the state returned as it is
        return torch.stack([x, r, p])
    return model(a, x, r, p)


def _erf_gelu(mod, model, x):
    return F.gelu(x.float()).half()  # the exact erf form where the tanh approximation is asked for


def _unclamped_expansion_matern(mod, model, x1, x2):
    a, b = x1 / model.lengthscale, x2 / model.lengthscale
    sq = (a * a).sum(-1)[:, None] + (b * b).sum(-1)[None, :] - 2.0 * a @ b.T  # not clamped at 0: NaN at r = 0
    z = (3.0 ** 0.5) * torch.sqrt(sq)
    return model.outputscale * (1.0 + z) * torch.exp(-z)


def _kahan_sum(mod, model, x):
    # a compensated sum down the reduced axis: its correction term is inf - inf = NaN once an inf is added
    s = torch.zeros_like(x[:, 0])
    c = torch.zeros_like(s)
    for i in range(x.shape[1]):
        y = x[:, i] - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


def _kahan_cumsum(mod, model, x):
    # a scan whose carry is compensated: inf - inf = NaN from the first infinity on
    s = torch.zeros_like(x[:, 0])
    c = torch.zeros_like(s)
    out = []
    for j in range(x.shape[1]):
        y = x[:, j] - c
        t = s + y
        c = (t - s) - y
        s = t
        out.append(s)
    return torch.stack(out, 1)


def _identity_dot_transpose(mod, model, x):
    # the transpose as a product with an identity (exact for finite values): inf * 0 is NaN
    return torch.eye(x.shape[1], dtype=x.dtype) @ x.t()


NAIVE = {
    ("softmax", "large_logits"): _shared_shift_softmax,  # typical logits already overflow an unshifted exp
    ("softmax", "one_spike"): _half_row_max_softmax,
    ("softmax", "masked_logits"): _neg_inf_running_max_softmax,
    ("softmax", "falling_rows"): _carried_max_softmax,
    ("cumsum", "small_values"): _flushing_cumsum,
    ("log_softmax", "large_logits"): _shared_shift_log_softmax,
    ("log_softmax", "masked_logits"): _neg_inf_running_max_log_softmax,
    ("cross_entropy", "large_logits"): _naive_cross_entropy,
    ("cross_entropy", "boundary_targets"): _last_class_lost_cross_entropy,
    ("cross_entropy", "masked_logits"): _neg_inf_running_max_cross_entropy,
    ("causal_attention", "large_logits"): _naive_causal_attention,
    ("causal_attention", "attention_sink"): _diagonal_shift_causal_attention,
    ("neighborhood_attention", "large_logits"): _naive_neighborhood_attention,
    ("kde_logsumexp", "far_queries"): _naive_kde,
    ("layernorm", "large_offset"): _one_pass_layernorm,
    ("rmsnorm", "large_magnitude"): _fp16_squares_rmsnorm,
    ("rmsnorm", "tiny_rows"): _eps_outside_sqrt_rmsnorm,
    ("gelu", "large_magnitude"): _exp_tanh_gelu,
    ("bias_gelu", "large_magnitude"): _fp16_product_bias_gelu,
    ("max_reduction", "huge_negative"): _sentinel_max,
    ("maxpool2d", "large_negative"): _sentinel_maxpool,
    ("maxpool2d", "masked_regions"): _lowest_finite_maxpool,
    ("relu", "huge_magnitude"): _abs_relu,
    ("level1_relu", "huge_magnitude"): _abs_relu,
    ("argmax", "ties"): _last_index_argmax,
    ("argmax", "masked_rows"): _sentinel_index_argmax,
    ("matmul", "large_activations"): _prescaled_matmul,
    ("batched_matmul", "large_activations"): _prescaled_matmul,
    ("matmul", "large_weights"): _prescaled_b_matmul,
    ("batched_matmul", "large_weights"): _prescaled_b_matmul,
    ("conv2d_3x3", "large_activations"): _prescaled_conv,
    ("depthwise_conv2d", "large_activations"): _prescaled_conv,  # the same with groups = channels
    ("embedding", "boundary_ids"): _padding_embedding,
    ("max_reduction", "masked_rows"): _lowest_finite_max,
    ("max_reduction", "mixed_signs"): _sign_flipped_key_max,
    ("argmax", "mixed_signs"): _sign_flipped_key_argmax,
    ("maxpool2d", "post_relu"): _sign_flipped_key_maxpool,
    ("spmv_csr", "empty_rows"): _one_entry_per_row_spmv,
    ("spmv_csr", "long_rows"): _one_block_spmv,
    ("gemm", "fp64_range"): _fp32_pair_gemm,
    ("matmul_tall_skinny", "raw_features"): _fp16_pair_matmul,
    ("cross_entropy", "confident_rows"): _neg_log_prob_cross_entropy,
    ("layernorm", "flat_rows"): _no_eps_layernorm,
    ("cg_iteration", "nearly_converged"): _frozen_when_converged_cg,
    ("gelu", "negative_tail"): _erf_gelu,
    ("relu_moe_ffn", "padding_tokens"): _tile_skipping_moe,
    ("matern32_cov", "shared_points"): _unclamped_expansion_matern,
    ("sum_reduction", "infinities"): _kahan_sum,
    ("cumsum", "infinities"): _kahan_cumsum,
    ("transpose", "non_finite"): _identity_dot_transpose,
}
# No naive variant: rbf_topk's ties already decide typical inputs' top-k (wrong tie-breaking fails there too).
NO_NAIVE = {("rbf_topk", "duplicates")}


def test_every_family_has_its_naive_variant():
    declared = {(t.name, f) for t in TASKS for f in _families(t)}
    assert set(NAIVE) <= declared, f"naive variants for families not declared: {sorted(set(NAIVE) - declared)}"
    assert declared - set(NAIVE) == NO_NAIVE


@pytest.mark.parametrize("name,family", sorted(NAIVE), ids=[f"{n}-{f}" for n, f in sorted(NAIVE)])
def test_family_triggers_the_pitfall(name, family):
    """At every SHAPES entry the naive variant disagrees with the reference on the family's draws, and it agrees
    on most typical draws: the family is what tells the naive kernel from an honest one. A typical draw may reach
    the case by chance (an empty CSR row, id 0), and a family draw may miss it by luck (the one-pass variance is
    caught on about 9 draws in 10 at the offset where honest kernels still pass), hence the counts."""
    task = BY_NAME[name]
    seeds, typical = range(SEED, SEED + 6), []
    for label, ov in _sizes(task):
        mod = task.module(ov)
        model = _model(mod)
        agree = {}
        for fam in ("typical", family):
            for seed in seeds:
                inputs = _draw(mod, fam, seed)
                ref = _reference(model, inputs)
                with torch.no_grad():
                    naive = NAIVE[name, family](mod, model, *[x.clone() for x in inputs])
                agree[fam, seed] = _agrees(task, naive, ref)
        caught = [not agree[family, s] for s in seeds]
        assert 3 * sum(caught) >= 2 * len(seeds), f"{label}: the naive variant passes on {family} ({caught})"
        typical += [agree["typical", s] for s in seeds]
    assert 2 * sum(typical) > len(typical), f"the naive variant fails on most typical draws already ({typical})"


# ------------------------------------------------------------------------------------------- honest solutions
HONEST = [t for t in TASKS if _families(t) and (t.path.parent / "solutions" / f"{t.name}_triton.py").is_file()]


@pytest.fixture(scope="module")
def honest_results() -> dict:
    """Every shipped Triton solution on every family, at SHAPES, the odd shape the judge may add and the real
    reduction length, under the interpreter in a child process (TRITON_INTERPRET is read when a kernel is
    decorated, and the judge's interpreter fixes patch Triton: neither belongs in this process)."""
    env = {**os.environ, "TRITON_INTERPRET": "1"}
    p = subprocess.run([sys.executable, __file__, *[str(t.path) for t in HONEST]], capture_output=True, text=True,
                       env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("task", HONEST, ids=[t.name for t in HONEST])
def test_honest_solution_passes_every_family(task, honest_results):
    rows = honest_results[task.name]
    assert {r["family"] for r in rows} == set(_families(task))
    bad = [r for r in rows if not r["ok"]]
    assert not bad, f"an honest kernel fails (the family is unfair, or the solution naive): {bad}"


def _run_solutions(paths: list[str]) -> dict:
    """Child process: each task's solutions/<name>_triton.py on each family; one JSON line of results."""
    import importlib.util

    from kernelpilot.sandbox import compat, libdevice
    from kernelpilot.sandbox.interp_semantics import install
    from kernelpilot.sandbox.weights import load_by_name
    from kernelpilot.tasks.sizes import range_shape, unseen_shape

    compat.fix_triton_interpreter()
    compat.interpreted_autotuning()
    compat.floats_launched_as_compiled()
    libdevice.install()
    install()
    results = {}
    for path in paths:
        task = load_task(path)
        spec = importlib.util.spec_from_file_location(f"solution_{task.name}",
                                                      task.path.parent / "solutions" / f"{task.name}_triton.py")
        sol = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sol)
        sizes = list(_sizes(task))
        for extra in (unseen_shape(task, seed=1), range_shape(task)) if task.shapes() else ():
            if extra is not None:
                sizes.append((extra.pop("name"), extra))
        rows = results[task.name] = []
        for label, ov in sizes:
            mod = task.module(ov)
            for family in _families(task):
                for seed in range(SEED, SEED + 4):
                    ref_model = _model(mod, seed)
                    torch.manual_seed(seed)
                    new = sol.ModelNew(*mod.get_init_inputs())
                    load_by_name(new, {k: v.detach().clone() for k, v in ref_model.state_dict().items()})
                    inputs = _draw(mod, family, seed)
                    ref = _reference(ref_model, inputs)
                    with torch.no_grad():
                        ok = _agrees(task, new(*inputs), ref)
                    rows.append({"shape": label, "family": family, "seed": seed, "ok": ok})
    return results


if __name__ == "__main__":
    print(json.dumps(_run_solutions(sys.argv[1:])))
