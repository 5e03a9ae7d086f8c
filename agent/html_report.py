"""`kernelpilot report RUN [RUN_B] --out report.html` and `--format json|csv`: a run's results to read, compare
and reuse.

One self-contained HTML file (styles inline, plots as inline SVG, no script, nothing fetched to view it): per
task the best kernel's source, its speed with the spread and the noise verdict, its roofline fraction, the
correctness evidence, the build figures and the command that judges it again; the search as plots (best
fitness by round, candidates by the stage they reached, tokens and cost by round); for several tasks a
KernelBench-style fast_p table, the geometric mean speedup, verdict counts by check and tokens and dollars
per solved task; the environment the numbers hold for. A CPU run's interpreter times are labelled as such and
no speedup is drawn from them. Everything taken from the store (candidate text above all) is escaped.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
import time
from collections import Counter, defaultdict
from typing import Any, Optional

from ..sandbox.result import EvalResult

from .export import best_of
from .summary import TaskSummary

STAGES = ("static", "build", "correctness", "timing", "pass")
FAST_P = (0.0, 1.0, 1.5, 2.0)


def _round_of(tag: str) -> int:
    m = re.match(r"r(\d+)", tag or "")
    return int(m.group(1)) if m else 0


def _stage_reached(a: dict) -> str:
    return "pass" if a["verdict"] == "pass" else (a["stage"] if a["stage"] in STAGES else "build")


# ------------------------------------------------------------------------------------------------ data
def collect(store, run: dict) -> dict:
    """Everything the report shows about one run, as plain data (also what --format json prints); a task's stored
    summary is read back as a TaskSummary."""
    tasks = []
    for row in store.run_tasks(run["id"]):
        attempts = store.attempts(run["id"], row["task"])
        calls = store.llm_calls(run["id"], row["task"])
        best = best_of(attempts)
        result = EvalResult.model_validate_json(best["result"]) if best else None
        rounds: dict[int, dict] = defaultdict(lambda: {"stages": Counter(), "best": None, "tokens": 0, "cost": 0.0})
        running = None
        for a in sorted(attempts, key=lambda a: (_round_of(a["tag"]), a["created"])):
            r = rounds[_round_of(a["tag"])]
            r["stages"][_stage_reached(a)] += 1
            if a["verdict"] == "pass" and a["fitness"] is not None:
                running = a["fitness"] if running is None else max(running, a["fitness"])
            r["best"] = running
        for c in calls:
            r = rounds[_round_of(c["tag"])]
            r["tokens"] += (c["prompt_tokens"] or 0) + (c["completion_tokens"] or 0)
            r["cost"] += c["cost"] or 0.0
        tasks.append({
            "task": row["task"], "status": row["status"],
            "summary": TaskSummary.model_validate(row["summary"]) if row["summary"] else None,
            "best_tag": best["tag"] if best else None,
            "best_source": store.get_source(best["hash"]) if best else None,
            "result": json.loads(best["result"]) if best else None,
            "speed": _speed(result),
            "rounds": [{"round": k, "stages": dict(v["stages"]), "best_fitness": v["best"], "tokens": v["tokens"],
                        "cost": v["cost"]} for k, v in sorted(rounds.items())],
            "candidates": [{"tag": a["tag"], "verdict": a["verdict"], "stage": a["stage"],
                            "check": _check(a), "fitness": a["fitness"], "reason": (a["reason"] or "")[:500],
                            "feature": a["meta"].get("feature") or a["meta"].get("path") or ""} for a in attempts],
            "usage": store.usage(run["id"], row["task"]),
        })
    return {"run": {k: run.get(k) for k in ("id", "kind", "status", "config", "tasks", "created", "note")},
            "usage": store.usage(run["id"]), "tasks": tasks, "suite": suite_figures(tasks),
            "environment": environment(store, tasks, run)}


def _check(a: dict) -> str:
    try:
        return json.loads(a["result"]).get("check", "") if a["result"] else ""
    except ValueError:
        return ""


def _speed(r: Optional[EvalResult]) -> dict:
    """What the best kernel's timing says, and what may be drawn from it."""
    if r is None or r.timing is None:
        return {"kind": "none"}
    t = r.timing
    if t.speed_unverified:
        return {"kind": "unverified", "why": t.speed_unverified}
    if t.method != "cuda_events":
        return {"kind": "interpreter", "ms": t.candidate.median_ms}
    return {"kind": "gpu", "ms": t.candidate.median_ms, "p25": t.candidate.p25_ms, "p75": t.candidate.p75_ms,
            "eager_ms": t.eager.median_ms if t.eager else None, "compiled_ms": t.compiled.median_ms if t.compiled else None,
            "speedup_eager": t.speedup_eager, "speedup_compiled": t.speedup_compiled,
            "verdict": t.speedup_eager_verdict, "roofline": t.roofline_fraction, "shape": t.shape}


