#!/usr/bin/env bash
# Builds mlx (release, Swift runtime linked in) and installs it under PREFIX (default /usr/local):
#   PREFIX/bin/mlx                              the stripped binary
#   PREFIX/share/man/man1, man5                 the man pages (`man mlx`, `man mlx-add`, …)
#   PREFIX/share/bash-completion/completions/mlx, zsh/site-functions/_mlx, fish/vendor_completions.d/mlx.fish
# Usage: scripts/install.sh [PREFIX]    (run as a user who can write to PREFIX, e.g. with sudo,
#                                        or give a PREFIX of your own such as ~/.local)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

prefix=${1:-/usr/local}
ensure_build_dependencies

log "building mlx (release)"
swift build -c release --product mlx --static-swift-stdlib 2>&1 | tail -1
binary=$(swift build -c release --product mlx --static-swift-stdlib --show-bin-path)/mlx

log "installing into $prefix"
install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/man/man5" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$prefix/bin/mlx"
strip "$prefix/bin/mlx" 2>/dev/null || log "strip is missing; the binary keeps its symbols"
install -m 0644 man/*.1 "$prefix/share/man/man1/"
install -m 0644 man/*.5 "$prefix/share/man/man5/"
"$prefix/bin/mlx" --generate-completion-script bash >"$prefix/share/bash-completion/completions/mlx"
"$prefix/bin/mlx" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_mlx"
"$prefix/bin/mlx" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/mlx.fish"

log "installed $("$prefix/bin/mlx" version | head -1) as $prefix/bin/mlx"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) log "add $prefix/bin to PATH to run it as 'mlx'" ;;
esac
