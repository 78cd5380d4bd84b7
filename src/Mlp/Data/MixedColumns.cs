namespace Mlp.Data;

/// <summary>
/// Columns that hold both numbers and text, which --missing auto reads as their majority
/// kind: mostly numbers, the texts are gaps ('?', '-', a typo; in the target, rows without a
/// target, which are left out); mostly text, every value is a category, as --categorical would
/// read it. One warning line for each kind.
/// </summary>
internal static class MixedColumns
{
    /// <summary>How a table's mixed columns were read: those whose texts became gaps, and those read as categories.</summary>
    public sealed record Reading(string[] TextsAsGaps, string[] AsCategories)
    {
        public static Reading None { get; } = new([], []);
    }

    public static RawColumn[] Of(string[] columns, RawTable table) =>
        [
            .. columns
                .Select(name => table.Columns[name])
                .Where(raw => raw.NumberCount > 0 && raw.TextCount > 0),
        ];

    /// <param name="table">The table read again, the texts of <paramref name="mostlyNumbers"/> as gaps.</param>
    public static void Warn(
        RawColumn[] mostlyNumbers,
        RawColumn[] mostlyText,
        RawTable table,
        TextWriter? warnings
    )
    {
        if (warnings is null)
        {
            return;
        }
        var strays = mostlyNumbers.Select(mixed => table.Columns[mixed.Name]).ToArray();
        if (strays.Length > 0)
        {
            long cells = strays.Sum(raw => raw.StrayTextCount);
            var first = strays.MinBy(raw => raw.FirstStrayLine)!;
            var examples = strays
                .SelectMany(raw => raw.StrayTexts)
                .Distinct()
                .Take(RawColumn.StrayExamples)
                .Select(text => $"'{text}'");
            warnings.WriteLine(
                $"mlp: warning: {TextList.Count(cells, "value")} in {TextList.Count(strays.Length, "column")} of numbers "
                    + $"{(cells == 1 ? "is not a number" : "are not numbers")} ({string.Join(", ", examples)}): read as gaps; "
                    + $"--missing error refuses them (first at {new ErrorPlace(table.File, first.FirstStrayLine, first.Name)})"
            );
        }
        if (mostlyText.Length > 0)
        {
            var first = mostlyText.MinBy(raw => raw.FirstNumberLine)!;
            warnings.WriteLine(
                $"mlp: warning: {TextList.Count(mostlyText.Length, "column")} of text also "
                    + $"{(mostlyText.Length == 1 ? "holds" : "hold")} numbers "
                    + $"({TextList.Of(mostlyText.Select(raw => $"\"{raw.Name}\""), 5)}): every value read as a category, "
                    + $"as --categorical would; --missing error refuses such columns "
                    + $"(first number '{first.FirstNumberText}' at {new ErrorPlace(table.File, first.FirstNumberLine, first.Name)})"
            );
        }
    }
}
