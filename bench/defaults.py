#!/usr/bin/env python3
"""Each tool with its own defaults on held-out splits: what a user gets from `mlp train data.csv`.

For every data set, 70/30 splits (stratified for classification) over SEEDS seeds; each tool is
fit on the training part with its defaults and scored on the test part (accuracy, or R² for
regression); mean ± std (population) over the seeds, and the median seconds of a fit (mlp: the
whole `mlp train` process, loading included). One thread each.

  mlp            mlp train train.csv -o m.mlp --threads 1   (then mlp eval m.mlp test.csv)
  hgb            HistGradientBoostingClassifier/Regressor(), text columns as categories
  xgboost        XGBClassifier/XGBRegressor(n_jobs=1), text columns one-hot
  sklearn-mlp    MLPClassifier/MLPRegressor() after imputing, scaling and one-hot encoding
  linear         LogisticRegression(max_iter=1000) / Ridge() after the same preprocessing
  realmlp        RealMLP-TD-S (Holzmüller et al. 2024), its public standalone implementation, given
                 with --realmlp DIR (a checkout of dholzmueller/realmlp-td-s_standalone, kept
                 outside this repository); text columns as pandas categories

Text columns and gaps reach every tool as the CSV has them; the scikit-learn pipelines impute
numbers with the median and text with the most frequent value. A tool that fails on a set
(mlp's strict --missing error default on gaps) is reported as failing, with its message.

Needs Debian's python3-sklearn, python3-pandas, python3-xgboost. Run:
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/defaults.py --mlp PATH_TO_MLP [--sets a,b] [--seeds 5] [--out FILE.md]
"""
import argparse, json, os, subprocess, sys, tempfile, time, warnings
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
import xgboost

TOOLS = ["mlp", "hgb", "xgboost", "sklearn-mlp", "linear"]
MLP_OPTIONS = []
warnings.filterwarnings("ignore", category=UserWarning)  # scikit-learn's MLP at its 200-iteration default
from sklearn.exceptions import ConvergenceWarning
warnings.filterwarnings("ignore", category=ConvergenceWarning)


def frame(X, y, names=None):
    df = pd.DataFrame(X, columns=names or [f"x{i}" for i in range(X.shape[1])])
    df["target"] = y
    return df


def with_text_and_gaps(df, seed, gap=0.05):
    """A copy with a text column (a noisy function of the first feature) and gaps in a few numeric columns."""
    rng = np.random.default_rng(seed)
    df = df.copy()
    first = df.columns[0]
    bins = np.digitize(df[first] + rng.normal(0, df[first].std() * 0.3, len(df)), np.quantile(df[first], [0.25, 0.5, 0.75]))
    df.insert(len(df.columns) - 1, "region", np.array(["north", "south", "east", "west"])[bins])
    for column in list(df.columns[:3]):
        df.loc[rng.random(len(df)) < gap, column] = np.nan
    return df


def data_sets():
    """name → (DataFrame with a 'target' column, task)."""
    d = datasets
    return {
        "digits": (frame(*d.load_digits(return_X_y=True)), "multiclass"),
        "imbalanced": (frame(*d.make_classification(2000, 20, n_informative=6, weights=[0.9, 0.1], flip_y=0.02, random_state=1)), "binary"),
        "hastie": (frame(*d.make_hastie_10_2(2000, random_state=5)), "binary"),
        "diabetes": (frame(*d.load_diabetes(return_X_y=True)), "regression"),
        "friedman1": (frame(*d.make_friedman1(2000, 10, noise=1.0, random_state=0)), "regression"),
        "breast-cancer": (frame(*d.load_breast_cancer(return_X_y=True)), "binary"),
        "wine": (frame(*d.load_wine(return_X_y=True)), "multiclass"),
        "diabetes-mixed": (with_text_and_gaps(frame(*d.load_diabetes(return_X_y=True)), 11), "regression"),
        "cancer-mixed": (with_text_and_gaps(frame(*d.load_breast_cancer(return_X_y=True)), 12), "binary"),
        "friedman1-large": (frame(*d.make_friedman1(40000, 10, noise=1.0, random_state=3)), "regression"),
        "classification-large": (with_text_and_gaps(frame(*d.make_classification(40000, 30, n_informative=12, n_classes=4, flip_y=0.03, random_state=4)), 13), "multiclass"),
        "classification-26": (named_classes(frame(*d.make_classification(20000, 16, n_informative=12, n_redundant=2, n_classes=26, n_clusters_per_class=1, flip_y=0.01, class_sep=1.5, random_state=7))), "multiclass"),
    }


def named_classes(df):
    """Class numbers as names ("c0" … "c25"): integer targets with more than 20 values read as regression."""
    df["target"] = "c" + df["target"].astype(str)
    return df


