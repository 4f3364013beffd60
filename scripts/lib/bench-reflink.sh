# bench.sh section `reflink`: add and checkout on a copy-on-write file system (XFS with
# reflink=1 on a loop-mounted image), side by side with DVC and the floors `b3sum` (hashing is
# all an add of a cloned file must do) and `cp -r --reflink=always && sync`.
#
# Needs root (mkfs.xfs on a file, mount -o loop); says so and skips otherwise. The image lives
# in BENCH_DIR and is unmounted and deleted when the section ends, whatever happens.
bench_reflink() {
    if [[ $(id -u) != 0 ]]; then
        echo "== reflink: skipped — mounting the XFS test image needs root (run bench.sh as root)"
        return 0
    fi
    ensure_command mkfs.xfs xfsprogs
    ensure_command b3sum b3sum
    ensure_apt time
    ensure_pip dvc dvc
    build_mlx
    local image=$BENCH_DIR/reflink.img mount=$BENCH_DIR/reflink big small
    big=$(make_data "hash-1024m.bin" 1024)
    small=$(make_tree tree-10k 10000)
    umount "$mount" 2>/dev/null || true
    rm -f "$image"
    mkdir -p "$mount"
    truncate -s 6G "$image"
    mkfs.xfs -q -m reflink=1 "$image"
    mount -o loop "$image" "$mount"
    # shellcheck disable=SC2064 # the paths are fixed now, on purpose
    # Cleared as it runs: a RETURN trap stays set and fired again when main returned, where
    # umount of the unmounted image made the whole bench exit 32.
    trap "umount '$mount' 2>/dev/null; rm -f '$image'; trap - RETURN" RETURN
    local work=$mount/work
    mkdir -p "$work"
    echo "== reflink: XFS (reflink=1, loop device) with DVC $(dvc --version); mlx doctor: $(cd "$work" && git init -q doctor && cd doctor && "$MLX" init -q && "$MLX" doctor 2>/dev/null | awk '/^link reflink/ { print $NF }'; rm -rf "$work/doctor") reflink"

    for tool in mlx dvc; do
        new_repo "$tool" "$work/$tool-big"
        cp --reflink=never "$big" "$work/$tool-big/big.bin"
    done
    cp --reflink=never "$big" "$work/big.bin"
    cat "$work/big.bin" "$work/mlx-big/big.bin" "$work/dvc-big/big.bin" >/dev/null
    run_prepared_rounds <<ROUNDS | report_ratios "add a warm 1 GiB file (fresh cache each round)" dvc b3sum
mlx	cd $work/mlx-big && rm -rf big.bin.mlx .gitignore .mlx/cache/files .mlx/tmp/hashindex	cd $work/mlx-big && "$MLX" add -q big.bin
dvc	cd $work/dvc-big && rm -rf big.bin.dvc .gitignore .dvc/cache .dvc/tmp	cd $work/dvc-big && dvc add -q big.bin
b3sum	true	b3sum $work/big.bin
ROUNDS
    rm -rf "$work"/*-big "$work/big.bin"

    # A new repository per round, all made before the rounds (see next_round_dir on why).
    export FRESH_DIR=$work/rounds
    export -f next_prepared next_round_dir round_dir
    clear_round_dirs
    # The clone floor needs its source on the same file system.
    cp -r --reflink=never "$small" "$work/tree-10k"
    local round
    for tool in mlx dvc; do
        new_repo "$tool" "$work/$tool-10k"
        cp -r "$small" "$work/$tool-10k/images"
        for ((round = 1; round <= ROUNDS; round++)); do
            new_repo "$tool" "$FRESH_DIR/$tool-10k.$round"
            cp -r "$small" "$FRESH_DIR/$tool-10k.$round/images"
        done
    done
    run_prepared_rounds <<ROUNDS | report_ratios "add a directory of 10,000 small files (a new repository each round)" dvc cp-reflink
mlx	next_prepared mlx-10k	cd "\$(round_dir mlx-10k)" && "$MLX" add -q images
dvc	next_prepared dvc-10k	cd "\$(round_dir dvc-10k)" && dvc add -q images
cp-reflink	next_round_dir cp-10k	cp -r --reflink=always "$work/tree-10k" "\$(round_dir cp-10k)" && sync
ROUNDS

    run_prepared_rounds <<ROUNDS | report_ratios "checkout --force of the 10,000-file directory after deleting it" dvc
mlx	cd $work/mlx-10k && "$MLX" add -q images && chmod -R u+w images && rm -rf images	cd $work/mlx-10k && "$MLX" checkout -q --force
dvc	cd $work/dvc-10k && dvc add -q images && rm -rf images	cd $work/dvc-10k && dvc checkout -q --force
ROUNDS
    clear_round_dirs
    echo "  goals: add 1 GiB within 1.5x b3sum; add and checkout of 10k files >= 10x DVC"
}
