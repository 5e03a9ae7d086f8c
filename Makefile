# Two entry points for a fresh machine; both set everything up themselves (idempotent).
#   make optimize   offline optimize run: built-in scripted LLM, no GPU, no API key
#   make test       the test suite (what CI runs)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kernelpilot-installed

.PHONY: setup optimize test gpu-check device-wheels gpu-rehearsal bench clean

setup: $(STAMP)

# torch's CPU build: from PyTorch's CPU index where it answers (on a stock index a bare `torch` is the multi-GB
# CUDA build), else from the configured index (a mirror that serves CPU wheels). A GPU machine sets
# TORCH_INDEX to its CUDA index, e.g. https://download.pytorch.org/whl/cu128.
TORCH_VERSION ?= 2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	if $(BIN)/python -c "import urllib.request as u; u.urlopen('$(TORCH_INDEX)/torch/', timeout=10)" 2>/dev/null; then \
		$(BIN)/pip install -q torch==$(TORCH_VERSION) --index-url $(TORCH_INDEX) \
		|| $(BIN)/pip install -q torch==$(TORCH_VERSION); \
	else \
		echo "$(TORCH_INDEX) does not answer: torch from the configured index"; \
		$(BIN)/pip install -q torch==$(TORCH_VERSION); \
	fi
	$(BIN)/python -c "import torch; print('torch', torch.__version__, 'CUDA build' if torch.version.cuda else 'CPU build')"
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

optimize: $(STAMP)
	$(BIN)/kernelpilot optimize softmax --model scripted

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist worksteal --durations=15

# On a GPU machine with no network: uses its python3, and the wheels in .whl/ for what it lacks
gpu-check:
	bash scripts/device_check.sh

# On a machine with network, beforehand: fetch those wheels (pydantic and its helpers) for such a machine's Python 3.12
device-wheels:
	bash scripts/fetch_device_wheels.sh 3.12

# Here, on the CPU: the GPU check against the GPU machines' software (Python 3.12, torch 2.11, Triton 3.6,
# NumPy 2.5, no pydantic) in .device-venv, installing pydantic from .whl/ as the GPU machine will
gpu-rehearsal:
	test -n "$$(ls .whl/*.whl 2>/dev/null)" || bash scripts/fetch_device_wheels.sh 3.12
	bash scripts/device_stack_venv.sh .device-venv
	OUT=$(CURDIR)/gpu_rehearsal_out PYTHON=.device-venv/bin/python bash scripts/device_check.sh 600 --allow-cpu

bench: $(STAMP)
	$(BIN)/python scripts/bench_overhead.py
	$(BIN)/python scripts/bench_confinement.py
	$(BIN)/python scripts/bench_wire.py --mib 256
	$(BIN)/python scripts/bench_transfer.py --mib 128 --n 2

clean:
	rm -rf $(VENV) .kernelpilot kernelpilot_out .device-site .device-venv gpu_check_out gpu_rehearsal_out
