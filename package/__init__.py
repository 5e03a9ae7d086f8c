"""kernelpilot: LLM-driven GPU kernel optimisation with a harness built to be unfoolable.

This folder is the package's root (`kernelpilot`); its stages are the repository's top-level folders
(agent/, sandbox/, tasks/, prompts/), installed as kernelpilot.agent, kernelpilot.sandbox, ... (pyproject's
package-dir). Between stages, imports are relative (`from ..sandbox import ...`), so they read as the tree.
"""

__version__ = "0.1.0"


def _serialise_ast_parse() -> None:
    """CPython before 3.12 keeps the AST converter's recursion depth in state shared by all threads, so two
    threads parsing at once (a batch's evaluations each read their candidate's source) can raise
    "SystemError: AST constructor recursion depth mismatch" for a valid file (CPython gh-106905). One parse at
    a time in this process: a parse takes milliseconds."""
    import ast
    import sys
    import threading

    if sys.version_info >= (3, 12) or getattr(ast.parse, "_kp_serialised", False):
        return
    parse, lock = ast.parse, threading.Lock()

    def serialised(*args, **kwargs):
        with lock:
            return parse(*args, **kwargs)

    serialised._kp_serialised = True  # type: ignore[attr-defined]
    serialised.__doc__, serialised.__wrapped__ = parse.__doc__, parse  # type: ignore[attr-defined]
    ast.parse = serialised  # ast.literal_eval and every module's ast.parse find it here


_serialise_ast_parse()
