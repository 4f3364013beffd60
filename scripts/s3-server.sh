#!/usr/bin/env bash
# Runs a local S3-compatible server (moto) for trying mlx's S3 remotes by hand or for tests.
#   scripts/s3-server.sh [PORT]          run in the foreground (Ctrl-C stops it)
#   scripts/s3-server.sh start [PORT]    run in the background; prints `export MLX_TEST_S3_ENDPOINT=…`
#   scripts/s3-server.sh stop            stop the background server
# Any credentials work (moto does not check signatures unless INITIAL_NO_AUTH_ACTION_COUNT is set).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

state_dir="${TMPDIR:-/tmp}/mlx-s3-server"
pid_file="$state_dir/pid"

# PEP 668 (Debian 12) refuses system-wide pip installs; fall back to overriding that guard.
ensure_moto() {
    ensure_pip 'moto[server]' moto || PIP_BREAK_SYSTEM_PACKAGES=1 ensure_pip 'moto[server]' moto
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_until_up() {  # PORT PID
    local port=$1 pid=$2 tries=0
    until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "error: moto exited; see $state_dir/moto.log" >&2; return 1; }
        tries=$((tries + 1))
        [ "$tries" -lt 300 ] || { echo "error: moto did not answer on port $port" >&2; return 1; }
        sleep 0.1
    done
}

case "${1:-}" in
    start)
        ensure_moto
        mkdir -p "$state_dir"
        port=${2:-$(free_port)}
        python3 -m moto.server -H 127.0.0.1 -p "$port" >"$state_dir/moto.log" 2>&1 &
        pid=$!
        echo "$pid" >"$pid_file"
        wait_until_up "$port" "$pid"
        echo "export MLX_TEST_S3_ENDPOINT=http://127.0.0.1:$port"
        ;;
    stop)
        if [ -f "$pid_file" ]; then
            pid=$(cat "$pid_file")
            kill "$pid" 2>/dev/null || true
            rm -f "$pid_file"
        fi
        ;;
    *)
        ensure_moto
        port=${1:-5000}
        log "moto S3 on http://127.0.0.1:$port (any keys; Ctrl-C stops it)"
        exec python3 -m moto.server -H 127.0.0.1 -p "$port"
        ;;
esac
