using Mlp.Cli.Metrics;
using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Explain;

/// <summary>
/// `permutation`: score(data) − score(data with source column i shuffled), mean and
/// population std over the repeats; for losses permuted − baseline, so larger always means
/// more important. The columns of a one-hot group move together under one shuffle, and so do
/// the source columns of each `--group` (correlated features), reported as one "a+b" feature.
/// </summary>
internal sealed class PermutationMethod(
    string? metric,
    int repeats,
    long seed,
    IReadOnlyList<string[]>? together = null
) : IImportanceMethod
{
    private static readonly HashSet<string> Losses = ["log_loss", "mse", "rmse", "mae"];

    public string Name => "permutation";

    public static string DefaultMetric(TaskKind task) =>
        task == TaskKind.Regression ? "r2" : "accuracy";

    public ImportanceReport Compute(ExplainData data)
    {
        var model = data.Model;
        string metricName = metric ?? DefaultMetric(model.Schema.Task);
        int rows = data.Rows;
        double Score(double[] inputs, Predictor predictor, float[] outputs)
        {
            predictor.Predict(inputs, rows, outputs);
            return Scoring.Single(
                    model.Schema.Task,
                    model.Schema.Classes.Length,
                    outputs,
                    data.Targets,
                    metricName,
                    data.Weights
                )
                ?? throw new UsageException(
                    $"--metric {metricName} is not a metric of a {model.Schema.Task.Name()} model",
                    $"choose one of: {string.Join(", ", Scoring.Compute(model.Schema.Task, model.Schema.Classes.Length, outputs, data.Targets).Values.Select(m => m.Name))}"
                );
        }

        var players = Players(data, together ?? []);
        var baselinePredictor = new Predictor(model, rows);
        double baseline = Score(
            data.Inputs,
            baselinePredictor,
            new float[rows * baselinePredictor.OutputWidth]
        );
        using var job = new ShuffleJob(data, players, repeats, seed, Score);
        WorkerPool.Shared.Run(job, players.Count * repeats);
        bool loss = Losses.Contains(metricName);
        var drops = new double[players.Count, repeats];
        for (int g = 0; g < players.Count; g++)
        {
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                double permuted = job.Scores[g * repeats + repeat];
                drops[g, repeat] = loss ? permuted - baseline : baseline - permuted;
            }
        }
        var features = new FeatureImportance[players.Count];
        for (int g = 0; g < features.Length; g++)
        {
            double mean = 0;
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                mean += drops[g, repeat];
            }
            mean /= repeats;
            double variance = 0;
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                variance += (drops[g, repeat] - mean) * (drops[g, repeat] - mean);
            }
            features[g] = new FeatureImportance(
                players[g].Name,
                mean,
                Math.Sqrt(variance / repeats)
            );
        }
        return new ImportanceReport
        {
            Method = Name,
            Features = features,
            Metric = metricName,
            BaselineScore = baseline,
            RanksBySign = true,
        };
    }

    /// <summary>
    /// Every (player, repeat) shuffle as one part, on whichever thread claims it, each with a
    /// generator of its own: the thread count does not change which rows move where.
    /// </summary>
    private sealed class ShuffleJob(
        ExplainData data,
        List<(string Name, int[] Inputs)> players,
        int repeats,
        long seed,
        Func<double[], Predictor, float[], double> score
    ) : IParallelJob, IDisposable
    {
        private readonly ThreadLocal<(
            double[] Shuffled,
            int[] Order,
            Predictor Predictor,
            float[] Outputs
        )> _buffers = new(() =>
        {
            var predictor = new Predictor(data.Model, data.Rows);
            return (
                (double[])data.Inputs.Clone(),
                new int[data.Rows],
                predictor,
                new float[data.Rows * predictor.OutputWidth]
            );
        });

        public double[] Scores { get; } = new double[players.Count * repeats];

        public void Dispose() => _buffers.Dispose();

        public void Execute(int part)
        {
            data.Cancel.ThrowIfCancellationRequested();
            var (shuffled, order, predictor, outputs) = _buffers.Value;
            var inputs = players[part / repeats].Inputs;
            for (int r = 0; r < order.Length; r++)
            {
                order[r] = r;
            }
            Rng.For(seed, RngStream.Permutation, part).Shuffle(order);
            CopyColumns(data.Inputs, shuffled, inputs, data.InputCount, order);
            Scores[part] = score(shuffled, predictor, outputs);
            CopyColumns(data.Inputs, shuffled, inputs, data.InputCount, null);
        }
    }

    /// <summary>shuffled[r, i] = source[order[r], i] for the inputs i (order null: the identity, restoring the rows).</summary>
    private static void CopyColumns(
        double[] source,
        double[] shuffled,
        int[] inputs,
        int width,
        int[]? order
    )
    {
        int rows = source.Length / width;
        for (int r = 0; r < rows; r++)
        {
            int from = order?[r] ?? r;
            foreach (int i in inputs)
            {
                shuffled[r * width + i] = source[from * width + i];
            }
        }
    }

    /// <summary>What is shuffled as one: each source column, except that the columns of a --group go together.</summary>
    private static List<(string Name, int[] Inputs)> Players(
        ExplainData data,
        IReadOnlyList<string[]> together
    )
    {
        var names = data.SourceNames;
        var players = new List<(string Name, int[] Inputs)>();
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in together)
        {
            foreach (var name in group)
            {
                if (!names.Contains(name))
                {
                    throw new UsageException(
                        $"--group names \"{name}\", which is not a feature of the model",
                        $"the features are: {TextList.Of(names)}"
                    );
                }
                if (!grouped.Add(name))
                {
                    throw new UsageException($"--group names \"{name}\" twice");
                }
            }
        }
        for (int g = 0; g < names.Length; g++)
        {
            if (grouped.Contains(names[g]))
            {
                // A group stands where its first member stands in model order.
                var group = together.First(t => t.Contains(names[g]));
                if (group.Min(name => Array.IndexOf(names, name)) == g)
                {
                    var inputs = group
                        .SelectMany(name => Inputs(data, Array.IndexOf(names, name)))
                        .ToArray();
                    players.Add((string.Join("+", group), inputs));
                }
                continue;
            }
            players.Add((names[g], Inputs(data, g)));
        }
        return players;
    }

    private static int[] Inputs(ExplainData data, int source) =>
        Enumerable.Range(data.Groups[source].Start, data.Groups[source].Width).ToArray();
}
