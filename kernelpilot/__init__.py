"""kernelpilot: LLM-driven GPU kernel optimisation with a harness built to be unfoolable."""

import os as _os

__version__ = "0.1.0"

# Installed, the stages (agent/, sandbox/, tasks/, prompts/) sit inside this package (pyproject's
# package-dir). In a source checkout they are this folder's siblings, so the checkout's root joins the
# package path: `kernelpilot.sandbox` then works from the repository root too, where this folder would
# otherwise shadow an installed copy and hide its stages.
_here = _os.path.dirname(_os.path.abspath(__file__))
if not _os.path.isdir(_os.path.join(_here, "sandbox")):
    _root = _os.path.dirname(_here)
    if _os.path.isfile(_os.path.join(_root, "sandbox", "judge.py")):
        __path__.append(_root)
