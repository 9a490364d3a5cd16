# GovOA — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/constraints.txt scripts/install-fonts scripts/ensure-ldap-build-deps | cksum | cut -d' ' -f1)

.PHONY: help install run test test-sqlite test-postgres lint bench bench-large e2e screenshots clean

help:
	@echo "make run            启动演示系统 http://127.0.0.1:8000（SQLite 内嵌模式）"
	@echo "make test           在 SQLite 和 PostgreSQL 上运行全部测试与质量检查"
	@echo "make lint           只运行 ruff、mypy、import-linter、迁移检查"
	@echo "make bench          性能基准：生产模式（PostgreSQL、多进程）下的页面、接口和流程（小数据集）"
	@echo "make bench-large    同上，大数据集（首次生成约 30 分钟）"
	@echo "make screenshots    截取主要页面（桌面 1366×768、手机 390×844）到 docs/screenshots/"

$(STAMP): pyproject.toml requirements/constraints.txt scripts/install-fonts scripts/ensure-ldap-build-deps
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	scripts/ensure-ldap-build-deps
	@rm -f $(VENV)/.installed-*
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	scripts/install-fonts
	@touch $@

install: $(STAMP)

run: install
	$(VENV)/bin/govoa run

test: install
	scripts/test-all

test-sqlite: install
	scripts/test-all --only sqlite

test-postgres: install
	scripts/test-all --only postgres

lint: install
	scripts/lint

bench: install
	scripts/bench

screenshots: install
	scripts/screenshots

bench-large: install
	scripts/bench --scale large

clean:
	rm -rf $(VENV) var/test-* .pytest_cache .mypy_cache .ruff_cache
