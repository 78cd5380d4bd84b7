using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// --label-smoothing auto: 0.1 for multiclass under --epochs auto, where it was measured better
/// on every multiclass set of the meta-train suite (digits 0.977 → 0.989, the 4-class 40,000-row
/// set 0.915 → 0.938; bench/results/defaults-candidates.md); 0 for binary, where it was not
/// (hastie 0.967 → 0.959), and wherever the run is given (a network to study, as PyTorch trains
/// it by default). Regression has no labels to smooth: a value above 0 is refused.
/// </summary>
internal static class SmoothingRule
{
    public const float Multiclass = 0.1f;

    /// <summary><paramref name="settings"/> with --label-smoothing auto turned into its value for <paramref name="task"/>.</summary>
    public static TrainingSettings Resolve(TrainingSettings settings, TaskKind task)
    {
        float smoothing =
            settings.LabelSmoothing
            ?? (settings.AutoEpochs && task == TaskKind.Multiclass ? Multiclass : 0);
        if (task == TaskKind.Regression && smoothing > 0)
        {
            throw new InvalidSettingException(
                nameof(TrainingSettings.LabelSmoothing),
                smoothing.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "applies to classification only, and the target is a number"
            );
        }
        return settings with { LabelSmoothing = smoothing };
    }
}
