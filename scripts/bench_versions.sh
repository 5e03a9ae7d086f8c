#!/usr/bin/env bash
# The cost of a harness change, side by side: the same evaluations (interpreter, no timing, no target compile)
# alternately at an older commit and at this checkout, twice each, then the ratio of the totals.
#
#   bash scripts/bench_versions.sh REV [task:solution ...]
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
OLD=$(mktemp -d)/old
git -C "$ROOT" worktree add -q --detach "$OLD" "$REV"
trap 'git -C "$ROOT" worktree remove --force "$OLD"' EXIT
declare -A total=([old]=0 [new]=0)
for round in 1 2; do
    for pair in "${PAIRS[@]}"; do
        task=${pair%%:*} sol=${pair#*:}
        for side in old new; do
            tree=$([ $side = old ] && echo "$OLD" || echo "$ROOT")
            # from the tree itself: `python -m kernelpilot` imports that tree's package (see kernelpilot/__init__.py)
            start=$(date +%s.%N)
            verdict=$(cd "$tree" && "$PY" -m kernelpilot eval "$task" "$sol" --no-timing --no-target-compile --json 2>/dev/null \
                      | "$PY" -c "import json, sys; print(json.load(sys.stdin)['verdict'])" || echo error)
            spent=$(echo "$(date +%s.%N) - $start" | bc)
            total[$side]=$(echo "${total[$side]} + $spent" | bc)
            printf "round %s  %-12s %-4s %-6s %6.2f s\n" "$round" "$task" "$side" "$verdict" "$spent"
        done
    done
done
printf "total: %s %.1f s, this checkout %.1f s, ratio %.2f\n" "$REV" "${total[old]}" "${total[new]}" \
       "$(echo "${total[new]} / ${total[old]}" | bc -l)"
