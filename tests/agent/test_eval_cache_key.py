"""The evaluation cache must not hand a verdict to a candidate under conditions it was not reached under. The
judge itself is such a condition: a candidate that passed a judge which has since learnt to reject it (every
adversarial case added after it) must be judged again, not served its old pass."""

from __future__ import annotations

from importlib import metadata

from kernelpilot.agent.evaluator import CachedEvaluator
from kernelpilot.sandbox.config import EvalConfig

SOURCE = "class ModelNew: pass\n"


def test_a_new_judge_does_not_reuse_the_old_judges_verdicts(store, softmax, monkeypatch):
    cfg = EvalConfig(device="cpu", trials=1, compile_baseline=False)
    before = CachedEvaluator(softmax, store, cfg, "").key(SOURCE)
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda pkg: "99.0" if pkg == "kernelpilot" else real(pkg))
    after = CachedEvaluator(softmax, store, cfg, "").key(SOURCE)
    assert before != after, "the cache key does not name the judge: an upgraded judge reuses the old one's passes"


def test_a_changed_judge_of_the_same_version_does_not_either(store, softmax, monkeypatch):
    """The version does not move with every fix of the judge: its code's digest is in the key too."""
    from kernelpilot.agent import evaluator

    cfg = EvalConfig(device="cpu", trials=1, compile_baseline=False)
    before = CachedEvaluator(softmax, store, cfg, "").key(SOURCE)
    assert evaluator.judge_digest() in CachedEvaluator(softmax, store, cfg, "").toolchain
    monkeypatch.setattr(evaluator, "judge_digest", lambda: "0" * 16)
    assert CachedEvaluator(softmax, store, cfg, "").key(SOURCE) != before
