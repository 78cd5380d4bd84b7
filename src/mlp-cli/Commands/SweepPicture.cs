using System.Globalization;
using Mlp.Cli.Plot;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>The sweep's --plot: each combination's panel titled with its setting and scores, the last varying option across.</summary>
internal static class SweepPicture
{
    private const int MaxColumns = 6;

    public static Figure Draw(
        IReadOnlyList<SweepCombination> combinations,
        SweepAxes varied,
        TrainingResult[] results,
        PlotData data,
        (int X, int Y)? axes,
        string lossName
    )
    {
        string metric = SweepOutput.MetricName(results[0].Model.Schema.Task);
        var panels = results
            .Select(
                (result, i) =>
                    new SweepPanel(
                        Setting(combinations[i], varied),
                        Scores(result, metric),
                        result.Model,
                        result.History
                    )
            )
            .ToList();
        return SweepChart.Draw(panels, Columns(combinations, varied), data, axes, lossName);
    }

    /// <summary>What varies ("activation relu, lr 0.1"), or the activation and learning rate when nothing does.</summary>
    public static string Setting(SweepCombination combination, SweepAxes varied)
    {
        var parts = combination.Varied(varied).Select(v => $"{v.Name} {v.Value}").ToList();
        return parts.Count > 0
            ? string.Join(", ", parts)
            : $"activation {combination.Activation.Name()}, lr {combination.LearningRateText}";
    }

    private static string Scores(TrainingResult result, string metric)
    {
        string validation = result.ValidationMetrics is { } v
            ? $", validation {Score(v[metric])}"
            : "";
        return $"{metric} {Score(result.TrainingMetrics[metric])}{validation}";
    }

    private static string Score(double? value) =>
        value is double v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Panels per row: the values of the last swept option that varies (the others go down), at most six.</summary>
    private static int Columns(IReadOnlyList<SweepCombination> combinations, SweepAxes varied)
    {
        int Count<T>(Func<SweepCombination, T> value) =>
            combinations.Select(value).Distinct().Count();
        int last =
            varied.Optimizer ? Count(c => c.Optimizer)
            : varied.BatchSize ? Count(c => c.BatchSize)
            : varied.Hidden ? Count(c => c.HiddenText)
            : varied.LearningRate ? Count(c => c.LearningRate)
            : combinations.Count;
        return last <= MaxColumns ? last : (int)Math.Ceiling(Math.Sqrt(combinations.Count));
    }
}
