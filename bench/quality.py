#!/usr/bin/env python3
"""Held-out quality of mlp, scikit-learn and PyTorch on the same seeded splits.

The same network (hidden 64,32 relu, Adam lr 0.001, batch 32, 200 epochs, no L2) trained by
each tool on the training part of a 70/30 split (stratified for classification), scored on the
test part; with and without early stopping; five seeds; mean ± std (population) and seconds.

  mlp          mlp train --hidden 64,32 ... [--validation 0.2 --patience 10]
  scikit-learn StandardScaler + MLPClassifier/MLPRegressor(alpha=0, batch_size=32, ...);
               without early stopping n_iter_no_change=max_iter so all 200 epochs run;
               with it early_stopping=True (its defaults: 10 % validation, patience 10)
  PyTorch      nn.Linear (its default initialization), inputs (and a regression target)
               standardized on the training rows; with early stopping a seeded 20 % split
               (stratified for classification), patience 10 on the validation loss, the best
               epoch's weights kept

Needs Debian's python3-torch, python3-sklearn, python3-pandas. Run with the Debian python:
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/quality.py --mlp PATH_TO_MLP [--out bench/results/quality.md]
"""
import argparse, json, os, subprocess, sys, tempfile, time
import numpy as np
import torch
from sklearn import datasets
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import accuracy_score, r2_score

HIDDEN = (64, 32)
LR, BATCH, EPOCHS, PATIENCE, SEEDS = 1e-3, 32, 200, 10, 5


def house(n=3000, seed=0):
    """Synthetic house prices in dollars: features in their own units, a price of about $400k."""
    rng = np.random.default_rng(seed)
    sqft = rng.uniform(500, 4500, n)
    bedrooms = rng.integers(1, 6, n).astype(float)
    age = rng.uniform(0, 100, n)
    lot = rng.uniform(1000, 20000, n)
    distance = rng.uniform(0.5, 40, n)
    price = (60_000 + 140 * sqft + 12_000 * bedrooms - 900 * age + 4 * lot
             - 25_000 * np.log(distance) + 20_000 * np.sin(sqft / 700) + rng.normal(0, 15_000, n))
    return np.column_stack([sqft, bedrooms, age, lot, distance]), price


def data_sets(names):
    """(name, X, y, task, tuned) — tuned: a data set the issue's table measured (False: not tuned on)."""
    make = {
        "wine": lambda: (*datasets.load_wine(return_X_y=True), "multiclass", True),
        "digits": lambda: (*datasets.load_digits(return_X_y=True), "multiclass", True),
        "iris": lambda: (*datasets.load_iris(return_X_y=True), "multiclass", True),
        "breast-cancer": lambda: (*datasets.load_breast_cancer(return_X_y=True), "binary", True),
        "diabetes": lambda: (*datasets.load_diabetes(return_X_y=True), "regression", True),
        "friedman": lambda: (*datasets.make_friedman1(5000, 20, noise=1.0, random_state=0), "regression", True),
        "house": lambda: (*house(), "regression", True),
        "imbalanced": lambda: (*datasets.make_classification(
            2000, 20, n_informative=6, weights=[0.9, 0.1], flip_y=0.02, random_state=1), "binary", False),
        "blobs-3": lambda: (*datasets.make_blobs(1500, 10, centers=3, cluster_std=4.0, random_state=2), "multiclass", False),
        "regression-10": lambda: (*datasets.make_regression(1500, 10, n_informative=6, noise=20, random_state=3), "regression", False),
        "friedman3": lambda: (*datasets.make_friedman3(2000, noise=0.1, random_state=4), "regression", False),
        "hastie": lambda: (*datasets.make_hastie_10_2(2000, random_state=5), "binary", False),
        "quantiles-3": lambda: (*datasets.make_gaussian_quantiles(n_samples=1500, n_features=6, n_classes=3,
                                                                  random_state=6), "multiclass", False),
        "sparse-regression": lambda: (*datasets.make_sparse_uncorrelated(1500, 10, random_state=7), "regression", False),
    }
    for name in names:
        X, y, task, tuned = make[name]()
        yield name, X.astype(np.float64), y, task, tuned


def write_csv(path, X, y):
    header = ",".join(f"x{i}" for i in range(X.shape[1])) + ",y"
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.17g")


def score(task, y_true, y_pred):
    return r2_score(y_true, y_pred) if task == "regression" else accuracy_score(y_true, y_pred)


def run_mlp(mlp, task, train, test, seed, early, folder):
    model = os.path.join(folder, "m.mlp")
    args = [mlp, "train", train, "-o", model, "--task", task, "--hidden", ",".join(map(str, HIDDEN)),
            "--lr", str(LR), "--batch-size", str(BATCH), "--epochs", str(EPOCHS), "--seed", str(seed), "-q"]
    if early:
        args += ["--validation", "0.2", "--patience", str(PATIENCE)]
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    metrics = json.loads(subprocess.run([mlp, "eval", model, test, "--json"], check=True,
                                        capture_output=True, text=True).stdout)["metrics"]
    return metrics["r2" if task == "regression" else "accuracy"], seconds


def run_sklearn(task, Xtr, ytr, Xte, yte, seed, early):
    kind = MLPRegressor if task == "regression" else MLPClassifier
    options = dict(hidden_layer_sizes=HIDDEN, activation="relu", solver="adam", alpha=0.0, batch_size=BATCH,
                   learning_rate_init=LR, max_iter=EPOCHS, shuffle=True, random_state=seed)
    options.update(dict(early_stopping=True) if early else dict(n_iter_no_change=EPOCHS, tol=0.0))
    model = make_pipeline(StandardScaler(), kind(**options))
    start = time.perf_counter()
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(Xtr, ytr)
    seconds = time.perf_counter() - start
    return score(task, yte, model.predict(Xte)), seconds


