namespace Mlp.Cli.Training;

/// <summary>Mean and population standard deviation, fitted on the training rows only.</summary>
internal static class Standardizer
{
    /// <summary>Mean and std of <paramref name="column"/> over <paramref name="rows"/>; a constant column gets std 1.</summary>
    public static (float Mean, float Std) Fit(ReadOnlySpan<float> column, ReadOnlySpan<int> rows)
    {
        double sum = 0;
        foreach (int r in rows)
        {
            sum += column[r];
        }
        double mean = sum / rows.Length;
        double squares = 0;
        foreach (int r in rows)
        {
            double d = column[r] - mean;
            squares += d * d;
        }
        double std = Math.Sqrt(squares / rows.Length);
        return ((float)mean, std > 1e-12 ? (float)std : 1f);
    }

    public static void Apply(Span<float> column, float mean, float std)
    {
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = (column[i] - mean) / std;
        }
    }
}
