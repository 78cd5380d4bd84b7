using System.Buffers;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// What `mlp interactions` measured: per feature and per pair of features; for the
/// H-statistic also the sizes (the root mean square of the non-additive part, in f's units),
/// which say whether a large H² is a large share of something that matters.
/// </summary>
internal sealed record InteractionReport(
    string Method,
    string[] Features,
    double[] Overall,
    double[,] Pairs,
    string Function,
    int Rows
)
{
    public double[]? OverallSizes { get; init; }
    public double[,]? PairSizes { get; init; }

    /// <summary>
    /// The pairs (a &lt; b), strongest first: by size where there are sizes (H², a share,
    /// is large for a pair whose joint effect is almost nothing; the size is in f's units), else
    /// by value.
    /// </summary>
    public IEnumerable<(int A, int B, double Value)> Ranked()
    {
        var pairs = new List<(int, int, double)>();
        for (int a = 0; a < Features.Length; a++)
        {
            for (int b = a + 1; b < Features.Length; b++)
            {
                pairs.Add((a, b, Pairs[a, b]));
            }
        }
        var sizes = PairSizes;
        return sizes is null
            ? pairs.OrderByDescending(p => p.Item3)
            : pairs.OrderByDescending(p => sizes[p.Item1, p.Item2]).ThenByDescending(p => p.Item3);
    }
}

/// <summary>
/// Friedman and Popescu's H-statistic (2008), from partial dependences evaluated at the data
/// rows themselves and centered over them:
/// H²_jk = Σ_i [PD_jk(x_ij, x_ik) − PD_j(x_ij) − PD_k(x_ik)]² / Σ_i PD_jk(x_ij, x_ik)², the share of
/// the pair's joint effect that is not the sum of their own; and
/// H²_j = Σ_i [f(x_i) − PD_j(x_ij) − PD_−j(x_i,−j)]² / Σ_i f(x_i)², the share of f's variance
/// that involves feature j together with others. PD_S(x_i) is the mean over the rows k of f(x_k
/// with the features S set to row i's). A categorical column is one feature (its one-hot inputs
/// move together). n rows cost n² model evaluations per feature and per pair.
/// </summary>
internal static class HStatistic
{
    /// <summary>Rows used by default: n rows cost n² model evaluations per feature and per pair.</summary>
    public const int DefaultRows = 500;

    /// <summary>
    /// H² of every feature and pair, or only of <paramref name="among"/> (source feature
    /// indices; each H²_j still measures feature j against all the others).
    /// </summary>
    public static InteractionReport Compute(ExplainData data, int? classIndex, int[]? among = null)
    {
        var model = data.Model;
        var function = new ModelRows(model, classIndex, data.Cancel);
        int rows = data.Rows,
            width = data.InputCount;
        int[] chosen = among ?? [.. Enumerable.Range(0, data.Groups.Count)];
        int features = chosen.Length;
        var groups = chosen.Select(j => data.Groups[j]).ToArray();
        var z = ModelRows.Standardized(data);
        var full = Centered(function.Values(z, rows));
        var own = new double[features][];
        var rest = new double[features][];
        data.Progress.Stage("H-statistic", features + features * (features - 1) / 2);
        for (int j = 0; j < features; j++)
        {
            data.Cancel.ThrowIfCancellationRequested();
            data.Progress.Advance();
            own[j] = Centered(Dependence(function, z, rows, width, [groups[j]], keep: false));
            rest[j] = Centered(Dependence(function, z, rows, width, [groups[j]], keep: true));
        }
        var overall = new double[features];
        var overallSizes = new double[features];
        for (int j = 0; j < features; j++)
        {
            (overall[j], overallSizes[j]) = Ratio(
                rows,
                i => full[i] - own[j][i] - rest[j][i],
                i => full[i]
            );
        }
        var pairs = new double[features, features];
        var pairSizes = new double[features, features];
        for (int j = 0; j < features; j++)
        {
            for (int k = j + 1; k < features; k++)
            {
                data.Cancel.ThrowIfCancellationRequested();
                data.Progress.Advance();
                var joint = Centered(
                    Dependence(function, z, rows, width, [groups[j], groups[k]], keep: false)
                );
                (pairs[j, k], pairSizes[j, k]) = Ratio(
                    rows,
                    i => joint[i] - own[j][i] - own[k][i],
                    i => joint[i]
                );
                (pairs[k, j], pairSizes[k, j]) = (pairs[j, k], pairSizes[j, k]);
            }
        }
        return new InteractionReport(
            "h-statistic",
            [.. chosen.Select(j => data.SourceNames[j])],
            overall,
            pairs,
            PartialDependence.Describe(model, classIndex),
            rows
        )
        {
            OverallSizes = overallSizes,
            PairSizes = pairSizes,
        };
    }

    /// <summary>
    /// For each row i, the mean over rows k of f(x_k with the given inputs set to row i's)
    /// (<paramref name="keep"/> false: PD of those features), or of f(x_i with the given inputs
    /// set to row k's) (<paramref name="keep"/> true: PD of all the other features).
    /// </summary>
    private static double[] Dependence(
        ModelRows function,
        float[] z,
        int rows,
        int width,
        (int Start, int Width)[] groups,
        bool keep
    )
    {
        var dependence = new double[rows];
        // Blocks of rows i, so that a block's rows × rows inputs stay near 16 M floats.
        int block = Math.Max(1, (int)Math.Min(rows, (16L << 20) / ((long)rows * width)));
        var batch = ArrayPool<float>.Shared.Rent(block * rows * width);
        try
        {
            Fill(function, z, rows, width, groups, keep, block, batch, dependence);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(batch);
        }
        return dependence;
    }

    private static void Fill(
        ModelRows function,
        float[] z,
        int rows,
        int width,
        (int Start, int Width)[] groups,
        bool keep,
        int block,
        float[] batch,
        double[] dependence
    )
    {
        for (int first = 0; first < rows; first += block)
        {
            int count = Math.Min(block, rows - first);
            for (int b = 0; b < count; b++)
            {
                int i = first + b;
                for (int k = 0; k < rows; k++)
                {
                    var row = batch.AsSpan((b * rows + k) * width, width);
                    var (into, from) = keep ? (i, k) : (k, i);
                    z.AsSpan(into * width, width).CopyTo(row);
                    foreach (var (start, span) in groups)
                    {
                        z.AsSpan(from * width + start, span).CopyTo(row.Slice(start, span));
                    }
                }
            }
            var values = function.Values(batch, count * rows);
            for (int b = 0; b < count; b++)
            {
                double sum = 0;
                for (int k = 0; k < rows; k++)
                {
                    sum += values[b * rows + k];
                }
                dependence[first + b] = sum / rows;
            }
        }
    }

    private static double[] Centered(double[] values)
    {
        double mean = values.Average();
        return [.. values.Select(v => v - mean)];
    }

    /// <summary>
    /// H² = Σ numerator² / Σ denominator² (0 when the denominator vanishes) and the
    /// numerator's root mean square (Friedman and Popescu's unnormalized statistic).
    /// </summary>
    private static (double H2, double Size) Ratio(
        int rows,
        Func<int, double> numerator,
        Func<int, double> denominator
    )
    {
        double top = 0,
            bottom = 0;
        for (int i = 0; i < rows; i++)
        {
            top += numerator(i) * numerator(i);
            bottom += denominator(i) * denominator(i);
        }
        return (bottom > 0 ? top / bottom : 0, Math.Sqrt(top / rows));
    }
}