def run_torch(task, Xtr, ytr, Xte, yte, seed, early):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    if early:
        fit_idx, val_idx = train_test_split(np.arange(len(ytr)), test_size=0.2, random_state=seed,
                                            stratify=None if task == "regression" else ytr)
    else:
        fit_idx, val_idx = np.arange(len(ytr)), np.array([], dtype=int)
    mu, sd = Xtr[fit_idx].mean(0), Xtr[fit_idx].std(0)
    sd[sd == 0] = 1
    def inputs(X): return torch.tensor((X - mu) / sd, dtype=torch.float32)
    classes = np.unique(ytr) if task != "regression" else None
    if task == "regression":
        ym, ys = ytr[fit_idx].mean(), ytr[fit_idx].std()
        def targets(y): return torch.tensor((y - ym) / ys, dtype=torch.float32).unsqueeze(1)
        loss_fn, outputs = torch.nn.MSELoss(), 1
    elif task == "binary":
        def targets(y): return torch.tensor(np.searchsorted(classes, y), dtype=torch.float32).unsqueeze(1)
        loss_fn, outputs = torch.nn.BCEWithLogitsLoss(), 1
    else:
        def targets(y): return torch.tensor(np.searchsorted(classes, y), dtype=torch.int64)
        loss_fn, outputs = torch.nn.CrossEntropyLoss(), len(classes)
    sizes = [Xtr.shape[1], *HIDDEN]
    layers = []
    for i, o in zip(sizes, sizes[1:]):
        layers += [torch.nn.Linear(i, o), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], outputs))
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    X, y = inputs(Xtr[fit_idx]), targets(ytr[fit_idx])
    Xv, yv = inputs(Xtr[val_idx]), targets(ytr[val_idx])
    best, best_state, since = float("inf"), None, 0
    for _ in range(EPOCHS):
        model.train()
        order = torch.randperm(len(X), generator=generator)
        for s in range(0, len(X), BATCH):
            batch = order[s:s + BATCH]
            optimizer.zero_grad()
            loss_fn(model(X[batch]), y[batch]).backward()
            optimizer.step()
        if early:
            with torch.no_grad():
                loss = float(loss_fn(model(Xv), yv))
            if loss < best:
                best, best_state, since = loss, {k: v.clone() for k, v in model.state_dict().items()}, 0
            else:
                since += 1
                if since >= PATIENCE:
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    with torch.no_grad():
        out = model(inputs(Xte))
    if task == "regression":
        pred = out.squeeze(1).numpy() * ys + ym
    elif task == "binary":
        pred = classes[(out.squeeze(1) > 0).numpy().astype(int)]
    else:
        pred = classes[out.argmax(1).numpy()]
    return score(task, yte, pred), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlp", required=True, help="the mlp command (the installed tool)")
    parser.add_argument("--out", default=None, help="write the Markdown table here too")
    parser.add_argument("--seeds", type=int, default=SEEDS)
    parser.add_argument("--datasets", default="wine,digits,iris,breast-cancer,diabetes,friedman,house,"
                        "imbalanced,blobs-3,regression-10,friedman3,hastie,quantiles-3,sparse-regression")
    a = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    folder = tempfile.mkdtemp(prefix="mlp-quality-")
    for name, X, y, task, tuned in data_sets(a.datasets.split(",")):
        for early in (False, True):
            results = {"mlp": [], "scikit-learn": [], "PyTorch": []}
            seconds = {k: [] for k in results}
            for seed in range(a.seeds):
                Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=seed,
                                                      stratify=None if task == "regression" else y)
                train, test = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
                write_csv(train, Xtr, ytr)
                write_csv(test, Xte, yte)
                for tool, run in (("mlp", lambda: run_mlp(a.mlp, task, train, test, seed, early, folder)),
                                  ("scikit-learn", lambda: run_sklearn(task, Xtr, ytr, Xte, yte, seed, early)),
                                  ("PyTorch", lambda: run_torch(task, Xtr, ytr, Xte, yte, seed, early))):
                    q, s = run()
                    results[tool].append(q)
                    seconds[tool].append(s)
            stats = {t: (np.mean(v), np.std(v), np.mean(seconds[t])) for t, v in results.items()}
            best_peer = max(("scikit-learn", "PyTorch"), key=lambda t: stats[t][0])
            ok = stats["mlp"][0] >= stats[best_peer][0] - stats[best_peer][1]
            rows.append((name, task, tuned, early, stats, best_peer, ok))
            print(f"{name:14} {'early stop' if early else '200 epochs':10} " +
                  "  ".join(f"{t} {m:.3f}±{sd:.3f} ({s:.1f}s)" for t, (m, sd, s) in stats.items()) +
                  f"  {'ok' if ok else 'BELOW'}", flush=True)
    lines = ["| data | metric | training | mlp | scikit-learn | PyTorch | mlp within 1 std of the best peer |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, task, tuned, early, stats, best_peer, ok in rows:
        cells = [f"{m:.3f} ± {sd:.3f} ({s:.1f} s)" for (m, sd, s) in stats.values()]
        lines.append(f"| {name}{'' if tuned else ' (not tuned on)'} | {'R²' if task == 'regression' else 'accuracy'} | "
                     f"{'early stopping' if early else f'{EPOCHS} epochs'} | " + " | ".join(cells) +
                     f" | {'✓' if ok else '✗'} (best: {best_peer}) |")
    table = "\n".join(lines)
    print(table)
    if a.out:
        with open(a.out, "w") as f:
            f.write(table + "\n")


if __name__ == "__main__":
    main()
