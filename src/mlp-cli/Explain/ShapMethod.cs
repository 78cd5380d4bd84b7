using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Explain;

/// <summary>
/// `shap`: interventional Shapley values against a background set. The players are the
/// source columns (a one-hot group is one player); v(S) = mean over background rows b of
/// f(x on S, b elsewhere). Exact over all coalitions up to <see cref="MaxExactPlayers"/>
/// players; beyond that, a sampled estimator over antithetic pairs of random orderings
/// (each ordering and its reverse), whose standard error is reported as the spread.
/// Σ_i φ_i = f(x) − v(∅) holds for every row either way.
/// </summary>
internal sealed class ShapMethod(
    int? classIndex,
    float[] background,
    long seed,
    int sampledOrderings = 64
) : IImportanceMethod
{
    public const int MaxExactPlayers = 16;

    private readonly float[] _background = background;
    private readonly long _seed = seed;

    public string Name => "shap";

    /// <summary>max over rows of |Σ_i φ_i − (f(x) − E f(background))|, set by the last <see cref="Compute"/>.</summary>
    public double EfficiencyGap { get; private set; }

    public ImportanceReport Compute(ExplainData data)
    {
        int players = data.Groups.Count;
        var classes = new int[data.Rows];
        new OutputFunction(data.Model, classIndex).Values(data.Standardized(), data.Rows, classes); // each row's class, kept by all its coalitions
        var job = new RowsJob(this, data, classes, players);
        WorkerPool.Shared.Run(job, job.Parts);
        EfficiencyGap = job.Gaps.Max();
        var features = Attributions.Summarize(data, ExpandToInputs(data, job.Phi, players));
        if (players > MaxExactPlayers)
        {
            var spread = new double[players];
            for (int r = 0; r < data.Rows; r++)
            {
                for (int g = 0; g < players; g++)
                {
                    spread[g] += job.StandardErrors[r * players + g];
                }
            }
            features = features.Select((f, g) => f with { Std = spread[g] / data.Rows }).ToArray();
        }
        return new ImportanceReport { Method = Name, Features = features };
    }

    /// <summary>
    /// The explained rows in chunks, each chunk on whichever thread claims it with its own
    /// coalition evaluator; every row's values depend only on the row (its orderings come from
    /// a generator of its own), so the thread count does not change the result.
    /// </summary>
    private sealed class RowsJob(ShapMethod method, ExplainData data, int[] classes, int players)
        : IParallelJob
    {
        private const int RowsPerPart = 16;

        public double[] Phi { get; } = new double[data.Rows * players];
        public double[] StandardErrors { get; } = new double[data.Rows * players];
        public double[] Gaps { get; } = new double[data.Rows];
        public int Parts => (data.Rows + RowsPerPart - 1) / RowsPerPart;

        private readonly ThreadLocal<CoalitionValue> _evaluator = new(() =>
            new CoalitionValue(
                data.Model,
                data.Groups,
                method._background,
                method._background.Length / data.InputCount,
                data.InputCount
            )
        );

        public void Execute(int part)
        {
            int width = data.InputCount;
            var coalitionValue = _evaluator.Value!;
            for (int r = part * RowsPerPart; r < Math.Min(data.Rows, (part + 1) * RowsPerPart); r++)
            {
                var x = data.Inputs.AsSpan(r * width, width);
                var rowPhi = Phi.AsSpan(r * players, players);
                double empty,
                    full;
                if (players <= MaxExactPlayers)
                {
                    var values = coalitionValue.All(x, classes[r], players);
                    Exact(values, players, rowPhi);
                    (empty, full) = (values[0], values[^1]);
                }
                else
                {
                    (empty, full) = method.Sampled(
                        coalitionValue,
                        x,
                        classes[r],
                        players,
                        rowPhi,
                        StandardErrors.AsSpan(r * players, players),
                        Rng.For(method._seed, RngStream.ShapOrderings, r)
                    );
                }
                double sum = 0;
                foreach (double value in rowPhi)
                {
                    sum += value;
                }
                Gaps[r] = Math.Abs(sum - (full - empty));
            }
        }
    }

    /// <summary>φ_i = Σ_{S ∌ i} |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)), from v of every coalition (bit i = player i).</summary>
    private static void Exact(double[] values, int players, Span<double> phi)
    {
        var weight = new double[players];
        for (int size = 0; size < players; size++)
        {
            weight[size] = Math.Exp(
                LogFactorial(size) + LogFactorial(players - size - 1) - LogFactorial(players)
            );
        }
        for (int mask = 0; mask < values.Length; mask++)
        {
            int size = System.Numerics.BitOperations.PopCount((uint)mask);
            for (int i = 0; i < players; i++)
            {
                if ((mask & (1 << i)) == 0)
                {
                    phi[i] += weight[size] * (values[mask | (1 << i)] - values[mask]);
                }
            }
        }
    }

    /// <summary>Marginal contributions along random orderings and their reverses; returns v(∅) and v(N).</summary>
    private (double Empty, double Full) Sampled(
        CoalitionValue coalitionValue,
        ReadOnlySpan<float> x,
        int rowClass,
        int players,
        Span<double> phi,
        Span<double> standardErrors,
        Rng rng
    )
    {
        var order = Enumerable.Range(0, players).ToArray();
        var inCoalition = new bool[players];
        var sums = new double[players];
        var squares = new double[players];
        int orderings = 0;
        double empty = 0,
            full = 0;
        for (int pair = 0; pair < sampledOrderings / 2; pair++)
        {
            rng.Shuffle(order);
            for (int direction = 0; direction < 2; direction++)
            {
                Array.Clear(inCoalition);
                double previous = coalitionValue.Of(x, rowClass, inCoalition);
                empty = previous;
                for (int step = 0; step < players; step++)
                {
                    int player = direction == 0 ? order[step] : order[players - 1 - step];
                    inCoalition[player] = true;
                    double current = coalitionValue.Of(x, rowClass, inCoalition);
                    double contribution = current - previous;
                    sums[player] += contribution;
                    squares[player] += contribution * contribution;
                    previous = current;
                }
                full = previous;
                orderings++;
            }
        }
        for (int i = 0; i < players; i++)
        {
            phi[i] = sums[i] / orderings;
            double variance = Math.Max(0, squares[i] / orderings - phi[i] * phi[i]);
            standardErrors[i] = Math.Sqrt(variance / orderings);
        }
        return (empty, full);
    }

    /// <summary>Spreads each player's φ onto the first input of its group, so the per-source summary adds them back.</summary>
    private static double[] ExpandToInputs(ExplainData data, double[] phi, int players)
    {
        var perInput = new double[data.Rows * data.InputCount];
        for (int r = 0; r < data.Rows; r++)
        {
            for (int g = 0; g < players; g++)
            {
                perInput[r * data.InputCount + data.Groups[g].Start] = phi[r * players + g];
            }
        }
        return perInput;
    }

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int k = 2; k <= n; k++)
        {
            sum += Math.Log(k);
        }
        return sum;
    }
}

