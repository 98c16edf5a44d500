#!/usr/bin/env bash
# Set everything up (idempotent), then start Storyboard Studio.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/storyboard-app "$@"
