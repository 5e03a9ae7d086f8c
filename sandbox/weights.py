"""Fresh weights for every trial.

A reference's parameters and buffers start at values anyone can predict: LayerNorm's weight is ones and its
bias zeros whatever the seed, and with KernelBench's protocol (both models built from one seed) the rest are
the candidate's own too. A candidate that hard-codes them, or has no such parameter at all, is right on those
values only. So before each trial the judge gives the reference new values of the same scale, drawn from OS
entropy, and loads the same values into the candidate by name; a reference parameter the candidate does not
have (by name, or by its `PARAMETER_NAMES` mapping) is a rejection naming it, when the reference's output
depends on it.

What is renewed: every floating tensor of the reference's state_dict (parameters and persistent buffers) with
finite values, and the finite elements of a parameter that holds some infinities too (a learned logit bias whose
vocabulary padding is -inf: the infinities stay where they are, as every checkpoint of it keeps them), except a buffer that is a 0/1 mask (a causal mask: structure, which a kernel may compute from
indices instead of reading), a buffer the module builds the same from any seed and that is not one value
repeated (a sorted boundary table, a Hadamard matrix: is_structure) and the buffers a task names in
FIXED_BUFFERS. Each element is multiplied by its
own factor drawn from U(0.5, 1.5): signs (and so positivity: a variance, a lengthscale) and magnitudes stay
as the task made them, and no element keeps its value. Elements that are exactly zero get U(-0.1, 0.1)
times the tensor's mean magnitude (0.1 where all are zero).

A parameter built one-signed (LayerNorm's weight is ones, a learned scale, a gate drawn with torch.rand)
would keep its sign through every renewal, so a kernel that drops its sign (folds gamma in as
sqrt(gamma^2 / var)) or leans on it (max(w * x) as w * max(x), relu(x) * s as relu(x * s)) would be right on
every trial and wrong on a trained model, whose parameters have both signs. Such a parameter is renewed with a quarter of its elements' signs flipped besides
(`flip`), where the judge finds the reference's output as finite with the flips as without (judge.py,
signs_to_mix); buffers keep their signs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import torch

from ..tasks.loader import sorted_rows


def _generator(device: torch.device) -> torch.Generator:
    gen = torch.Generator(device=device)
    gen.manual_seed(int.from_bytes(os.urandom(6), "little"))
    return gen


def is_mask(t: torch.Tensor) -> bool:
    """A buffer of two values, both present (0s and 1s, a random sign diagonal of +-1s, a mask scaled by a
    constant), or one holding infinities: a mask, or signs, that every module of its class holds in that form,
    not state of any scale. Multiplying its elements by factors would give the reference one no checkpoint
    ever holds (a kernel may keep +-1 signs as sign bits); one drawn at random takes another seed's values
    instead, once per evaluation (judge.renew_integers)."""
    if not bool(torch.isfinite(t).all()):
        return True
    flat = t.reshape(-1)
    if flat.numel() < 2:
        return False
    first = flat[0]
    other = flat[flat != first]
    return other.numel() > 0 and bool(((flat == first) | (flat == other[0])).all())


def is_structure(t: torch.Tensor, twin: torch.Tensor) -> bool:
    """A buffer the module builds the same from any seed and that is not one value repeated: a table computed
    from its arguments (sorted bucket boundaries, a Hadamard or DCT matrix, RoPE's inverse frequencies), which a
    kernel may compute from structure instead of reading (a butterfly, a count of boundaries below x). State
    that starts at a constant (BatchNorm's running statistics, zeros and ones) is renewed, since a kernel that
    hard-codes it is right only there; so is anything drawn at random."""
    if twin.shape != t.shape or twin.dtype != t.dtype or t.numel() < 2:
        return False
    flat = t.reshape(-1)
    return bool(torch.equal(t, twin)) and not bool((flat == flat[0]).all())


def note_built_modes(m: torch.nn.Module) -> torch.nn.Module:
    """Keep, on the module, each submodule's training flag as its constructor left it (a BatchNorm frozen with
    `.eval()` in `__init__`): what training mode means for it (in_mode). The reference's, in the judge, and
    ModelNew's, in the candidate's process."""
    m.__dict__["_kp_built_modes"] = [sub.training for sub in m.modules()]
    return m


def set_modes(m: torch.nn.Module, flags: list[bool]) -> None:
    """Each submodule's training flag from `flags`, in `m.modules()`' order."""
    for sub, flag in zip(m.modules(), flags):
        sub.training = bool(flag)


def in_mode(m: torch.nn.Module, train: bool) -> torch.nn.Module:
    """`m` in eval mode, or in training mode as it was built: its submodules in the modes its constructor left
    them in (note_built_modes), as KernelBench and running the file call it; all in training mode where those
    were not noted (or it has other submodules since)."""
    if not train:
        return m.eval()
    modes = m.__dict__.get("_kp_built_modes")
    if not isinstance(modes, list) or len(modes) != len(list(m.modules())):
        return m.train(True)
    set_modes(m, modes)
    return m


def floating_buffers(model: torch.nn.Module) -> list[str]:
    """The state_dict names of the floating buffers (not parameters) with elements: what is_structure decides."""
    params = {n for n, _ in model.named_parameters(remove_duplicate=False)}
    return [n for n, t in model.state_dict(keep_vars=True).items() if n not in params
            and isinstance(t, torch.Tensor) and t.is_floating_point() and t.numel() > 0]


def renewable(model: torch.nn.Module, fixed: Iterable[str] = (),
              twin: torch.nn.Module | None = None) -> list[str]:
    """The state_dict names whose values the judge renews before each trial. `twin`: the same module built
    from another seed, to tell structure from state (is_structure)."""
    params = {n for n, _ in model.named_parameters(remove_duplicate=False)}
    fixed = set(fixed)
    other = twin.state_dict() if twin is not None else {}
    names = []
    for name, t in model.state_dict(keep_vars=True).items():
        if not isinstance(t, torch.Tensor) or not t.is_floating_point() or t.numel() == 0:
            continue
        if name in params:
            if bool(torch.isfinite(t.detach()).any()):
                names.append(name)
        elif name not in fixed and not is_mask(t.detach()) and not (
                isinstance(other.get(name), torch.Tensor) and is_structure(t.detach(), other[name].to(t.device))):
            names.append(name)
    return names


CHUNK = 1 << 24  # elements renewed at a time: a real-size embedding table (half a billion) needs no 4x copy


def one_signed(model: torch.nn.Module, names: Iterable[str]) -> list[str]:
    """Those of `names` that are parameters whose nonzero elements all have one sign (at least two elements: a
    norm's weight of ones, a scale of ones, a gate drawn with torch.rand): one-signed as built, not as trained,
    so a renewal may flip some signs (`renew`'s `flip`), as training does. The judge keeps a sign only where
    the reference needs it (judge.py signs_to_mix: a parameter under a sqrt or a log). Buffers keep theirs."""
    params = {n for n, _ in model.named_parameters(remove_duplicate=False)}
    state = model.state_dict(keep_vars=True)
    out = []
    for name in names:
        t = state[name].detach() if name in params else None
        if t is None or not t.is_floating_point() or t.numel() < 2:
            continue
        t = t[torch.isfinite(t)]  # a -inf padding entry is no sign of the learned values beside it
        if bool((t > 0).any()) != bool((t < 0).any()):
            out.append(name)
    return out


FLIPPED = 0.25  # the share of a one-signed parameter's elements whose sign a renewal flips


@torch.no_grad()
def renew(model: torch.nn.Module, names: list[str], flip: Iterable[str] = ()) -> dict[str, torch.Tensor]:
    """Give `names` of `model` new values in place (see the module's docstring), flipping the signs of a
    quarter of the elements of those also in `flip`; returns them by name (the model's own tensors: tied names
    share one)."""
    state = model.state_dict(keep_vars=True)
    flip = set(flip)
    out: dict[str, torch.Tensor] = {}
    done: set[int] = set()
    for name in names:
        t = state[name]
        if id(t) not in done:  # a tied weight is renewed once, so both names keep one value
            done.add(id(t))
            _renew_tensor(t.detach(), flip=name in flip)
        out[name] = t.detach()
    return out


def zeroed(model: torch.nn.Module, names: list[str], share: float) -> list[str]:
    """About `share` of the elements of each floating parameter among `names` of 16 elements or more made
    exactly 0.0, in place (a pruned checkpoint: a binarising kernel's sign(0) is 0, not 1); returns the names
    changed. Renewal (renew) gives zeros a value of their own, so a trial's weights hold none but here."""
    params = {n for n, _ in model.named_parameters()}
    state = model.state_dict(keep_vars=True)
    out, done = [], set()
    for name in names:
        t = state[name].detach()
        if name not in params or not t.is_floating_point() or t.element_size() == 1 or t.numel() < 16 \
                or id(t) in done or sorted_rows(t):
            continue  # a sorted table's scattered zeros would unsort it; fp8 has no fills of its own
        done.add(id(t))
        where = torch.rand(t.shape, generator=_generator(t.device), device=t.device) < share
        t.masked_fill_(where & torch.isfinite(t), 0.0)  # an infinity (a padding entry) is kept where it is
        out.append(name)
    return out


def _renew_tensor(t: torch.Tensor, flip: bool = False) -> None:
    # a table sorted along its rows (learned thresholds a bucketize searches) stays sorted the same way: its
    # new values are handed out in its order, each still moved from one of the old ones
    wide_t = t.to(torch.float16) if t.element_size() == 1 else t  # fp8 has no arithmetic of its own
    steps = wide_t[..., 1:] - wide_t[..., :-1] if t.dim() and t.shape[-1] > 1 else None
    # (one value repeated, a norm's ones, is no table: it is renewed element by element)
    order = (steps is not None and bool((steps != 0).any()) and sorted_rows(t),
             steps is not None and bool((steps <= 0).all()))
    gen = _generator(t.device)
    wide = torch.promote_types(t.dtype, torch.float32)
    finite = torch.isfinite(wide_t)
    nonzero = (t != 0) & finite
    count = int(nonzero.sum())
    scale = float(t.abs().to(wide).where(finite, 0).sum()) / count if count else 1.0
    flat = t.view(-1) if t.is_contiguous() else None
    work = flat if flat is not None else t.reshape(-1).clone()
    for lo in range(0, work.numel(), CHUNK):
        part = work[lo:lo + CHUNK]
        factor = torch.rand(part.shape, generator=gen, device=t.device, dtype=wide) + 0.5
        if flip:
            signs = torch.rand(part.shape, generator=gen, device=t.device, dtype=wide) < FLIPPED
            factor = torch.where(signs, -factor, factor)
        jitter = (torch.rand(part.shape, generator=gen, device=t.device, dtype=wide) - 0.5) * (0.2 * scale)
        # an infinity (a padding entry of a learned bias) stays as it is, of its sign
        new = torch.where(part == 0, jitter, part.to(wide) * factor)
        part.copy_(torch.where(torch.isfinite(part.to(wide)), new, part.to(wide)).to(t.dtype))
    if flat is None:
        t.copy_(work.view(t.shape))
    if order[0] and t.numel() > 1:
        t.copy_(t.sort(dim=-1, descending=order[1]).values)


def held_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """What `model.state_dict(keep_vars=True)` names (the parameters and persistent buffers of every submodule,
    shared ones under each of their names), read from the modules' own tables. In the candidate's process:
    `state_dict()` runs the module's state-dict hooks, which are the candidate's code, and the harness reads
    the weights after a forward, where code run unwatched could still write the outputs."""
    held: dict[str, torch.Tensor] = {}
    todo: list[tuple[str, torch.nn.Module]] = [("", model)]
    while todo:
        prefix, mod = todo.pop()
        table = object.__getattribute__
        skip = table(mod, "_non_persistent_buffers_set")
        for name, t in table(mod, "_parameters").items():
            if t is not None:
                held[prefix + name] = t
        for name, t in table(mod, "_buffers").items():
            if t is not None and name not in skip:
                held[prefix + name] = t
        todo.extend((f"{prefix}{name}.", child) for name, child in table(mod, "_modules").items() if child is not None)
    return held


def load_by_name(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> dict:
    """Load the reference's `state` into the candidate `model` (runs in the candidate's process): each name,
    or the name ModelNew.PARAMETER_NAMES maps it to, where the shapes agree. Returns the reference names
    loaded and, for a name present with another shape, that shape."""
    mapping = getattr(type(model), "PARAMETER_NAMES", None) or {}
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise TypeError("ModelNew.PARAMETER_NAMES must be a dict of the reference's parameter names to ModelNew's")
    own = held_state(model)
    load, loaded, other_shape = {}, {}, {}
    for name, value in state.items():
        mine = mapping.get(name, name)
        if mine not in own:
            continue
        if tuple(own[mine].shape) != tuple(value.shape):
            other_shape[name] = list(own[mine].shape)
            continue
        load[mine] = value
        loaded[name] = mine
    # load_state_dict: the copy bumps each tensor's version, and the module's load_state_dict post hooks run,
    # so weights precomputed from these (pre-transposed, packed) can be redone
    model.load_state_dict(load, strict=False)
    # loaded_as (the reference's name -> ModelNew's) is the runner's own (runner.CandidateRunner._load)
    return {"loaded_params": sorted(loaded), "other_shape": other_shape, "loaded_as": loaded}
