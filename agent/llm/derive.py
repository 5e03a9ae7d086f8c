"""Derive the scripted model's four replies from a task's reference solution: a compile error, a wrong
answer, a correct but slow kernel, and the reference itself. Works for any task that ships a solution."""

from __future__ import annotations

import ast
import re

INTRO = {
    "compile_error": "Here is a first Triton kernel: one program per row, masked loads for the ragged tail.",
    "wrong": "The previous version failed to compile (a typo in a `tl` call). Fixed, and I fused the final "
             "scaling into the store so the output is written in one pass.",
    "slow": "The output was wrong: the fused store added a bias to every element. This version goes back to a "
            "plain store, uses small, conservative block sizes so register pressure stays low, and makes two "
            "passes over the data.",
    "good": "Correct now but slow: the small blocks mean many more iterations, and the second pass doubles the "
            "memory traffic. This version uses blocks sized to the problem and streams the data once.",
}


def compile_error_variant(src: str) -> str:
    for a, b in (("tl.arange(", "tl.arrange("), ("tl.load(", "tl.lod("), ("tl.store(", "tl.stor(")):
        if a in src:
            return src.replace(a, b, 1)
    return src.replace("class ModelNew", "class ModelNew(", 1)  # a syntax error as the last resort


def _last_store(tree: ast.AST):
    stores = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr == "store" and len(n.args) >= 2]
    return max(stores, key=lambda n: (n.lineno, n.col_offset)) if stores else None


def _splice(src: str, node: ast.AST, new: str) -> str:
    lines = src.splitlines(keepends=True)
    start = sum(len(l) for l in lines[: node.lineno - 1]) + node.col_offset
    end = sum(len(l) for l in lines[: node.end_lineno - 1]) + node.end_col_offset
    return src[:start] + new + src[end:]


def wrong_variant(src: str) -> str:
    """The stored value gets +1: runs fine, wrong for every dtype (ints included)."""
    store = _last_store(ast.parse(src))
    if store is None:
        return src.replace("return ", "return 1 + ", 1)
    value = store.args[1]
    return _splice(src, value, f"({ast.get_source_segment(src, value)}) + 1")


def slow_variant(src: str) -> str:
    """Host-side power-of-two block sizes >= 256 shrunk 4x, and the whole forward run twice: the same result,
    reliably slower than the reference (smaller matmul/conv tiles alone are not always slower, so those stay)."""
    tree = ast.parse(src)
    host = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ModelNew"), None)
    fwd = next((n for n in host.body if isinstance(n, ast.FunctionDef) and n.name == "forward"), None) if host else None
    if fwd is None:
        return src
    lits = [n for n in ast.walk(host) if isinstance(n, ast.Constant) and type(n.value) is int
            and n.value >= 256 and n.value & (n.value - 1) == 0]
    lines = src.splitlines(keepends=True)
    indent = " " * fwd.col_offset
    twice = (f"\n{indent}def forward(self, *args):\n"
             f"{indent}    self.forward_once(*args)  # two passes over the data: correct, and slow\n"
             f"{indent}    return self.forward_once(*args)\n")
    end = sum(len(l) for l in lines[: fwd.end_lineno])
    src = src[:end] + twice + src[end:]
    for n in sorted(lits, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        src = _splice(src, n, str(n.value // 4))
    return re.sub(rf"^{indent}def forward\(", f"{indent}def forward_once(", src, count=1, flags=re.M)


def as_reply(intro: str, code: str) -> str:
    return f"{intro}\n\n```python\n{code.rstrip()}\n```\n\nThis should be correct for ragged sizes because every load and store is masked.\n"


def derive_replies(solution_src: str) -> dict[str, str]:
    variants = {"compile_error": compile_error_variant(solution_src), "wrong": wrong_variant(solution_src),
                "slow": slow_variant(solution_src), "good": solution_src}
    return {k: as_reply(INTRO[k], v) for k, v in variants.items()}
