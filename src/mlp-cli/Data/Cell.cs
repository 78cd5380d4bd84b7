using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace Mlp.Cli.Data;

internal enum CellKind
{
    Missing,
    Number,
    Text,
}

/// <summary>How one CSV field reads: a missing marker, an invariant-culture number, or text.</summary>
internal static class Cell
{
    /// <summary>
    /// Classifies field <paramref name="index"/> of the reader's current record. Most fields
    /// are plain numbers: those take CsvHelper's exactly-rounded UTF-8 parser; everything
    /// else goes through <see cref="Classify(ReadOnlySpan{byte}, out float, string, long, string)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CellKind Classify(
        CsvReader reader,
        int index,
        out float value,
        string file,
        long line,
        string column
    )
    {
        if (reader.TryParse(index, out value) && float.IsFinite(value))
        {
            return CellKind.Number;
        }
        return Classify(reader.GetSpan(index), out value, file, line, column);
    }

    /// <summary>Classifies <paramref name="utf8"/>; a number outside float's range or spelled as infinity is an error.</summary>
    public static CellKind Classify(
        ReadOnlySpan<byte> utf8,
        out float value,
        string file,
        long line,
        string column
    )
    {
        value = float.NaN;
        var trimmed = utf8.Trim(" \t"u8);
        if (IsMissing(trimmed))
        {
            return CellKind.Missing;
        }
        if (float.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (!float.IsFinite(value))
            {
                throw new MlpException(
                    $"value '{Quote(trimmed)}' is not a finite number",
                    new ErrorPlace(file, line, column),
                    "every number must fit a 32-bit float (about ±3.4e38); infinities are not allowed"
                );
            }
            return CellKind.Number;
        }
        if (IsInfinityWord(trimmed))
        {
            throw new MlpException(
                $"value '{Quote(trimmed)}' is not a finite number",
                new ErrorPlace(file, line, column),
                "infinities are not allowed"
            );
        }
        return CellKind.Text;
    }

    /// <summary>Empty, NA, NaN and null (any letter case) mean "missing".</summary>
    public static bool IsMissing(ReadOnlySpan<byte> trimmed) =>
        trimmed.IsEmpty
        || Ascii.EqualsIgnoreCase(trimmed, "NA"u8)
        || Ascii.EqualsIgnoreCase(trimmed, "NaN"u8)
        || Ascii.EqualsIgnoreCase(trimmed, "null"u8);

    private static bool IsInfinityWord(ReadOnlySpan<byte> trimmed)
    {
        var unsigned =
            trimmed.Length > 0 && (trimmed[0] == (byte)'+' || trimmed[0] == (byte)'-')
                ? trimmed[1..]
                : trimmed;
        return Ascii.EqualsIgnoreCase(unsigned, "inf"u8)
            || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8);
    }

    /// <summary>The field as text for a message, cut to a readable length.</summary>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        const int MaxShown = 40;
        string text = Encoding.UTF8.GetString(
            utf8.Length > MaxShown * 4 ? utf8[..(MaxShown * 4)] : utf8
        );
        return text.Length > MaxShown ? text[..MaxShown] + "…" : text;
    }

    /// <summary>Decodes and trims a text field (category names, class names).</summary>
    public static string Text(ReadOnlySpan<byte> utf8) =>
        Encoding.UTF8.GetString(utf8.Trim(" \t"u8));

    public static string FormatNumber(float value) => value.ToString(CultureInfo.InvariantCulture);
}
