"""Shuffles data/raw.csv with prepare.seed and splits off prepare.split of it as the test set."""
import csv
import os
import random
import sys


def read_params(path="params.yaml"):
    """Reads the two-level `section:\n  key: value` params.yaml of this demo (no YAML library)."""
    params, section = {}, None
    for line in open(path):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.strip().partition(":")
        if not line.startswith(" "):
            section = params.setdefault(key, {})
        else:
            section[key] = float(value) if "." in value else int(value)
    return params


def main(source, target):
    params = read_params()["prepare"]
    with open(source) as handle:
        rows = list(csv.reader(handle))
    header, rows = rows[0], rows[1:]
    random.Random(params["seed"]).shuffle(rows)
    cut = int(len(rows) * params["split"])
    os.makedirs(target, exist_ok=True)
    for name, part in (("test.csv", rows[:cut]), ("train.csv", rows[cut:])):
        with open(os.path.join(target, name), "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(part)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
