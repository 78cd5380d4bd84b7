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
    double[] background,
    long seed,
    int sampledOrderings = 64
) : IImportanceMethod
{
    public const int MaxExactPlayers = 16;

    private readonly double[] _background = background;
    private readonly long _seed = seed;

    public string Name => "shap";

    /// <summary>max over rows of |Σ_i φ_i − (f(x) − E f(background))|, set by the last <see cref="Compute"/>.</summary>
    public double EfficiencyGap { get; private set; }

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
        : IParallelJob,
            IDisposable
    {
        private const int RowsPerPart = 16;
        private readonly double[] _weights = CoalitionWeights(players);

        public double[] Phi { get; } = new double[data.Rows * players];
        public double[] StandardErrors { get; } = new double[data.Rows * players];
        public double[] Gaps { get; } = new double[data.Rows];
        public int Parts => (data.Rows + RowsPerPart - 1) / RowsPerPart;

        private readonly ThreadLocal<CoalitionValue> _evaluator = new(() =>
            CoalitionValue.Over(data, method._background)
        );

        public void Dispose() => _evaluator.Dispose();

        public void Execute(int part)
        {
            int width = data.InputCount;
            var coalitionValue = _evaluator.Value!;
            for (int r = part * RowsPerPart; r < Math.Min(data.Rows, (part + 1) * RowsPerPart); r++)
            {
                data.Cancel.ThrowIfCancellationRequested();
                var x = data.Inputs.AsSpan(r * width, width);
                var rowPhi = Phi.AsSpan(r * players, players);
                double empty,
                    full;
                if (players <= MaxExactPlayers)
                {
                    var values = coalitionValue.All(x, classes[r], players);
                    Exact(values, players, _weights, rowPhi);
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

    /// <summary>Marginal contributions along random orderings and their reverses; returns v(∅) and v(N).</summary>
    private (double Empty, double Full) Sampled(
        CoalitionValue coalitionValue,
        ReadOnlySpan<double> x,
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
