using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// `shap`: interventional Shapley values against a background set. The players are the
/// source columns (a one-hot group is one player); v(S) = mean over background rows b of
/// f(x on S, b elsewhere). Each row takes the cheaper of two ways to the same values: a
/// sampled estimator over antithetic pairs of random orderings (each ordering and its
/// reverse), run until its standard error (reported as the spread) is within the tolerance,
/// or, up to <see cref="MaxExactPlayers"/> players, every coalition walked in Gray-code order
/// (one player's first-layer columns per step), when that costs fewer forward passes than
/// the samples still needed. Σ_i φ_i = f(x) − v(∅) holds for every row either way.
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
    public const double Tolerance = 0.02;

    public const int MaxPairs = 20_000;

    /// <summary>Pairs beyond one per background row before their spread is trusted: the pooled variance's degrees of freedom.</summary>
    public const int MinRepeatedPairs = 32;

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
        if (job.StandardErrors.Any(error => error > 0))
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
    /// Each explained row a part of its own (a row's work varies: an even load on few rows), on
    /// whichever thread claims it with that thread's coalition evaluator; every row's values
    /// depend only on the row (its orderings come from a generator of its own), so the thread
    /// count does not change the result.
    /// </summary>
    private sealed class RowsJob(ShapMethod method, ExplainData data, int[] classes, int players)
        : IParallelJob,
            IDisposable
    {
        private readonly double[] _weights = CoalitionWeights(players);

        public double[] Phi { get; } = new double[data.Rows * players];
        public double[] StandardErrors { get; } = new double[data.Rows * players];
        public double[] Gaps { get; } = new double[data.Rows];

        public int Parts => data.Rows;

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

        public void Execute(int r)
        {
            data.Cancel.ThrowIfCancellationRequested();
            int width = data.InputCount;
            var rowPhi = Phi.AsSpan(r * players, players);
            var rowErrors = StandardErrors.AsSpan(r * players, players);
            var orderings = _orderings.Value!;
            var ends = method.Sampled(
                orderings,
                _buffers.Value!,
                data.Inputs.AsSpan(r * width, width),
                classes[r],
                players,
                rowPhi,
                rowErrors,
                Rng.For(method._seed, RngStream.ShapOrderings, r)
            );
            if (ends is null)
            {
                var values = orderings.Coalitions();
                rowPhi.Clear();
                rowErrors.Clear();
                Exact(values, players, _weights, rowPhi);
                ends = (values[0], values[^1]);
            }
            var (empty, full) = ends.Value;
            double sum = 0;
            foreach (double value in rowPhi)
            {
                sum += value;
            }
            Gaps[r] = Math.Abs(sum - (full - empty));
            data.Progress.Advance();
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
    /// pair against one background row. The background rows are strata: they are visited in
    /// turn, in an order shuffled anew each time all have been visited, a quarter of them per
    /// round, and φ_i is the mean over background rows of each one's mean pair. Its standard
    /// error is the stratified one, from the spread of the pairs within a background row
    /// (pooled over the rows): the spread of f over the background costs no samples (an
    /// additive model is exact after one visit of each row), only the orderings' share of the
    /// variance does.
    /// Without a fixed count, rounds are added, from one visit of every background row and
    /// a quarter more (at least <see cref="MinRepeatedPairs"/> more), until every player's standard error is at most the tolerance
    /// (<see cref="Tolerance"/>) × the larger of |f(x) − v(∅)| (what the φ share out) and the
    /// spread of f over the background rows. When the pairs that the errors so far call for
    /// would cost more forward passes than every coalition (2^M per background row, up to
    /// <see cref="MaxExactPlayers"/> players), or sampling could not beat them even at its
    /// cheapest, returns null: the caller computes the exact values instead. Otherwise
    /// returns v(∅) and v(N), averaged as the φ are.
    /// </summary>
    private (double Empty, double Full)? Sampled(
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
        int strata = orderingValues.BackgroundRows;
        int round = (strata + 3) / 4;
        int firstCheck = strata + Math.Max(round, MinRepeatedPairs);
        int steps = players + 1;
        double pairCost = 2.0 * steps;
        double exactCost =
            players <= MaxExactPlayers ? Math.Pow(2, players) * strata : double.PositiveInfinity;
        if (sampledOrderings is null && exactCost <= firstCheck * pairCost)
        {
            return null;
        }
        var b = buffers.ForRow();
        int maxPairs = sampledOrderings is int fixedCount
            ? Math.Max(1, fixedCount / 2) * strata
            : Math.Max(2 * strata, MaxPairs);
        int pairs = 0,
            cursor = 0;
        while (pairs < maxPairs)
        {
            if (cursor == 0)
            {
                rng.Shuffle(b.StratumOrder);
            }
            int count = Math.Min(Math.Min(round, strata - cursor), maxPairs - pairs);
            for (int p = 0; p < count; p++)
            {
                rng.Shuffle(b.Order);
                var forward = b.Orders.AsSpan(2 * p * players, players);
                var reverse = b.Orders.AsSpan((2 * p + 1) * players, players);
                b.Order.CopyTo(forward);
                b.Order.CopyTo(reverse);
                reverse.Reverse();
                b.BackgroundRows[2 * p] = b.BackgroundRows[2 * p + 1] = b.StratumOrder[cursor + p];
            }
            orderingValues.Along(
                b.Orders.AsSpan(0, 2 * count * players),
                b.BackgroundRows.AsSpan(0, 2 * count),
                b.Values.AsSpan(0, 2 * count * steps)
            );
            for (int p = 0; p < count; p++)
            {
                Array.Clear(b.PairMean);
                int stratum = b.StratumOrder[cursor + p];
                for (int k = 2 * p; k <= 2 * p + 1; k++)
                {
                    var path = b.Values.AsSpan(k * steps, steps);
                    var ordering = b.Orders.AsSpan(k * players, players);
                    for (int s = 0; s < players; s++)
                    {
                        b.PairMean[ordering[s]] += (path[s + 1] - path[s]) / 2;
                    }
                    b.Ends[2 * stratum] += path[0] / 2;
                    b.Ends[2 * stratum + 1] += path[players] / 2;
                }
                b.Counts[stratum]++;
                var stratumSums = b.Sums.AsSpan(stratum * players, players);
                var stratumSquares = b.Squares.AsSpan(stratum * players, players);
                for (int i = 0; i < players; i++)
                {
                    stratumSums[i] += b.PairMean[i];
                    stratumSquares[i] += b.PairMean[i] * b.PairMean[i];
                }
            }
            pairs += count;
            cursor = (cursor + count) % strata;
            if (sampledOrderings is null && pairs >= firstCheck)
            {
                StandardErrors(b.Sums, b.Squares, b.Counts, standardErrors);
                double largest = 0;
                foreach (double error in standardErrors)
                {
                    largest = Math.Max(largest, error);
                }
                var (empty, full) = StratumMeans(b.Ends, b.Counts);
                double target = tolerance * Math.Max(Math.Abs(full - empty), spread);
                if (largest <= target)
                {
                    break;
                }
                double wanted = pairs * (largest / target) * (largest / target);
                if ((wanted - pairs) * pairCost > exactCost)
                {
                    return null;
                }
            }
        }
        StandardErrors(b.Sums, b.Squares, b.Counts, standardErrors);
        for (int i = 0; i < players; i++)
        {
            double total = 0;
            for (int stratum = 0; stratum < strata; stratum++)
            {
                total += b.Sums[stratum * players + i] / b.Counts[stratum];
            }
            phi[i] = total / strata;
        }
        return StratumMeans(b.Ends, b.Counts);
    }

    /// <summary>v(∅) and v(N): the means over background rows of each one's mean start and end (ends: start, end per row).</summary>
    private static (double Empty, double Full) StratumMeans(double[] ends, int[] counts)
    {
        double empty = 0,
            full = 0;
        for (int stratum = 0; stratum < counts.Length; stratum++)
        {
            empty += ends[2 * stratum] / counts[stratum];
            full += ends[2 * stratum + 1] / counts[stratum];
        }
        return (empty / counts.Length, full / counts.Length);
    }

    /// <summary>
    /// One thread's arrays for sampling a row's orderings (on wide data several MB a row, so
    /// they are reused rather than allocated per row); <see cref="ForRow"/> sets them to the
    /// state every row starts from, so a row's values do not depend on the rows before it.
    /// Sums, Squares (background row, player), Counts and Ends are per background row: the
    /// strata of <see cref="Sampled"/>.
    /// </summary>
    private sealed class SampleBuffers(int players, int strata)
    {
        public int[] Order { get; } = new int[players];
        public int[] StratumOrder { get; } = new int[strata];
        public int[] Orders { get; } = new int[2 * strata * players];
        public int[] BackgroundRows { get; } = new int[2 * strata];
        public double[] Values { get; } = new double[2 * strata * (players + 1)];
        public double[] PairMean { get; } = new double[players];
        public double[] Sums { get; } = new double[strata * players];
        public double[] Squares { get; } = new double[strata * players];
        public int[] Counts { get; } = new int[strata];
        public double[] Ends { get; } = new double[2 * strata];

        public SampleBuffers ForRow()
        {
            for (int i = 0; i < Order.Length; i++)
            {
                Order[i] = i;
            }
            for (int b = 0; b < StratumOrder.Length; b++)
            {
                StratumOrder[b] = b;
            }
            Array.Clear(Sums);
            Array.Clear(Squares);
            Array.Clear(Counts);
            Array.Clear(Ends);
            return this;
        }
    }

    /// <summary>
    /// The standard error of each player's φ, the mean over background rows of each one's
    /// mean pair, from the sums and sums of squares per background row and player and the
    /// pairs per background row: √(s² Σ_b 1/n_b) / rows, with s² the pairs' spread within a
    /// background row pooled over the rows. While no row has two pairs there is no spread
    /// within one, and the rows' pairs are taken as independent samples instead (a larger
    /// error: it counts the background's spread too).
    /// </summary>
    private static void StandardErrors(
        ReadOnlySpan<double> sums,
        ReadOnlySpan<double> squares,
        ReadOnlySpan<int> counts,
        Span<double> errors
    )
    {
        int players = errors.Length;
        int strata = counts.Length;
        int freedom = 0;
        double inverseCounts = 0;
        foreach (int count in counts)
        {
            freedom += count - 1;
            inverseCounts += 1.0 / count;
        }
        for (int i = 0; i < players; i++)
        {
            double variance;
            if (freedom > 0)
            {
                double within = 0;
                for (int b = 0; b < strata; b++)
                {
                    double sum = sums[b * players + i];
                    within += Math.Max(0, squares[b * players + i] - sum * sum / counts[b]);
                }
                variance = within / freedom * inverseCounts / strata / strata;
            }
            else
            {
                double sum = 0,
                    square = 0;
                for (int b = 0; b < strata; b++)
                {
                    sum += sums[b * players + i];
                    square += squares[b * players + i];
                }
                double mean = sum / strata;
                variance =
                    strata > 1
                        ? Math.Max(0, (square - strata * mean * mean) / (strata - 1)) / strata
                        : 0;
            }
            errors[i] = Math.Sqrt(variance);
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
