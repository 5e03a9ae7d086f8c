"""The prompt templates (Jinja, `*.j2`) and the example kernels they show, as files."""

from pathlib import Path

# where the templates are, installed or in a checkout
PROMPTS_DIR = Path(__file__).resolve().parent
