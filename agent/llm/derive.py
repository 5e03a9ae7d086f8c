"""Derive the scripted model's four replies from a task's reference solution: a compile error, a wrong
answer, a correct but slow kernel, and the reference itself. Works for any task that ships a solution, in the
solution's own language: a Triton solution gives Triton replies, a CUDA one (CUDA C in a module-level string,
launched with CuPy or built with load_inline) gives CUDA replies."""

from __future__ import annotations

from typing import Any, cast

import ast
import re

INTRO = {
    "triton": {
        "compile_error": "Here is a first Triton kernel: one program per row, masked loads for the ragged tail.",
        "wrong": "The previous version failed to compile (a typo in a `tl` call). Fixed, and I fused the final "
                 "scaling into the store so the output is written in one pass.",
        "slow": "The output was wrong: the fused store added a bias to every element. This version goes back to a "
                "plain store, uses small, conservative block sizes so register pressure stays low, and makes two "
                "passes over the data.",
        "good": "Correct now but slow: the small blocks mean many more iterations, and the second pass doubles the "
                "memory traffic. This version uses blocks sized to the problem and streams the data once.",
    },
    # CUDA candidates cannot run without a GPU, so the feedback to these may be "built, not run" rather than a
    # wrong answer or a time: the prose says what each version changes, not what the judge found
    "cuda": {
        "compile_error": "Here is a first CUDA kernel: CUDA C in a module-level string, compiled at import and "
                         "launched from forward; every thread checks its index against the size.",
        "wrong": "This version fixes a typo in a CUDA intrinsic and fuses the final scaling into the store, so the "
                 "output is written in one pass.",
        "slow": "This version goes back to a plain store (the fused one added a bias to every element) and runs "
                "the kernel twice, a conservative two-pass structure.",
        "good": "This version drops the second pass, which doubled the memory traffic: the kernel streams the "
                "data once.",
    },
}
OUTRO = {
    "triton": "This should be correct for ragged sizes because every load and store is masked.",
    "cuda": "This should be correct for ragged sizes because every access is guarded by a bounds check.",
}


def solution_backend(src: str) -> str:
    """`cuda` for a solution whose kernels are CUDA C (a module-level string with `__global__`, compiled by
    NVRTC through CuPy, or by load_inline), else `triton`: the harness's own reading of a candidate."""
    from ...sandbox.checks import detect_backend

    return "cuda" if detect_backend(ast.parse(src)) in ("cuda", "cuda_ext") else "triton"


def _cuda_strings(tree: ast.Module) -> list[ast.Constant]:
    """The module-level string constants that hold CUDA kernels, in file order."""
    return [n.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str) and "__global__" in n.value.value]


def compile_error_variant(src: str) -> str:
    for a, b in (("tl.arange(", "tl.arrange("), ("tl.load(", "tl.lod("), ("tl.store(", "tl.stor(")):
        if a in src:
            return src.replace(a, b, 1)
    return src.replace("class ModelNew", "class ModelNew(", 1)  # a syntax error as the last resort


def _splice(src: str, node: Any, new: str) -> str:
    """`src` with the text of `node` (an expression or statement: it has a position) replaced by `new`."""
    lines = src.splitlines(keepends=True)
    start = sum(len(l) for l in lines[: node.lineno - 1]) + node.col_offset
    end = sum(len(l) for l in lines[: node.end_lineno - 1]) + node.end_col_offset
    return src[:start] + new + src[end:]


def _edit_cuda(src: str, edit) -> str:
    """`edit(cuda_text) -> cuda_text or None` applied to the first CUDA string it changes, in the file's source
    text (so a raw string stays raw); the source unchanged when no string is changed."""
    for node in _cuda_strings(ast.parse(src)):
        literal = ast.get_source_segment(src, node)
        new = edit(literal)
        if new is not None and new != literal:
            return _splice(src, node, new)
    return src


def cuda_compile_error_variant(src: str) -> str:
    """A typo in a CUDA built-in, which NVRTC (or nvcc) rejects: `__syncthreads` or `threadIdx` misspelt."""
    def typo(text: str):
        for a, b in (("__syncthreads()", "__syncthread()"), ("threadIdx.x", "threadIdx.xx"),
                     ("blockIdx.x", "blockIdx.xx")):
            if a in text:
                return text.replace(a, b, 1)
        return text.replace("__global__", "__global__ __global_typo__", 1)

    return _edit_cuda(src, typo)


