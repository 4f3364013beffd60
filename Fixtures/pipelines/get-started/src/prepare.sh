# Splits the posts into train and test (every fifth line is a test line).
set -e
mkdir -p data/prepared
awk 'NR % 5 == 0' "$1" > data/prepared/test.tsv
awk 'NR % 5 != 0' "$1" > data/prepared/train.tsv
