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

    public string Name => "shap";

    /// <summary>max over rows of |Σ_i φ_i − (f(x) − E f(background))|, set by the last <see cref="Compute"/>.</summary>
    public double EfficiencyGap { get; private set; }

    public ImportanceReport Compute(ExplainData data)
    {
        int players = data.Groups.Count;
        int width = data.InputCount;
        int backgroundRows = background.Length / width;
        var function = new OutputFunction(data.Model, classIndex);
        var z = data.Standardized();
        var zBackground = new ExplainData(
            data.Model,
            background,
            new float[backgroundRows]
        ).Standardized();
        var classes = new int[data.Rows];
        function.Values(z, data.Rows, classes); // each row's class, which all its coalitions keep
        var phi = new double[data.Rows * players];
        var spread = new double[players];
        var rng = Rng.For(seed, RngStream.ShapOrderings);
        var coalitionValue = new CoalitionValue(
            function,
            data.Groups,
            zBackground,
            backgroundRows,
            width
        );
        EfficiencyGap = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            var x = z.AsSpan(r * width, width);
            var rowPhi = phi.AsSpan(r * players, players);
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
                (empty, full) = Sampled(
                    coalitionValue,
                    x,
                    classes[r],
                    players,
                    rowPhi,
                    spread,
                    rng
                );
            }
            double sum = 0;
            foreach (double value in rowPhi)
            {
                sum += value;
            }
            EfficiencyGap = Math.Max(EfficiencyGap, Math.Abs(sum - (full - empty)));
        }
        var features = Attributions.Summarize(data, ExpandToInputs(data, phi, players));
        if (players > MaxExactPlayers)
        {
            features = features.Select((f, g) => f with { Std = spread[g] / data.Rows }).ToArray();
        }
        return new ImportanceReport { Method = Name, Features = features };
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
        ReadOnlySpan<double> x,
        int rowClass,
        int players,
        Span<double> phi,
        double[] spread,
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
            spread[i] += Math.Sqrt(variance / orderings);
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

/// <summary>v(S) for one explained row: f averaged over background rows with the coalition's columns taken from the row.</summary>
internal sealed class CoalitionValue(
    OutputFunction function,
    IReadOnlyList<(int Start, int Width)> groups,
    double[] background,
    int backgroundRows,
    int width
)
{
    private const int MaxBatchRows = 1 << 14;

    public double Of(ReadOnlySpan<double> x, int rowClass, bool[] inCoalition)
    {
        var batch = new double[backgroundRows * width];
        for (int b = 0; b < backgroundRows; b++)
        {
            var target = batch.AsSpan(b * width, width);
            background.AsSpan(b * width, width).CopyTo(target);
            for (int g = 0; g < groups.Count; g++)
            {
                if (inCoalition[g])
                {
                    x.Slice(groups[g].Start, groups[g].Width)
                        .CopyTo(target.Slice(groups[g].Start, groups[g].Width));
                }
            }
        }
        return Mean(batch, backgroundRows, rowClass);
    }

    /// <summary>v of every coalition (bit g set = player g in), batched over coalitions and background rows.</summary>
    public double[] All(ReadOnlySpan<double> x, int rowClass, int players)
    {
        int coalitions = 1 << players;
        var values = new double[coalitions];
        int perBatch = Math.Max(1, MaxBatchRows / backgroundRows);
        for (int first = 0; first < coalitions; first += perBatch)
        {
            int count = Math.Min(perBatch, coalitions - first);
            var batch = new double[count * backgroundRows * width];
            for (int c = 0; c < count; c++)
            {
                int mask = first + c;
                for (int b = 0; b < backgroundRows; b++)
                {
                    var target = batch.AsSpan((c * backgroundRows + b) * width, width);
                    background.AsSpan(b * width, width).CopyTo(target);
                    for (int g = 0; g < players; g++)
                    {
                        if ((mask & (1 << g)) != 0)
                        {
                            x.Slice(groups[g].Start, groups[g].Width)
                                .CopyTo(target.Slice(groups[g].Start, groups[g].Width));
                        }
                    }
                }
            }
            var f = Values(batch, count * backgroundRows, rowClass);
            for (int c = 0; c < count; c++)
            {
                double sum = 0;
                for (int b = 0; b < backgroundRows; b++)
                {
                    sum += f[c * backgroundRows + b];
                }
                values[first + c] = sum / backgroundRows;
            }
        }
        return values;
    }

    private double Mean(double[] batch, int rows, int rowClass) =>
        Values(batch, rows, rowClass).Average();

    private double[] Values(double[] batch, int rows, int rowClass)
    {
        var classes = new int[rows];
        Array.Fill(classes, rowClass);
        return function.Values(batch, rows, classes, useGivenClasses: true);
    }
}
