# Gongkai — every command the README names is a target here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= [::]
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# Both cores (pytest-xdist); PYTEST_ARGS="-n 0 -k …" for one process.
PYTEST_ARGS ?= -n 2

.PHONY: run install install-test install-node migrate demo serve test test-sqlite test-postgres lint format bench clean deploy-check

run: install migrate demo ## install, migrate SQLite, load demo data, serve on [::]:8000
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "平台已启动： http://127.0.0.1:$(PORT)/  http://[::1]:$(PORT)/  管理后台：/admin/"
	$(BIN)/python manage.py run_timers & timers=$$!; \
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$timers $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload "$(HOST):$(PORT)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

# axe-core for the accessibility check of the browser tests (package.json, pinned in
# package-lock.json). Only the tests need Node.js; `make run` does not.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $@; \
	elif [ -n "$$GONGKAI_REQUIRE_BROWSER" ]; then \
		echo "npm 不可用，无法安装 axe-core，而本次运行要求浏览器测试：失败"; exit 1; \
	else \
		echo "!! npm 不可用：未安装 axe-core，无障碍检查（axe）将跳过。"; \
	fi

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

install-node: node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py load_demo

lint: install-test ## style, formatting, the import layers and the types of the pure modules
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .

test: install-test install-node lint test-sqlite test-postgres ## the whole suite on SQLite and on PostgreSQL

test-sqlite: install-test install-node
	@echo "== 测试：SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/data/test.sqlite3 $(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests that never reach the database run once, in the SQLite half (docs/testing.md).
test-postgres: install-test install-node
	@if $(BIN)/python scripts/pg_available.py "$(PG_TEST_URL)"; then \
		echo "== 测试：PostgreSQL ($(PG_TEST_URL))"; \
		DATABASE_URL="$(PG_TEST_URL)" GONGKAI_DATABASE_TESTS_ONLY=1 $(BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ -n "$$GONGKAI_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL 无法连接（$(PG_TEST_URL)），而本次运行要求 PostgreSQL：失败"; exit 1; \
	else \
		echo "!! PostgreSQL 无法连接（$(PG_TEST_URL)）：未在 PostgreSQL 上运行测试。"; \
	fi

deploy-check: install-test ## nginx + gunicorn + the worker from the rendered deploy/ recipe, a smoke test through nginx (docs/deploy.md)
	CI=true $(BIN)/python -m pytest -n 0 -q gongkai/core/tests/test_deploy.py

bench: install-test ## quick sizes; the full-size runs are in docs/benchmarks.md
	$(BIN)/python bench/import_laws.py
	$(BIN)/python bench/search.py --docs 20000
	$(BIN)/python bench/reports.py --scale 0.1

clean:
	rm -rf $(VENV) node_modules data/test.sqlite3
