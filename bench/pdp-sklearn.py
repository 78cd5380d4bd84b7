#!/usr/bin/python3
"""mlp pdp against scikit-learn's partial_dependence(method="brute") on the very same network.

usage: pdp-sklearn.py [MLP]   (MLP: the mlp command, default `mlp` on PATH)

Generates data with numeric, integer (fewer distinct values than the grid) and categorical
columns; trains a regression, a binary and a multiclass model with mlp; rebuilds each as a
scikit-learn pipeline (one-hot + standardization as the model's input_scaling, then an
MLPRegressor/MLPClassifier whose coefs_/intercepts_ are mlp's weights; for regression the
last layer also undoes the target's standardization); and compares the grid, the average and
every ICE curve for one feature and for two, numeric and categorical. Exits 1 when any
difference exceeds 1e-5 (relative to the output's scale for regression). Then times one
feature's partial dependence over 5,000 rows × 100 grid points: scikit-learn's call alone,
and the whole `mlp pdp` process (start-up, reading the CSV and the model included); medians of 5.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.inspection import partial_dependence
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

MLP = sys.argv[1] if len(sys.argv) > 1 else "mlp"
TOLERANCE = 1e-5
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "identity": "identity"}


def run(*args):
    return subprocess.run([MLP, *args], check=True, capture_output=True, text=True).stdout


def make_data(folder):
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "x1": rng.normal(size=n).round(5),
        "x2": rng.uniform(0, 5, size=n).round(4),
        "color": rng.choice(["red", "green", "blue"], size=n),
        "k": rng.integers(0, 4, size=n),
    })
    effect = frame["color"].map({"red": 1.0, "green": -0.5, "blue": 0.0})
    signal = np.sin(frame["x1"]) + 0.4 * frame["x2"] * effect + 0.3 * frame["k"] - 0.5
    frame["y"] = (signal + 0.1 * rng.normal(size=n)).round(5)
    paths = {}
    paths["regression"] = os.path.join(folder, "regression.csv")
    frame.to_csv(paths["regression"], index=False)
    binary = frame.drop(columns="y").assign(label=np.where(signal > 0, "yes", "no"))
    paths["binary"] = os.path.join(folder, "binary.csv")
    binary.to_csv(paths["binary"], index=False)
    three = frame.drop(columns="y").assign(kind=np.select([signal < -0.4, signal < 0.6], ["low", "mid"], "high"))
    paths["multiclass"] = os.path.join(folder, "multiclass.csv")
    three.to_csv(paths["multiclass"], index=False)
    return paths


def pipeline(weights, frame):
    """The model as scikit-learn: encode and standardize as mlp does, then the same layers."""
    names = weights["features"]
    mean = np.array(weights["input_scaling"]["mean"])
    std = np.array(weights["input_scaling"]["std"])

    def encode(x):
        columns = []
        for name in names:
            if name in x.columns:
                columns.append(x[name].to_numpy(np.float64))
            else:
                source, category = name.split("=", 1)
                columns.append((x[source].astype(str) == category).to_numpy(np.float64))
        return (np.column_stack(columns) - mean) / std

    layers = weights["layers"]
    hidden = tuple(layer["out"] for layer in layers[:-1])
    regression = weights["task"] == "regression"
    network = (MLPRegressor if regression else MLPClassifier)(
        hidden_layer_sizes=hidden, activation=SKLEARN_ACTIVATION[layers[0]["activation"]], max_iter=1)
    target = frame[weights["target"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network.fit(encode(frame), target)  # sets up the attributes; the weights are replaced
    network.coefs_ = [np.array(layer["weights"], np.float64).T for layer in layers]
    network.intercepts_ = [np.array(layer["biases"], np.float64) for layer in layers]
    if regression:
        scale = weights["target_scaling"]
        network.coefs_[-1] = network.coefs_[-1] * scale["std"]
        network.intercepts_[-1] = network.intercepts_[-1] * scale["std"] + scale["mean"]
    return make_pipeline(FunctionTransformer(encode), network)


def compare(task, data_path, model_path, features, class_name=None):
    weights = json.loads(run("weights", model_path))
    frame = pd.read_csv(data_path, keep_default_na=False)
    model = pipeline(weights, frame)
    x = frame.drop(columns=weights["target"])
    categorical = [f for f in features if x[f].dtype == object]
    args = ["pdp", model_path, data_path, "--features", ",".join(features), "--kind", "both",
            "--rows", "all", "--format", "json"]
    if class_name is not None:
        args += ["--class", class_name]
    ours = json.loads(run(*args))
    theirs = partial_dependence(model, x, features, categorical_features=categorical or None,
                                kind="both", grid_resolution=100, percentiles=(0.05, 0.95), method="brute")
    output = 0
    if class_name is not None:
        output = list(model.classes_).index(class_name)
    grid_values = theirs.get("grid_values", theirs.get("values"))
    grid_gap = max(
        0.0 if isinstance(a[0], str) else float(np.max(np.abs(np.asarray(a, float) - np.asarray(b, float))))
        for a, b in zip(ours["grid"], grid_values))
    for a, b in zip(ours["grid"], grid_values):
        assert [str(v) for v in a] == [str(v) for v in b] if isinstance(a[0], str) else len(a) == len(b)
    average_gap = float(np.max(np.abs(np.asarray(ours["average"]) - theirs["average"][output])))
    individual_gap = float(np.max(np.abs(np.asarray(ours["individual"]) - theirs["individual"][output])))
    scale = float(np.max(np.abs(theirs["individual"][output]))) if task == "regression" else 1.0
    worst = max(average_gap, individual_gap) / max(scale, 1.0)
    kind = "categorical" if categorical else "numeric"
    print(f"{task:10s} {','.join(features):9s} {kind:11s} grid {'x'.join(str(len(g)) for g in ours['grid']):6s} "
          f"grid gap {grid_gap:.1e}  average gap {average_gap:.1e}  ICE gap {individual_gap:.1e}"
          f"{'  (output scale %.1f)' % scale if task == 'regression' else ''}")
    return worst <= TOLERANCE


def main():
    with tempfile.TemporaryDirectory() as folder:
        paths = make_data(folder)
        ok = True
        for task, activation in [("regression", "tanh"), ("binary", "relu"), ("multiclass", "relu")]:
            model_path = os.path.join(folder, f"{task}.mlp")
            run("train", paths[task], "-o", model_path, "--hidden", "16,8", "--activation", activation,
                "--epochs", "60", "--quiet")
            class_name = "high" if task == "multiclass" else None
            for features in (["x1"], ["k"], ["color"], ["x1", "x2"], ["x2", "color"]):
                ok &= compare(task, paths[task], model_path, features, class_name)
        print("all within 1e-5" if ok else "DIFFERENCES ABOVE 1e-5")
        timing(folder)
        sys.exit(0 if ok else 1)


def timing(folder):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(5000, 5)).round(5), columns=[f"c{i}" for i in range(1, 6)])
    frame["y"] = (3 * frame.c1 - 2 * frame.c2 + frame.c3 + 0.5 * frame.c4 + 0.1 * rng.normal(size=5000)).round(5)
    data_path = os.path.join(folder, "timing.csv")
    frame.to_csv(data_path, index=False)
    model_path = os.path.join(folder, "timing.mlp")
    run("train", data_path, "-o", model_path, "--hidden", "12", "--epochs", "20", "--quiet")
    model = pipeline(json.loads(run("weights", model_path)), frame)
    x = frame.drop(columns="y")

    def median(action):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return float(np.median(times)) * 1000

    theirs = median(lambda: partial_dependence(model, x, ["c1"], kind="average", grid_resolution=100, method="brute"))
    ours = median(lambda: run("pdp", model_path, data_path, "--features", "c1", "--format", "csv"))
    print(f"5,000 rows x 100 grid points, one feature: scikit-learn partial_dependence {theirs:.1f} ms, "
          f"mlp pdp (whole process) {ours:.1f} ms")


if __name__ == "__main__":
    main()