def report_sets(folder):
    """name → (DataFrame, task): real public tables from seaborn-data (a checkout of
    mwaskom/seaborn-data given with --seaborn, kept outside this repository), used to report the
    defaults, never to choose them. Columns that restate the target are dropped; classes with
    fewer than 10 rows and rows without a target are dropped (a stratified split needs them)."""
    spec = {
        # file: (target, task, columns to drop)
        "penguins": ("species", "multiclass", []),
        "titanic": ("survived", "binary", ["alive"]),
        "mpg": ("mpg", "regression", ["name"]),
        "tips": ("tip", "regression", []),
        "taxis": ("payment", "binary", ["pickup", "dropoff", "tip", "total"]),
        "planets": ("method", "multiclass", []),
        "geyser": ("kind", "binary", []),
        "diamonds": ("price", "regression", []),
    }
    sets = {}
    for name, (target, task, drop) in spec.items():
        df = pd.read_csv(os.path.join(folder, f"{name}.csv")).drop(columns=drop)
        df = df[df[target].notna()]
        if task != "regression":
            counts = df[target].value_counts()
            df = df[df[target].isin(counts[counts >= 10].index)]
        df = df.rename(columns={target: "target"})
        df = df[[c for c in df.columns if c != "target"] + ["target"]].reset_index(drop=True)
        sets[name] = (df, task)
    return sets


def score(task, y_true, y_pred):
    return r2_score(y_true, y_pred) if task == "regression" else accuracy_score(y_true, y_pred)


def preprocess(train):
    """Median-imputed, scaled numbers and most-frequent-imputed one-hot text."""
    text = [c for c in train.columns if train[c].dtype == object]
    numbers = [c for c in train.columns if c not in text]
    return ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        ("text", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), text),
    ])


def fit_peer(tool, task, train, test):
    X, y = train.drop(columns="target"), train["target"]
    Xt, yt = test.drop(columns="target"), test["target"]
    text = [c for c in X.columns if X[c].dtype == object]
    classify = task != "regression"
    if tool == "hgb":
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan)
        if text:
            X, Xt = X.copy(), Xt.copy()
            X[text] = encoder.fit_transform(X[text])
            Xt[text] = encoder.transform(Xt[text])
        mask = [c in text for c in X.columns]
        model = (HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor)(categorical_features=mask if text else None)
    elif tool == "xgboost":
        if text:
            X, Xt = pd.get_dummies(X, columns=text, dtype=float), pd.get_dummies(Xt, columns=text, dtype=float)
            Xt = Xt.reindex(columns=X.columns, fill_value=0.0)
        model = (xgboost.XGBClassifier if classify else xgboost.XGBRegressor)(n_jobs=1)
    elif tool == "sklearn-mlp":
        model = make_pipeline(preprocess(X), MLPClassifier() if classify else MLPRegressor())
    elif tool == "realmlp":
        # The standalone implementation takes no NaN and no bool columns: numbers get the
        # training median (as the scikit-learn pipelines do), text and booleans are categories.
        from mlp import Standalone_RealMLP_TD_S_Classifier, Standalone_RealMLP_TD_S_Regressor
        X, Xt = X.copy(), Xt.copy()
        for c in X.columns:
            if X[c].dtype == bool or c in text:
                known = sorted(X[c].dropna().astype(str).unique())
                categories = pd.CategoricalDtype(known)
                X[c] = X[c].astype(str).where(X[c].notna()).astype(categories)
                Xt[c] = Xt[c].astype(str).where(Xt[c].notna()).astype(categories)
            else:
                median = X[c].median()
                X[c], Xt[c] = X[c].fillna(median), Xt[c].fillna(median)
        y = np.asarray(y)
        model = Standalone_RealMLP_TD_S_Classifier() if classify else Standalone_RealMLP_TD_S_Regressor()
    else:
        model = make_pipeline(preprocess(X), LogisticRegression(max_iter=1000) if classify else Ridge())
    if classify:
        classes = np.unique(y)
        y, yt = np.searchsorted(classes, y), np.searchsorted(classes, yt)
    start = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - start
    return score(task, yt, model.predict(Xt)), seconds


