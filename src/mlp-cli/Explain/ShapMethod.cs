using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Explain;

/// <summary>
/// `shap`: interventional Shapley values against a background set. The players are the
/// source columns (a one-hot group is one player); v(S) = mean over background rows b of
/// f(x on S, b elsewhere). Exact over all coalitions up to <see cref="MaxExactPlayers"/>
/// players (every coalition walked in Gray-code order, one player's first-layer columns per
/// step); beyond that, a sampled estimator over antithetic pairs of random orderings
/// (each ordering and its reverse), whose standard error is reported as the spread.
/// Σ_i φ_i = f(x) − v(∅) holds for every row either way.
/// </summary>
internal sealed class ShapMethod(
    int? classIndex,
    double[] background,
    long seed,
    int? sampledOrderings = null,
    double tolerance = ShapMethod.Tolerance
) : IImportanceMethod
{
    public const int MaxExactPlayers = 16;

    /// <summary>Sampling stops once every standard error is at most this fraction of the row's scale (see <see cref="Sampled"/>), by default.</summary>
    public const double Tolerance = 0.01;

    public const int MinPairs = 32;
    public const int MaxPairs = 20_000;

    private readonly double[] _background = background;
    private readonly long _seed = seed;

    public string Name => "shap";

    /// <summary>max over rows of |Σ_i φ_i − (f(x) − E f(background))|, set by the last <see cref="Compute"/>.</summary>
    public double EfficiencyGap { get; private set; }

    /// <summary>φ of every explained row and player (rows, players), set by the last <see cref="Compute"/>.</summary>
    public double[] RowValues { get; private set; } = [];

    /// <summary>The standard error of each sampled φ (rows, players; zero when exact).</summary>
    public double[] RowStandardErrors { get; private set; } = [];

    public ImportanceReport Compute(ExplainData data)
    {
        int players = data.Groups.Count;
        // Each row's class (multiclass), kept by all its coalitions; other tasks have one output.
        var classes = new int[data.Rows];
        if (data.Model.Schema.Task == TaskKind.Multiclass)
        {
            new OutputFunction(data.Model, classIndex).Values(
                data.Standardized(),
                data.Rows,
                classes
            );
        }
        using var job = new RowsJob(this, data, classes, players);
        data.Progress.Stage("shap", data.Rows);
        WorkerPool.Shared.Run(job, job.Parts);
        EfficiencyGap = job.Gaps.Max();
        RowValues = job.Phi;
        RowStandardErrors = job.StandardErrors;
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
        : IParallelJob,
            IDisposable
    {
        // Sampled rows take long enough each to be parts of their own (even load on few rows).
        private readonly int _rowsPerPart = players > MaxExactPlayers ? 1 : 16;
        private readonly double[] _weights = CoalitionWeights(players);

        public double[] Phi { get; } = new double[data.Rows * players];
        public double[] StandardErrors { get; } = new double[data.Rows * players];
        public double[] Gaps { get; } = new double[data.Rows];
        public int Parts => (data.Rows + _rowsPerPart - 1) / _rowsPerPart;

        private readonly ThreadLocal<OrderingValues> _orderings = new(() =>
            new OrderingValues(data.Model, data.Groups, method._background, data.Cancel)
        );

        private readonly ThreadLocal<SampleBuffers> _buffers = new(() =>
            new SampleBuffers(players, method._background.Length / data.InputCount)
        );

        public void Dispose()
        {
            _orderings.Dispose();
            _buffers.Dispose();
        }

        public void Execute(int part)
        {
            int width = data.InputCount;
            for (
                int r = part * _rowsPerPart;
                r < Math.Min(data.Rows, (part + 1) * _rowsPerPart);
                r++
            )
            {
                data.Cancel.ThrowIfCancellationRequested();
                var x = data.Inputs.AsSpan(r * width, width);
                var rowPhi = Phi.AsSpan(r * players, players);
                double empty,
                    full;
                if (players <= MaxExactPlayers)
                {
                    var orderings = _orderings.Value!;
                    orderings.SetRow(x, classes[r]);
                    var values = orderings.Coalitions();
                    Exact(values, players, _weights, rowPhi);
                    (empty, full) = (values[0], values[^1]);
                }
                else
                {
                    (empty, full) = method.Sampled(
                        _orderings.Value!,
                        _buffers.Value!,
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
                data.Progress.Advance();
            }
        }
    }

    /// <summary>φ_i = Σ_{S ∌ i} |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)), from v of every coalition (bit i = player i).</summary>
    internal static void Exact(double[] values, int players, double[] weight, Span<double> phi)
    {
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

    /// <summary>The Shapley weight |S|! (M − |S| − 1)! / M! of a coalition of each size.</summary>
    internal static double[] CoalitionWeights(int players)
    {
        var weight = new double[players];
        for (int size = 0; size < players; size++)
        {
            weight[size] = Math.Exp(
                LogFactorial(size) + LogFactorial(players - size - 1) - LogFactorial(players)
            );
        }
        return weight;
    }

    /// <summary>
    /// Marginal contributions along random orderings, each with its reverse (antithetic pairs:
    /// a player early in one is late in the other, which cancels much of the variance), each
    /// pair against one background row. Pairs come in blocks that use every background row
    /// once, in a shuffled order, so the background is covered evenly. The pair means are the
    /// samples: φ_i is their mean and its standard error their standard deviation over
    /// √pairs (as if independent: the even coverage only makes the true error smaller).
    /// Without a fixed count, blocks are added until every player's standard error is at most
    /// the tolerance (<see cref="Tolerance"/>) × the larger of |f(x) − v(∅)| (what the φ share out) and the
    /// spread of f over the background rows (at least <see cref="MinPairs"/> pairs and two
    /// blocks, at most about <see cref="MaxPairs"/>).
    /// Returns v(∅) and v(N) as averaged over the orderings.
    /// </summary>
    private (double Empty, double Full) Sampled(
        OrderingValues orderingValues,
        SampleBuffers buffers,
        ReadOnlySpan<double> x,
        int rowClass,
        int players,
        Span<double> phi,
        Span<double> standardErrors,
        Rng rng
    )
    {
        double spread = orderingValues.SetRow(x, rowClass);
        int block = orderingValues.BackgroundRows;
        int steps = players + 1;
        var (order, backgroundOrder, orders, backgroundRows, values, pairMean, sums, squares) =
            buffers.ForRow();
        double emptySum = 0,
            fullSum = 0;
        int blocks = sampledOrderings is int fixedCount
            ? Math.Max(1, fixedCount / 2)
            : Math.Max(2, (MaxPairs + block - 1) / block);
        int pairs = 0;
        for (int round = 0; round < blocks; round++)
        {
            rng.Shuffle(backgroundOrder);
            for (int p = 0; p < block; p++)
            {
                rng.Shuffle(order);
                var forward = orders.AsSpan(2 * p * players, players);
                var reverse = orders.AsSpan((2 * p + 1) * players, players);
                order.CopyTo(forward);
                order.CopyTo(reverse);
                reverse.Reverse();
                backgroundRows[2 * p] = backgroundRows[2 * p + 1] = backgroundOrder[p];
            }
            orderingValues.Along(orders, backgroundRows, values);
            for (int p = 0; p < block; p++)
            {
                Array.Clear(pairMean);
                for (int k = 2 * p; k <= 2 * p + 1; k++)
                {
                    var path = values.AsSpan(k * steps, steps);
                    var ordering = orders.AsSpan(k * players, players);
                    for (int s = 0; s < players; s++)
                    {
                        pairMean[ordering[s]] += (path[s + 1] - path[s]) / 2;
                    }
                    emptySum += path[0];
                    fullSum += path[players];
                }
                for (int i = 0; i < players; i++)
                {
                    sums[i] += pairMean[i];
                    squares[i] += pairMean[i] * pairMean[i];
                }
            }
            pairs += block;
            if (sampledOrderings is null && round >= 1 && pairs >= MinPairs)
            {
                StandardErrors(sums, squares, pairs, standardErrors);
                double largest = 0;
                foreach (double error in standardErrors)
                {
                    largest = Math.Max(largest, error);
                }
                double total = Math.Abs(fullSum - emptySum) / (2 * pairs);
                if (largest <= tolerance * Math.Max(total, spread))
                {
                    break;
                }
            }
        }
        StandardErrors(sums, squares, pairs, standardErrors);
        for (int i = 0; i < players; i++)
        {
            phi[i] = sums[i] / pairs;
        }
        return (emptySum / (2 * pairs), fullSum / (2 * pairs));
    }

    /// <summary>
    /// One thread's arrays for sampling a row's orderings (on wide data several MB a row, so
    /// they are reused rather than allocated per row); <see cref="ForRow"/> sets them to the
    /// state every row starts from, so a row's values do not depend on the rows before it.
    /// </summary>
    private sealed class SampleBuffers(int players, int block)
    {
        private readonly int[] _order = new int[players];
        private readonly int[] _backgroundOrder = new int[block];
        private readonly int[] _orders = new int[2 * block * players];
        private readonly int[] _backgroundRows = new int[2 * block];
        private readonly double[] _values = new double[2 * block * (players + 1)];
        private readonly double[] _pairMean = new double[players];
        private readonly double[] _sums = new double[players];
        private readonly double[] _squares = new double[players];

        public (
            int[] Order,
            int[] BackgroundOrder,
            int[] Orders,
            int[] BackgroundRows,
            double[] Values,
            double[] PairMean,
            double[] Sums,
            double[] Squares
        ) ForRow()
        {
            for (int i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }
            for (int b = 0; b < _backgroundOrder.Length; b++)
            {
                _backgroundOrder[b] = b;
            }
            Array.Clear(_sums);
            Array.Clear(_squares);
            return (
                _order,
                _backgroundOrder,
                _orders,
                _backgroundRows,
                _values,
                _pairMean,
                _sums,
                _squares
            );
        }
    }

    /// <summary>The standard error of each mean of <paramref name="count"/> samples from their sums and sums of squares.</summary>
    private static void StandardErrors(
        ReadOnlySpan<double> sums,
        ReadOnlySpan<double> squares,
        int count,
        Span<double> errors
    )
    {
        for (int i = 0; i < sums.Length; i++)
        {
            double mean = sums[i] / count;
            double variance =
                count > 1 ? Math.Max(0, (squares[i] - count * mean * mean) / (count - 1)) : 0;
            errors[i] = Math.Sqrt(variance / count);
        }
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

    internal static double LogFactorial(int n)
    {
        double sum = 0;
        for (int k = 2; k <= n; k++)
        {
            sum += Math.Log(k);
        }
        return sum;
    }
}
