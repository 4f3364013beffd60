"""Writes the model's mean squared error on the test set to a metrics JSON file."""
import csv
import json
import sys


def main(model_path, data_path, metrics_path):
    with open(model_path) as handle:
        model = json.load(handle)
    with open(data_path) as handle:
        rows = [(float(x), float(y)) for x, y in list(csv.reader(handle))[1:]]
    mse = sum((model["a"] * x + model["b"] - y) ** 2 for x, y in rows) / len(rows)
    with open(metrics_path, "w") as handle:
        json.dump({"mse": round(mse, 6), "test_rows": len(rows)}, handle, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
