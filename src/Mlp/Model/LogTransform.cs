namespace Mlp.Model;

/// <summary>
/// The input transform for heavy-tailed columns: t = log(1 + x / s) for x ≥ 0, continued as the
/// line x / s below 0 (same value and slope at 0, so it is smooth, monotone and defined for a
/// negative value first met at predict time), with s the column's training median. Standardized
/// z then spreads orbital periods from 0.09 to 730,000 days over a few units instead of squeezing
/// all but the largest into one. A column takes it when its training values are all ≥ 0, its
/// median is above 0 and its largest value is over <see cref="TailRatio"/> × the median
/// (scale-free: the same columns whatever their units); binary and one-hot inputs never do.
/// </summary>
internal static class LogTransform
{
    /// <summary>How far the largest value must lie above the median, chosen by measurement (bench/results/defaults.md).</summary>
    public const double TailRatio = 20;

    /// <summary>t of x for the column's scale s.</summary>
    public static double Apply(double x, double scale) =>
        x >= 0 ? Math.Log(1 + x / scale) : x / scale;

    /// <summary>x of t: the inverse of <see cref="Apply"/>.</summary>
    public static double Invert(double t, double scale) =>
        t >= 0 ? scale * (Math.Exp(t) - 1) : t * scale;

    /// <summary>
    /// The scale s (the median) when the values <c>origin + deviations[r]</c> over
    /// <paramref name="rows"/> are heavy-tailed as above, else 0 (no transform).
    /// </summary>
    public static double Scale(
        ReadOnlySpan<float> deviations,
        double origin,
        ReadOnlySpan<int> rows
    )
    {
        if (rows.IsEmpty || !MayBeHeavy(deviations, origin, rows))
        {
            return 0;
        }
        var values = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            values[i] = origin + deviations[rows[i]];
        }
        Array.Sort(values);
        int middle = values.Length / 2;
        double median =
            values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        bool heavy = values[0] >= 0 && median > 0 && values[^1] > TailRatio * median;
        return heavy ? median : 0;
    }

    /// <summary>
    /// A pass that rules out most columns before the median's sort (every numeric column of a
    /// large table is tested): a heavy column has no value below 0, and its median lies under
    /// max / <see cref="TailRatio"/>, which takes at least half the values (n / 2, rounded
    /// down) below that line, whether the median is the middle value or the mean of two.
    /// </summary>
    private static bool MayBeHeavy(
        ReadOnlySpan<float> deviations,
        double origin,
        ReadOnlySpan<int> rows
    )
    {
        double max = double.NegativeInfinity;
        foreach (int r in rows)
        {
            double x = origin + deviations[r];
            if (x < 0)
            {
                return false;
            }
            max = Math.Max(max, x);
        }
        double line = max / TailRatio;
        int below = 0;
        foreach (int r in rows)
        {
            below += origin + deviations[r] < line ? 1 : 0;
        }
        return below >= rows.Length / 2;
    }
}
