namespace Mlp.Model;

/// <summary>
/// A training setting that cannot be used, named by its <see cref="TrainingSettings"/> property
/// (<c>nameof(TrainingSettings.LearningRate)</c>), with the value as given (empty when the
/// setting is refused whatever its value) and what is wrong with it; <see cref="Detail"/> can
/// say what would be accepted. It knows nothing of the command line: the CLI turns it into a
/// usage error that names the option (<c>--lr 0 must be a positive number</c>).
/// </summary>
internal sealed class InvalidSettingException(
    string setting,
    string value,
    string requirement,
    string? detail = null
) : Exception(value.Length > 0 ? $"{setting} {value} {requirement}" : $"{setting} {requirement}")
{
    public string Setting { get; } = setting;
    public string Value { get; } = value;
    public string Requirement { get; } = requirement;
    public string? Detail { get; } = detail;
}
