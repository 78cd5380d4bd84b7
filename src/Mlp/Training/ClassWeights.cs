using System.Globalization;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>
/// --class-weight: <c>balanced</c> (scikit-learn's: n / (classes × the class's count), counted
/// over the training rows) or <c>NAME=W,…</c> (the classes not named weigh 1).
/// </summary>
internal static class ClassWeights
{
    /// <summary>Each class's weight, or null without --class-weight.</summary>
    public static float[]? Resolve(string? spec, Schema schema, float[] target, int[] trainRows)
    {
        if (spec is null)
        {
            return null;
        }
        var counts = new long[schema.Classes.Length];
        if (schema.Task != TaskKind.Regression)
        {
            foreach (int row in trainRows)
            {
                counts[(int)target[row]]++;
            }
        }
        return Resolve(spec, schema, counts);
    }

    /// <summary>Each class's weight from how many training rows each class has, or null without --class-weight.</summary>
    public static float[]? Resolve(string? spec, Schema schema, long[] counts)
    {
        if (spec is null)
        {
            return null;
        }
        if (schema.Task == TaskKind.Regression)
        {
            throw new InvalidSettingException(
                nameof(TrainingSettings.ClassWeight),
                "",
                "applies to classification only"
            );
        }
        var classes = schema.Classes;
        if (spec == "balanced")
        {
            long rows = counts.Sum();
            return
            [
                .. counts.Select(count =>
                    count == 0 ? 0f : (float)((double)rows / (classes.Length * count))
                ),
            ];
        }
        var weights = Enumerable.Repeat(1f, classes.Length).ToArray();
        foreach (
            var pair in spec.Split(
                ',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries
            )
        )
        {
            int equals = pair.LastIndexOf('=');
            string name = equals > 0 ? pair[..equals] : "";
            int index = Array.IndexOf(classes, name);
            if (index < 0)
            {
                throw new InvalidSettingException(
                    nameof(TrainingSettings.ClassWeight),
                    $"'{pair}'",
                    "does not name a class of the target",
                    $"write balanced, or NAME=WEIGHT pairs; the classes are: {TextList.Of(classes)}"
                );
            }
            if (
                !double.TryParse(
                    pair[(equals + 1)..],
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out double weight
                )
                || !double.IsFinite(weight)
                || weight < 0
            )
            {
                throw new InvalidSettingException(
                    nameof(TrainingSettings.ClassWeight),
                    $"'{pair}':",
                    "the weight is not a number ≥ 0"
                );
            }
            weights[index] = (float)weight;
        }
        return weights;
    }

    /// <summary>Each row's weight in the loss: its sample weight times its class's weight; null when neither is given.</summary>
    public static float[]? RowWeights(float[]? sampleWeights, float[]? classWeights, float[] target)
    {
        if (sampleWeights is null && classWeights is null)
        {
            return null;
        }
        var weights = new float[target.Length];
        for (int r = 0; r < weights.Length; r++)
        {
            weights[r] = (sampleWeights?[r] ?? 1f) * (classWeights?[(int)target[r]] ?? 1f);
        }
        return weights;
    }
}
