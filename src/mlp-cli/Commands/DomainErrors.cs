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
    /// <summary>The option that sets each <see cref="TrainingSettings"/> property the core can refuse.</summary>
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
        [nameof(TrainingSettings.ClassWeight)] = "--class-weight",
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
                e.Detail ?? Hint(e)
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
            _ => null,
        };
}
