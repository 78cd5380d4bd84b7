using Mlp.Cli.Model;

namespace Mlp.Cli.Metrics;

/// <summary>
/// The metrics of `mlp eval`, from the model's outputs: for classification the class
/// probabilities (rows, classes) — or for binary the positive-class probability — and the
/// true class indices; for regression predicted and true values.
/// </summary>
internal static class Scoring
{
    private const double ProbabilityFloor = 1e-15;

    public static MetricSet Compute(
        TaskKind task,
        int classCount,
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        float threshold = 0.5f
    ) =>
        task == TaskKind.Regression
            ? Regression(outputs, targets)
            : Classification(task, classCount, outputs, targets, threshold);

    /// <summary>
    /// One metric by name, computing only what it needs (permutation importance scores
    /// thousands of shuffled copies); null when the metric does not apply to the task.
    /// </summary>
    public static double? Single(
        TaskKind task,
        int classCount,
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        string name
    )
    {
        int rows = targets.Length;
        int width = task == TaskKind.Multiclass ? classCount : 1;
        switch (name)
        {
            case "accuracy" when task != TaskKind.Regression:
                long correct = 0;
                for (int r = 0; r < rows; r++)
                {
                    correct +=
                        PredictedClass(task, outputs.Slice(r * width, width), 0.5f)
                        == (int)targets[r]
                            ? 1
                            : 0;
                }
                return (double)correct / rows;
            case "log_loss" when task != TaskKind.Regression:
                double loss = 0;
                for (int r = 0; r < rows; r++)
                {
                    loss -= Math.Log(
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
                return loss / rows;
            case "mse" or "rmse" or "mae" or "r2" when task == TaskKind.Regression:
                return Regression(outputs, targets)[name];
            default:
                var all = Compute(task, classCount, outputs, targets);
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
        float threshold
    )
    {
        int rows = targets.Length;
        int width = task == TaskKind.Binary ? 1 : classCount;
        var confusion = new long[classCount, classCount];
        double logLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = outputs.Slice(r * width, width);
            int label = (int)targets[r];
            confusion[label, PredictedClass(task, row, threshold)]++;
            logLoss -= Math.Log(
                Math.Clamp(ClassProbability(task, row, label), ProbabilityFloor, 1.0)
            );
        }
        long correct = 0;
        for (int c = 0; c < classCount; c++)
        {
            correct += confusion[c, c];
        }
        var metrics = new MetricSet { Confusion = confusion };
        metrics.Add("accuracy", (double)correct / rows);
        metrics.Add("log_loss", logLoss / rows);
        if (task == TaskKind.Binary)
        {
            metrics.Add("f1", F1(confusion, 1));
            metrics.Add("auc", Auc(outputs, targets, width, 0, 1));
        }
        else
        {
            metrics.Add("macro_f1", Enumerable.Range(0, classCount).Average(c => F1(confusion, c)));
            var aucs = new List<double>();
            for (int c = 0; c < classCount; c++)
            {
                double auc = Auc(outputs, targets, width, c, c);
                if (double.IsFinite(auc))
                {
                    aucs.Add(auc);
                }
            }
            metrics.Add("auc", aucs.Count == 0 ? null : aucs.Average());
        }
        return metrics;
    }

    private static double F1(long[,] confusion, int positive)
    {
        long truePositive = confusion[positive, positive];
        long predicted = 0,
            actual = 0;
        for (int c = 0; c < confusion.GetLength(0); c++)
        {
            predicted += confusion[c, positive];
            actual += confusion[positive, c];
        }
        long denominator = predicted + actual;
        return denominator == 0 ? 0 : 2.0 * truePositive / denominator;
    }

    /// <summary>
    /// ROC AUC of the score in column <paramref name="scoreColumn"/> for "target == positive",
    /// as the Mann–Whitney statistic with average ranks for ties; NaN without both kinds of rows.
    /// </summary>
    internal static double Auc(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        int width,
        int scoreColumn,
        int positive
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
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < rows)
        {
            int j = i;
            while (j + 1 < rows && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                if ((int)targets[order[k]] == positive)
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = rows - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0)
            / ((double)positives * negatives);
    }

    private static MetricSet Regression(
        ReadOnlySpan<float> predictions,
        ReadOnlySpan<float> targets
    )
    {
        int rows = targets.Length;
        double mean = 0;
        foreach (float y in targets)
        {
            mean += y;
        }
        mean /= rows;
        double squared = 0,
            absolute = 0,
            total = 0;
        for (int r = 0; r < rows; r++)
        {
            double error = (double)predictions[r] - targets[r];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (targets[r] - mean) * (targets[r] - mean);
        }
        var metrics = new MetricSet();
        metrics.Add("mse", squared / rows);
        metrics.Add("rmse", Math.Sqrt(squared / rows));
        metrics.Add("mae", absolute / rows);
        // R² is undefined when the targets do not vary (one row, or a constant target).
        metrics.Add("r2", total > 0 ? 1 - squared / total : null);
        return metrics;
    }
}
