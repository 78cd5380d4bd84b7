using Mlp.Model;

namespace Mlp.Metrics;

/// <summary>
/// The metrics of `mlp eval`, from the model's outputs: for classification the class
/// probabilities (rows, classes) — or for binary the positive-class probability — and the
/// true class indices; for regression predicted and true values. With per-row weights
/// (--sample-weight; empty: every row 1) each metric is scikit-learn's with sample_weight:
/// every sum over rows weighs the row, the confusion matrix still counts rows.
/// </summary>
internal static class Scoring
{
    private const double ProbabilityFloor = 1e-15;

    public static MetricSet Compute(
        TaskKind task,
        int classCount,
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        float threshold = 0.5f,
        ReadOnlySpan<float> weights = default
    ) =>
        task == TaskKind.Regression
            ? Regression(outputs, targets, weights)
            : Classification(task, classCount, outputs, targets, threshold, weights);

    private static double Weight(ReadOnlySpan<float> weights, int row) =>
        weights.IsEmpty ? 1 : weights[row];

    /// <summary>
    /// One metric by name, computing only what it needs (permutation importance scores
    /// thousands of shuffled copies); null when the metric does not apply to the task, NaN where
    /// it is undefined on these rows (r2 of a target with one value, auc with one class present).
    /// </summary>
    public static double? Single(
        TaskKind task,
        int classCount,
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        string name,
        ReadOnlySpan<float> weights = default
    )
    {
        int rows = targets.Length;
        int width = task == TaskKind.Multiclass ? classCount : 1;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            total += Weight(weights, r);
        }
        switch (name)
        {
            case "accuracy" when task != TaskKind.Regression:
                double correct = 0;
                for (int r = 0; r < rows; r++)
                {
                    correct +=
                        PredictedClass(task, outputs.Slice(r * width, width), 0.5f)
                        == (int)targets[r]
                            ? Weight(weights, r)
                            : 0;
                }
                return correct / total;
            case "log_loss" when task != TaskKind.Regression:
                double loss = 0;
                for (int r = 0; r < rows; r++)
                {
                    loss -=
                        Weight(weights, r)
                        * Math.Log(
                            Math.Clamp(
                                ClassProbability(
                                    task,
                                    outputs.Slice(r * width, width),
                                    (int)targets[r]
                                ),
                                ProbabilityFloor,
                                1.0
                            )
                        );
                }
                return loss / total;
            case "mse" or "rmse" or "mae" or "r2" when task == TaskKind.Regression:
                return Regression(outputs, targets, weights)[name] ?? double.NaN;
            default:
                var all = Compute(task, classCount, outputs, targets, weights: weights);
                var found = all.Values.FirstOrDefault(m => m.Name == name);
                return found.Name is null ? null : found.Value ?? double.NaN;
        }
    }

    /// <summary>Predicted class of a row: probability ≥ threshold for binary, the argmax otherwise.</summary>
    public static int PredictedClass(TaskKind task, ReadOnlySpan<float> rowOutputs, float threshold)
    {
        if (task == TaskKind.Binary)
        {
            return rowOutputs[0] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < rowOutputs.Length; j++)
        {
            if (rowOutputs[j] > rowOutputs[best])
            {
                best = j;
            }
        }
        return best;
    }

    /// <summary>Probability the model gives class <paramref name="label"/> in a row.</summary>
    public static double ClassProbability(
        TaskKind task,
        ReadOnlySpan<float> rowOutputs,
        int label
    ) =>
        task == TaskKind.Binary
            ? (label == 1 ? rowOutputs[0] : 1.0 - rowOutputs[0])
            : rowOutputs[label];

    private static MetricSet Classification(
        TaskKind task,
        int classCount,
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        float threshold,
        ReadOnlySpan<float> weights
    )
    {
        int rows = targets.Length;
        int width = task == TaskKind.Binary ? 1 : classCount;
        var confusion = new long[classCount, classCount];
        var weighted = new double[classCount, classCount];
        double logLoss = 0,
            total = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = outputs.Slice(r * width, width);
            int label = (int)targets[r];
            int predicted = PredictedClass(task, row, threshold);
            double w = Weight(weights, r);
            confusion[label, predicted]++;
            weighted[label, predicted] += w;
            total += w;
            logLoss -=
                w * Math.Log(Math.Clamp(ClassProbability(task, row, label), ProbabilityFloor, 1.0));
        }
        double correct = 0;
        for (int c = 0; c < classCount; c++)
        {
            correct += weighted[c, c];
        }
        var metrics = new MetricSet
        {
            Confusion = confusion,
            PerClass = task == TaskKind.Multiclass ? PerClass(weighted) : null,
        };
        metrics.Add("accuracy", correct / total);
        metrics.Add("log_loss", logLoss / total);
        if (task == TaskKind.Binary)
        {
            metrics.Add("f1", F1(weighted, 1));
            metrics.Add("precision", Share(weighted[1, 1], weighted[0, 1] + weighted[1, 1]));
            metrics.Add("recall", Share(weighted[1, 1], weighted[1, 0] + weighted[1, 1]));
            metrics.Add("auc", Auc(outputs, targets, width, 0, 1, weights));
        }
        else
        {
            metrics.Add("macro_f1", metrics.PerClass!.Average(scores => scores.F1));
            var aucs = new List<double>();
            for (int c = 0; c < classCount; c++)
            {
                double auc = Auc(outputs, targets, width, c, c, weights);
                if (double.IsFinite(auc))
                {
                    aucs.Add(auc);
                }
            }
            metrics.Add("auc", aucs.Count == 0 ? null : aucs.Average());
        }
        return metrics;
    }

    /// <summary>Each class's precision, recall, F1 and support from the weighted confusion matrix [true, predicted].</summary>
    private static ClassScores[] PerClass(double[,] weighted)
    {
        int classes = weighted.GetLength(0);
        var scores = new ClassScores[classes];
        for (int c = 0; c < classes; c++)
        {
            double predicted = 0,
                actual = 0;
            for (int k = 0; k < classes; k++)
            {
                predicted += weighted[k, c];
                actual += weighted[c, k];
            }
            scores[c] = new ClassScores(
                Share(weighted[c, c], predicted),
                Share(weighted[c, c], actual),
                F1(weighted, c),
                actual
            );
        }
        return scores;
    }

    /// <summary>part / whole, 0 when the whole is 0 (scikit-learn's zero_division=0).</summary>
    private static double Share(double part, double whole) => whole == 0 ? 0 : part / whole;

    private static double F1(double[,] confusion, int positive)
    {
        double truePositive = confusion[positive, positive];
        double predicted = 0,
            actual = 0;
        for (int c = 0; c < confusion.GetLength(0); c++)
        {
            predicted += confusion[c, positive];
            actual += confusion[positive, c];
        }
        double denominator = predicted + actual;
        return denominator == 0 ? 0 : 2.0 * truePositive / denominator;
    }

    /// <summary>
    /// ROC AUC of the score in column <paramref name="scoreColumn"/> for "target == positive":
    /// the weighted share of (positive, negative) pairs ranked right, ties counting half (the
    /// Mann–Whitney statistic; with weights, what scikit-learn's roc_auc_score computes); NaN
    /// without both kinds of rows.
    /// </summary>
    internal static double Auc(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        int width,
        int scoreColumn,
        int positive,
        ReadOnlySpan<float> weights = default
    )
    {
        int rows = targets.Length;
        var order = new int[rows];
        var scores = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            order[r] = r;
            scores[r] = outputs[r * width + scoreColumn];
        }
        Array.Sort(scores.ToArray(), order);
        double negativesBelow = 0,
            pairs = 0,
            positives = 0;
        int i = 0;
        while (i < rows)
        {
            int j = i;
            while (j + 1 < rows && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }
            double groupPositives = 0,
                groupNegatives = 0;
            for (int k = i; k <= j; k++)
            {
                double w = Weight(weights, order[k]);
                if ((int)targets[order[k]] == positive)
                {
                    groupPositives += w;
                }
                else
                {
                    groupNegatives += w;
                }
            }
            pairs += groupPositives * (negativesBelow + groupNegatives / 2);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            i = j + 1;
        }
        double negatives = negativesBelow;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return pairs / (positives * negatives);
    }

    private static MetricSet Regression(
        ReadOnlySpan<float> predictions,
        ReadOnlySpan<float> targets,
        ReadOnlySpan<float> weights
    )
    {
        int rows = targets.Length;
        double mean = 0,
            weight = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = Weight(weights, r);
            mean += w * targets[r];
            weight += w;
        }
        mean /= weight;
        double squared = 0,
            absolute = 0,
            total = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = Weight(weights, r);
            double error = (double)predictions[r] - targets[r];
            squared += w * error * error;
            absolute += w * Math.Abs(error);
            total += w * (targets[r] - mean) * (targets[r] - mean);
        }
        var metrics = new MetricSet();
        metrics.Add("mse", squared / weight);
        metrics.Add("rmse", Math.Sqrt(squared / weight));
        metrics.Add("mae", absolute / weight);
        // R² is undefined when the targets do not vary (one row, or a constant target).
        metrics.Add("r2", total > 0 ? 1 - squared / total : null);
        return metrics;
    }
}
