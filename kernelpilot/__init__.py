"""kernelpilot: LLM-driven GPU kernel optimisation with a harness built to be unfoolable."""

__version__ = "0.1.0"
