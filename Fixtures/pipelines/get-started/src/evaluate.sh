# Scores that depend on the model and features; plot data for ROC and the confusion matrix.
set -e
mkdir -p eval/plots/sklearn/roc eval/plots/sklearn/cm eval/plots/images
score=$(cut -c1-3 "$1")
features=$(head -1 "$2/train.txt")
printf '{"avg_prec": {"train": 0.%s, "test": 0.%s}, "roc_auc": {"train": 0.9, "test": 0.8}}\n' "$score" "$features" > eval/metrics.json
for split in train test; do
    printf '{"roc": [{"fpr": 0.0, "tpr": 0.0}, {"fpr": 0.5, "tpr": 0.%s}, {"fpr": 1.0, "tpr": 1.0}]}\n' "$score" > "eval/plots/sklearn/roc/$split.json"
    printf '[{"actual": "R", "predicted": "R"}, {"actual": "other", "predicted": "R"}]\n' > "eval/plots/sklearn/cm/$split.json"
done
printf 'PNG' > eval/plots/images/importance.png
