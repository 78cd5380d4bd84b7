using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// v(S) for one explained row: f averaged (in double) over background rows with the
/// coalition's columns taken from the row. Rows are built in the data's own units and run
/// through the model's float forward pass, many coalitions per batch. The plain reference
/// for <see cref="OrderingValues.Coalitions"/>, which the exact Shapley values use: the tests
/// check one against the other.
/// </summary>
internal sealed class CoalitionValue(
    MlpModel model,
    IReadOnlyList<(int Start, int Width)> groups,
    double[] background,
    int backgroundRows,
    int width,
    CancellationToken cancel = default
)
{
    private const int MaxBatchRows = 1 << 14;

    /// <summary>v(S) for the rows of <paramref name="data"/> against the background rows (model inputs in their units).</summary>
    public static CoalitionValue Over(ExplainData data, double[] background) =>
        new(
            data.Model,
            data.Groups,
            background,
            background.Length / data.InputCount,
            data.InputCount,
            data.Cancel
        );

    private readonly Predictor _predictor = new(model, Math.Max(MaxBatchRows, backgroundRows));
    private double[] _batch = [];
    private float[] _outputs = [];

    public double Of(ReadOnlySpan<double> x, int rowClass, bool[] inCoalition)
    {
        var batch = Batch(backgroundRows);
        for (int b = 0; b < backgroundRows; b++)
        {
            Compose(x, batch.Slice(b * width, width), b, inCoalition);
        }
        return Mean(backgroundRows, 0, rowClass);
    }

    /// <summary>v of every coalition (bit g set = player g in), batched over coalitions and background rows.</summary>
    public double[] All(ReadOnlySpan<double> x, int rowClass, int players)
    {
        int coalitions = 1 << players;
        var values = new double[coalitions];
        int perBatch = Math.Max(1, MaxBatchRows / backgroundRows);
        for (int first = 0; first < coalitions; first += perBatch)
        {
            cancel.ThrowIfCancellationRequested();
            int count = Math.Min(perBatch, coalitions - first);
            var batch = Batch(count * backgroundRows);
            for (int c = 0; c < count; c++)
            {
                int mask = first + c;
                for (int b = 0; b < backgroundRows; b++)
                {
                    Compose(x, batch.Slice((c * backgroundRows + b) * width, width), b, mask);
                }
            }
            Predict(count * backgroundRows);
            for (int c = 0; c < count; c++)
            {
                values[first + c] = Mean(
                    backgroundRows,
                    c * backgroundRows,
                    rowClass,
                    predicted: true
                );
            }
        }
        return values;
    }

    /// <summary>A background row with the columns of the coalition (bit g = player g) taken from the explained row.</summary>
    private void Compose(
        ReadOnlySpan<double> x,
        Span<double> target,
        int backgroundRow,
        int coalition
    )
    {
        background.AsSpan(backgroundRow * width, width).CopyTo(target);
        for (int g = 0; g < groups.Count; g++)
        {
            if ((coalition & (1 << g)) != 0)
            {
                var (start, count) = groups[g];
                for (int i = start; i < start + count; i++)
                {
                    target[i] = x[i];
                }
            }
        }
    }

    private void Compose(
        ReadOnlySpan<double> x,
        Span<double> target,
        int backgroundRow,
        bool[] inCoalition
    )
    {
        background.AsSpan(backgroundRow * width, width).CopyTo(target);
        for (int g = 0; g < groups.Count; g++)
        {
            if (inCoalition[g])
            {
                var (start, count) = groups[g];
                x.Slice(start, count).CopyTo(target.Slice(start, count));
            }
        }
    }

    private Span<double> Batch(int rows)
    {
        if (_batch.Length < rows * width)
        {
            _batch = new double[rows * width];
            _outputs = new float[rows * _predictor.OutputWidth];
        }
        return _batch.AsSpan(0, rows * width);
    }

    private void Predict(int rows)
    {
        for (int start = 0; start < rows; start += _predictor.Capacity)
        {
            int count = Math.Min(_predictor.Capacity, rows - start);
            _predictor.Predict(
                _batch.AsSpan(start * width, count * width),
                count,
                _outputs.AsSpan(start * _predictor.OutputWidth)
            );
        }
    }

    /// <summary>Mean of f over <paramref name="rows"/> batch rows from <paramref name="first"/>; f is the output of the row's class.</summary>
    private double Mean(int rows, int first, int rowClass, bool predicted = false)
    {
        if (!predicted)
        {
            Predict(rows);
        }
        int outputs = _predictor.OutputWidth;
        double sum = 0;
        for (int r = first; r < first + rows; r++)
        {
            sum += _outputs[r * outputs + (outputs == 1 ? 0 : rowClass)];
        }
        return sum / rows;
    }
}
