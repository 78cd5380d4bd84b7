using System.Buffers;
using System.Globalization;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// One axis of a partial dependence: a source column and the grid of values it is set to, as
/// scikit-learn's <c>partial_dependence</c> builds it — the column's distinct values when there
/// are fewer than the grid resolution, else evenly spaced points between two percentiles
/// (scipy's <c>mquantiles</c>, plotting positions α = β = 0.4); a categorical column's
/// categories (those present in the data, in the model's order).
/// </summary>
internal sealed class PdpAxis
{
    private PdpAxis(string name, int start, int width, double[] values, string[]? categories)
    {
        Name = name;
        Start = start;
        Width = width;
        Values = values;
        Categories = categories;
    }

    public string Name { get; }

    /// <summary>The source column's first encoded input and how many it has (one-hot width; a numeric column's value and missing indicator).</summary>
    public int Start { get; }
    public int Width { get; }

    /// <summary>Grid values in the column's units (for a categorical column: the category's index).</summary>
    public double[] Values { get; }
    public string[]? Categories { get; }
    public int Count => Values.Length;
    public bool IsCategorical => Categories is not null;

    /// <summary>A grid point as text: the category, or the number (round-tripping unless another format is asked).</summary>
    public string Label(int point, string numberFormat = "R") =>
        Categories is { } categories
            ? categories[(int)Values[point]]
            : Values[point].ToString(numberFormat, CultureInfo.InvariantCulture);

    public static PdpAxis For(ExplainData data, int source, int resolution, double low, double high)
    {
        var (start, width) = data.Groups[source];
        var feature = data.Model.Schema.Sources[source];
        int inputs = data.InputCount;
        if (feature.Categories is { } categories)
        {
            var present = new SortedSet<int>();
            for (int r = 0; r < data.Rows; r++)
            {
                for (int k = 0; k < width; k++)
                {
                    if (data.Inputs[r * inputs + start + k] >= 0.5)
                    {
                        present.Add(k);
                    }
                }
            }
            return new PdpAxis(
                feature.Name,
                start,
                width,
                [.. present.Select(k => (double)k)],
                categories
            );
        }
        var column = new double[data.Rows];
        for (int r = 0; r < column.Length; r++)
        {
            column[r] = data.Inputs[r * inputs + start];
        }
        Array.Sort(column);
        var distinct = column.Distinct().ToArray();
        if (distinct.Length < resolution)
        {
            return new PdpAxis(feature.Name, start, width, distinct, null);
        }
        double from = MQuantile(column, low),
            to = MQuantile(column, high);
        var values = new double[resolution];
        for (int i = 0; i < resolution; i++)
        {
            // numpy's linspace: start + i·step, the last point exactly the end.
            values[i] = i == resolution - 1 ? to : from + i * ((to - from) / (resolution - 1));
        }
        return new PdpAxis(feature.Name, start, width, values, null);
    }

    /// <summary>
    /// scipy.stats.mstats.mquantiles with its default plotting positions α = β = 0.4 (what
    /// scikit-learn's grid uses): m = α + p(1 − α − β), j = ⌊np + m⌋ clipped to [1, n − 1],
    /// γ = np + m − j clipped to [0, 1], q = (1 − γ)·x[j] + γ·x[j + 1] (1-based, x sorted).
    /// </summary>
    public static double MQuantile(double[] sorted, double p)
    {
        const double Alpha = 0.4,
            Beta = 0.4;
        int n = sorted.Length;
        if (n == 1)
        {
            return sorted[0];
        }
        double aleph = n * p + Alpha + p * (1 - Alpha - Beta);
        int k = (int)Math.Floor(Math.Clamp(aleph, 1, n - 1));
        double gamma = Math.Clamp(aleph - k, 0, 1);
        return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
    }

    /// <summary>
    /// Sets grid point <paramref name="point"/> into a row of standardized inputs: a numeric
    /// column's value (and its missing indicator, where it has one, to 0: the value is there),
    /// or a category's one-hot.
    /// </summary>
    public void Set(Span<float> row, int point, Standardization? scaling)
    {
        for (int k = 0; k < Width; k++)
        {
            double value =
                Categories is null ? (k == 0 ? Values[point] : 0)
                : (int)Values[point] == k ? 1
                : 0;
            row[Start + k] = (float)(scaling?.ToStandard(value, Start + k) ?? value);
        }
    }
}

/// <summary>
/// Partial dependence over one or two axes: the average over the rows and, when kept, each
/// row's curve (ICE, rows × points).
/// </summary>
internal sealed record PdpResult(
    PdpAxis[] Axes,
    double[] Average,
    double[,]? Individual,
    int Rows,
    string Function
)
{
    /// <summary>Grid points: the first axis outer, the second inner.</summary>
    public int Points => Average.Length;
}

/// <summary>
/// Partial dependence as scikit-learn's <c>partial_dependence(method="brute")</c> computes it:
/// for each grid point, every row with the axes' columns set to the point, f averaged over the
/// rows (and kept per row: the ICE curves).
/// </summary>
internal static class PartialDependence
{
    /// <summary>Rows averaged over by default: all of them, up to this many sampled.</summary>
    public const int DefaultRows = 10_000;

