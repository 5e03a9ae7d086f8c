"""Every path an autotuned kernel could take on a GPU is checked on the CPU.

A GPU's autotuner times every config that Triton's own pruning keeps for a launch (`prune_configs_by`:
`early_config_prune`, then `perf_model` with `top_k`) and runs the fastest, so any of them may be what the
kernel computes with there. Under the interpreter the judge runs each of exactly those configs against the
reference at every shape: not as many as the trials happen to reach, not the ones the pruner removes.
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

@triton.autotune(configs=[{configs}], key=["n_cols"]{prune_arg})
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


def candidate(blocks, scales=None, prune: str = "", prune_arg: str = "") -> str:
    scales = scales or [1.0] * len(blocks)
    configs = ", ".join(f'triton.Config({{"BLOCK": {b}, "SCALE": {s}}})' for b, s in zip(blocks, scales))
    return ONE_PASS.format(configs=configs, prune=prune, prune_arg=prune_arg)


def cfg(**kw) -> EvalConfig:
    # the SHAPES only: the softmax kernels here are written for those rows (no loop past one block), and the
    # point is which configs run, not the real row length the default adds
    kw.setdefault("unseen_shapes", False)
    return EvalConfig(device="cpu", trials=1, timeout_s=120, timing=False, target_compile=False, **kw)


def test_a_wrong_config_past_the_number_of_trials_is_still_run():
    # ten configs, one call per trial: with 2 trials per shape (and a same-addresses one) a rotation reached
    # configs 0-2 at each shape; the last config, the wrong one, is reached only by running each explicitly
    src = candidate([4096] * 10, [1.0] * 9 + [1.5])
    r = evaluate("softmax", src, cfg())
    assert (r.verdict, r.check) == ("fail", "correctness.mismatch"), r.reason
    assert "autotune config 10 of 10" in r.reason, r.reason


def test_all_configs_right_passes_and_every_one_is_counted():
    r = evaluate("softmax", candidate([2048, 4096, 8192] * 2), cfg())
    assert r.verdict == "pass", r.reason
    assert all(s.trials == 6 for s in r.correctness.shapes), r.correctness  # six configs at each shape


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
