#!/usr/bin/env bash
# Installs what is missing, builds mlx in release mode, then runs the main job end to end on
# built-in sample data and prints what happened.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
. scripts/lib/setup.sh

ensure_build_dependencies
log "building mlx (release, Swift runtime linked in: one self-contained binary)"
swift build -c release --product mlx --static-swift-stdlib 2>&1 | tail -1
MLX="$PWD/.build/release/mlx"

DEMO=$(mktemp -d "${TMPDIR:-/tmp}/mlx-demo.XXXXXX")
# The folder remote lives beside the project: mlx refuses a remote inside the work tree.
STORE="$DEMO.store"
trap 'chmod -R u+w "$DEMO" "$STORE" 2>/dev/null; rm -rf "$DEMO" "$STORE"' EXIT

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
export PATH="$(dirname "$MLX"):$PATH"
git init -q -b main .
git config user.name "mlx demo"
git config user.email demo@example.com

step "mlx version"
mlx version

step "mlx hash data/train.csv data/model.bin   # prints what b3sum prints"
mlx hash data/train.csv data/model.bin
if [ "$(mlx hash data/train.csv data/model.bin)" = "$(b3sum data/train.csv data/model.bin)" ]; then
    echo "(identical to b3sum)"
else
    echo "DIFFERENT from b3sum" >&2; exit 1
fi

mkdir -p data/images
for i in $(seq 1 50); do head -c $((i * 997)) /dev/urandom > "data/images/img$i.jpg"; done

step "mlx init"
mlx init
step "mlx add data/train.csv data/images   # a file and a directory"
mlx add data/train.csv data/images
step "cat data/train.csv.mlx   # the pointer file git tracks"
cat data/train.csv.mlx
step "git add . && git commit -m 'Track data with mlx'"
git add . && git commit -qm "Track data with mlx" && git log --oneline | head -1

step "echo 0.1,0.2,1 >> data/train.csv; rm data/images/img7.jpg   # change the data"
echo 0.1,0.2,1 >> data/train.csv
rm data/images/img7.jpg
step "mlx status"
mlx status || true
step "mlx checkout --force   # back to what git recorded, from the cache"
mlx checkout --force
step "mlx status"
mlx status

# Remotes: push the data to a local-folder remote, clone the git repository elsewhere and pull
# the data there; the bytes must be identical.
step "mlx remote add -d storage $STORE   # a local-folder remote"
mlx remote add -d storage "$STORE"
step "mlx status --cloud"
mlx status --cloud || true
step "mlx push"
mlx push
git add -A && git commit -qm "Add the storage remote"
step "git clone $DEMO $DEMO/clone && cd $DEMO/clone && mlx pull"
git clone -q "$DEMO" "$DEMO/clone"
cd "$DEMO/clone"
mlx pull
step "compare the clone's data with the original"
if cmp data/train.csv "$DEMO/data/train.csv" && diff -r data/images "$DEMO/data/images"; then
    echo "identical"
else
    echo "DIFFERENT" >&2; exit 1
fi
cd "$DEMO"

# The pipeline, in a project of its own: prepare -> train -> evaluate, with a params.yaml.
PIPELINE="$DEMO/pipeline"
mkdir -p "$PIPELINE"
cp -r "$REPO/Fixtures/pipelines/demo/." "$PIPELINE/"
cd "$PIPELINE"
git init -q -b main . && git config user.name "mlx demo" && git config user.email demo@example.com
mlx init -q
step "cat mlx.yaml   # a three-stage pipeline (prepare -> train -> evaluate)"
grep -v '^#' mlx.yaml
step "mlx dag"
mlx dag
step "mlx repro   # first run: every stage"
mlx repro
step "mlx repro   # nothing changed: nothing runs"
mlx repro
step "mlx metrics show"
mlx metrics show
step "git add -A && git commit -m 'Run the pipeline'   # mlx.lock records what each stage used and made"
git add -A && git commit -qm "Run the pipeline" && git log --oneline | head -1
step "sed -i 's/lr: 0.01/lr: 0.02/' params.yaml && mlx params diff"
sed -i 's/lr: 0.01/lr: 0.02/' params.yaml
mlx params diff
step "mlx status   # as dvc status: which stages changed, and why"
mlx status
step "mlx repro   # only train and evaluate depend on train.lr"
mlx repro
step "mlx metrics diff"
mlx metrics diff || true
step "sed -i 's/lr: 0.02/lr: 0.01/' params.yaml && mlx repro   # seen before: restored from the run cache"
sed -i 's/lr: 0.02/lr: 0.01/' params.yaml
mlx repro
