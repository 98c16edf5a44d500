#!/usr/bin/env bash
# Set everything up (idempotent), then run the whole suite: lint, format, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== import contracts"
.venv/bin/lint-imports --no-cache
echo "== pytest"
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
