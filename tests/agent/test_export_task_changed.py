"""`export` pairs the best kernel with "the task file, exactly as it was judged against". It reads the task file
again at export time: where that file changed after the run (edited by hand, or by anything that could write
it), the package holds a reference the kernel was never judged against, and its test checks the kernel
against that one, under a README that gives the old verdict."""

from __future__ import annotations

from pathlib import Path

from kernelpilot.agent.export import ExportError, export
from kernelpilot.agent.store import sha256
from kernelpilot.sandbox.result import EvalResult
from kernelpilot.tasks.loader import load_task

ROOT = Path(__file__).resolve().parents[2]


def test_export_never_pairs_a_kernel_with_a_task_it_was_not_judged_against(store, tmp_path):
    task_file = tmp_path / "level1_relu.py"
    task_file.write_text((ROOT / "tasks/examples/level1_relu.py").read_text())
    kernel = (ROOT / "tasks/examples/solutions/level1_relu_triton.py").read_text()
    judged = load_task(str(task_file))
    run_id = store.new_run("optimize", {"llm": {"model": "scripted"}}, [str(task_file)])
    result = EvalResult(verdict="pass", stage="correctness", check="pass", reason="correct")
    store.save_candidate(run_id, judged.name, "r0/c0", kernel, {}, result)
    store.put_eval("k", sha256(kernel), judged.name, judged.source_hash, "cpu", "{}", result)  # as CachedEvaluator

    # after the run, the task file says something else: the reference is now the identity
    task_file.write_text(task_file.read_text().replace("return torch.relu(x)", "return x"))
    assert task_file.read_text() != judged.source

    try:
        out = export(store, run_id, judged.name, tmp_path / "pkg")
    except ExportError:
        return  # refusing is right
    assert (out / f"{judged.name}_reference.py").read_text() == judged.source, \
        "the exported reference is not the task file the kernel was judged against"
