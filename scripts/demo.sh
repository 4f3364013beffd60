#!/usr/bin/env bash
# Installs what is missing, builds mlx in release mode, then runs the main job end to end on
# built-in sample data and prints what happened.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/setup.sh

ensure_build_dependencies
log "building mlx (release)"
swift build -c release 2>&1 | tail -1
MLX="$PWD/.build/release/mlx"

DEMO=$(mktemp -d "${TMPDIR:-/tmp}/mlx-demo.XXXXXX")
trap 'chmod -R u+w "$DEMO" 2>/dev/null; rm -rf "$DEMO"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

# Sample data: a small CSV dataset and a "model" file, generated deterministically.
mkdir -p "$DEMO/data"
python3 - "$DEMO/data" <<'PY'
import sys, random
out = sys.argv[1]
rng = random.Random(42)
with open(f"{out}/train.csv", "w") as f:
    f.write("x1,x2,label\n")
    for _ in range(20000):
        a, b = rng.random(), rng.random()
        f.write(f"{a:.6f},{b:.6f},{int(a + b > 1)}\n")
with open(f"{out}/model.bin", "wb") as f:
    f.write(bytes(rng.getrandbits(8) for _ in range(3 * 1024 * 1024)))
PY

cd "$DEMO"
step "mlx version"
"$MLX" version
step "mlx hash data/train.csv data/model.bin"
"$MLX" hash data/train.csv data/model.bin
step "b3sum data/train.csv data/model.bin   # the reference: same output"
b3sum data/train.csv data/model.bin
if [ "$("$MLX" hash data/train.csv data/model.bin)" = "$(b3sum data/train.csv data/model.bin)" ]; then
    echo "identical"
else
    echo "DIFFERENT" >&2; exit 1
fi

# Remotes: track the data, push it to a folder remote, clone the git repository elsewhere and
# pull the data there; the bytes must be identical.
git init -q -b main .
git config user.name demo && git config user.email demo@example.com
if ! "$MLX" init >/dev/null 2>&1; then
    # Until `mlx init` exists: the folder and the .gitignore it would write.
    mkdir -p .mlx && printf '/config.local\n/cache/\n/tmp/\n' > .mlx/.gitignore
fi
STORE="$DEMO/store"
step "mlx add data/train.csv data/model.bin"
"$MLX" add data/train.csv data/model.bin
step "mlx remote add -d storage $STORE"
"$MLX" remote add -d storage "$STORE"
step "mlx status --cloud"
"$MLX" status --cloud
step "mlx push"
"$MLX" push
step "git add -A && git commit -m 'track data'"
git add -A && git commit -qm "track data" && git log --oneline -1
step "git clone $DEMO $DEMO/clone"
git clone -q "$DEMO" "$DEMO/clone"
cd "$DEMO/clone"
ls data
step "mlx pull   # in the clone"
"$MLX" pull
step "cmp data/train.csv data/model.bin against the originals"
if cmp data/train.csv "$DEMO/data/train.csv" && cmp data/model.bin "$DEMO/data/model.bin"; then
    echo "identical"
else
    echo "DIFFERENT" >&2; exit 1
fi
