namespace Mlp.Model;

/// <summary>
/// z = (t − mean) / std per column and its inverse: the one place either direction is
/// computed. t is x itself, or for a heavy-tailed column (<see cref="LogScale"/> above 0) its
/// <see cref="LogTransform"/>; mean and std are t's. Mean and std are doubles and every value is
/// converted in double before it becomes float32, so a column on an offset (1e9 + x) or at a
/// tiny scale (1e-14 · x) keeps its information.
/// </summary>
internal sealed record Standardization(double[] Mean, double[] Std, double[]? LogScale = null)
{
    public int Columns => Mean.Length;

    /// <summary>Whether column <paramref name="column"/> is log-transformed before it is standardized.</summary>
    public bool IsLogged(int column) => LogScale is { } scales && scales[column] > 0;

    /// <summary>t of x: x itself, or its log transform.</summary>
    public double Transformed(double x, int column) =>
        IsLogged(column) ? LogTransform.Apply(x, LogScale![column]) : x;

    /// <summary>x of t: the inverse of <see cref="Transformed"/>.</summary>
    public double Untransformed(double t, int column) =>
        IsLogged(column) ? LogTransform.Invert(t, LogScale![column]) : t;

    /// <summary>
    /// Mean and population std of the transformed values t(origin + deviations[r]) of a logged
    /// column (scale s) over <paramref name="rows"/>; std 1 for a constant column.
    /// </summary>
    public static (double Mean, double Std) FitLogged(
        ReadOnlySpan<float> deviations,
        double origin,
        double scale,
        ReadOnlySpan<int> rows
    )
    {
        var values = new double[rows.Length];
        double sum = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            values[i] = LogTransform.Apply(origin + deviations[rows[i]], scale);
            sum += values[i];
        }
        double mean = sum / rows.Length;
        double squares = 0;
        foreach (double t in values)
        {
            squares += (t - mean) * (t - mean);
        }
        double std = Math.Sqrt(squares / rows.Length);
        return (mean, std > 0 ? std : 1);
    }

    /// <summary>
    /// Mean and population std of <c>origin + deviations[r]</c> over <paramref name="rows"/>, in
    /// double. A constant column gets std 1 (and <paramref name="constant"/> is set).
    /// </summary>
    public static (double Mean, double Std) Fit(
        ReadOnlySpan<float> deviations,
        double origin,
        ReadOnlySpan<int> rows,
        out bool constant
    )
    {
        double sum = 0;
        foreach (int r in rows)
        {
            sum += deviations[r];
        }
        double meanDeviation = sum / rows.Length;
        double squares = 0;
        foreach (int r in rows)
        {
            double d = deviations[r] - meanDeviation;
            squares += d * d;
        }
        double std = Math.Sqrt(squares / rows.Length);
        constant = !(std > 0);
        return (origin + meanDeviation, constant ? 1 : std);
    }

    /// <summary>z of the value <paramref name="x"/> of column <paramref name="column"/>.</summary>
    public double ToStandard(double x, int column) =>
        (Transformed(x, column) - Mean[column]) / Std[column];

    /// <summary>x of the standardized value <paramref name="z"/> of column <paramref name="column"/>.</summary>
    public double FromStandard(double z, int column) =>
        Untransformed(z * Std[column] + Mean[column], column);

    /// <summary>Rows of values (rows, Columns) in their own units into standardized float32.</summary>
    public void ToStandard(ReadOnlySpan<double> values, Span<float> standardized)
    {
        int width = Columns;
        if (LogScale is not null)
        {
            for (int row = 0; row < values.Length; row += width)
            {
                for (int c = 0; c < width; c++)
                {
                    standardized[row + c] = (float)ToStandard(values[row + c], c);
                }
            }
            return;
        }
        // The same arithmetic as ToStandard(x, c) without a logged column to look for (predict's inner loop).
        var mean = Mean.AsSpan();
        var std = Std.AsSpan(0, mean.Length);
        for (int row = 0; row + width <= values.Length; row += width)
        {
            var x = values.Slice(row, width);
            var z = standardized.Slice(row, width);
            for (int c = 0; c < x.Length; c++)
            {
                z[c] = (float)((x[c] - mean[c]) / std[c]);
            }
        }
    }

    /// <summary>As <see cref="ToStandard(ReadOnlySpan{double}, Span{float})"/>, in double (the gradient check and the explanations).</summary>
    public void ToStandard(ReadOnlySpan<double> values, Span<double> standardized)
    {
        int width = Columns;
        for (int row = 0; row < values.Length; row += width)
        {
            for (int c = 0; c < width; c++)
            {
                standardized[row + c] = ToStandard(values[row + c], c);
            }
        }
    }

    /// <summary>A column stored as float deviations from <paramref name="origin"/>, standardized in place.</summary>
    public void ToStandard(Span<float> deviations, double origin, int column)
    {
        if (IsLogged(column))
        {
            for (int i = 0; i < deviations.Length; i++)
            {
                deviations[i] = (float)ToStandard(origin + deviations[i], column);
            }
            return;
        }
        double shift = Mean[column] - origin;
        double std = Std[column];
        for (int i = 0; i < deviations.Length; i++)
        {
            deviations[i] = (float)((deviations[i] - shift) / std);
        }
    }

    /// <summary>Standardized values of column <paramref name="column"/> back into its units, in place.</summary>
    public void FromStandard(Span<float> standardized, int column)
    {
        for (int i = 0; i < standardized.Length; i++)
        {
            standardized[i] = (float)FromStandard(standardized[i], column);
        }
    }

    /// <summary>Values in their own units as the network would see them: standardized, or as they are without standardization.</summary>
    public static void Apply(
        Standardization? standardization,
        ReadOnlySpan<double> values,
        Span<float> standardized
    )
    {
        if (standardization is null)
        {
            for (int i = 0; i < values.Length; i++)
            {
                standardized[i] = (float)values[i];
            }
            return;
        }
        standardization.ToStandard(values, standardized);
    }
}
