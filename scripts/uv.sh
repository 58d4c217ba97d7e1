#!/usr/bin/env bash
# Run uv wherever bootstrap put it: on PATH, in ~/.local/bin (pip --user, pipx),
# as `python3 -m uv`, or in kpd's private venv. Usage: scripts/uv.sh ARGS...
set -euo pipefail

private_uv="${XDG_DATA_HOME:-$HOME/.local/share}/kpd/uv-venv/bin/uv"

if command -v uv >/dev/null 2>&1; then
    exec uv "$@"
elif [ -x "$HOME/.local/bin/uv" ]; then
    exec "$HOME/.local/bin/uv" "$@"
elif python3 -m uv --version >/dev/null 2>&1; then
    exec python3 -m uv "$@"
elif [ -x "$private_uv" ]; then
    exec "$private_uv" "$@"
fi
echo "找不到 uv：请先运行 make bootstrap" >&2
exit 127
