#!/usr/bin/env bash
# Benchmarks for mlx, one function per section.
#
#   scripts/bench.sh            every section (each function named bench_<section>)
#   scripts/bench.sh hash       only the named sections
#
# Environment: BENCH_DIR (generated data, outside the repository; default /tmp/mlx-bench),
# ROUNDS (interleaved rounds per measurement, at least 5), MLX (binary to measure; default the
# release build of this checkout). Timings are medians over rounds that alternate the commands
# (A B A B ...), so drift from other load on the machine hits every command alike.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/mlx-bench}
ROUNDS=${ROUNDS:-5}
((ROUNDS >= 5)) || ROUNDS=5
MLX=${MLX:-}

# Installs Debian packages, refreshing the package lists only when the first try fails.
apt_install() {
    apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }
}

require() { # require COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

build_mlx() {
    [[ -n $MLX ]] && return
    (cd "$ROOT" && swift build -c release --product mlx >&2)
    MLX=$ROOT/.build/release/mlx
}

# make_data NAME MIB: deterministic pseudo-random bytes (BLAKE3 extended output of the block
# index, 64 MiB per block), so every run and machine hashes the same file.
make_data() {
    local path=$BENCH_DIR/$1 bytes=$(($2 * 1024 * 1024))
    if [[ ! -f $path || $(stat -c %s "$path") -ne $bytes ]]; then
        echo "generating $path" >&2
        mkdir -p "$BENCH_DIR"
        : >"$path.tmp"
        for ((block = 0; block < $2 / 64; block++)); do
            echo "mlx bench block $block" | b3sum --raw --length $((64 * 1024 * 1024)) >>"$path.tmp"
        done
        mv "$path.tmp" "$path"
    fi
    cat "$path" >/dev/null # warm the page cache
    echo "$path"
}

# run_rounds LABEL... -- then one command per line on stdin, same order as the labels.
# Prints "label median_seconds peak_rss_kib" per command.
run_rounds() {
    local -a labels=() commands=()
    while [[ $1 != -- ]]; do labels+=("$1"); shift; done
    mapfile -t commands
    local results
    results=$(mktemp)
    for ((round = 0; round < ROUNDS; round++)); do
        for i in "${!commands[@]}"; do
            local start end rss
            start=$(date +%s%N)
            /usr/bin/time -f %M -o "$results.rss" bash -c "${commands[$i]}" >/dev/null
            end=$(date +%s%N)
            rss=$(tail -n 1 "$results.rss")
            echo "$i $(((end - start) / 1000)) $rss" >>"$results"
        done
    done
    for i in "${!commands[@]}"; do
        awk -v i="$i" '$1 == i { print $2, $3 }' "$results" | sort -n | awk -v label="${labels[$i]}" '
            { t[NR] = $1; if ($2 > rss) rss = $2 }
            END { printf "%s %.6f %d\n", label, t[int((NR + 1) / 2)] / 1e6, rss }'
    done
    rm -f "$results" "$results.rss"
}

bench_hash() {
    require b3sum b3sum
    require sha256sum coreutils
    [[ -x /usr/bin/time ]] || apt_install time
    build_mlx
    echo "== hash: $(nproc) cores, $ROUNDS interleaved rounds, warm page cache, median seconds"
    for mib in 1024 4096; do
        local file
        file=$(make_data "hash-${mib}m.bin" "$mib")
        local expected options
        expected=$(b3sum "$file")
        for options in "" "-j 1"; do
            # shellcheck disable=SC2086 # options is empty or two words
            [[ $("$MLX" hash $options "$file") == "$expected" ]] ||
                { echo "mlx hash $options does not print what b3sum prints: $expected" >&2; return 1; }
        done
        run_rounds mlx b3sum mlx-j1 b3sum-t1 sha256sum -- <<COMMANDS | report_hash "$mib"
"$MLX" hash "$file"
b3sum "$file"
"$MLX" hash -j 1 "$file"
b3sum --num-threads 1 "$file"
sha256sum "$file"
COMMANDS
    done
}

# Reads run_rounds output for one file of MIB mebibytes and prints speeds and the goals.
report_hash() {
    awk -v mib="$1" '
        { seconds[$1] = $2; rss[$1] = $3; order[NR] = $1 }
        END {
            bytes = mib * 1048576
            printf "%d MiB file\n", mib
            printf "  %-10s %9s %8s %10s\n", "command", "seconds", "GB/s", "peak RSS"
            for (n = 1; n <= NR; n++) {
                c = order[n]
                printf "  %-10s %9.3f %8.2f %7.1f MiB\n", c, seconds[c], bytes / seconds[c] / 1e9, rss[c] / 1024
            }
            multi = seconds["b3sum"] / seconds["mlx"]
            single = seconds["b3sum-t1"] / seconds["mlx-j1"]
            peak = (rss["mlx"] > rss["mlx-j1"] ? rss["mlx"] : rss["mlx-j1"]) / 1024
            printf "  all cores:  mlx at %.2f x b3sum              (goal >= 0.90) %s\n", multi, (multi >= 0.9 ? "ok" : "MISSED")
            printf "  one thread: mlx at %.2f x b3sum --num-threads 1 (goal >= 0.80) %s\n", single, (single >= 0.8 ? "ok" : "MISSED")
            printf "  mlx peak RSS %.1f MiB                          (goal <= 64)   %s\n", peak, (peak <= 64 ? "ok" : "MISSED")
            printf "  sha256sum takes %.1f x the time of b3sum --num-threads 1\n", seconds["sha256sum"] / seconds["b3sum-t1"]
        }'
}

main() {
    local -a sections=("$@")
    ((${#sections[@]})) || mapfile -t sections < <(declare -F | awk '$3 ~ /^bench_/ { sub(/^bench_/, "", $3); print $3 }')
    for section in "${sections[@]}"; do
        declare -F "bench_$section" >/dev/null || { echo "unknown section '$section'" >&2; exit 2; }
    done
    for section in "${sections[@]}"; do "bench_$section"; done
}

main "$@"
