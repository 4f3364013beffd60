"""Fits y = a*x + b to a CSV of x,y rows by gradient descent and writes the model as JSON."""
import argparse
import csv
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("model")
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--epochs", type=int, required=True)
    args = parser.parse_args()
    with open(args.data) as handle:
        rows = [(float(x), float(y)) for x, y in list(csv.reader(handle))[1:]]
    a = b = 0.0
    for _ in range(args.epochs):
        grad_a = sum(2 * (a * x + b - y) * x for x, y in rows) / len(rows)
        grad_b = sum(2 * (a * x + b - y) for x, y in rows) / len(rows)
        a, b = a - args.lr * grad_a, b - args.lr * grad_b
    os.makedirs(os.path.dirname(args.model), exist_ok=True)
    with open(args.model, "w") as handle:
        json.dump({"a": round(a, 6), "b": round(b, 6)}, handle, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
