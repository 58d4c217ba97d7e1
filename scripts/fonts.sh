#!/usr/bin/env bash
# The assessment service renders Chinese documents and needs CJK fonts
# (Debian: fonts-noto-cjk). Install them when missing and we are root;
# otherwise say what to do. Never fails: tests without fonts still run.
# KPD_FONTS_DRY_RUN=1 prints the install command instead of running it.
set -uo pipefail

package=fonts-noto-cjk

if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    exit 0
fi
# Installed some other way (another distribution, by hand): good enough.
if find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" \
    -name 'Noto*CJK*' -print -quit 2>/dev/null | grep -q .; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "fonts: 未找到 CJK 字体，且本机没有 apt-get。请安装 Noto Sans CJK 字体（评估服务生成中文文档需要）。"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "fonts: 未安装 $package（评估服务生成中文文档需要）。请执行：sudo apt-get install -y $package"
    exit 0
fi

install=(apt-get install -y --no-install-recommends "$package")
if [ "${KPD_FONTS_DRY_RUN:-}" = "1" ]; then
    echo "fonts: 将执行 ${install[*]}"
    exit 0
fi
echo "fonts: 安装 $package …"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be empty on a fresh machine: update once and retry.
if ! "${install[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    if ! "${install[@]}" >/dev/null; then
        echo "fonts: 安装 $package 失败；评估服务生成的中文文档可能缺字。" >&2
    fi
fi
exit 0
