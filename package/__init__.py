"""kernelpilot: LLM-driven GPU kernel optimisation with a harness built to be unfoolable.

This folder is the package's root (`kernelpilot`); its stages are the repository's top-level folders
(agent/, sandbox/, tasks/, prompts/), installed as kernelpilot.agent, kernelpilot.sandbox, ... (pyproject's
package-dir). Between stages, imports are relative (`from ..sandbox import ...`), so they read as the tree.
"""

__version__ = "0.1.0"
