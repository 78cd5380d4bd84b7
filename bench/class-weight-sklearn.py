#!/usr/bin/python3
"""--class-weight balanced against scikit-learn's nearest equivalent, on imbalanced data.

usage: class-weight-sklearn.py [MLP]   (MLP: the mlp command, default `mlp` on PATH)
       SEEDS=20 MLP_OPTIONS="--l2 0.01" class-weight-sklearn.py [MLP]
         (SEEDS: how many seeds, default 5; MLP_OPTIONS: more `mlp train` options for both mlp runs)

make_classification(n_samples=5000, weights=[0.95, 0.05], random_state=seed) for five seeds,
4,000 rows to train, 1,000 held out. mlp trains its default network (64 ReLU units, Adam,
100 epochs) with and without --class-weight balanced. scikit-learn 1.2's MLPClassifier has
no class_weight and no sample_weight, so its nearest equivalents are an unweighted
MLPClassifier of the same shape and one trained on the minority class resampled up to the
majority's size (the duplication that balanced weights stand for); and, for scikit-learn's own
class_weight="balanced" where it has one, a LogisticRegression with and without it. Prints the minority class's
recall, precision and F1 on the held-out rows (threshold 0.5), per seed and on average.
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import resample

MLP = sys.argv[1] if len(sys.argv) > 1 else "mlp"
SEEDS = range(int(os.environ.get("SEEDS", "5")))
MLP_OPTIONS = os.environ.get("MLP_OPTIONS", "").split()


def scores(truth, predicted):
    return (recall_score(truth, predicted), precision_score(truth, predicted, zero_division=0),
            f1_score(truth, predicted))


def mlp_scores(folder, train, test, weighted):
    model = os.path.join(folder, "model.mlp")
    args = [MLP, "train", train, "-o", model, "--quiet", *MLP_OPTIONS] + (["--class-weight", "balanced"] if weighted else [])
    subprocess.run(args, check=True, capture_output=True)
    result = subprocess.run([MLP, "eval", model, test, "--json"], check=True, capture_output=True, text=True)
    metrics = json.loads(result.stdout)["metrics"]
    return metrics["recall"], metrics["precision"], metrics["f1"]


def sklearn_scores(x, y, x_test, y_test, seed, upsample):
    if upsample:
        minority = y == 1
        extra_x, extra_y = resample(x[minority], y[minority], n_samples=int((~minority).sum()), random_state=seed)
        x, y = np.vstack([x[~minority], extra_x]), np.concatenate([y[~minority], extra_y])
    model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=100, random_state=seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y)
    return scores(y_test, model.predict(x_test))


def logistic_scores(x, y, x_test, y_test, balanced):
    model = make_pipeline(StandardScaler(), LogisticRegression(
        max_iter=1000, class_weight="balanced" if balanced else None))
    model.fit(x, y)
    return scores(y_test, model.predict(x_test))


def main():
    rows = {name: [] for name in ["mlp", "mlp --class-weight balanced", "MLPClassifier",
                                  "MLPClassifier, minority resampled up", "LogisticRegression",
                                  "LogisticRegression, balanced"]}
    with tempfile.TemporaryDirectory() as folder:
        for seed in SEEDS:
            x, y = make_classification(n_samples=5000, weights=[0.95, 0.05], random_state=seed)
            frame = pd.DataFrame(x.round(5), columns=[f"f{i}" for i in range(x.shape[1])]).assign(y=y)
            train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
            frame.iloc[:4000].to_csv(train, index=False)
            frame.iloc[4000:].to_csv(test, index=False)
            x_train, y_train, x_test, y_test = x[:4000].round(5), y[:4000], x[4000:].round(5), y[4000:]
            rows["mlp"].append(mlp_scores(folder, train, test, weighted=False))
            rows["mlp --class-weight balanced"].append(mlp_scores(folder, train, test, weighted=True))
            rows["MLPClassifier"].append(sklearn_scores(x_train, y_train, x_test, y_test, seed, upsample=False))
            rows["MLPClassifier, minority resampled up"].append(
                sklearn_scores(x_train, y_train, x_test, y_test, seed, upsample=True))
            rows["LogisticRegression"].append(logistic_scores(x_train, y_train, x_test, y_test, False))
            rows["LogisticRegression, balanced"].append(logistic_scores(x_train, y_train, x_test, y_test, True))
    print(f"{'':38s} {'recall':>7s} {'precision':>9s} {'F1':>6s}   (minority class, held out; mean of {len(SEEDS)} seeds)")
    for name, values in rows.items():
        recall, precision, f1 = np.mean(values, axis=0)
        per_seed = " ".join(f"{v[0]:.2f}/{v[2]:.2f}" for v in values)
        print(f"{name:38s} {recall:7.3f} {precision:9.3f} {f1:6.3f}   recall/F1 per seed: {per_seed}")


if __name__ == "__main__":
    main()
