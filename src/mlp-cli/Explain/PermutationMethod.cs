using Mlp.Cli.Metrics;
using Mlp.Cli.Model;

namespace Mlp.Cli.Explain;

/// <summary>
/// `permutation`: score(data) − score(data with source column i shuffled), mean and
/// population std over the repeats; for losses permuted − baseline, so larger always means
/// more important. The columns of a one-hot group move together under one shuffle.
/// </summary>
internal sealed class PermutationMethod(string? metric, int repeats, long seed) : IImportanceMethod
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
        int width = data.InputCount;
        var predictor = new Predictor(model, rows);
        var outputs = new float[rows * predictor.OutputWidth];
        double Score(float[] inputs)
        {
            predictor.Predict(inputs, rows, outputs);
            return Scoring.Single(
                    model.Schema.Task,
                    model.Schema.Classes.Length,
                    outputs,
                    data.Targets,
                    metricName
                )
                ?? throw new UsageException(
                    $"--metric {metricName} is not a metric of a {model.Schema.Task.Name()} model",
                    $"choose one of: {string.Join(", ", Scoring.Compute(model.Schema.Task, model.Schema.Classes.Length, outputs, data.Targets).Values.Select(m => m.Name))}"
                );
        }

        double baseline = Score(data.Inputs);
        bool loss = Losses.Contains(metricName);
        var shuffled = (float[])data.Inputs.Clone();
        var order = new int[rows];
        var rng = Rng.For(seed, RngStream.Permutation);
        var drops = new double[data.Groups.Count, repeats];
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            for (int g = 0; g < data.Groups.Count; g++)
            {
                var (start, count) = data.Groups[g];
                for (int r = 0; r < rows; r++)
                {
                    order[r] = r;
                }
                rng.Shuffle(order);
                for (int r = 0; r < rows; r++)
                {
                    for (int i = start; i < start + count; i++)
                    {
                        shuffled[r * width + i] = data.Inputs[order[r] * width + i];
                    }
                }
                double permuted = Score(shuffled);
                drops[g, repeat] = loss ? permuted - baseline : baseline - permuted;
                for (int r = 0; r < rows; r++)
                {
                    for (int i = start; i < start + count; i++)
                    {
                        shuffled[r * width + i] = data.Inputs[r * width + i];
                    }
                }
            }
        }
        var names = data.SourceNames;
        var features = new FeatureImportance[data.Groups.Count];
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
            features[g] = new FeatureImportance(names[g], mean, Math.Sqrt(variance / repeats));
        }
        return new ImportanceReport
        {
            Method = Name,
            Features = features,
            Metric = metricName,
            BaselineScore = baseline,
        };
    }
}
