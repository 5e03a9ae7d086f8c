"""Every path an autotuned kernel could take on a GPU is checked on the CPU.

A GPU's autotuner times every config that Triton's own pruning keeps (`prune_configs_by`:
`early_config_prune`, then `perf_model` with `top_k`) at the first launch with a tuning key, and runs the
fastest of them for every later launch with that key, so any of them may be what the kernel computes with
there. Under the interpreter the judge runs each of those configs against the reference at every shape,
with those the pruning keeps for each launch's own arguments: not as many as the trials happen to reach, not
the ones the pruner removes at every launch of a key, and not only the ones it keeps when asked again.
"""

from __future__ import annotations

from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate

# One-pass softmax: a row must fit in one block, so a config with BLOCK < n_cols is wrong for that row length.
# The softmax task's SHAPES have rows of 300 and 2048.
ONE_PASS = '''
import torch
import torch.nn as nn
import triton
import triton.language as tl

{prune}

@triton.autotune(configs=[{configs}], key={key}{prune_arg})
@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr, SCALE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * sx + cols, mask=mask, other=-float("inf"))
    x = x - tl.max(x, axis=0)
    num = tl.exp(x)
    tl.store(y_ptr + row * sy + cols, num / tl.sum(num, axis=0) * SCALE, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0))
        return y
'''


def candidate(blocks, scales=None, prune: str = "", prune_arg: str = "", warps=None, key='["n_cols"]') -> str:
    scales = scales or [1.0] * len(blocks)
    warps = warps or [4] * len(blocks)
    configs = ", ".join(f'triton.Config({{"BLOCK": {b}, "SCALE": {s}}}, num_warps={w})'
                        for b, s, w in zip(blocks, scales, warps))
    return ONE_PASS.format(configs=configs, prune=prune, prune_arg=prune_arg, key=key)


def cfg(**kw) -> EvalConfig:
    # the SHAPES only: the softmax kernels here are written for those rows (no loop past one block), and the
    # point is which configs run, not the real row length the default adds
    kw.setdefault("unseen_shapes", False)
    return EvalConfig(device="cpu", trials=1, timeout_s=120, timing=False, target_compile=False, **kw)


def test_a_wrong_config_past_the_number_of_trials_is_still_run():
    # ten configs, one call per trial: with 2 trials per shape (and a same-addresses one) a rotation reached
    # configs 0-2 at each shape; the last config, the wrong one, is reached only by running each explicitly
    src = candidate([4096] * 5 + [8192] * 5, [1.0] * 9 + [1.5], warps=[1, 2, 4, 8, 16] * 2)
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "autotune config 10 of 10" in r.reason, r.reason


def test_all_configs_right_passes_and_every_one_is_counted():
    r = evaluate("softmax", candidate([2048, 4096, 8192] * 2, warps=[4, 4, 4, 8, 8, 8]), cfg())
    assert r.verdict == "pass", r.reason
    assert all(s.trials == 6 for s in r.correctness.shapes), r.correctness  # six configs at each shape


