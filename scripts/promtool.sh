#!/usr/bin/env bash
# The alert tests (tests/deploy/test_alerts_fire.py) run `promtool test rules` on
# deploy/prometheus/alerts.yml. promtool ships in Debian's prometheus package; it is
# installed when missing and we are root, and the package's daemon is NOT started
# (a policy-rc.d refuses it for the install): only the promtool binary is used.
# Never fails: without promtool those tests skip (and fail under CI).
# KPD_PROMTOOL_DRY_RUN=1 prints the install command instead of running it.
set -uo pipefail

package=prometheus

if command -v promtool >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool: 未找到 promtool，且本机没有 apt-get。请安装 Prometheus 的 promtool（告警规则测试需要）。"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "promtool: 未安装 promtool（告警规则测试需要）。请执行：sudo apt-get install -y --no-install-recommends $package"
    exit 0
fi

install=(apt-get install -y --no-install-recommends "$package")
if [ "${KPD_PROMTOOL_DRY_RUN:-}" = "1" ]; then
    echo "promtool: 将执行 ${install[*]}"
    exit 0
fi
echo "promtool: 安装 $package（只用其中的 promtool，不启动 Prometheus 服务）…"
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
placed_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && placed_policy=1
fi
if ! "${install[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    if ! "${install[@]}" >/dev/null; then
        echo "promtool: 安装 $package 失败；告警规则测试将被跳过。" >&2
    fi
fi
if [ "$placed_policy" = 1 ]; then
    rm -f "$policy"
fi
exit 0
