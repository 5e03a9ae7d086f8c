"""Pull the candidate source out of an LLM reply. Every way a reply can be unusable comes back as a reason."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Optional

MAX_REPLY_CHARS = 200_000
MAX_SOURCE_CHARS = 60_000
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+.-]*)[^\n`]*\n(.*?)(?:\n[ \t]*```|\Z)", re.S)


@dataclass
class Extracted:
    source: Optional[str]
    reason: str = ""  # why there is no usable source; "" when there is


def _clean(text: object) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return str(text or "").replace("\x00", "")


def _defines_modelnew(code: str) -> int:
    return len(re.findall(r"^\s*class\s+ModelNew\b", code, re.M))


def extract_source(reply: object) -> Extracted:
    """The one code block that defines ModelNew (or the only python block)."""
    text = _clean(reply)
    if not text.strip():
        return Extracted(None, "the reply was empty")
    if len(text) > MAX_REPLY_CHARS:
        return Extracted(None, f"the reply was {len(text)} characters long (limit {MAX_REPLY_CHARS}); send one file")
    if text.count("\ufffd") > 20 or sum(not (c.isprintable() or c in "\n\t\r") for c in text) > 0.05 * len(text):
        return Extracted(None, "the reply was not readable text (binary or broken encoding)")
    blocks = [(lang.lower(), body) for lang, body in _FENCE.findall(text)]
    if not blocks:
        if _defines_modelnew(text):  # a bare file without fences
            blocks = [("python", text)]
        else:
            return Extracted(None, "the reply contained no code: put the complete file in one ```python block")
    with_model = [b for _, b in blocks if _defines_modelnew(b)]
    if not with_model:
        py = [b for lang, b in blocks if lang in ("python", "py", "")]
        return Extracted(None, "no code block defines `class ModelNew`" if py or blocks else "no python code block")
    if len(with_model) > 1:
        return Extracted(None, f"the reply has {len(with_model)} code blocks defining ModelNew; send exactly one")
    code = with_model[0].strip("\n") + "\n"
    if _defines_modelnew(code) > 1:
        return Extracted(None, "the code defines `class ModelNew` more than once; define it exactly once")
    if len(code) > MAX_SOURCE_CHARS:
        return Extracted(None, f"the code block is {len(code)} characters (limit {MAX_SOURCE_CHARS})")
    return Extracted(code)


def syntax_note(code: str) -> str:
    """'' when the code parses, else a one-line syntax error (the harness reports it too; used for logs)."""
    try:
        ast.parse(code)
        return ""
    except SyntaxError as e:
        return f"line {e.lineno}: {e.msg}"
