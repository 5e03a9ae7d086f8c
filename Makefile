# Two entry points for a fresh machine; both set everything up themselves (idempotent).
#   make optimize   offline optimize run: built-in scripted LLM, no GPU, no API key
#   make test       the test suite (what CI runs)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kernelpilot-installed

.PHONY: setup optimize test gpu-check bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU wheel first: a bare `torch` requirement would pull a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

optimize: $(STAMP)
	$(BIN)/kernelpilot optimize softmax --model scripted

test: $(STAMP)
	$(BIN)/python -m pytest -q

gpu-check: $(STAMP)
	$(BIN)/python -m kernelpilot.sandbox.gpu_check

bench: $(STAMP)
	$(BIN)/python -m kernelpilot.sandbox.bench_overhead

clean:
	rm -rf $(VENV) .kernelpilot kernelpilot_out