def fit_mlp(mlp, task, train, test, folder):
    train_path, test_path, model = (os.path.join(folder, n) for n in ("train.csv", "test.csv", "m.mlp"))
    train.to_csv(train_path, index=False)
    test.to_csv(test_path, index=False)
    start = time.perf_counter()
    run = subprocess.run([mlp, "train", train_path, "-o", model, "--threads", "1", "-q", *MLP_OPTIONS],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip().splitlines()[0])
    result = subprocess.run([mlp, "eval", model, test_path, "--json"], capture_output=True, text=True, check=True)
    metrics = json.loads(result.stdout)["metrics"]
    return metrics["r2" if task == "regression" else "accuracy"], seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlp")
    parser.add_argument("--sets", help="only these sets (default: every one of the suite)")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out")
    parser.add_argument("--realmlp", help="a checkout of the RealMLP-TD-S standalone implementation")
    parser.add_argument("--tools", help="only these tools, e.g. mlp (to try mlp options against a table run before)")
    parser.add_argument("--mlp-options", default="", help="options added to mlp train, to measure a candidate default")
    parser.add_argument("--json-out", help="also write every score and time as JSON, for --render")
    parser.add_argument("--render", nargs="+", help="JSON files of earlier runs: merge them into one table")
    parser.add_argument("--seaborn", help="a checkout of mwaskom/seaborn-data: report on its tables instead of the meta-train suite")
    args = parser.parse_args()
    global MLP_OPTIONS
    MLP_OPTIONS = args.mlp_options.split()
    if args.realmlp:
        sys.path.insert(0, args.realmlp)
        TOOLS.append("realmlp")
    if args.tools:
        TOOLS[:] = [t for t in TOOLS if t in args.tools.split(",")]
    if args.render:
        results = {}
        for path in args.render:
            with open(path) as f:
                for name, entry in json.load(f).items():
                    results.setdefault(name, {"task": entry["task"], "rows": entry["rows"], "tools": {}})
                    results[name]["tools"].update(entry["tools"])
        tools = [t for t in ["mlp", "hgb", "xgboost", "sklearn-mlp", "linear", "realmlp"]
                 if any(t in r["tools"] for r in results.values())]
        write_tables(results, tools, args.out)
        return
    sets = report_sets(args.seaborn) if args.seaborn else data_sets()
    names = args.sets.split(",") if args.sets else list(sets)
    results = {}
    for name in names:
        df, task = sets[name]
        entry = {t: {"scores": [], "seconds": []} for t in TOOLS}
        for seed in range(args.seeds):
            train, test = train_test_split(df, test_size=0.3, random_state=seed,
                                           stratify=df["target"] if task != "regression" else None)
            with tempfile.TemporaryDirectory() as folder:
                for tool in TOOLS:
                    if "failure" in entry[tool]:
                        continue
                    try:
                        s, t = fit_mlp(args.mlp, task, train, test, folder) if tool == "mlp" else fit_peer(tool, task, train, test)
                    except Exception as e:  # a tool that cannot fit this set: reported, not fatal
                        entry[tool]["failure"] = str(e)
                        continue
                    entry[tool]["scores"].append(s)
                    entry[tool]["seconds"].append(t)
        results[name] = {"task": task, "rows": len(df), "tools": entry}
        print(name, {t: round(float(np.mean(v["scores"])), 3) if v["scores"] else v.get("failure", "")[:40]
                     for t, v in entry.items()}, flush=True)
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(results, f, indent=1)
    write_tables(results, TOOLS, args.out)


def verdict(entries, means):
    """The issue's test: mlp's mean within the larger std of mlp and the best tool (at least
    0.003) of the best mean; "best" when mlp is the best."""
    if "mlp" not in means:
        return "fails"
    leader = max(means, key=means.get)
    if leader == "mlp":
        return "best"
    allowed = max(np.std(entries["mlp"]["scores"]), np.std(entries[leader]["scores"]), 0.003)
    gap = means[leader] - means["mlp"]
    return f"{'yes' if gap <= allowed else 'no'} ({gap:.3f} behind {leader}, allowed {allowed:.3f})"


def write_tables(results, tools, out):
    """The held-out table (mean ± std, the best in bold) and the median seconds of a fit."""
    judged = "mlp" in tools
    lines = ["| data | rows | " + " | ".join(tools) + (" | mlp within one std of the best |" if judged else " |"),
             "| --- | --- |" + " --- |" * (len(tools) + judged)]
    times = ["| data | " + " | ".join(tools) + " |", "| --- |" + " --- |" * len(tools)]
    for name, r in results.items():
        entries = {t: r["tools"].get(t, {"failure": "not run"}) for t in tools}
        means = {t: np.mean(e["scores"]) for t, e in entries.items() if e.get("scores") and "failure" not in e}
        best = max(means.values())
        cells = []
        for tool, e in entries.items():
            if tool not in means:
                failure = e.get("failure", "")
                cells.append(failure if failure == "not run" else f"fails: {failure[:60]}")
                continue
            text = f"{np.mean(e['scores']):.3f} ± {np.std(e['scores']):.3f}"
            cells.append(f"**{text}**" if means[tool] == best else text)
        if judged:
            cells.append(verdict(entries, means))
        metric = "R²" if r["task"] == "regression" else "accuracy"
        lines.append(f"| {name}, {metric} | {r['rows']} | " + " | ".join(cells) + " |")
        times.append(f"| {name} | " + " | ".join(f"{np.median(e['seconds']):.3f}" if t in means else "—"
                                               for t, e in entries.items()) + " |")
    text = "\n".join(lines) + "\n\nMedian seconds of a fit (mlp: the whole process):\n\n" + "\n".join(times) + "\n"
    if out:
        with open(out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
