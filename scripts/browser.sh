#!/usr/bin/env bash
# The browser tests (tests/browser) drive Debian's chromium through Playwright;
# Playwright's own browser downloads are never used. Install chromium when it is
# missing and we are root; otherwise say what to do. Never fails: without a
# browser those tests skip (and fail under CI).
# KPD_BROWSER_DRY_RUN=1 prints the install command instead of running it.
set -uo pipefail

package=chromium

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser: 未找到 /usr/bin/chromium，且本机没有 apt-get。请安装 Chromium（浏览器测试需要），或用 KPD_CHROMIUM 指向它。"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "browser: 未安装 $package（浏览器测试需要）。请执行：sudo apt-get install -y --no-install-recommends $package"
    exit 0
fi

install=(apt-get install -y --no-install-recommends "$package")
if [ "${KPD_BROWSER_DRY_RUN:-}" = "1" ]; then
    echo "browser: 将执行 ${install[*]}"
    exit 0
fi
echo "browser: 安装 $package …"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be empty on a fresh machine: update once and retry.
if ! "${install[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    if ! "${install[@]}" >/dev/null; then
        echo "browser: 安装 $package 失败；浏览器测试将被跳过。" >&2
    fi
fi
exit 0