/// <summary>
/// v(S) for one explained row: f averaged (in double) over background rows with the
/// coalition's columns taken from the row. Rows are built in the data's own units and run
/// through the model's float forward pass, many coalitions per batch.
/// </summary>
internal sealed class CoalitionValue(
    MlpModel model,
    IReadOnlyList<(int Start, int Width)> groups,
    float[] background,
    int backgroundRows,
    int width
)
{
    private const int MaxBatchRows = 1 << 14;
    private readonly Predictor _predictor = new(model, Math.Max(MaxBatchRows, backgroundRows));
    private float[] _batch = [];
    private float[] _outputs = [];

    public double Of(ReadOnlySpan<float> x, int rowClass, bool[] inCoalition)
    {
        var batch = Batch(backgroundRows);
        for (int b = 0; b < backgroundRows; b++)
        {
            Compose(x, batch.Slice(b * width, width), b, inCoalition);
        }
        return Mean(backgroundRows, 0, rowClass);
    }

    /// <summary>v of every coalition (bit g set = player g in), batched over coalitions and background rows.</summary>
    public double[] All(ReadOnlySpan<float> x, int rowClass, int players)
    {
        int coalitions = 1 << players;
        var values = new double[coalitions];
        int perBatch = Math.Max(1, MaxBatchRows / backgroundRows);
        for (int first = 0; first < coalitions; first += perBatch)
        {
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
        ReadOnlySpan<float> x,
        Span<float> target,
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
        ReadOnlySpan<float> x,
        Span<float> target,
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

    private Span<float> Batch(int rows)
    {
        if (_batch.Length < rows * width)
        {
            _batch = new float[rows * width];
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
