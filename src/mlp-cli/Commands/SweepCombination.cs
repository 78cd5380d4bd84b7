using System.Globalization;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>One setting of the swept options.</summary>
internal sealed record SweepCombination(
    int[] Hidden,
    Activation Activation,
    OptimizerKind Optimizer,
    float LearningRate,
    int BatchSize
)
{
    public string HiddenText => Hidden.Length == 0 ? "none" : string.Join(',', Hidden);
    public string LearningRateText => LearningRate.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>What varies, as text (a panel's title, a model's file name).</summary>
    public IEnumerable<(string Name, string Value)> Varied(SweepAxes varied)
    {
        if (varied.Activation)
        {
            yield return ("activation", Activation.Name());
        }
        if (varied.LearningRate)
        {
            yield return ("lr", LearningRateText);
        }
        if (varied.Hidden)
        {
            yield return ("hidden", HiddenText);
        }
        if (varied.BatchSize)
        {
            yield return ("batch", OptionParsing.BatchSizeText(BatchSize));
        }
        if (varied.Optimizer)
        {
            yield return ("optimizer", TrainingSettings.OptimizerName(Optimizer));
        }
    }

    /// <summary>The model's file name: activation and learning rate always, the other swept options when they vary.</summary>
    public string FileName(SweepAxes varied)
    {
        var parts = new List<string> { Activation.Name(), $"lr{LearningRateText}" };
        if (varied.Hidden)
        {
            parts.Add(
                $"hidden{string.Join('-', Hidden.Select(h => h.ToString(CultureInfo.InvariantCulture)))}"
            );
        }
        if (varied.BatchSize)
        {
            parts.Add($"batch{OptionParsing.BatchSizeText(BatchSize)}");
        }
        if (varied.Optimizer)
        {
            parts.Add(TrainingSettings.OptimizerName(Optimizer));
        }
        return string.Join('_', parts) + ".mlp";
    }
}

/// <summary>Which of the swept options have more than one value.</summary>
internal sealed record SweepAxes(
    bool Activation,
    bool LearningRate,
    bool Hidden,
    bool BatchSize,
    bool Optimizer
);
