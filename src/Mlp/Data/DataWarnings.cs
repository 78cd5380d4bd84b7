using System.Text.RegularExpressions;
using Mlp.Model;

namespace Mlp.Data;

/// <summary>
/// Warnings about feature columns that train without error but rarely mean what the user
/// wants: a constant column, and a text column about to be one-hot encoded whose values look
/// like row IDs (a different value in nearly every row) or dates.
/// </summary>
internal static partial class DataWarnings
{
    /// <summary>Rows below which "a different value in every row" is no sign of an ID.</summary>
    private const int MinRowsForId = 20;

    public static void Check(
        RawColumn raw,
        SourceFeature source,
        RawTable table,
        TextWriter? warnings
    )
    {
        if (warnings is null)
        {
            return;
        }
        string place = $"({table.File}, column \"{raw.Name}\")";
        if (IsConstant(raw, source))
        {
            warnings.WriteLine(
                $"mlp: warning: the column has the same value in every row, so it cannot inform the model {place}"
            );
            return;
        }
        if (!source.IsCategorical)
        {
            return;
        }
        long present = raw.TextCount;
        bool mostlyDistinct = present >= MinRowsForId && raw.Texts.Count >= 0.9 * present;
        bool dates = raw.Texts.Take(20).All(LooksLikeDate);
        if (mostlyDistinct || dates)
        {
            string looks = dates ? "dates" : "row IDs (a different value in nearly every row)";
            warnings.WriteLine(
                $"mlp: warning: the column looks like {looks}, {raw.Texts.Count} distinct values one-hot encoded into {source.Width} inputs; drop it with --ignore {raw.Name} {place}"
            );
        }
    }

    private static bool IsConstant(RawColumn raw, SourceFeature source)
    {
        if (source.IsCategorical)
        {
            return raw.Texts.Count == 1 && raw.MissingCount == 0;
        }
        // Numbers are deviations from the column's first number: a constant column is all zeros.
        foreach (float value in raw.Values.Span)
        {
            if (value != 0 && !float.IsNaN(value))
            {
                return false;
            }
        }
        return true;
    }

    private static bool LooksLikeDate(string text) => DatePattern().IsMatch(text);

    [GeneratedRegex(
        @"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
    )]
    private static partial Regex DatePattern();
}
