namespace Mlp.Tests.Properties;

/// <summary>
/// The contract's metrics recomputed in double from a model's printed predictions, as
/// scikit-learn defines them: accuracy, log loss (probabilities clipped to 1e-15), F1, precision
/// and recall of the positive class or the classes' mean F1, ROC AUC (ties count half;
/// one-vs-rest mean over the classes that have both kinds of rows), and mse, rmse, mae, r2.
/// Each is an interval: where float rounding could order two scores either way (a row's top two
/// probabilities, or two rows' scores, within <see cref="Rounding"/>), every outcome counts.
/// </summary>
internal static class ReferenceMetrics
{
    /// <summary>How close two probabilities must be for float rounding to put them in either order.</summary>
    public const double Rounding = 1e-6;

    /// <param name="probabilities">Per row, every class's probability.</param>
    public static Dictionary<string, (double Low, double High)?> Classification(
        double[][] probabilities,
        int[] labels
    )
    {
        int classes = probabilities[0].Length;
        int rows = labels.Length;
        var predicted = probabilities.Select(Predicted).ToArray();
        bool[] undecided = [.. probabilities.Select(Undecided)];
        int correct = Enumerable
            .Range(0, rows)
            .Count(r => !undecided[r] && predicted[r] == labels[r]);
        double logLoss = Enumerable
            .Range(0, rows)
            .Average(r => -Math.Log(Math.Clamp(probabilities[r][labels[r]], 1e-15, 1)));
        var metrics = new Dictionary<string, (double, double)?>
        {
            ["accuracy"] = (
                correct / (double)rows,
                (correct + undecided.Count(u => u)) / (double)rows
            ),
            ["log_loss"] = (logLoss, logLoss),
        };
        // F1, precision and recall only where no row's class is in doubt.
        var any = undecided.Contains(true)
            ? ((double, double)?)(double.NegativeInfinity, double.PositiveInfinity)
            : null;
        double F1(int c)
        {
            int truePositive = Enumerable
                .Range(0, rows)
                .Count(r => predicted[r] == c && labels[r] == c);
            int denominator = predicted.Count(p => p == c) + labels.Count(l => l == c);
            return denominator == 0 ? 0 : 2.0 * truePositive / denominator;
        }
        if (classes == 2)
        {
            int truePositives = Enumerable
                .Range(0, rows)
                .Count(r => predicted[r] == 1 && labels[r] == 1);
            int predictedPositives = predicted.Count(p => p == 1);
            int positives = labels.Count(l => l == 1);
            double precision =
                predictedPositives == 0 ? 0 : truePositives / (double)predictedPositives;
            double recall = positives == 0 ? 0 : truePositives / (double)positives;
            metrics["f1"] = any ?? (F1(1), F1(1));
            metrics["precision"] = any ?? (precision, precision);
            metrics["recall"] = any ?? (recall, recall);
            metrics["auc"] = Auc(
                probabilities.Select(p => p[1]).ToArray(),
                labels.Select(l => l == 1).ToArray()
            );
        }
        else
        {
            double macro = Enumerable.Range(0, classes).Average(F1);
            metrics["macro_f1"] = any ?? (macro, macro);
            var aucs = Enumerable
                .Range(0, classes)
                .Select(c =>
                    Auc(
                        probabilities.Select(p => p[c]).ToArray(),
                        labels.Select(l => l == c).ToArray()
                    )
                )
                .OfType<(double Low, double High)>()
                .ToArray();
            metrics["auc"] =
                aucs.Length == 0 ? null : (aucs.Average(a => a.Low), aucs.Average(a => a.High));
        }
        return metrics;
    }

    /// <summary>Binary: the positive class from 0.5 up; else the most probable (the first on a tie).</summary>
    private static int Predicted(double[] probabilities)
    {
        if (probabilities.Length == 2)
        {
            return probabilities[1] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < probabilities.Length; c++)
        {
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }
        return best;
    }

    private static bool Undecided(double[] probabilities)
    {
        if (probabilities.Length == 2)
        {
            return Math.Abs(probabilities[1] - 0.5) <= Rounding;
        }
        var sorted = probabilities.OrderDescending().ToArray();
        return sorted[0] - sorted[1] <= Rounding;
    }

    /// <summary>
    /// The share of (positive, negative) pairs whose scores are in order, ties half; scores
    /// within rounding of each other count as out of order for the low end and in order for the
    /// high end. Null without both kinds of rows.
    /// </summary>
    private static (double Low, double High)? Auc(double[] scores, bool[] positive)
    {
        double low = 0,
            high = 0,
            count = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!positive[i])
            {
                continue;
            }
            for (int j = 0; j < scores.Length; j++)
            {
                if (positive[j])
                {
                    continue;
                }
                count++;
                double difference = scores[i] - scores[j];
                if (Math.Abs(difference) <= Rounding)
                {
                    high++;
                }
                else if (difference > 0)
                {
                    (low, high) = (low + 1, high + 1);
                }
            }
        }
        return count == 0 ? null : (low / count, high / count);
    }

    /// <summary>Regression's metrics, each an interval between the targets as given and rounded to float32 (as the tool holds them).</summary>
    public static Dictionary<string, (double Low, double High)?> Regression(
        double[] predictions,
        double[] targets
    )
    {
        var exact = RegressionAt(predictions, targets);
        var rounded = RegressionAt(predictions, [.. targets.Select(y => (double)(float)y)]);
        return exact.ToDictionary(
            m => m.Key,
            m =>
                m.Value is double a && rounded[m.Key] is double b
                    ? ((double, double)?)(Math.Min(a, b), Math.Max(a, b))
                    : null
        );
    }

    private static Dictionary<string, double?> RegressionAt(double[] predictions, double[] targets)
    {
        double mean = targets.Average();
        double squared = predictions.Zip(targets, (p, y) => (p - y) * (p - y)).Average();
        double total = targets.Average(y => (y - mean) * (y - mean));
        return new Dictionary<string, double?>
        {
            ["mse"] = squared,
            ["rmse"] = Math.Sqrt(squared),
            ["mae"] = predictions.Zip(targets, (p, y) => Math.Abs(p - y)).Average(),
            ["r2"] = total > 0 ? 1 - squared / total : null,
        };
    }
}
