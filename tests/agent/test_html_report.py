"""`kernelpilot report --out/--format`: an HTML file a person can read offline, tables people can plot, two runs
side by side; the store's text (the candidate's, the model's) never becomes markup."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kernelpilot.agent import html_report
from kernelpilot.agent.summary import TaskSummary
from kernelpilot.sandbox.result import CorrectnessInfo, EvalResult, ShapeCheck, TimingInfo, TimingStats, fail

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def gpu_pass(speedup: float) -> EvalResult:
    st = lambda ms: TimingStats(median_ms=ms, p25_ms=ms * 0.98, p75_ms=ms * 1.02, n=100)  # noqa: E731
    r = EvalResult(verdict="pass", stage="timing", check="pass", reason="correct", device="cuda",
                   timing=TimingInfo(method="cuda_events", shape="default", candidate=st(1.0), eager=st(speedup),
                                     compiled=st(speedup * 0.8), speedup_eager=speedup, speedup_compiled=speedup * 0.8,
                                     speedup_eager_verdict="faster", roofline_fraction=0.6))
    r.correctness = CorrectnessInfo(trials=4, shapes=[ShapeCheck(shape="rows=7", trials=4, max_abs_err=1e-6,
                                                                 input_cases=["typical", "large_logits"])])
    return r


def cpu_pass(ms: float) -> EvalResult:
    st = TimingStats(median_ms=ms, p25_ms=ms, p75_ms=ms, n=3)
    return EvalResult(verdict="pass", stage="timing", check="pass", reason="correct", device="cpu (Triton interpreter)",
                      timing=TimingInfo(method="interpreter_wall", shape="small", candidate=st))


def make_run(store, tasks: dict, gpu: bool) -> str:
    run = store.new_run("batch", {"llm": {"model": "m"}, "search": {"strategy": "fsr"}}, list(tasks))
    src = (ROOT / "tasks/core/solutions/softmax_triton.py").read_text()
    for task, speedups in tasks.items():
        store.start_task(run, task)
        for i, s in enumerate(speedups):
            tag = f"r{i}/c0"
            if s is None:
                store.save_candidate(run, task, tag, HOSTILE, {"feature": HOSTILE},
                                     fail("correctness", "correctness.mismatch", "wrong: " + HOSTILE))
            else:
                store.save_candidate(run, task, tag, src + f"\n# {i} {HOSTILE}\n", {"feature": "tiles"},
                                     gpu_pass(s) if gpu else cpu_pass(s))
            store.record_llm_call(run, task, tag, i, "m", [], None, "reply", [], 100, 50, 0.01, 0.5, None, None)
        summary = TaskSummary(task=task, correct=any(s is not None for s in speedups), stop="rounds")
        store.finish_task(run, task, "done", summary.model_dump())
    return run


def test_the_html_report_is_self_contained_and_escapes_the_store(store, tmp_path):
    run = make_run(store, {"softmax": [None, 1.5, 2.5], "relu": [None, None]}, gpu=True)
    store.log_event(run, "softmax", "start", {"gpu": {"name": "NVIDIA H200", "driver": "580.65", "cuda": "13.0"}})
    page = html_report.render_html([html_report.collect(store, store.get_run(run))])
    p = Tags()
    p.feed(page)
    tags = [t for t, _ in p.tags]
    assert "script" not in tags and not any("onerror" in a for _, a in p.tags)  # the hostile text stayed text
    assert HOSTILE in "".join(p.text)
    assert not any(a.get("src", "").startswith("http") or a.get("href", "").startswith("http") for _, a in p.tags)
    assert tags.count("svg") >= 4 and "polyline" in tags and "rect" in tags  # fitness, stages, tokens, cost
    text = " ".join(p.text)
    assert "2.50x" in text and "fast_1.5" in text and "60%" in text  # best speedup, fast_p, roofline
    assert "large_logits" in text  # the correctness evidence lists the value families
    assert "NVIDIA H200" in text and "580.65" in text and "13.0" in text  # what the timings were measured on
    assert "no correct kernel (rounds)" in text  # relu's stored summary, read back


def test_fast_p_geomean_and_cost_per_solved_task(store):
    run = make_run(store, {"a": [1.2], "b": [3.0], "c": [None], "d": [0.5]}, gpu=True)
    s = html_report.collect(store, store.get_run(run))["suite"]
    assert s["fast_p"]["eager"] == {"fast_0": 0.75, "fast_1": 0.5, "fast_1.5": 0.25, "fast_2": 0.25}
    assert s["geomean_speedup_eager"] == pytest.approx((1.2 * 3.0 * 0.5) ** (1 / 3))
    assert s["outcomes"] == {"correct": 3, "correctness.mismatch": 1}
    assert s["tokens_per_solved"] == pytest.approx(600 / 3) and s["cost_per_solved"] == pytest.approx(0.04 / 3)


def test_a_cpu_run_claims_no_speedup(store):
    run = make_run(store, {"softmax": [40.0, 20.0]}, gpu=False)
    d = html_report.collect(store, store.get_run(run))
    assert d["suite"]["fast_p"] == {"eager": None, "compiled": None} and d["suite"]["geomean_speedup_eager"] is None
    page = html_report.render_html([d])
    assert "not a GPU speedup" in page and 'class="fast-p"' not in page


def test_cli_formats_and_two_runs(store, tmp_path):
    a = make_run(store, {"softmax": [None, 1.5]}, gpu=True)
    b = make_run(store, {"softmax": [2.0]}, gpu=True)
    store.close()
    kp = [str(ROOT / ".venv/bin/kernelpilot")] if (ROOT / ".venv/bin/kernelpilot").exists() else ["kernelpilot"]
    db = str(store.path)
    out = subprocess.run(kp + ["report", a, "--db", db, "--format", "csv"], capture_output=True, text=True, timeout=120)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert out.returncode == 0 and rows[0]["task"] == "softmax" and float(rows[0]["speedup_eager"]) == 1.5
    out = subprocess.run(kp + ["report", a, "--db", db, "--format", "json", "--candidates"], capture_output=True,
                         text=True, timeout=120)
    assert [c["verdict"] for c in json.loads(out.stdout)] == ["fail", "pass"]
    page = tmp_path / "both.html"
    out = subprocess.run(kp + ["report", a, b, "--db", db, "--out", str(page)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    html = page.read_text()
    assert f'id="run-{a}"' in html and f'id="run-{b}"' in html
    bad = subprocess.run(kp + ["report", a, "--db", db, "--format", "xml"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "json or csv" in bad.stderr


def test_a_browser_renders_the_plots_and_tables(store, tmp_path):
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install chromium); the HTML is checked by a parser above")
    run = make_run(store, {"softmax": [None, 1.5, 2.5], "relu": [1.1]}, gpu=True)
    page = tmp_path / "r.html"
    page.write_text(html_report.render_html([html_report.collect(store, store.get_run(run))]))
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") >= 8 and 'class="fast-p"' in dom.stdout and "<script>alert" not in dom.stdout
    shot = tmp_path / "r.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1400,2000", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000  # something was drawn
