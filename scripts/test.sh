#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_build_dependencies

log "building (debug, with tests)"
swift build --build-tests

log "running tests"
export MLX_BIN="$PWD/.build/debug/mlx"
swift test --skip-build
