# "Features": line counts, and the params that shaped them.
set -e
mkdir -p "$2"
max=$(sed -n 's/^  max_features: //p' params.yaml)
wc -l < "$1/train.tsv" > "$2/train.txt"
wc -l < "$1/test.tsv" > "$2/test.txt"
echo "max_features=$max" >> "$2/train.txt"
