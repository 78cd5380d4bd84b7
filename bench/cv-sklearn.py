#!/usr/bin/python3
"""mlp train --cv 5 against scikit-learn's cross_val_score on the same folds and network.

usage: cv-sklearn.py [MLP]   (MLP: the mlp command, default `mlp` on PATH)

Wine (multiclass, accuracy) and diabetes (regression, R²) from scikit-learn's bundled data.
mlp reports its five folds' test rows in --json; scikit-learn scores the same folds
(PredefinedSplit) with the same network: inputs standardized (StandardScaler), one hidden layer
of the same width and activation, Adam at the same rate, the same batch size and epochs, no
L2 (alpha=0), no early stopping; for regression the target standardized too, as mlp does
(TransformedTargetRegressor). Prints both means and stds and whether mlp's mean is within one
std of scikit-learn's.
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes, load_wine
from sklearn.model_selection import PredefinedSplit, cross_val_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

MLP = sys.argv[1] if len(sys.argv) > 1 else "mlp"
HIDDEN, EPOCHS, BATCH, LR = 32, 200, 32, 0.001


def compare(name, loader, regression, metric):
    data = loader(as_frame=True)
    frame = data.frame
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"{name}.csv")
        frame.to_csv(path, index=False)
        task = ["--task", "regression"] if regression else []
        result = subprocess.run(
            [MLP, "train", path, "--cv", "5", "--hidden", str(HIDDEN), "--epochs", str(EPOCHS),
             "--batch-size", str(BATCH), "--lr", str(LR), "--json", "--quiet", *task],
            check=True, capture_output=True, text=True)
    ours = json.loads(result.stdout)
    fold_of_row = np.empty(len(frame), dtype=int)
    for fold, rows in enumerate(ours["test_rows"]):
        fold_of_row[rows] = fold
    x, y = data.data.to_numpy(), data.target.to_numpy()
    network = (MLPRegressor if regression else MLPClassifier)(
        hidden_layer_sizes=(HIDDEN,), max_iter=EPOCHS, batch_size=BATCH, learning_rate_init=LR,
        alpha=0.0, random_state=0)
    model = make_pipeline(StandardScaler(), network)
    if regression:
        model = TransformedTargetRegressor(regressor=model, transformer=StandardScaler())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = cross_val_score(model, x, y, cv=PredefinedSplit(fold_of_row),
                                 scoring="r2" if regression else "accuracy")
    mean, std = ours["metrics"][metric]["mean"], ours["metrics"][metric]["std"]
    within = abs(mean - theirs.mean()) <= theirs.std()
    print(f"{name:9s} {metric:8s} mlp {mean:.4f} ± {std:.4f}   scikit-learn {theirs.mean():.4f} ± {theirs.std():.4f}"
          f"   {'within' if within else 'NOT within'} one std")
    return within


def main():
    ok = compare("wine", load_wine, regression=False, metric="accuracy")
    ok &= compare("diabetes", load_diabetes, regression=True, metric="r2")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
