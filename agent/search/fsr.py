"""FSR (Feature Search and Reinforcement): N feature-steered candidates per round, all judged by the harness;
the next prompt carries the best kernel plus this round's deduplicated feedback, never the whole transcript."""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator, Optional, TypeVar

from ..errors import BudgetExceeded, EndpointDown, LLMError
from ..extract import extract_source
from ..prompting import render
from ..protocols import LLMRequest
from .candidate import Candidate, better, reply_failure
from .context import SearchContext, SearchOutcome
from .features import Feature, features_for_round
from .feedback import round_feedback, truncate


def run_fsr(ctx: SearchContext) -> SearchOutcome:
    best: Optional[Candidate] = None
    compiled: Optional[Candidate] = None  # CUDA without a GPU: built, not runnable here
    feedback: list[str] = []
    stale, stop, n_cands, rnd, last_error = 0, "all rounds done", 0, -1, ""
    for rnd in range(ctx.cfg.rounds):
        ctx.reporter.event("round", task=ctx.task.name, round=rnd, rounds=ctx.cfg.rounds)
        cands, budget_hit, errors = run_round(ctx, rnd, best, feedback)
        n_cands += len(cands)
        last_error = errors[-1] if errors else last_error
        round_best = max((c for c in cands if c.passed), key=lambda c: c.fitness, default=None)
        improved = round_best is not None and better(round_best, best)
        # a round whose every call failed (LLM errors are not candidates) says nothing: no patience spent on it,
        # and the next round keeps this round's feedback
        best, stale = (round_best, 0) if improved else (best, stale + (1 if cands else 0))
        compiled = next((c for c in cands if c.result.not_runnable_here), compiled)
        feedback = round_feedback(cands, best, ctx.cfg.feedback_chars, ctx.counts, ctx.target, ctx.kind) if cands else feedback
        ctx.store.set_task_progress(ctx.run_id, ctx.task.name, rnd,
                                   {**best.to_dict(), "source": best.source} if best is not None else None)
        ctx.reporter.event("round_done", task=ctx.task.name, round=rnd, best=best and best.summary(), improved=improved)
        if budget_hit:
            stop = budget_hit
        elif (best or compiled) is not None and stale >= ctx.cfg.patience:
            stop = f"plateau ({stale} rounds without gain)"
        elif best is not None and best.result.timing and not best.result.timing.speed_unverified and \
                (best.result.timing.roofline_fraction or 0) >= ctx.cfg.roofline_stop:  # never on a suspicious time
            stop = f"at {100 * best.result.timing.roofline_fraction:.0f}% of the roofline"
        else:
            continue
        break
    if n_cands == 0 and last_error and not stop.startswith(("cost budget", "token budget")):
        stop = f"no LLM call was answered ({last_error})"
    return SearchOutcome(best=best, stop_reason=stop, rounds=rnd + 1, candidates=n_cands, unverified=compiled)


CHARS_PER_TOKEN = 3  # on the safe side: prompts of code and prose run 3.5 to 4 characters a token


