#!/usr/bin/env bash
# Build, on this CPU machine, a venv with the GPU machines' software: their Python (3.12), torch, Triton,
# CuPy and NumPy at the versions their image holds, and *without* pydantic (which travels as wheels).
# Rehearsing the GPU check against it finds, at no device time, what breaks on their stack and not on ours:
#
#   bash scripts/device_stack_venv.sh [VENV]          # default .device-venv (ignored by git)
#   make gpu-rehearsal                                 # = this, then device_check.sh --allow-cpu with it
#
# Versions as the GPU machines run them; torch from PyPI is a CUDA build, which
# runs on the CPU here (about 3 GB of downloads the first time).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${1:-$ROOT/.device-venv}
# the first python3.12 that actually runs (a pyenv shim may be on PATH without the version being selected)
if [ -z "${PY312:-}" ]; then
    for c in $(command -v python3.12 2>/dev/null) /root/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.12; do
        if [ -x "$c" ] && "$c" -c "" 2>/dev/null; then PY312=$c; break; fi
    done
fi
[ -n "${PY312:-}" ] || { echo "device_stack_venv: no working python3.12 here (set PY312=/path/to/python3.12)"; exit 2; }
STACK=(torch==2.11.0 triton==3.6.0 numpy==2.5.2 cupy-cuda13x==14.2.0 cuda-pathfinder typer rich jinja2 pytest)
if [ ! -x "$VENV/bin/python" ]; then
    "$PY312" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
fi
"$VENV/bin/python" -m pip install -q "${STACK[@]}"
# the GPU image has no pydantic; a recent typer pulls it in, so take it out again
"$VENV/bin/python" -m pip uninstall -y -q pydantic pydantic-core annotated-types typing-inspection || true
"$VENV/bin/python" -c "import torch, triton, numpy, cupy, sys; print('device stack:', sys.version.split()[0], torch.__version__, triton.__version__, numpy.__version__, cupy.__version__)"
