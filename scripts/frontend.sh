#!/usr/bin/env bash
# The workbench serves htmx and ECharts from /static/vendor. Their versions are
# pinned in services/workbench/frontend/package-lock.json; this installs them with
# `npm ci` and copies the two minified files into the package's static/vendor,
# recording the versions in static/vendor/VERSIONS. Does nothing when the files
# are there and VERSIONS matches the lock. Without npm: installs Debian's nodejs
# and npm when root with apt-get, else says what to do and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

frontend=services/workbench/frontend
vendor=services/workbench/src/workbench/static/vendor
lock=$frontend/package-lock.json

# "name version" per library, in a fixed order, as read from the lock file.
wanted=$(python3 - "$lock" <<'EOF'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    packages = json.load(f)["packages"]
for name in ("htmx.org", "echarts"):
    print(name, packages[f"node_modules/{name}"]["version"])
EOF
)

if [ -f "$vendor/htmx.min.js" ] && [ -f "$vendor/echarts.min.js" ] \
    && [ "$(cat "$vendor/VERSIONS" 2>/dev/null || true)" = "$wanted" ]; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "frontend: 未找到 npm，安装 nodejs 与 npm …"
        export DEBIAN_FRONTEND=noninteractive
        install=(apt-get install -y nodejs npm)
        # The package lists may be empty on a fresh machine: update once and retry.
        if ! "${install[@]}" >/dev/null 2>&1; then
            apt-get update -qq >/dev/null 2>&1 || true
            "${install[@]}" >/dev/null || true
        fi
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "frontend: 未找到 npm，无法安装工作台的前端组件（htmx、ECharts）。请先安装 Node.js 与 npm（例如 sudo apt-get install -y nodejs npm），然后重新运行 make bootstrap。" >&2
        exit 1
    fi
fi

echo "frontend: 安装前端组件（$(echo "$wanted" | paste -sd, -)）…"
(cd "$frontend" && npm ci --no-audit --no-fund)
mkdir -p "$vendor"
cp "$frontend/node_modules/htmx.org/dist/htmx.min.js" "$vendor/htmx.min.js"
cp "$frontend/node_modules/echarts/dist/echarts.min.js" "$vendor/echarts.min.js"
# Written last: an interrupted run is redone next time.
printf '%s\n' "$wanted" >"$vendor/VERSIONS"