def prompt_limit(llm) -> Optional[int]:
    """Characters a prompt may take when the model's context window is known (--context-tokens, or litellm's
    figure): the window less room for the reply (a kernel: at least 1024 tokens, a quarter of the window, at
    most --max-output-tokens)."""
    window = getattr(llm, "context_tokens", None)
    if not window:
        return None
    reply = min(getattr(llm, "max_output_tokens", 8192), max(1024, window // 4))
    return max(0, window - reply) * CHARS_PER_TOKEN


def round_messages(ctx: SearchContext, best: Optional[Candidate], feedback: list[str], feature: Feature) -> list[dict]:
    """The prompt of one candidate. Where it would not fit the model's context, the feedback is cut (the longest
    item shortened, then items left out, then the memory notes), never the task or the best kernel."""
    limit = prompt_limit(ctx.llm)
    fb, memory, cut = list(feedback), list(ctx.memory), 0
    while True:
        shown = fb + ([f"({cut} more note(s) on the last round left out: the model's context window is small)"]
                      if cut else [])
        user = render("task", task=ctx.task, memory=memory, feature=feature, feedback=shown, kind=ctx.kind, ideas=[],
                      begin="", best=best and {"source": best.source, "summary": best.summary()})
        if limit is None or len(ctx.system) + len(user) <= limit:
            break
        longest = max(range(len(fb)), key=lambda i: len(fb[i]), default=None)
        if longest is not None and len(fb[longest]) > 600:
            fb[longest] = truncate(fb[longest], 2 * len(fb[longest]) // 3)
        elif fb:
            fb.pop()
            cut += 1
        elif memory:
            memory.pop()
        else:
            break  # only the task, the best kernel and the assignment are left: the client lowers max_tokens
    return [{"role": "system", "content": ctx.system}, {"role": "user", "content": user}]


def run_round(ctx: SearchContext, rnd: int, best, feedback) -> tuple[list[Candidate], str, list[str]]:
    """Ask for N candidates concurrently; each reply is judged in the thread that asked for it (the
    evaluator decides how many evaluations run at once: one per GPU, a small pool on a CPU)."""
    features = features_for_round(rnd, ctx.cfg.candidates, ctx.kind)
    n = ctx.cfg.candidates
    reqs = [LLMRequest(messages=round_messages(ctx, best, feedback, f), tag=f"r{rnd}/c{i}", seq=rnd * n + i)
            for i, f in enumerate(features)]
    cands: list[Candidate] = []
    budget_hit = ""
    errors: list[str] = []
    down: Optional[EndpointDown] = None
    jobs = list(zip(reqs, features))
    for (req, feat), outcome in in_threads(lambda job: ask_and_judge(ctx, *job), jobs,
                                           max(1, min(n, ctx.llm.max_concurrency))):
        try:
            cand = outcome()
        except BudgetExceeded as e:
            budget_hit = str(e)
            continue
        except EndpointDown as e:  # the other requests of the round fail fast; their finished candidates are kept
            down = down or e
            continue
        except LLMError as e:
            if e.fatal:
                raise
            # no candidate: an unanswered call is not a kernel, so it is never feedback for the model (the
            # call is recorded with its error, so a resume asks it again)
            ctx.store.log_event(ctx.run_id, ctx.task.name, "llm_error", {"tag": req.tag, "error": str(e),
                                                                          "infra": e.infra})
            ctx.reporter.event("llm_error", task=ctx.task.name, tag=req.tag, feature=feat.name, error=str(e))
            errors.append(str(e))
            continue
        cands.append(cand)
        ctx.store.save_candidate(ctx.run_id, ctx.task.name, cand.tag, cand.source, {"feature": feat.name}, cand.result)
        ctx.reporter.event("evaluated", task=ctx.task.name, tag=cand.tag, feature=feat.name,
                           verdict=cand.result.verdict, stage=cand.result.stage, summary=cand.summary(),
                           cached=cand.result.cached)
    if down is not None:
        raise down
    cands.sort(key=lambda c: int(c.tag.rsplit("c", 1)[1]))
    return cands, budget_hit, errors


T = TypeVar("T")
R = TypeVar("R")


def in_threads(fn: Callable[[T], R], items: list[T], workers: int) -> Iterator[tuple[T, Callable[[], R]]]:
    """fn(item) for every item, at most `workers` at once; yields (item, outcome) as each finishes, where
    outcome() returns fn's result or raises what it raised. The threads are daemons, unlike a
    ThreadPoolExecutor's, which the interpreter joins at exit: on Ctrl-C the search returns at once instead of
    waiting for the LLM calls in flight (an evaluation in flight is cancelled by the evaluator). Once the caller
    stops reading, no new item is started."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    done: queue.Queue = queue.Queue()
    for item in items:
        todo.put(item)
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            try:
                result = fn(item)
            except BaseException as e:  # noqa: BLE001 - raised again by outcome(), in the caller's thread
                done.put((item, e, False))
            else:
                done.put((item, result, True))

    for _ in range(min(workers, len(items))):
        threading.Thread(target=work, name="kernelpilot-fsr", daemon=True).start()

    def outcome_of(value, ok: bool) -> Callable[[], R]:
        def outcome() -> R:
            if not ok:
                raise value
            return value
        return outcome

    try:
        for _ in items:
            item, value, ok = done.get()
            yield item, outcome_of(value, ok)
    finally:
        stop.set()


def ask_and_judge(ctx: SearchContext, req: LLMRequest, feat: Feature) -> Candidate:
    reply = ctx.llm.complete(req)
    ctx.reporter.event("generated", task=ctx.task.name, tag=req.tag, feature=feat.name,
                       tokens=reply.tokens, cost=reply.cost, replayed=reply.replayed)
    return judge_reply(ctx, req.tag, feat.name, reply.text)


def judge_reply(ctx: SearchContext, tag: str, feature: str, text: str) -> Candidate:
    got = extract_source(text)
    if got.source is None:
        return Candidate(tag, feature, None, reply_failure("reply.no_code", got.reason))
    return Candidate(tag, feature, got.source, ctx.evaluate(got.source))
