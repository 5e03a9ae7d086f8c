"""Fresh weights before every trial: what is renewed, how, and what the candidate must have."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.sandbox.weights import is_mask, load_by_name, one_signed, renew, renewable


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln = nn.LayerNorm(8)
        self.bn = nn.BatchNorm1d(8)
        self.register_buffer("causal", torch.tril(torch.ones(4, 4)))
        self.register_buffer("additive", torch.zeros(4, 4).masked_fill(torch.ones(4, 4).triu(1).bool(), float("-inf")))
        self.register_buffer("table", torch.arange(8.0))
        self.register_buffer("cache", torch.ones(8), persistent=False)


def test_what_is_renewed():
    names = renewable(Block())
    assert set(names) == {"ln.weight", "ln.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "table"}
    assert "table" not in renewable(Block(), fixed=["table"])  # a task's FIXED_BUFFERS
    assert is_mask(Block().causal) and is_mask(Block().additive) and not is_mask(torch.ones(3))


class Tables(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)
        self.register_buffer("bounds", torch.linspace(-2, 2, 9))  # structure: the same from any seed
        self.register_buffer("signs", torch.tensor([[1.0, 1.0], [1.0, -1.0]]))
        self.register_buffer("noise", torch.randn(6))  # drawn: state
        self.register_buffer("var", torch.ones(4))  # one value repeated: state a kernel could hard-code
        self.register_buffer("mean", torch.zeros(4))


def test_a_buffer_built_the_same_from_any_seed_is_structure_and_kept():
    torch.manual_seed(1)
    model = Tables()
    torch.manual_seed(2)
    twin = Tables()
    assert set(renewable(model, twin=twin)) == {"lin.weight", "lin.bias", "noise", "var", "mean"}
    assert "bounds" in renewable(model)  # no twin to tell structure from state: everything is renewed


def test_renewed_values_keep_sign_and_scale_and_change_everywhere():
    torch.manual_seed(0)
    m = Block()
    before = {k: v.clone() for k, v in m.state_dict().items()}
    renew(m, renewable(m))
    after = m.state_dict()
    for name in renewable(m):
        old, new = before[name], after[name]
        assert new.dtype == old.dtype
        assert bool((new != old).all()), name
        nz = old != 0
        assert bool((torch.sign(new[nz]) == torch.sign(old[nz])).all()), name
        assert bool((new[nz].abs() <= 1.5 * old[nz].abs()).all() & (new[nz].abs() >= 0.5 * old[nz].abs()).all())
    assert bool((after["bn.running_var"] > 0).all())  # a variance stays a variance
    assert float(after["ln.bias"].abs().max()) <= 0.1  # zeros: small values around zero
    assert torch.equal(after["causal"], before["causal"]) and torch.equal(after["table"], before["table"]) is False


def test_tied_weights_stay_tied():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)
            self.b = nn.Linear(4, 4)
            self.b.weight = self.a.weight

    m = Tied()
    state = renew(m, renewable(m))
    assert torch.equal(state["a.weight"], state["b.weight"]) and m.a.weight is m.b.weight


def test_load_by_name_follows_the_mapping_and_reports_other_shapes():
    class Mine(nn.Module):
        PARAMETER_NAMES = {"proj.weight": "w"}

        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros(3, 2))
            self.bias = nn.Parameter(torch.zeros(5))

    got = load_by_name(Mine(), {"proj.weight": torch.ones(3, 2), "bias": torch.ones(3), "other": torch.ones(1)})
    assert got == {"loaded_params": ["proj.weight"], "other_shape": {"bias": [5]}, "loaded_as": {"proj.weight": "w"}}

    class Bad(nn.Module):
        PARAMETER_NAMES = ["w"]

    with pytest.raises(TypeError, match="PARAMETER_NAMES"):
        load_by_name(Bad(), {})


TASK = '''
import torch
import torch.nn as nn

rows = 6
cols = 40
SHAPES = [dict(rows=5, cols=40)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(cols))
        self.unused = nn.Parameter(torch.ones(3))  # a parameter forward never reads

    def forward(self, x):
        return x * self.scale


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
'''

KERNEL = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scale_kernel(x_ptr, s_ptr, y_ptr, n, cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) * tl.load(s_ptr + offs % cols, mask=m), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones({shape}))

    def forward(self, x):
        y = torch.empty_like(x)
        scale_kernel[(triton.cdiv(x.numel(), 256),)](x, self.scale, y, x.numel(), x.shape[1], BLOCK=256)
        return y
'''

CFG = EvalConfig(trials=2, timing=False, unseen_shapes=False, target_compile=False)


def test_a_parameter_the_reference_never_reads_is_not_required(tmp_path):
    p = tmp_path / "scale.py"
    p.write_text(TASK)
    r = evaluate(str(p), KERNEL.format(shape="40"), CFG)
    assert r.verdict == "pass", r.reason


def test_a_parameter_kept_in_another_shape_is_named_with_both_shapes(tmp_path):
    p = tmp_path / "scale.py"
    p.write_text(TASK)
    r = evaluate(str(p), KERNEL.format(shape="1, 40"), CFG)
    assert (r.verdict, r.check) == ("fail", "correctness.parameter_missing"), r.reason
    assert "scale [40] (ModelNew's has shape [1, 40])" in r.reason and "PARAMETER_NAMES" in r.reason


def test_a_one_signed_parameter_is_renewed_with_some_signs_flipped_and_buffers_keep_theirs():
    """LayerNorm's gamma is built all ones: renewed by factors alone it stays positive, and a kernel that drops
    its sign is right on every trial. With `flip`, a quarter of its elements change sign; the scale holds."""
    torch.manual_seed(0)
    m = Block()
    names = renewable(m)
    flip = one_signed(m, names)
    # ones (gamma, BatchNorm's weight); zeros (the biases) have no sign; running_var is a buffer
    assert flip == ["ln.weight", "bn.weight"]
    m.ln = nn.LayerNorm(4096)
    before = m.ln.weight.detach().clone()
    renew(m, names, flip)
    after = m.ln.weight.detach()
    negative = float((after < 0).float().mean())
    assert 0.2 < negative < 0.3, negative
    assert bool((after.abs() >= 0.5 * before).all() & (after.abs() <= 1.5 * before).all())
    assert bool((m.bn.running_var > 0).all())


SIGN_TASK = '''
import torch
import torch.nn as nn

rows, cols = 8, 64
SHAPES = [dict(rows=8, cols=64)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(cols))

    def forward(self, x):
        return x * USE


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
'''

ABS_KERNEL = KERNEL.replace("tl.load(s_ptr + offs % cols, mask=m)", "tl.abs(tl.load(s_ptr + offs % cols, mask=m))")


@pytest.mark.parametrize("use,verdict", [
    ("self.scale", "fail"),  # a kernel taking |scale| is wrong once signs are mixed
    ("self.scale.abs()", "pass"),  # the reference itself takes the magnitude: no sign ever matters
    ("torch.sqrt(self.scale)", "pass"),  # the reference's output would be NaN with flips: signs kept
])
def test_signs_are_mixed_where_the_reference_stays_finite(tmp_path, use, verdict):
    p = tmp_path / "signed_scale.py"
    p.write_text(SIGN_TASK.replace("USE", use))
    kernel = ABS_KERNEL if use != "torch.sqrt(self.scale)" else KERNEL.replace(
        "tl.load(s_ptr + offs % cols, mask=m)", "tl.sqrt(tl.load(s_ptr + offs % cols, mask=m))")
    r = evaluate(str(p), kernel.format(shape="64"), CFG)
    assert (r.verdict, r.check) == (verdict, "correctness.mismatch" if verdict == "fail" else "pass"), r.reason



def test_a_parameter_drawn_one_signed_may_have_signs_flipped_and_a_mixed_one_is_left():
    """A gate drawn with torch.rand is positive as built, not as trained; a parameter drawn with both signs needs
    no flips, and a buffer keeps its sign (running_var)."""
    m = nn.Module()
    m.gate = nn.Parameter(torch.rand(64))
    m.neg = nn.Parameter(-torch.rand(64) - 0.5)
    m.mixed = nn.Parameter(torch.randn(64))
    m.register_buffer("var", torch.rand(64) + 0.1)
    assert one_signed(m, renewable(m)) == ["gate", "neg"]


def test_a_sorted_table_stays_sorted_when_renewed():
    """Learned thresholds that a bucketize searches: renewed element by element, then handed out in their order
    (each row the same way round); one value repeated (a norm's ones) is no table and stays unsorted; a sorted
    table gets no scattered zeros."""
    import torch

    from kernelpilot.sandbox import weights

    rising = torch.nn.Parameter(torch.linspace(-2.0, 2.0, 31))
    falling = torch.nn.Parameter(torch.linspace(2.0, -2.0, 31).repeat(3, 1))
    ones = torch.nn.Parameter(torch.ones(64))
    model = torch.nn.Module()
    model.rising, model.falling, model.ones = rising, falling, ones
    before = rising.detach().clone()
    weights.renew(model, ["rising", "falling", "ones"], flip=["rising"])
    r, f, o = rising.detach(), falling.detach(), ones.detach()
    assert not torch.equal(r, before) and bool((r[1:] >= r[:-1]).all())
    assert bool((f[:, 1:] <= f[:, :-1]).all())
    assert not bool((o[1:] >= o[:-1]).all())
    assert weights.zeroed(model, ["rising", "ones"], 0.5) == ["ones"]


class PaddedBias(nn.Module):
    def __init__(self):
        super().__init__()
        b = torch.zeros(16)
        b[12:] = float("-inf")  # a padded vocabulary's entries, never probable
        self.bias = nn.Parameter(b)


def test_a_parameter_with_infinities_has_its_finite_elements_renewed_and_its_infinities_kept():
    m = PaddedBias()
    assert renewable(m) == ["bias"]
    renew(m, ["bias"], flip=one_signed(m, ["bias"]))
    b = m.bias.detach()
    assert torch.isinf(b[12:]).all() and (b[12:] < 0).all()  # still -inf, where they were
    assert torch.isfinite(b[:12]).all() and (b[:12] != 0).all()  # the zeros moved off zero, finite


def test_a_constant_integer_or_bool_buffer_gets_other_values_within_its_dtype():
    from kernelpilot.sandbox.judge import CONSTANT_STEP, _constant_moved

    zp = torch.zeros(64, dtype=torch.uint8)
    moved = _constant_moved(zp)
    assert moved.dtype == torch.uint8 and (moved > 0).all() and (moved <= CONSTANT_STEP).all()
    signed = _constant_moved(torch.full((64,), 3, dtype=torch.int32))
    assert (signed != 3).all() and ((signed - 3).abs() <= CONSTANT_STEP).all() and (signed < 3).any()
    keep = _constant_moved(torch.ones(8, dtype=torch.bool))
    assert keep.dtype == torch.bool and not keep.all()
    top = _constant_moved(torch.full((16,), 127, dtype=torch.int8))
    assert (top < 127).all()  # at the top of its range it moves down
