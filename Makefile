# kpd — one entry point for people and CI. `make up` on a fresh machine is enough.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := scripts/uv.sh
# With a lock file, never re-resolve: what bootstrap installed is what runs.
RUN := $(UV) run $(if $(wildcard uv.lock),--frozen,)
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k relay -x".
PYTEST_ARGS ?=
SRC_DIRS := contracts/src libs/servicekit/src cli/src $(wildcard services/*/src)

.PHONY: help bootstrap fonts browser frontend promtool up test test-fast test-nightly lint bench clean

help: ## 列出可用目标
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: fonts browser frontend promtool ## 安装 uv（若缺）并同步 .venv
	@scripts/bootstrap.sh

fonts: ## 安装评估服务需要的中文字体（fonts-noto-cjk，需 root）
	@scripts/fonts.sh

browser: ## 安装浏览器测试用的 Chromium（Debian chromium，需 root）
	@scripts/browser.sh

promtool: ## 安装告警规则测试用的 promtool（Debian prometheus 包，不启动服务，需 root）
	@scripts/promtool.sh

frontend: ## 安装工作台前端组件（htmx、ECharts，npm ci）到 static/vendor
	@scripts/frontend.sh

up: bootstrap ## 在本机启动全部服务（Ctrl-C 停止）
	@$(RUN) kpd up

test: bootstrap ## 运行全部测试（含 slow；无 PostgreSQL 时跳过 postgres 测试）
	@scripts/ensure-services.sh
	@scripts/run-tests.sh $(PYTEST_ARGS)

test-fast: bootstrap ## 运行测试，跳过 slow
	@scripts/ensure-services.sh
	@scripts/run-tests.sh -m "not slow" $(PYTEST_ARGS)

test-nightly: bootstrap ## 夜间模式：每个 Hypothesis 状态机测试 1000 次（逐个文件运行）
	@for f in tests/faults/test_replay_*.py; do \
		KPD_HYPOTHESIS_RUNS=1000 scripts/run-tests.sh "$$f" --timeout 1800 -q $(PYTEST_ARGS) || exit $$?; \
	done

lint: bootstrap ## ruff、格式、mypy（strict）、import-linter
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy $(SRC_DIRS)
	$(RUN) lint-imports
	$(RUN) python -m contracts.export check

bench: bootstrap ## 运行基准（bench/__main__.py）
	@if [ -f bench/__main__.py ]; then \
		$(RUN) python -m bench; \
	else \
		echo "bench: 还没有基准 —— bench/__main__.py 不存在，未运行任何东西。" >&2; \
		exit 1; \
	fi

clean: ## 删除缓存与 ./var 下的运行数据（事件库、NATS 数据、开发密钥）
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis var
	find . -path ./.venv -prune -o -type d -name __pycache__ -exec rm -rf {} +
