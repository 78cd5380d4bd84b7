using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;
using Mlp.Training;

namespace Mlp.Cli.Commands;

/// <summary>
/// The training core's own exceptions in the command line's words: a refused setting becomes a
/// usage error naming the option that sets it, a diverged run an error that says which option to
/// lower. The one table from settings to options lives here.
/// </summary>
internal static class DomainErrors
{
    /// <summary>The option that sets each setting the core can refuse: a <see cref="TrainingSettings"/>, <see cref="DataOptions"/> or <see cref="ImportanceOptions"/> property, or the explanation method.</summary>
    private static readonly Dictionary<string, string> SettingOptions = new()
    {
        [nameof(TrainingSettings.LearningRate)] = "--lr",
        [nameof(TrainingSettings.Epochs)] = "--epochs",
        [nameof(TrainingSettings.Hidden)] = "--hidden",
        [nameof(TrainingSettings.BatchSize)] = "--batch-size",
        [nameof(TrainingSettings.Ensemble)] = "--ensemble",
        [nameof(TrainingSettings.L2)] = "--l2",
        [nameof(TrainingSettings.Momentum)] = "--momentum",
        [nameof(TrainingSettings.Validation)] = "--validation",
        [nameof(TrainingSettings.Patience)] = "--patience",
        [nameof(TrainingSettings.Dropout)] = "--dropout",
        [nameof(TrainingSettings.LabelSmoothing)] = "--label-smoothing",
        [nameof(TrainingSettings.ClassWeight)] = "--class-weight",
        [nameof(DataOptions.Positive)] = "--positive",
        [nameof(DataOptions.Ignore)] = "--ignore",
        [nameof(DataOptions.Features)] = "--features",
        [nameof(DataOptions.SampleWeight)] = "--sample-weight",
        [nameof(ImportanceOptions.Metric)] = "--metric",
        [nameof(ImportanceOptions.Groups)] = "--group",
        ["Method"] = "--method",
    };

    /// <summary>The properties that have an option here (the tests check that every refusal is one of them).</summary>
    public static IReadOnlyCollection<string> Settings => SettingOptions.Keys;

    /// <summary>The exception as the CLI reports it, or null when it is not one of the core's.</summary>
    public static MlpException? ToCli(Exception exception) =>
        exception switch
        {
            InvalidSettingException e => new UsageException(
                e.Value.Length > 0
                    ? $"{SettingOptions[e.Setting]} {e.Value} {e.Requirement}"
                    : $"{SettingOptions[e.Setting]} {e.Requirement}",
                Hint(e) ?? e.Detail
            ),
            TrainingDivergedException e => new MlpException(
                e.Message,
                hint: $"lower --lr (now {e.LearningRate}) or keep the inputs standardized"
            ),
            _ => null,
        };

    /// <summary>A failed run's reason as one line, for a sweep's or cross-validation's report.</summary>
    public static string Describe(Exception? failure) =>
        failure switch
        {
            null => "",
            MlpException e => e.Describe(),
            _ when ToCli(failure) is { } cli => cli.Describe(),
            _ => $"internal failure: {failure.Message}",
        };

    private static string? Hint(InvalidSettingException e) =>
        e.Setting switch
        {
            nameof(TrainingSettings.Patience)
                when e.Requirement == TrainingSettings.NeedsValidationRows =>
                "give --validation FRACTION or --validation-data FILE",
            nameof(TrainingSettings.Dropout) => "--hidden none has no hidden layers",
            nameof(DataOptions.Ignore) =>
                "choose another target with --target, or drop it from --ignore",
            nameof(DataOptions.Features) =>
                "a model cannot read its own target; choose another target with --target",
            "Method" when e.Value == "garson" => "use --method olden, which works for any depth",
            "Method" when e.Value == "shap" =>
                "use --method h-statistic (the default), which has no such limit",
            _ => null,
        };
}
