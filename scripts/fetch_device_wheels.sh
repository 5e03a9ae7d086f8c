#!/usr/bin/env bash
# Fetch, on a machine with package registries, the wheels the GPU machine's python3 lacks, into .whl/
# (ignored by git; copy it to the GPU machine with the checkout).
#
#   bash scripts/fetch_device_wheels.sh [PYTHON_VERSION]     # default 3.12, the GPU machines' Python
#
# The GPU image already has torch, triton, cupy, numpy, typer, rich, jinja2, pytest and typing_extensions;
# kernelpilot's other runtime needs are pydantic and its three helpers. litellm is not needed there: the
# GPU check never calls an LLM, and it is imported lazily.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYV=${1:-3.12}
PLAT=(--platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64)
rm -rf "$ROOT/.whl" && mkdir -p "$ROOT/.whl"
PIP=${PIP:-$(command -v pip3 || command -v pip)}
get() { "$PIP" download -q --no-deps --only-binary=:all: --python-version "$PYV" --implementation cp "${PLAT[@]}" -d "$ROOT/.whl" "$@"; }
get "pydantic>=2,<3"
# setuptools, to install kernelpilot itself from the checkout there (its build backend)
get "setuptools>=68"
# exactly the helpers this pydantic declares (pydantic pins the one pydantic-core it was built with)
mapfile -t NEEDS < <(unzip -p "$ROOT"/.whl/pydantic-2*.whl '*/METADATA' \
    | sed -n 's/^Requires-Dist: \(pydantic-core\|annotated-types\|typing-inspection\)\([^;]*\).*/\1\2/p' | tr -d ' ')
get "${NEEDS[@]}"
ls -l "$ROOT/.whl"
