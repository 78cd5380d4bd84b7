namespace Mlp.Cli.Model;

/// <summary>
/// A training setting out of its range, named by its <see cref="TrainingSettings"/> property
/// (<c>nameof(TrainingSettings.LearningRate)</c>), with the value as given and what it must
/// be. It knows nothing of the command line: the CLI turns it into a usage error that names the
/// option (<c>--lr 0 must be a positive number</c>).
/// </summary>
internal sealed class InvalidSettingException(string setting, string value, string requirement)
    : Exception($"{setting} {value} {requirement}")
{
    public string Setting { get; } = setting;
    public string Value { get; } = value;
    public string Requirement { get; } = requirement;
}
