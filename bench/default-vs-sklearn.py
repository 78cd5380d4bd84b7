#!/usr/bin/env python3
"""`mlp train data.csv` with its defaults against scikit-learn's MLPClassifier() defaults, on the
breast-cancer split `mlp demo` writes (80/20, seeded): accuracy and log loss on the held-out rows.

  /usr/bin/python3 bench/default-vs-sklearn.py --mlp PATH_TO_MLP [--seeds 42,0,1,2,3]

Each seed is a demo split (`mlp demo --seed S`); scikit-learn runs with and without a
StandardScaler in front (its documentation recommends one), with random_state = S.
"""
import argparse, json, os, subprocess, tempfile, warnings
import numpy as np, pandas as pd
from sklearn.metrics import accuracy_score, log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

parser = argparse.ArgumentParser()
parser.add_argument("--mlp", required=True)
parser.add_argument("--seeds", default="42,0,1,2,3", help="demo seeds; 42 is the demo's own split")
a = parser.parse_args()
rows = []
for seed in map(int, a.seeds.split(",")):
    folder = tempfile.mkdtemp(prefix="mlp-default-")
    subprocess.run([a.mlp, "demo", "--out", folder, "--seed", str(seed), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    train, test = os.path.join(folder, "breast_cancer_train.csv"), os.path.join(folder, "breast_cancer_test.csv")
    model = os.path.join(folder, "default.mlp")
    subprocess.run([a.mlp, "train", train, "-o", model, "-q"], check=True, stdout=subprocess.DEVNULL)
    m = json.loads(subprocess.run([a.mlp, "eval", model, test, "--json"], check=True, capture_output=True,
                                  text=True).stdout)["metrics"]
    tr, te = pd.read_csv(train), pd.read_csv(test)
    Xtr, ytr, Xte, yte = tr.iloc[:, :-1].values, tr.iloc[:, -1].values, te.iloc[:, :-1].values, te.iloc[:, -1].values
    row = {"mlp": (m["accuracy"], m["log_loss"])}
    for name, model in (("sklearn", MLPClassifier(random_state=seed)),
                        ("sklearn+scaler", make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)))):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(Xtr, ytr)
        row[name] = (accuracy_score(yte, model.predict(Xte)), log_loss(yte, model.predict_proba(Xte)))
    rows.append(row)
    print(f"seed {seed}: " + "  ".join(f"{k} acc {v[0]:.4f} log_loss {v[1]:.4f}" for k, v in row.items()), flush=True)
for name in rows[0]:
    acc = [r[name][0] for r in rows]; ll = [r[name][1] for r in rows]
    print(f"{name:15} accuracy {np.mean(acc):.4f} ± {np.std(acc):.4f}   log loss {np.mean(ll):.4f} ± {np.std(ll):.4f}")
