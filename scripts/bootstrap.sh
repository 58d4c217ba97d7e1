#!/usr/bin/env bash
# Prepare a fresh clone: install uv if it is missing (from PyPI only — no curl
# installers), then install the workspace into .venv with uv sync.
set -euo pipefail
cd "$(dirname "$0")/.."

have_uv() { scripts/uv.sh --version >/dev/null 2>&1; }

install_uv() {
    echo "bootstrap: 未找到 uv，从 PyPI 安装…"
    if ! command -v python3 >/dev/null 2>&1; then
        echo "bootstrap: 需要 python3（>= 3.11）来安装 uv" >&2
        return 1
    fi
    # pip --user first; Debian's externally managed Python refuses it, so then
    # pipx, and last a private venv that nothing else uses.
    if python3 -m pip install --user --quiet uv 2>/dev/null && have_uv; then
        return 0
    fi
    if command -v pipx >/dev/null 2>&1 && pipx install uv >/dev/null && have_uv; then
        return 0
    fi
    local venv="${XDG_DATA_HOME:-$HOME/.local/share}/kpd/uv-venv"
    python3 -m venv "$venv" && "$venv/bin/python" -m pip install --quiet uv && have_uv
}

if ! have_uv; then
    if ! install_uv; then
        echo "bootstrap: 无法安装 uv。请手动执行 python3 -m pip install --user uv 后重试。" >&2
        exit 1
    fi
fi
echo "bootstrap: $(scripts/uv.sh --version)"

if [ -f uv.lock ]; then
    scripts/uv.sh sync --frozen
else
    scripts/uv.sh sync
fi