def suite_figures(tasks: list[dict]) -> dict:
    """fast_p (the share of tasks with a correct kernel at least p times faster than the baseline), the geometric
    mean speedup of correct kernels, verdict counts by check, tokens and dollars per solved task."""
    n = len(tasks)
    gpu = [t["speed"] for t in tasks if t["speed"]["kind"] == "gpu"]
    fast = {}
    for base in ("eager", "compiled"):
        vals = [s.get(f"speedup_{base}") for s in gpu]
        fast[base] = {f"fast_{p:g}": (sum(1 for v in vals if v is not None and v > p) / n if n else 0.0)
                      for p in FAST_P} if gpu else None
    speedups = [s["speedup_eager"] for s in gpu if s.get("speedup_eager")]
    checks: Counter = Counter()
    for t in tasks:
        if t["best_tag"]:
            checks["correct"] += 1
        else:
            last = t["candidates"][-1] if t["candidates"] else None
            checks[(last["check"] or last["stage"]) if last else "no candidate"] += 1
    solved = sum(1 for t in tasks if t["best_tag"])
    tokens = sum(t["usage"]["tokens"] for t in tasks)
    cost = sum(t["usage"]["cost"] or 0.0 for t in tasks)
    unpriced = sum(t["usage"].get("unpriced", 0) for t in tasks)
    return {"tasks": n, "solved": solved, "fast_p": fast, "on_gpu": bool(gpu),
            "geomean_speedup_eager": math.exp(statistics.fmean(math.log(s) for s in speedups)) if speedups else None,
            "outcomes": dict(checks), "tokens_per_solved": tokens / solved if solved else None,
            "cost_per_solved": (None if unpriced else cost / solved) if solved else None}


def environment(store, tasks: list[dict], run: dict) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    env: dict[str, Any] = {}
    for t in tasks:
        if t["result"]:
            env.update({k: v for k, v in (t["result"].get("toolchain") or {}).items()
                        if k in ("triton", "torch", "python", "nvrtc", "cuda_headers", "gpu_arch")})
            env["device"] = t["result"].get("device", "")
            break
    try:
        env["kernelpilot"] = version("kernelpilot")
    except PackageNotFoundError:
        env["kernelpilot"] = "source tree"
    gpu = next((e["data"].get("gpu") for e in store.events(run["id"], kind="start") if e["data"].get("gpu")), None)
    if gpu:
        env.update({"gpu": gpu.get("name", "?"), "driver": gpu.get("driver") or "?", "cuda": gpu.get("cuda") or "?"})
    else:
        env["gpu"] = "none: judged on a CPU under the Triton interpreter"
    cfg = run.get("config") or {}
    env["model"] = (cfg.get("llm") or {}).get("model", "?")
    env["strategy"] = (cfg.get("search") or {}).get("strategy", "?")
    env["run started"] = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.get("created") or 0))
    env["report written"] = time.strftime("%Y-%m-%d %H:%M")
    return env


