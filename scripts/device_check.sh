#!/usr/bin/env bash
# The whole GPU check for a GPU machine, in one command (see docs/gpu-machine.md).
#
#   bash scripts/device_check.sh [BUDGET_S] [scripts/gpu_check.py options...]
#
# That machine has no network: its python3 already holds torch, triton, cupy, numpy, typer, rich, jinja2
# and pytest, and what it lacks (pydantic and its helpers) travels as wheels in .whl/, fetched here
# beforehand with scripts/fetch_device_wheels.sh (with setuptools, kernelpilot's build backend). kernelpilot itself
# is pip-installed from this checkout into .device-site/.
# Results go to $OUT when set, else ./gpu_check_out.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUDGET=${1:-300}
shift $(( $# > 0 ? 1 : 0 ))
OUT=${OUT:-$ROOT/gpu_check_out}
PY=${PYTHON:-python3}
# an absolute path: the check runs from $OUT, where a relative one would no longer point anywhere
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; *) PY=$(command -v "$PY") || { echo "device_check: no $PYTHON"; exit 2; } ;; esac
# not under /tmp: a temp folder that holds the runtime cannot be made private for the candidate
SITE=${KP_DEVICE_SITE:-$ROOT/.device-site}
WHEELS=${KP_WHEELS:-$ROOT/.whl}

rm -rf "$SITE" && mkdir -p "$SITE" "$OUT" || exit 2
if compgen -G "$WHEELS/*.whl" >/dev/null; then
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$SITE" "$WHEELS"/*.whl \
        || { echo "device_check: the wheels in $WHEELS do not fit $PY (fetch them for its version: bash scripts/fetch_device_wheels.sh X.Y)"; exit 2; }
fi
# kernelpilot itself, installed from this checkout as pip installs it anywhere (no network: setuptools, its build
# backend, from this python when it has one, else from $WHEELS)
"$PY" -m pip install -q --no-index --no-build-isolation --no-deps --no-compile --no-cache-dir --target "$SITE" "$ROOT" \
        2>/dev/null \
    || "$PY" -m pip install -q --no-index --find-links "$WHEELS" --no-deps --no-compile --no-cache-dir --target "$SITE" "$ROOT" \
    || { echo "device_check: cannot install kernelpilot from $ROOT with $PY (put a setuptools wheel in $WHEELS: bash scripts/fetch_device_wheels.sh X.Y)"; exit 2; }
export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
# from $OUT: the check writes there
cd "$OUT" || exit 2

"$PY" - <<'PY' || { echo "device_check: the Python here cannot import what kernelpilot needs (see above)"; exit 2; }
import importlib, sys
missing = []
for name in ("torch", "triton", "numpy", "pydantic", "typer", "rich", "jinja2", "pytest", "kernelpilot.sandbox.judge"):
    try:
        importlib.import_module(name)
    except Exception as e:
        missing.append(f"{name}: {type(e).__name__}: {e}")
print(f"python {sys.version.split()[0]} at {sys.executable}")
if missing:
    print("missing:\n  " + "\n  ".join(missing))
    sys.exit(1)
PY
nvidia-smi -L 2>/dev/null || echo "nvidia-smi: not available"
exec "$PY" "$ROOT/scripts/gpu_check.py" --out "$OUT" --tests "$ROOT/tests" --budget-s "$BUDGET" "$@"