def test_equal_configs_are_one_config():
    # Triton times each distinct config once (Config's equality: its kwargs, num_warps, ... and pre_hook),
    # so nine equal configs and a wrong one are two configs for a GPU, and two here
    r = evaluate("softmax", candidate([4096] * 10, [1.0] * 9 + [1.5]), cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "autotune config 2 of 2" in r.reason, r.reason


PRUNE_TO_FIT = '''
def keep_blocks_that_fit(configs, named_args, **kwargs):
    return [c for c in configs if c.kwargs["BLOCK"] >= named_args["n_cols"] * {fraction}]
'''
PRUNE_ARG = ', prune_configs_by={"early_config_prune": keep_blocks_that_fit}'


def test_a_config_the_pruner_removes_is_never_run():
    # BLOCK 512 and 1024 are wrong for rows of 2048 and right for 300; the pruner keeps only blocks that
    # hold a row, as a GPU would: the kernel is correct wherever it can run
    src = candidate([512, 1024, 2048, 4096], prune=PRUNE_TO_FIT.format(fraction=1), prune_arg=PRUNE_ARG)
    r = evaluate("softmax", src, cfg())
    assert r.verdict == "pass", r.reason


def test_a_wrong_config_the_pruner_keeps_fails():
    # a pruner that keeps blocks of half a row: BLOCK 1024 survives for rows of 2048 and drops half of each row
    src = candidate([512, 1024, 2048, 4096], prune=PRUNE_TO_FIT.format(fraction=0.5), prune_arg=PRUNE_ARG)
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "shape 1" in r.reason or "2048" in r.reason or "trial" in r.reason, r.reason


def test_without_the_pruner_the_same_configs_fail():
    # the control for the two above: the wrong configs are really wrong when nothing removes them
    r = evaluate("softmax", candidate([512, 1024, 2048, 4096]), cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason


PERF_MODEL = '''
def predicted_time(**kw):
    return 1.0 / kw["BLOCK"]  # bigger blocks predicted faster
'''


def test_perf_model_top_k_is_what_the_gpu_could_choose():
    # the perf model keeps the two biggest blocks (top_k=2): the small wrong ones are never candidates on a GPU
    src = candidate([512, 1024, 4096, 8192], prune=PERF_MODEL,
                    prune_arg=', prune_configs_by={"perf_model": predicted_time, "top_k": 2}')
    assert evaluate("softmax", src, cfg()).verdict == "pass"
    # and with top_k=3 the 1024 block is kept and is wrong for rows of 2048
    src = src.replace('"top_k": 2', '"top_k": 3')
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason


# -- once per tuning key ---------------------------------------------------------------------------------------
# A GPU's autotuner prunes and times at the first launch with a key (the `key` arguments' values and the
# tensors' dtypes) and reuses the winner for every later launch with that key, whatever its other arguments.

FIRST_CALL_ONLY = '''
SEEN = set()


def keep_all_first(configs, named_args, **kwargs):
    # every config the first time a row length is seen (what a GPU times), then only the right one
    first = named_args["n_cols"] not in SEEN
    SEEN.add(named_args["n_cols"])
    return configs if first else [c for c in configs if c.kwargs["SCALE"] == 1.0]
'''


def test_a_pruner_with_state_has_its_first_list_checked():
    # the first pruning for a key keeps the wrong config (SCALE 1.5) too, and a GPU times both then: it is
    # checked at every later launch with that key, although the pruner leaves it out when asked again
    src = candidate([4096, 4096], [1.0, 1.5], prune=FIRST_CALL_ONLY,
                    prune_arg=', prune_configs_by={"early_config_prune": keep_all_first}')
    r = evaluate("softmax", src, cfg())  # the contract refuses a pruner with state
    assert (r.verdict, r.check) == ("fail", "static.triton_callback"), r.reason
    r = evaluate("softmax", src, cfg(), static_checks=False)  # and the judge's own bookkeeping stands behind it
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "autotune config 2 of 2" in r.reason, r.reason


TIGHTEST = '''
def tightest_block(configs, named_args, **kwargs):
    # the smallest block that holds the row: one config per launch
    fits = [c for c in configs if c.kwargs["BLOCK"] >= named_args["n_cols"]]
    return [min(fits, key=lambda c: c.kwargs["BLOCK"])]
'''
TIGHTEST_ARG = ', prune_configs_by={"early_config_prune": tightest_block}'


def test_a_key_that_leaves_out_the_pruned_size_reuses_the_first_choice():
    # key=[]: a GPU keeps BLOCK 512, chosen for the first rows (300), for the rows of 2048 too, and drops most
    # of each row; here the rows of 2048 run it as well as their own BLOCK 2048
    src = candidate([512, 2048, 4096], prune=TIGHTEST, prune_arg=TIGHTEST_ARG, key="[]")
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "dim=2048" in r.reason, r.reason
    # the control: with the row length in the key, each length is tuned on its own and the kernel is right
    src = candidate([512, 2048, 4096], prune=TIGHTEST, prune_arg=TIGHTEST_ARG, key='["n_cols"]')
    r = evaluate("softmax", src, cfg())
    assert r.verdict == "pass", r.reason


LATER_ONLY = '''
def keep_for_long_rows(configs, named_args, **kwargs):
    # BLOCK 1024 only for rows longer than it, where it drops their tails
    return [c for c in configs if (c.kwargs["BLOCK"] == 1024) == (named_args["n_cols"] > 1024)]
'''


def test_a_config_kept_only_at_a_later_launch_of_the_key_is_run_there():
    # key=[]: the first launch (rows of 300) keeps BLOCK 4096 alone; a GPU whose first launch has rows of 2048
    # keeps BLOCK 1024, which is wrong there. The key's list is not only what its first launch kept
    src = candidate([1024, 4096], prune=LATER_ONLY, key="[]",
                    prune_arg=', prune_configs_by={"early_config_prune": keep_for_long_rows}')
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "2048" in r.reason, r.reason


def test_the_tuning_key_is_the_one_tritons_autotuner_caches_under():
    """compat.autotune_key against Triton's own Autotuner.run: a pruner that keeps one config makes it cache
    that config under its key without timing anything (no GPU needed)."""
    import inspect

    import torch
    from triton.runtime.autotuner import Autotuner, Config

    from kernelpilot.sandbox.compat import autotune_key

    def kernel(x_ptr, n, y_ptr, flag, scale, BLOCK):
        pass

    class Jitted:  # what the autotuner calls: records the launch instead of running it
        launched: list = []

        def __init__(self):
            self.fn = kernel

        def run(self, *args, **kwargs):
            self.launched.append((args, kwargs))

    names = list(inspect.signature(kernel).parameters)[:-1]
    tuner = Autotuner(Jitted(), names, [Config({"BLOCK": 64}), Config({"BLOCK": 128})], key=["flag", "n"],
                      reset_to_zero=None, restore_value=None,
                      prune_configs_by={"early_config_prune": lambda configs, nargs, **kw: configs[:1]})
    run = getattr(Autotuner.run, "__wrapped__", Autotuner.run)  # Triton's own, under interpreted_autotuning too
    x, y = torch.zeros(4, dtype=torch.float16), torch.zeros(4, dtype=torch.int32)
    cases = [((x, 10), {"y_ptr": y, "flag": True, "scale": 0.5}),
             ((x, 10, y, False, 2.0), {}),
             ((x, 12, y), {"flag": 3, "scale": None})]
    for args, kwargs in cases:
        before = set(tuner.cache)
        run(tuner, *args, grid=(1,), warmup=False, **kwargs)
        (triton_key,) = set(tuner.cache) - before
        assert autotune_key(tuner, dict(zip(names, args)), {"grid": (1,), "warmup": False, **kwargs}) == triton_key
    assert len(Jitted.launched) == len(cases)
