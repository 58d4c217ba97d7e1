#!/usr/bin/env bash
# Before `make test`: start the machine's PostgreSQL if it is installed but down
# (tests create their own databases in it; each test starts its own nats-server).
# Never fails: without PostgreSQL the `postgres` tests are skipped, except under CI.
set -uo pipefail

pg_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
    fi
}

if [ -n "${KPD_TEST_POSTGRES_URL:-}" ]; then
    echo "services: 测试使用 KPD_TEST_POSTGRES_URL 指定的 PostgreSQL"
    exit 0
fi
if pg_up; then
    exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 20); do
        pg_up && { echo "services: 已启动 PostgreSQL"; exit 0; }
        sleep 0.5
    done
fi
echo "services: PostgreSQL 在 127.0.0.1:5432 不可达 —— 标记为 postgres 的测试将被跳过" \
    "（CI=true 时为失败）。可设置 KPD_TEST_POSTGRES_URL 指向其他实例。"
exit 0
