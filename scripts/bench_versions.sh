#!/usr/bin/env bash
# The cost of a harness change, side by side: the same evaluations (interpreter, no timing, no target compile)
# alternately at an older commit and at this checkout, twice each, then the ratio of the totals. With
# WHOLE=1, whole evaluations as a user runs them (timing and the compile for the target included).
#
#   bash scripts/bench_versions.sh REV [task:solution ...]
#   WHOLE=1 bash scripts/bench_versions.sh REV [task:solution ...]
#
# REV is checked out into a temporary git worktree; both trees run with this checkout's .venv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:?usage: bash scripts/bench_versions.sh REV [task:solution ...]}
shift
PAIRS=("$@")
[ ${#PAIRS[@]} -gt 0 ] || PAIRS=(softmax:tasks/core/solutions/softmax_triton.py matmul:tasks/core/solutions/matmul_triton.py
                                 conv2d_3x3:tasks/core/solutions/conv2d_3x3_triton.py cumsum:tasks/core/solutions/cumsum_triton.py)
PY="$ROOT/.venv/bin/python"
WORK=$(mktemp -d)
OLD=$WORK/old
git -C "$ROOT" worktree add -q --detach "$OLD" "$REV"
trap 'git -C "$ROOT" worktree remove --force "$OLD"; rm -rf "$WORK"' EXIT
# each tree installed (not editable) into a folder of its own, put first on the path for its runs
for side in old new; do
    tree=$([ $side = old ] && echo "$OLD" || echo "$ROOT")
    "$PY" -m pip install -q --no-deps --no-build-isolation --no-index --no-compile --target "$WORK/site-$side" "$tree" >/dev/null
done
ONLY=(--no-timing --no-target-compile)
[ "${WHOLE:-0}" = 1 ] && ONLY=(--no-compile-baseline)
declare -A total=([old]=0 [new]=0)
for round in 1 2; do
    for pair in "${PAIRS[@]}"; do
        task=${pair%%:*} sol=${pair#*:}
        for side in old new; do
            tree=$([ $side = old ] && echo "$OLD" || echo "$ROOT")
            start=$(date +%s.%N)
            verdict=$(cd "$tree" && PYTHONPATH="$WORK/site-$side" "$PY" -m kernelpilot eval "$task" "$sol" "${ONLY[@]}" \
                      --json 2>/dev/null \
                      | "$PY" -c "import json, sys; print(json.load(sys.stdin)['verdict'])" || echo error)
            spent=$(echo "$(date +%s.%N) - $start" | bc)
            total[$side]=$(echo "${total[$side]} + $spent" | bc)
            printf "round %s  %-12s %-4s %-6s %6.2f s\n" "$round" "$task" "$side" "$verdict" "$spent"
        done
    done
done
printf "total: %s %.1f s, this checkout %.1f s, ratio %.2f\n" "$REV" "${total[old]}" "${total[new]}" \
       "$(echo "${total[new]} / ${total[old]}" | bc -l)"
