# Two entry points for a fresh machine; both set everything up themselves (idempotent).
#   make optimize   offline optimize run: built-in scripted LLM, no GPU, no API key
#   make test       the test suite (what CI runs)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kernelpilot-installed

.PHONY: setup optimize test gpu-check device-wheels gpu-rehearsal bench clean

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

# On a GPU machine with no network (the lent ones): uses its python3, and the wheels in .whl/ for what it lacks
gpu-check:
	bash scripts/device_check.sh

# Here, before a GPU session: fetch those wheels (pydantic and its helpers) for the GPU machines' Python 3.12
device-wheels:
	bash scripts/fetch_device_wheels.sh 3.12

# Here, on the CPU: the GPU check against the GPU machines' software (Python 3.12, torch 2.11, Triton 3.6,
# NumPy 2.5, no pydantic) in .device-venv, installing pydantic from .whl/ as the GPU machine will
gpu-rehearsal:
	test -n "$$(ls .whl/*.whl 2>/dev/null)" || bash scripts/fetch_device_wheels.sh 3.12
	bash scripts/device_stack_venv.sh .device-venv
	OUT=$(CURDIR)/gpu_rehearsal_out PYTHON=.device-venv/bin/python bash scripts/device_check.sh 600 --allow-cpu

bench: $(STAMP)
	$(BIN)/python -m kernelpilot.sandbox.bench_overhead
	$(BIN)/python -m kernelpilot.sandbox.bench_confinement
	$(BIN)/python -m kernelpilot.sandbox.bench_wire --mib 256
	$(BIN)/python -m kernelpilot.sandbox.bench_transfer --mib 128 --n 2

clean:
	rm -rf $(VENV) .kernelpilot kernelpilot_out .device-site .device-venv gpu_check_out gpu_rehearsal_out
