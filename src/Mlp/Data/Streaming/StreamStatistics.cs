using Mlp.Model;

namespace Mlp.Data.Streaming;

/// <summary>
/// What the cache's one pass gathered to standardize the rows: per input column the origin its
/// values are stored from (the sample's mean, of the log transform for a heavy-tailed column),
/// and the sum and sum of squares of the stored deviations, in double; the same for the target.
/// Deviations from a mean lie near 0, so their sums lose nothing to cancellation.
/// </summary>
internal sealed record StreamStatistics(
    double[] Origins,
    double[] Sums,
    double[] Squares,
    double[]? LogScale,
    bool Standardize,
    double TargetOrigin,
    double TargetSum,
    double TargetSquares
)
{
    /// <summary>The model's input scaling, and the float shift and inverse scale that standardize a stored deviation.</summary>
    public (Standardization? Scaling, float[] Shift, float[] Scale) Inputs(StreamLayout layout)
    {
        int width = Origins.Length;
        var shift = new float[width];
        var scale = new float[width];
        if (!Standardize)
        {
            for (int c = 0; c < width; c++)
            {
                shift[c] = (float)-Origins[c];
                scale[c] = 1;
            }
            return (null, shift, scale);
        }
        var mean = new double[width];
        var std = new double[width];
        for (int c = 0; c < width; c++)
        {
            (double meanDeviation, std[c]) = MeanAndStd(Sums[c], Squares[c], layout.Rows);
            mean[c] = Origins[c] + meanDeviation;
            shift[c] = (float)meanDeviation;
            scale[c] = (float)(1 / std[c]);
        }
        return (new Standardization(mean, std, LogScale), shift, scale);
    }

    /// <summary>The regression target's scaling and its float shift and inverse scale; none for classes.</summary>
    public (Standardization? Scaling, float Shift, float Scale) Target(StreamLayout layout)
    {
        if (layout.Schema.Task != TaskKind.Regression)
        {
            return (null, 0, 1);
        }
        var (meanDeviation, std) = MeanAndStd(TargetSum, TargetSquares, layout.Rows);
        return (
            new Standardization([TargetOrigin + meanDeviation], [std]),
            (float)meanDeviation,
            (float)(1 / std)
        );
    }

    /// <summary>
    /// Mean and population std from a sum and a sum of squares; std 1 for a constant column, as
    /// in memory. A variance at the rounding noise of the mean square is a constant column's.
    /// </summary>
    private static (double Mean, double Std) MeanAndStd(double sum, double squares, long rows)
    {
        double mean = sum / rows;
        double meanSquare = squares / rows;
        double variance = meanSquare - mean * mean;
        return (mean, variance > 1e-12 * meanSquare ? Math.Sqrt(variance) : 1);
    }
}
