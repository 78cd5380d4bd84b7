using Mlp.Kernels;
using Mlp.Metrics;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// `permutation`: score(data) − score(data with source column i shuffled), mean and
/// population std over the repeats; for losses permuted − baseline, so larger always means
/// more important. The columns of a one-hot group move together under one shuffle, and so do
/// the source columns of each `--group` (correlated features), reported as one "a+b" feature.
/// Its parts are the (player, repeat) shuffles, each scored on every row; a <see cref="PartWork"/>
/// shard scores its share of them.
/// </summary>
internal sealed class PermutationMethod(
    string? metric,
    int repeats,
    long seed,
    IReadOnlyList<string[]>? together = null,
    PartWork? parts = null
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
        double Score(float[] outputs) =>
            Scoring.Single(
                model.Schema.Task,
                model.Schema.Classes.Length,
                outputs,
                data.Targets,
                metricName,
                data.Weights
            )
            ?? throw new InvalidSettingException(
                "Metric",
                metricName,
                $"is not a metric of a {model.Schema.Task.Name()} model",
                $"choose one of: {string.Join(", ", Scoring.Compute(model.Schema.Task, model.Schema.Classes.Length, outputs, data.Targets).Values.Select(m => m.Name))}"
            );

        var players = Players(data, together ?? []);
        using var job = new ShuffleJob(data, players, repeats, seed, Score);
        double baseline = job.Baseline();
        if (double.IsNaN(baseline))
        {
            throw new MlpException(
                $"{metricName} is undefined on these {data.Rows} rows: "
                    + (
                        metricName == "r2"
                            ? "the target has one value"
                            : "only one class is present"
                    ),
                hint: "permutation importance needs a score to lose: choose another metric, or give more rows"
            );
        }
        int shuffles = players.Count * repeats;
        var (first, end) = parts?.Share(shuffles) ?? (0, shuffles);
        data.Progress.Stage("permutation", end - first);
        job.First = first;
        WorkerPool.Shared.Run(job, end - first);
        for (int part = first; part < end; part++)
        {
            parts?.Done?.Invoke(part, [job.Scores[part]]);
        }
        if (parts?.Given is { } given)
        {
            for (int part = 0; part < shuffles; part++)
            {
                job.Scores[part] = given(part)[0];
            }
        }
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
    /// generator of its own: the thread count does not change which rows move where. A shuffle
    /// moves only the player's columns, so it changes the first layer's product W₁z of row r
    /// by W₁[:, i] · (z[order[r], i] − z[r, i]) for each of those columns i: the product of the
    /// unshuffled rows is computed once and each shuffle costs one scaled column per row, not a
    /// whole first layer (on 2,000 columns, a 2,000th of it).
    /// </summary>
    private sealed class ShuffleJob : IParallelJob, IDisposable
    {
        private readonly ExplainData _data;
        private readonly List<(string Name, int[] Inputs)> _players;
        private readonly int _repeats;
        private readonly long _seed;
        private readonly Func<float[], double> _score;
        private readonly float[] _z;
        private readonly float[] _products;
        private readonly FirstLayerColumns<float> _columns;
        private readonly ThreadLocal<(
            int[] Order,
            Workspace<float> Workspace,
            float[] Outputs
        )> _buffers;

        public ShuffleJob(
            ExplainData data,
            List<(string Name, int[] Inputs)> players,
            int repeats,
            long seed,
            Func<float[], double> score
        )
        {
            (_data, _players, _repeats, _seed, _score) = (data, players, repeats, seed, score);
            var network = data.Model.Network;
            _z = new float[data.Inputs.Length];
            Standardization.Apply(data.Model.InputScaling, data.Inputs, _z);
            _products = FirstLayerColumns<float>.Products(network, _z, data.Rows);
            _columns = new FirstLayerColumns<float>(network);
            _buffers = new(() =>
                (
                    new int[data.Rows],
                    new Workspace<float>(network, data.Rows, forwardOnly: true),
                    new float[data.Rows * network.OutputCount]
                )
            );
            Scores = new double[players.Count * repeats];
        }

        public double[] Scores { get; }

        /// <summary>The first shuffle this run scores: job part p is shuffle First + p.</summary>
        public int First { get; set; }

        public void Dispose() => _buffers.Dispose();

        public void Execute(int jobPart)
        {
            int part = First + jobPart;
            _data.Cancel.ThrowIfCancellationRequested();
            var (order, workspace, outputs) = _buffers.Value!;
            for (int r = 0; r < order.Length; r++)
            {
                order[r] = r;
            }
            Rng.For(_seed, RngStream.Permutation, part).Shuffle(order);
            Scores[part] = ScoreOf(_players[part / _repeats].Inputs, order, workspace, outputs);
            _data.Progress.Advance();
        }

        /// <summary>The score of the rows as they are (no column moved), from the same products as the shuffles.</summary>
        public double Baseline()
        {
            var (order, workspace, outputs) = _buffers.Value!;
            return ScoreOf([], order, workspace, outputs);
        }

        private double ScoreOf(
            int[] inputs,
            int[] order,
            Workspace<float> workspace,
            float[] outputs
        )
        {
            var network = _data.Model.Network;
            Shuffled(inputs, order, workspace);
            var logits = network.ForwardAfterFirstProduct(_data.Rows, workspace);
            OutputHead.Apply(
                _data.Model.Schema.Task,
                _data.Model.TargetScaling,
                logits,
                outputs,
                network.OutputCount
            );
            return _score(outputs);
        }

        /// <summary>The first layer's product of the rows with the columns <paramref name="inputs"/> taken from row order[r], into the workspace.</summary>
        private void Shuffled(int[] inputs, int[] order, Workspace<float> workspace)
        {
            int width = _data.InputCount;
            int units = _columns.Units;
            var products = workspace.PreActivation(0, _data.Rows);
            _products.CopyTo(products);
            for (int r = 0; r < _data.Rows; r++)
            {
                var row = products.Slice(r * units, units);
                foreach (int i in inputs)
                {
                    _columns.Add(i, _z[order[r] * width + i] - _z[r * width + i], row);
                }
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
                    throw new InvalidSettingException(
                        "Groups",
                        "",
                        $"names \"{name}\", which is not a feature of the model",
                        $"the features are: {TextList.Of(names)}"
                    );
                }
                if (!grouped.Add(name))
                {
                    throw new InvalidSettingException("Groups", "", $"names \"{name}\" twice");
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
