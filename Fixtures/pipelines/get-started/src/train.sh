# The "model": a digest of the features and the training params.
set -e
{ cat "$1/train.txt"; sed -n '/^train:/,$p' params.yaml; } | cksum > "$2"
