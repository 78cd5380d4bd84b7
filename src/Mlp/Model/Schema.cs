namespace Mlp.Model;

/// <summary>
/// A source column the model reads: categorical (one-hot inputs) or numeric (its value, then,
/// with <paramref name="MissingIndicator"/>, an input that is 1 where the value was missing).
/// </summary>
internal sealed record SourceFeature(
    string Name,
    string[]? Categories,
    bool MissingIndicator = false
)
{
    /// <summary>The category of a missing value, and the name of a numeric column's missing indicator.</summary>
    public const string Missing = "(missing)";

    /// <summary>The category of the rare ones grouped together, and of one unseen in training.</summary>
    public const string Other = "(other)";

    public bool IsCategorical => Categories is not null;
    public int Width => Categories?.Length ?? (MissingIndicator ? 2 : 1);

    public IEnumerable<string> EncodedNames =>
        Categories is not null ? Categories.Select(category => $"{Name}={category}")
        : MissingIndicator ? [Name, $"{Name}={Missing}"]
        : [Name];
}

/// <summary>
/// What the model expects of a CSV and what its outputs mean: the source columns and their
/// encoding, the target and its classes, and the values that fill missing inputs.
/// </summary>
internal sealed class Schema
{
    public required SourceFeature[] Sources { get; init; }
    public required string TargetName { get; init; }
    public required TaskKind Task { get; init; }

    /// <summary>Class names in class order (empty for regression).</summary>
    public required string[] Classes { get; init; }

    /// <summary>True when every class name is a number: labels are then matched by value.</summary>
    public required bool ClassesAreNumbers { get; init; }

    /// <summary>Per encoded input, the value that replaces a missing one (--missing mean), or null.</summary>
    public double[]? Impute { get; init; }

    public string[] FeatureNames => Sources.SelectMany(source => source.EncodedNames).ToArray();

    public int InputCount
    {
        get
        {
            int count = 0;
            foreach (var source in Sources)
            {
                count += source.Width;
            }
            return count;
        }
    }

    public int OutputCount => Task == TaskKind.Multiclass ? Classes.Length : 1;

    /// <summary>A binary model's positive class (its second: the one its output is the probability of); null for other tasks.</summary>
    public string? PositiveClass => Task == TaskKind.Binary ? Classes[1] : null;

    /// <summary>
    /// Where --positive's class stands among <paramref name="classes"/> (of the target or the
    /// model, as <paramref name="of"/> says): a usage error for a task that is not binary or a
    /// class that is not there.
    /// </summary>
    public static int PositiveIndex(TaskKind task, string[] classes, string positive, string of)
    {
        if (task != TaskKind.Binary)
        {
            throw new InvalidSettingException(
                "Positive",
                "",
                $"applies to binary {of}s; this one is {task.Name()}"
            );
        }
        int at = Array.IndexOf(classes, positive);
        return at >= 0
            ? at
            : throw new InvalidSettingException(
                "Positive",
                $"'{positive}'",
                $"is not a class of the {of}; its classes are {TextList.Of(classes)}"
            );
    }

    /// <summary>" (classes: a, b; positive: b)" for a classifier (at most <paramref name="listed"/> classes named), "" for regression.</summary>
    public string ClassesNote(int listed) =>
        PositiveClass is string positive
            ? $" (classes: {TextList.Of(Classes)}; positive: {positive})"
        : Task == TaskKind.Regression ? ""
        : $" (classes: {TextList.Of(Classes, listed)})";
}
