using System.Numerics;
using Mlp.Kernels;

namespace Mlp.Explain;

/// <summary>
/// Exact SHAP interaction values (Lundberg et al. 2020), from the same interventional coalition
/// values v(S) as `shap` (every coalition of the source columns, averaged over the background):
/// Φ_ij = Σ_{S ⊆ N∖{i,j}} |S|!(M−|S|−2)!/(2(M−1)!) · [v(S∪{i,j}) − v(S∪{i}) − v(S∪{j}) + v(S)]
/// for i ≠ j, and Φ_ii = φ_i − Σ_{j≠i} Φ_ij, so each row's Σ_j Φ_ij = φ_i and Σ_i Σ_j Φ_ij =
/// f(x) − v(∅). Reported per pair as the mean over rows of |Φ_ij + Φ_ji| (the whole interaction
/// of the pair), per feature as the mean of |φ_i − Φ_ii| (the part of its attribution that it
/// owes to interactions). Up to <see cref="ShapMethod.MaxExactPlayers"/> features.
/// </summary>
internal static class ShapInteractions
{
    public sealed record Result(
        InteractionReport Report,
        double[] Values,
        double[] Phi,
        double[] Gaps
    );

    public static Result Compute(ExplainData data, double[] background, int? classIndex)
    {
        int players = data.Groups.Count;
        if (players > ShapMethod.MaxExactPlayers)
        {
            throw new InvalidSettingException(
                "Method",
                "shap",
                $"computes exact interaction values for up to {ShapMethod.MaxExactPlayers} features; this model has {players}",
                "the H-statistic has no such limit"
            );
        }
        var model = data.Model;
        var classes = new int[data.Rows];
        if (model.Schema.Task == Model.TaskKind.Multiclass)
        {
            new OutputFunction(model, classIndex).Values(data.Standardized(), data.Rows, classes);
        }
        using var job = new RowsJob(data, background, classes, players);
        data.Progress.Stage("SHAP interactions", data.Rows);
        WorkerPool.Shared.Run(job, job.Parts);
        var pairs = new double[players, players];
        var overall = new double[players];
        for (int r = 0; r < data.Rows; r++)
        {
            var values = job.Values.AsSpan(r * players * players, players * players);
            for (int i = 0; i < players; i++)
            {
                overall[i] +=
                    Math.Abs(job.Phi[r * players + i] - values[i * players + i]) / data.Rows;
                for (int j = i + 1; j < players; j++)
                {
                    double both =
                        Math.Abs(values[i * players + j] + values[j * players + i]) / data.Rows;
                    pairs[i, j] += both;
                    pairs[j, i] += both;
                }
            }
        }
        var report = new InteractionReport(
            "shap",
            data.SourceNames,
            overall,
            pairs,
            PartialDependence.Describe(model, classIndex),
            data.Rows
        );
        return new Result(report, job.Values, job.Phi, job.Gaps);
    }

    /// <summary>Φ of one row from v of every coalition (bit i = player i); φ_i into <paramref name="phi"/>.</summary>
    public static void Row(
        double[] values,
        int players,
        Span<double> phi,
        Span<double> interactions
    )
    {
        ShapMethod.Exact(values, players, ShapMethod.CoalitionWeights(players), phi);
        var weight = PairWeights(players);
        for (int mask = 0; mask < values.Length; mask++)
        {
            double w = weight[BitOperations.PopCount((uint)mask)];
            for (int i = 0; i < players; i++)
            {
                int bitI = 1 << i;
                if ((mask & bitI) != 0)
                {
                    continue;
                }
                for (int j = i + 1; j < players; j++)
                {
                    int bitJ = 1 << j;
                    if ((mask & bitJ) != 0)
                    {
                        continue;
                    }
                    double delta =
                        values[mask | bitI | bitJ]
                        - values[mask | bitI]
                        - values[mask | bitJ]
                        + values[mask];
                    interactions[i * players + j] += w * delta;
                    interactions[j * players + i] += w * delta;
                }
            }
        }
        for (int i = 0; i < players; i++)
        {
            double others = 0;
            for (int j = 0; j < players; j++)
            {
                others += j == i ? 0 : interactions[i * players + j];
            }
            interactions[i * players + i] = phi[i] - others;
        }
    }

    /// <summary>|S|!(M−|S|−2)!/(2(M−1)!) for each coalition size (0 where S would hold i or j).</summary>
    private static double[] PairWeights(int players)
    {
        var weight = new double[players + 1];
        for (int size = 0; size <= players - 2; size++)
        {
            weight[size] =
                Math.Exp(
                    ShapMethod.LogFactorial(size)
                        + ShapMethod.LogFactorial(players - size - 2)
                        - ShapMethod.LogFactorial(players - 1)
                ) / 2;
        }
        return weight;
    }

    /// <summary>Rows in chunks on the worker pool, each with a coalition evaluator of its own; each row depends only on itself.</summary>
    private sealed class RowsJob(ExplainData data, double[] background, int[] classes, int players)
        : IParallelJob,
            IDisposable
    {
        private const int RowsPerPart = 8;

        public double[] Values { get; } = new double[data.Rows * players * players];
        public double[] Phi { get; } = new double[data.Rows * players];

        /// <summary>Per row, |Σ_i Σ_j Φ_ij − (f(x) − v(∅))|.</summary>
        public double[] Gaps { get; } = new double[data.Rows];

        public int Parts => (data.Rows + RowsPerPart - 1) / RowsPerPart;

        private readonly ThreadLocal<OrderingValues> _evaluator = new(() =>
            new OrderingValues(data.Model, data.Groups, background, data.Cancel)
        );

        public void Dispose() => _evaluator.Dispose();

        public void Execute(int part)
        {
            int width = data.InputCount;
            for (int r = part * RowsPerPart; r < Math.Min(data.Rows, (part + 1) * RowsPerPart); r++)
            {
                data.Cancel.ThrowIfCancellationRequested();
                var evaluator = _evaluator.Value!;
                evaluator.SetRow(data.Inputs.AsSpan(r * width, width), classes[r]);
                var values = evaluator.Coalitions();
                var interactions = Values.AsSpan(r * players * players, players * players);
                Row(values, players, Phi.AsSpan(r * players, players), interactions);
                double total = 0;
                foreach (double value in interactions)
                {
                    total += value;
                }
                Gaps[r] = Math.Abs(total - (values[^1] - values[0]));
                data.Progress.Advance();
            }
        }
    }
}
