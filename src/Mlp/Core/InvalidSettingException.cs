namespace Mlp;

/// <summary>
/// A setting that cannot be used, named by the property that holds it
/// (<c>nameof(TrainingOptions.LearningRate)</c>, <c>nameof(ExplanationOptions.Metric)</c>, or
/// <c>"Method"</c> for an explanation method), with the value as given (empty when the setting is
/// refused whatever its value) and what is wrong with it. It knows nothing of the command line,
/// which words it with the option that sets it (<c>--lr 0 must be a positive number</c>).
/// </summary>
public sealed class InvalidSettingException : Exception
{
    internal InvalidSettingException(
        string setting,
        string value,
        string requirement,
        string? detail = null
    )
        : base(value.Length > 0 ? $"{setting} {value} {requirement}" : $"{setting} {requirement}")
    {
        Setting = setting;
        Value = value;
        Requirement = requirement;
        Detail = detail;
    }

    /// <summary>The setting's property name, or "Method".</summary>
    public string Setting { get; }

    /// <summary>The value as given; empty when the setting is refused whatever its value.</summary>
    public string Value { get; }

    /// <summary>What the value must be, as the end of a sentence: "must be at least 1".</summary>
    public string Requirement { get; }

    /// <summary>What would be accepted, when there is more to say; null otherwise.</summary>
    public string? Detail { get; }
}
