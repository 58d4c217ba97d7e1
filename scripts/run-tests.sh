#!/usr/bin/env bash
# Run pytest in the workspace venv and exit with pytest's own code. When
# KPD_PYTEST_RC_FILE is set, that code is also written there, so callers behind
# make (which turns every failure into 2) can still tell "no tests collected" (5).
set -uo pipefail
cd "$(dirname "$0")/.."

frozen=()
[ -f uv.lock ] && frozen=(--frozen)

scripts/uv.sh run "${frozen[@]}" pytest "$@"
rc=$?

if [ -n "${KPD_PYTEST_RC_FILE:-}" ]; then
    echo "$rc" >"$KPD_PYTEST_RC_FILE"
fi
case "$rc" in
    0) ;;
    5) echo "run-tests: pytest 没有收集到任何测试（退出码 5）—— 视为失败" >&2 ;;
    *) echo "run-tests: pytest 退出码 $rc" >&2 ;;
esac
exit "$rc"