# `name[index] = value;` (also `name[i][j] = ...`), not `==`, `+=` or a declaration's initialiser
STORE = re.compile(r"(?<![\w.])([A-Za-z_]\w*)((?:\[[^\]\n]*\])+)\s*=(?!=)\s*([^;]+);")
SHARED = re.compile(r"__shared__\s+[\w\s]+?\b([A-Za-z_]\w*)\s*\[")
DEVICE_FN = re.compile(r"__device__[\w\s]*?\b([A-Za-z_]\w*)\s*\(")


def _outer_call(expr: str, names: set[str]):
    """(name, argument text) when expr is one call `name(arg)` of one of `names`, else None."""
    m = re.fullmatch(r"([A-Za-z_]\w*)\s*\((.*)\)", expr.strip(), flags=re.S)
    if not m or m.group(1) not in names:
        return None
    depth = 0
    for ch in m.group(2):  # `f(a) * g(b)` is not one call
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return None
    return m.group(1), m.group(2)


def cuda_wrong_variant(src: str) -> str:
    """The last store to global memory gets +1: compiles and runs, wrong for every dtype. A value passed through
    one of the file's own conversion functions (`y[i] = f2h(v)`, fp16 kept as raw bits) gets the +1 inside the
    call, where it changes the number rather than its last bit."""
    def plus_one(text: str):
        shared = set(SHARED.findall(text))
        stores = [m for m in STORE.finditer(text) if m.group(1) not in shared]
        if not stores:
            return None
        m = stores[-1]
        value = m.group(3).strip()
        call = _outer_call(value, set(DEVICE_FN.findall(text)))
        new = f"{call[0]}(({call[1]}) + 1)" if call else f"({value}) + 1"
        return text[: m.start(3)] + new + text[m.end(3):]

    return _edit_cuda(src, plus_one)


def _last_store(tree: ast.AST):
    stores = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr == "store" and len(n.args) >= 2]
    return max(stores, key=lambda n: (n.lineno, n.col_offset)) if stores else None


def wrong_variant(src: str) -> str:
    """The stored value gets +1: runs fine, wrong for every dtype (ints included)."""
    store = _last_store(ast.parse(src))
    if store is None:
        return src.replace("return ", "return 1 + ", 1)
    value = store.args[1]
    return _splice(src, value, f"({ast.get_source_segment(src, value)}) + 1")


def slow_variant(src: str, shrink_blocks: bool = True) -> str:
    """Host-side power-of-two block sizes >= 256 shrunk 4x, and the whole forward run twice: the same result,
    reliably slower than the reference (smaller matmul/conv tiles alone are not always slower, so those stay).
    shrink_blocks=False (CUDA) keeps the launch sizes: a CUDA kernel may size its shared memory for the block it
    is launched with, and only the second pass is sure to keep the result."""
    tree = ast.parse(src)
    host = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ModelNew"), None)
    fwd = next((n for n in host.body if isinstance(n, ast.FunctionDef) and n.name == "forward"), None) if host else None
    if fwd is None:
        return src
    assert host is not None  # fwd is found only inside it
    lits = [n for n in ast.walk(host) if isinstance(n, ast.Constant) and type(n.value) is int
            and n.value >= 256 and n.value & (n.value - 1) == 0] if shrink_blocks else []
    lines = src.splitlines(keepends=True)
    indent = " " * fwd.col_offset
    twice = (f"\n{indent}def forward(self, *args):\n"
             f"{indent}    self.forward_once(*args)  # two passes over the data: correct, and slow\n"
             f"{indent}    return self.forward_once(*args)\n")
    end = sum(len(l) for l in lines[: fwd.end_lineno])
    src = src[:end] + twice + src[end:]
    for n in sorted(lits, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        src = _splice(src, n, str(cast(int, n.value) // 4))
    return re.sub(rf"^{indent}def forward\(", f"{indent}def forward_once(", src, count=1, flags=re.M)


def as_reply(intro: str, code: str, outro: str = OUTRO["triton"]) -> str:
    return f"{intro}\n\n```python\n{code.rstrip()}\n```\n\n{outro}\n"


def derive_replies(solution_src: str) -> dict[str, str]:
    """The four replies, in the language of the solution they are derived from."""
    if solution_backend(solution_src) == "cuda":
        backend = "cuda"
        variants = {"compile_error": cuda_compile_error_variant(solution_src),
                    "wrong": cuda_wrong_variant(solution_src),
                    "slow": slow_variant(solution_src, shrink_blocks=False), "good": solution_src}
    else:
        backend = "triton"
        variants = {"compile_error": compile_error_variant(solution_src), "wrong": wrong_variant(solution_src),
                    "slow": slow_variant(solution_src), "good": solution_src}
    return {k: as_reply(INTRO[backend][k], v, OUTRO[backend]) for k, v in variants.items()}