# ------------------------------------------------------------------------------------------------ tables
def tables(data: list[dict]) -> dict[str, list[dict]]:
    """The per-task and per-candidate tables of one or more runs, flat, for people who plot their own."""
    per_task, per_candidate = [], []
    for d in data:
        for t in d["tasks"]:
            s = t["speed"]
            per_task.append({"run": d["run"]["id"], "task": t["task"], "status": t["status"],
                             "correct": bool(t["best_tag"]), "best": t["best_tag"], "timing": s["kind"],
                             "ms": s.get("ms"), "speedup_eager": s.get("speedup_eager"),
                             "speedup_compiled": s.get("speedup_compiled"), "noise_verdict": s.get("verdict"),
                             "roofline": s.get("roofline"), "candidates": len(t["candidates"]),
                             "tokens": t["usage"]["tokens"], "cost": t["usage"]["cost"]})
            for c in t["candidates"]:
                per_candidate.append({"run": d["run"]["id"], "task": t["task"], **{k: c[k] for k in (
                    "tag", "verdict", "stage", "check", "fitness", "feature")},
                    "reason": c["reason"].splitlines()[0] if c["reason"] else ""})
    return {"tasks": per_task, "candidates": per_candidate}


def _cell(v: Any) -> Any:
    """Text that a spreadsheet would run as a formula (= + - @, or a tab or CR first) is kept text by a leading
    apostrophe; numbers are written as they are."""
    return "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        w = csv.DictWriter(out, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ plots
