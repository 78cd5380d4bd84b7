using Mlp.Model;

namespace Mlp.Data;

/// <summary>What --missing does with a missing feature value.</summary>
internal enum MissingStrategy
{
    /// <summary>Stop with an error naming the line and column.</summary>
    Error,

    /// <summary>
    /// The default: a numeric gap is the training median plus a missing-indicator input, a
    /// categorical gap is a category of its own; a column without gaps in training is filled
    /// as <see cref="Median"/> when a gap comes at predict time.
    /// </summary>
    Auto,

    /// <summary>The training mean; for a categorical column, each category's share (a soft one-hot).</summary>
    Mean,

    /// <summary>The training median (numpy's: the mean of the two middle values for an even count); for a categorical column, its most frequent category.</summary>
    Median,

    /// <summary>The most frequent training value (the smallest on a tie, as scikit-learn's SimpleImputer); for a categorical column, its most frequent category.</summary>
    MostFrequent,
}

/// <summary>Fills missing values (NaN) in training columns and returns what the model keeps to fill them at predict time.</summary>
internal static class MissingValues
{
    /// <summary>The category missing values of a categorical column become with --missing-category.</summary>
    public const string Category = SourceFeature.Missing;

    public static MissingStrategy? Parse(string name) =>
        name switch
        {
            "error" => MissingStrategy.Error,
            "auto" => MissingStrategy.Auto,
            "mean" => MissingStrategy.Mean,
            "median" => MissingStrategy.Median,
            "most-frequent" => MissingStrategy.MostFrequent,
            _ => null,
        };

    /// <summary>
    /// Fills a numeric column (float deviations from <paramref name="origin"/>, NaN = missing)
    /// with the strategy's value; returns it in the column's units.
    /// </summary>
    public static double FillNumeric(float[] column, double origin, MissingStrategy strategy)
    {
        var present = column.Where(v => !float.IsNaN(v)).Select(v => (double)v).ToArray();
        double fill =
            present.Length == 0
                ? 0
                : strategy switch
                {
                    MissingStrategy.Median or MissingStrategy.Auto => Median(present),
                    MissingStrategy.MostFrequent => MostFrequent(present),
                    _ => present.Average(),
                };
        Replace(column, (float)fill);
        return origin + fill;
    }

    /// <summary>
    /// Fills a categorical column's one-hot columns: with each category's share (mean), or the
    /// most frequent category (median, most-frequent; the first in the model's order on a tie).
    /// Returns the fill value of each one-hot column.
    /// </summary>
    public static double[] FillCategorical(IReadOnlyList<float[]> oneHot, MissingStrategy strategy)
    {
        var shares = oneHot
            .Select(column =>
                column.Where(v => !float.IsNaN(v)).DefaultIfEmpty(0).Average(v => (double)v)
            )
            .ToArray();
        if (strategy != MissingStrategy.Mean)
        {
            int mode = Array.IndexOf(shares, shares.Max());
            shares = [.. shares.Select((_, k) => k == mode ? 1.0 : 0.0)];
        }
        for (int k = 0; k < oneHot.Count; k++)
        {
            Replace(oneHot[k], (float)shares[k]);
        }
        return shares;
    }

    /// <summary>1 where the column's value is missing (NaN), else 0: a missing-indicator input.</summary>
    public static float[] Indicator(float[] column)
    {
        var indicator = new float[column.Length];
        for (int i = 0; i < column.Length; i++)
        {
            indicator[i] = float.IsNaN(column[i]) ? 1 : 0;
        }
        return indicator;
    }

    private static void Replace(float[] column, float fill)
    {
        for (int i = 0; i < column.Length; i++)
        {
            if (float.IsNaN(column[i]))
            {
                column[i] = fill;
            }
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double MostFrequent(double[] values)
    {
        Array.Sort(values);
        double best = values[0];
        int bestCount = 0;
        for (int start = 0; start < values.Length; )
        {
            int end = start;
            while (end < values.Length && values[end] == values[start])
            {
                end++;
            }
            if (end - start > bestCount)
            {
                (best, bestCount) = (values[start], end - start);
            }
            start = end;
        }
        return best;
    }
}
