#!/usr/bin/python3
"""scikit-learn's permutation_importance on the very model mlp trained (weights from `mlp weights`).

usage: importance-sklearn.py WEIGHTS.json DATA.csv [REPEATS]
Prints the per-feature mean and std, and the median time of 5 calls (the call alone).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

weights = json.load(open(sys.argv[1]))
data = pd.read_csv(sys.argv[2])
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 10
assert weights["task"] in ("binary", "regression"), "binary or regression models only"
features = weights["features"]
x = data[features].to_numpy(np.float64)
y = data[weights["target"]].to_numpy()

layers = weights["layers"]
activation = layers[0]["activation"] if len(layers) > 1 else "identity"
hidden = tuple(layer["out"] for layer in layers[:-1])
is_binary = weights["task"] == "binary"
model = (MLPClassifier if is_binary else MLPRegressor)(
    hidden_layer_sizes=hidden, activation={"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "identity": "identity"}[activation],
    max_iter=1)
# One tiny fit sets up the attributes; the weights are then replaced by mlp's.
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    model.fit(x[:50], y[:50])
model.coefs_ = [np.array(layer["weights"], np.float64).T for layer in layers]
model.intercepts_ = [np.array(layer["biases"], np.float64) for layer in layers]
scaler = StandardScaler()
scaler.fit(x[:50])
scaler.mean_ = np.array(weights["input_scaling"]["mean"], np.float64)
scaler.scale_ = np.array(weights["input_scaling"]["std"], np.float64)
pipeline = make_pipeline(scaler, model)
scoring = "accuracy" if is_binary else "r2"

times = []
for run in range(5):
    start = time.perf_counter()
    result = permutation_importance(pipeline, x, y, n_repeats=repeats, random_state=run, scoring=scoring)
    times.append(time.perf_counter() - start)
print(json.dumps({
    "baseline_score": float(pipeline.score(x, y)),
    "features": {name: {"importance": float(m), "std": float(s)}
                 for name, m, s in zip(features, result.importances_mean, result.importances_std)},
    "median_ms": float(np.median(times) * 1000),
}, indent=1))