def _svg_lines(series: dict[str, list[tuple[float, float]]], title: str, ylabel: str, w: int = 420, h: int = 180) -> str:
    """A line plot as inline SVG (one polyline per series), axes with min/max labels."""
    pts = [p for s in series.values() for p in s]
    if not pts:
        return ""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    y0, y1 = min(ys), max(ys) if max(ys) > min(ys) else min(ys) + 1
    L, R, T, B = 48, 10, 22, 28

    def sx(x):
        return L + (x - x0) / (x1 - x0) * (w - L - R)

    def sy(y):
        return h - B - (y - y0) / (y1 - y0) * (h - T - B)

    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="{_e(title)}">',
             f'<text x="{L}" y="14" font-size="12">{_e(title)}</text>',
             f'<line x1="{L}" y1="{h - B}" x2="{w - R}" y2="{h - B}" stroke="#888"/>',
             f'<line x1="{L}" y1="{T}" x2="{L}" y2="{h - B}" stroke="#888"/>',
             f'<text x="2" y="{T + 8}" font-size="10">{y1:.3g}</text>',
             f'<text x="2" y="{h - B}" font-size="10">{y0:.3g}</text>',
             f'<text x="{L}" y="{h - 8}" font-size="10">round {x0:g}</text>',
             f'<text x="{w - R - 50}" y="{h - 8}" font-size="10">round {x1:g}</text>',
             f'<text x="{L + 4}" y="{T + 10}" font-size="10" fill="#555">{_e(ylabel)}</text>']
    for i, (name, s) in enumerate(series.items()):
        c = colors[i % len(colors)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in s)
        parts.append(f'<polyline class="series" fill="none" stroke="{c}" stroke-width="2" points="{path}"/>')
        parts += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{c}"/>' for x, y in s]
        if len(series) > 1:
            parts.append(f'<text x="{w - R - 120}" y="{T + 12 * (i + 1)}" font-size="10" fill="{c}">{_e(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_stages(rounds: list[dict], w: int = 420, h: int = 180) -> str:
    """Candidates of each round stacked by the stage they reached."""
    if not rounds:
        return ""
    colors = {"static": "#bbbbbb", "build": "#ff7f0e", "correctness": "#d62728", "timing": "#9467bd", "pass": "#2ca02c"}
    top = max(sum(r["stages"].values()) for r in rounds) or 1
    L, B, T = 30, 28, 22
    bw = (w - L - 90) / len(rounds)  # the legend keeps the right 80 px
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="stages">',
             '<text x="30" y="14" font-size="12">candidates by the stage they reached, per round</text>']
    for i, r in enumerate(rounds):
        y = h - B
        for st in STAGES:
            n = r["stages"].get(st, 0)
            if not n:
                continue
            bh = n / top * (h - T - B)
            y -= bh
            parts.append(f'<rect class="bar" x="{L + i * bw + 2:.1f}" y="{y:.1f}" width="{max(bw - 4, 1):.1f}" '
                         f'height="{bh:.1f}" fill="{colors[st]}"><title>round {r["round"]}: {n} {st}</title></rect>')
        parts.append(f'<text x="{L + i * bw + bw / 2 - 3:.1f}" y="{h - 12}" font-size="10">{r["round"]}</text>')
    for j, st in enumerate(STAGES):
        parts.append(f'<text x="{w - 80}" y="{T + 12 * (j + 1)}" font-size="10" fill="{colors[st]}">{st}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _e(text: Any) -> str:
    from markupsafe import escape

    return str(escape(str(text)))


def _highlight(source: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(source, PythonLexer(), HtmlFormatter(noclasses=True, nowrap=False))  # escapes the source


# ------------------------------------------------------------------------------------------------ HTML
def render_html(data: list[dict]) -> str:
    """The report of one run, or of several side by side."""
    from jinja2 import Environment

    from markupsafe import Markup

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v, f="{:.3g}": "–" if v is None else f.format(v)
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f}%"
    for d in data:
        for t in d["tasks"]:
            # Markup: generated here from escaped parts (the plots' labels, pygments' output)
            gpu = t["speed"]["kind"] == "gpu"
            t["plot_fitness"] = Markup(_svg_lines(
                {"best": [(r["round"], r["best_fitness"]) for r in t["rounds"] if r["best_fitness"] is not None]},
                "best fitness by round", "speedup vs eager" if gpu else "minus interpreter ms"))
            t["plot_stages"] = Markup(_svg_stages(t["rounds"]))
            t["plot_usage"] = Markup(_svg_lines({"tokens": [(r["round"], r["tokens"]) for r in t["rounds"]]},
                                                "tokens by round", "tokens"))
            t["plot_cost"] = Markup(_svg_lines({"cost": [(r["round"], r["cost"]) for r in t["rounds"]]},
                                               "cost by round", "$"))
            t["source_html"] = Markup(_highlight(t["best_source"]) if t["best_source"] else "")
            t["command"] = f"kernelpilot eval {t['task']} BEST.py" + (" --device cuda" if gpu else "")
    return env.from_string(TEMPLATE).render(runs=data, fast_p=FAST_P, side_by_side=len(data) > 1)


TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>kernelpilot report {{ runs | map(attribute='run.id') | join(' vs ') }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1400px;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}
th{background:#f3f3f3}.runs{display:flex;gap:2em;align-items:flex-start}.run{flex:1;min-width:0}
pre{font-size:12px;overflow-x:auto;background:#f8f8f8;padding:6px}.note{color:#555;font-size:13px}
.bad{color:#b00}.good{color:#070}code{background:#f3f3f3;padding:1px 3px}
</style></head><body>
<h1>kernelpilot report</h1>
<div class="runs">
{% for d in runs %}
<div class="run" id="run-{{ d.run.id }}">
<h2>run {{ d.run.id }}</h2>
<p class="note">{{ d.run.kind }} · {{ d.run.status }} · {{ d.run.tasks | length }} task(s)
 · LLM {{ d.usage.calls }} calls, {{ d.usage.tokens }} tokens,
 {% if d.usage.unpriced %}cost unknown (unpriced model){% else %}${{ '%.4f' % d.usage.cost }}{% endif %}</p>
<h3>environment</h3>
<table class="environment">{% for k, v in d.environment.items() %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>
{% if d.tasks | length > 1 or side_by_side %}
<h3>suite</h3>
<table class="suite">
<tr><th>tasks</th><td>{{ d.suite.tasks }}</td></tr><tr><th>correct</th><td>{{ d.suite.solved }}</td></tr>
<tr><th>outcomes</th><td>{% for k, v in d.suite.outcomes.items() %}{{ k }}: {{ v }}{% if not loop.last %}, {% endif %}{% endfor %}</td></tr>
<tr><th>geometric mean speedup vs eager (correct kernels)</th><td>{{ d.suite.geomean_speedup_eager | num }}</td></tr>
<tr><th>tokens per solved task</th><td>{{ d.suite.tokens_per_solved | num('{:.0f}') }}</td></tr>
<tr><th>dollars per solved task</th><td>{{ d.suite.cost_per_solved | num('{:.4f}') }}</td></tr>
</table>
{% if d.suite.on_gpu %}
<table class="fast-p"><tr><th>baseline</th>{% for p in fast_p %}<th>fast_{{ '%g' % p }}</th>{% endfor %}</tr>
{% for base in ('eager', 'compiled') %}{% if d.suite.fast_p[base] %}<tr><td>{{ 'torch.compile' if base == 'compiled' else 'eager' }}</td>
{% for p in fast_p %}<td>{{ d.suite.fast_p[base]['fast_%g' % p] | pct }}</td>{% endfor %}</tr>{% endif %}{% endfor %}</table>
{% else %}<p class="note">No fast_p table: this run's kernels were judged on a CPU under the Triton interpreter,
whose times are not GPU speedups.</p>{% endif %}
{% endif %}
{% for t in d.tasks %}
<section class="task" id="{{ d.run.id }}-{{ t.task }}">
<h3>{{ t.task }} <span class="note">({{ t.status }}, {{ t.candidates | length }} candidates)</span></h3>
{% if t.best_tag %}
<p>best: candidate <code>{{ t.best_tag }}</code>.
{% if t.speed.kind == 'gpu' %}
 {{ t.speed.ms | num('{:.4g}') }} ms (p25 {{ t.speed.p25 | num('{:.4g}') }}, p75 {{ t.speed.p75 | num('{:.4g}') }}) at {{ t.speed.shape }};
 <b>{{ t.speed.speedup_eager | num('{:.2f}') }}x</b> vs eager ({{ t.speed.verdict }}),
 {{ t.speed.speedup_compiled | num('{:.2f}') }}x vs torch.compile, {{ t.speed.roofline | pct }} of roofline.
{% elif t.speed.kind == 'interpreter' %}
 interpreter time {{ t.speed.ms | num('{:.1f}') }} ms on a CPU: <b>not a GPU speedup</b>; no speedup is claimed.
{% elif t.speed.kind == 'unverified' %}
 <span class="bad">correct, speed unverified: {{ t.speed.why }}</span>
{% else %} not timed.{% endif %}</p>
{% set r = t.result %}
{% if r.correctness %}
<table class="evidence"><tr><th>shape</th><th>trials</th><th>inputs</th><th>max abs err</th><th>rel L2 err</th></tr>
{% for s in r.correctness.shapes %}<tr><td>{{ s.shape }}</td><td>{{ s.trials }}</td><td>{{ (s.input_cases or []) | join(', ') }}</td>
<td>{{ s.max_abs_err | num }}</td><td>{{ s.rel_l2_err | num }}</td></tr>{% endfor %}</table>
{% endif %}
{% if r.build and r.build.kernels %}
<table class="build"><tr><th>kernel</th><th>registers</th><th>spill bytes</th><th>smem bytes</th></tr>
{% for name, k in r.build.kernels.items() %}<tr><td>{{ name }}</td><td>{{ k.registers }}</td><td>{{ k.spill_bytes }}</td><td>{{ k.smem_bytes }}</td></tr>{% endfor %}</table>
{% endif %}
<p class="note">judge it again: <code>{{ t.command }}</code> (BEST.py: the source below, or
<code>kernelpilot export {{ d.run.id }} {{ t.task }} --out DIR</code>)</p>
<details><summary>source of {{ t.best_tag }}</summary>{{ t.source_html }}</details>
{% else %}
<p class="bad">no correct kernel{% if t.summary and t.summary.stop %} ({{ t.summary.stop }}){% endif %}.</p>
{% endif %}
<div class="plots">{{ t.plot_fitness }} {{ t.plot_stages }} {{ t.plot_usage }} {% if not d.usage.unpriced %}{{ t.plot_cost }}{% endif %}</div>
<details><summary>every candidate</summary>
<table class="candidates"><tr><th>candidate</th><th>feature</th><th>verdict</th><th>stage</th><th>check</th><th>reason</th></tr>
{% for c in t.candidates %}<tr><td>{{ c.tag }}</td><td>{{ c.feature }}</td><td>{{ c.verdict }}</td><td>{{ c.stage }}</td>
<td>{{ c.check }}</td><td>{{ c.reason[:200] }}</td></tr>{% endfor %}</table></details>
</section>
{% endfor %}
</div>
{% endfor %}
</div></body></html>
"""