    /// <summary>
    /// Input values per forward pass (the grid is done in pieces of at most this many, 64 MB of
    /// floats): counted in values, not rows, so that wide data does not take gigabytes.
    /// </summary>
    private const long MaxBatchValues = 1 << 24;

    /// <summary>Rows per forward pass that keep the kernels busy: fewer rows take several grid points at once.</summary>
    private const int MinBatchRows = 4096;

    /// <summary>
    /// Grid points per forward pass: one for enough rows, so that a grid is many parts for
    /// <see cref="PartWork"/> shards; it depends on the rows and width only, so every shard
    /// cuts the grid as the whole run does.
    /// </summary>
    private static int PointsPerBatch(int rows, int width)
    {
        long most = Math.Max(1, MaxBatchValues / Math.Max(1L, (long)rows * width));
        long least = (MinBatchRows + rows - 1) / Math.Max(1, rows);
        return (int)Math.Min(most, Math.Max(1, least));
    }

    public static PdpResult Compute(
        ExplainData data,
        PdpAxis[] axes,
        int? classIndex,
        bool keepIndividual,
        WorkCounter? progress = null,
        PartWork? parts = null
    )
    {
        var model = data.Model;
        var function = new ModelRows(model, classIndex, data.Cancel);
        int rows = data.Rows,
            width = data.InputCount;
        var z = ModelRows.Standardized(data);
        int[]? classes =
            model.Schema.Task == TaskKind.Multiclass && classIndex is null
                ? function.PredictedClasses(z, rows)
                : null;
        int points = axes.Aggregate(1, (product, axis) => product * axis.Count);
        var individual = keepIndividual ? new double[rows, points] : null;
        var average = new double[points];
        int pointsPerBatch = PointsPerBatch(rows, width);
        int batches = (points + pointsPerBatch - 1) / pointsPerBatch;
        var (firstBatch, endBatch) = parts?.Share(batches) ?? (0, batches);
        for (int b = 0; b < batches; b++)
        {
            data.Cancel.ThrowIfCancellationRequested();
            int first = b * pointsPerBatch;
            int count = Math.Min(pointsPerBatch, points - first);
            double[] values;
            if (parts?.Given is { } given)
            {
                values = given(b);
            }
            else if (b >= firstBatch && b < endBatch)
            {
                progress?.Advance(count);
                values = BatchValues(data, axes, z, function, classes, first, count);
                parts?.Done?.Invoke(b, values);
            }
            else
            {
                continue;
            }
            for (int p = 0; p < count; p++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    double value = values[p * rows + r];
                    if (individual is not null)
                    {
                        individual[r, first + p] = value;
                    }
                    sum += value;
                }
                average[first + p] = sum / rows;
            }
        }
        return new PdpResult(axes, average, individual, rows, Describe(model, classIndex));
    }

    /// <summary>f of every row at grid points first … first + count − 1, point-major.</summary>
    private static double[] BatchValues(
        ExplainData data,
        PdpAxis[] axes,
        float[] z,
        ModelRows function,
        int[]? classes,
        int first,
        int count
    )
    {
        int rows = data.Rows,
            width = data.InputCount;
        var batch = ArrayPool<float>.Shared.Rent(count * rows * width);
        for (int p = 0; p < count; p++)
        {
            var block = batch.AsSpan(p * rows * width, rows * width);
            z.CopyTo(block);
            for (int r = 0; r < rows; r++)
            {
                SetPoint(axes, first + p, block.Slice(r * width, width), data.Model.InputScaling);
            }
        }
        var values = function.Values(batch, count * rows, i => classes?[i % rows] ?? 0);
        ArrayPool<float>.Shared.Return(batch);
        return values;
    }

    /// <summary>The grid point's values of every axis (first axis outer).</summary>
    public static void SetPoint(
        PdpAxis[] axes,
        int point,
        Span<float> row,
        Standardization? scaling
    )
    {
        for (int a = axes.Length - 1; a >= 0; a--)
        {
            axes[a].Set(row, point % axes[a].Count, scaling);
            point /= axes[a].Count;
        }
    }

    /// <summary>The curves shifted to start at 0 (each ICE curve and the average at their first grid point).</summary>
    public static PdpResult Centered(PdpResult result)
    {
        var individual = (double[,]?)result.Individual?.Clone();
        for (int r = 0; individual is not null && r < result.Rows; r++)
        {
            double first = individual[r, 0];
            for (int p = 0; p < result.Points; p++)
            {
                individual[r, p] -= first;
            }
        }
        double start = result.Average[0];
        return result with
        {
            Average = [.. result.Average.Select(v => v - start)],
            Individual = individual,
        };
    }

    /// <summary>What f is, in words: for the axis of a picture and the output.</summary>
    public static string Describe(MlpModel model, int? classIndex)
    {
        var schema = model.Schema;
        return schema.Task switch
        {
            TaskKind.Binary => $"P({schema.TargetName} = {schema.PositiveClass})",
            TaskKind.Regression => $"predicted {schema.TargetName}",
            _ => classIndex is int c
                ? $"P({schema.TargetName} = {schema.Classes[c]})"
                : $"P(each row's predicted {schema.TargetName})",
        };
    }
}
