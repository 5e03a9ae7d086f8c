"""Render the Jinja templates in prompts/ (StrictUndefined: a missing variable is a bug, not an empty string)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from ..prompts import PROMPTS_DIR


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)), undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=False, autoescape=False)


def render(name: str, **ctx: Any) -> str:
    return _env().get_template(f"{name}.j2").render(**ctx).strip() + "\n"


def example(backend: str) -> str:
    return (PROMPTS_DIR / "examples" / f"example_{backend}.py").read_text().rstrip()


def backend_name(backend: str) -> str:
    return {"triton": "Triton", "cuda": "CUDA"}[backend]


def system_prompt(backend: str, gpu: Optional[dict], strategy: str = "fsr") -> str:
    """The system prompt; `strategy` says how the answer is given (fsr: one code block; agent: through actions)."""
    return render("system", backend=backend, backend_name=backend_name(backend), example=example(backend), gpu=gpu,
                  strategy=strategy)
