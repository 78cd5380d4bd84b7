using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Mlp.Data;

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
    /// The common case, fast: field <paramref name="index"/> is a plain finite number. CsvHelper's
    /// exactly-rounded UTF-8 parser also takes thousands separators, so a field with a comma
    /// is left to <see cref="Classify(ReadOnlySpan{byte}, out double, string, long, string, bool)"/>,
    /// which refuses it; <paramref name="commaFree"/> (<see cref="CommaFree"/> of the record)
    /// spares looking for one field by field.
    /// </summary>
    /// <remarks>With <paramref name="decimalComma"/> (--decimal ,) a field with a comma or a dot is left to Classify too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryNumber(
        CsvReader reader,
        int index,
        out double value,
        bool decimalComma = false,
        bool commaFree = false
    ) =>
        (
            decimalComma
                ? reader.GetSpan(index).IndexOfAny((byte)',', (byte)'.') < 0
                : commaFree || reader.GetSpan(index).IndexOf((byte)',') < 0
        )
            && reader.TryParse(index, out value)
            && Math.Abs(value) <= float.MaxValue
        || Fail(out value);

    /// <summary>
    /// Whether no field of the reader's current record can hold a comma: one look at the whole
    /// record instead of one per field. With the comma as separator only a quoted field can
    /// hold one, so a record without quotes has none; with another separator, a record without
    /// a comma has none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CommaFree(CsvReader reader) =>
        reader.RawRecord.IndexOf(reader.Separator == ',' ? (byte)'"' : (byte)',') < 0;

    private static bool Fail(out double value)
    {
        value = double.NaN;
        return false;
    }

    /// <summary>Classifies field <paramref name="index"/> of the reader's current record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CellKind Classify(
        CsvReader reader,
        int index,
        out double value,
        string file,
        long line,
        string column,
        bool decimalComma = false
    )
    {
        if (TryNumber(reader, index, out value, decimalComma))
        {
            return CellKind.Number;
        }
        return Classify(reader.GetSpan(index), out value, file, line, column, decimalComma);
    }

    /// <summary>
    /// Classifies <paramref name="utf8"/> as a number (invariant culture, parsed in double), a
    /// missing marker or text. A number outside float's range, an infinity and a number
    /// written with a decimal comma are errors; under <paramref name="decimalComma"/>
    /// (--decimal ,) a comma is the decimal mark and a number with a dot is the error.
    /// </summary>
    public static CellKind Classify(
        ReadOnlySpan<byte> utf8,
        out double value,
        string file,
        long line,
        string column,
        bool decimalComma = false
    )
    {
        value = double.NaN;
        var trimmed = utf8.Trim(" \t"u8);
        if (IsMissing(trimmed))
        {
            return CellKind.Missing;
        }
        if (decimalComma)
        {
            return CommaNumber(trimmed, out value, file, line, column);
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (!(Math.Abs(value) <= float.MaxValue))
            {
                throw OutOfFloatRange(trimmed, new ErrorPlace(file, line, column));
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
        if (HasDecimalComma(trimmed))
        {
            throw new MlpException(
                $"value '{Quote(trimmed)}' is a number written with a comma",
                new ErrorPlace(file, line, column),
                "numbers are read with a dot for decimals and no thousands separators (1.5, 1000): pass --decimal , (with --delimiter ';' for Excel's exports) to read commas, or --categorical for labels"
            );
        }
        return CellKind.Text;
    }

    private static MlpException OutOfFloatRange(ReadOnlySpan<byte> trimmed, ErrorPlace place) =>
        new(
            $"value '{Quote(trimmed)}' is not a finite number",
            place,
            "every number must fit a 32-bit float (about ±3.4e38); infinities are not allowed"
        );

    /// <summary>Whether the text reads as a number once its one comma is a dot (1,5 or 1,000).</summary>
    private static bool HasDecimalComma(ReadOnlySpan<byte> trimmed) =>
        WithDotForComma(trimmed, out double number) && double.IsFinite(number);

    /// <summary>The number the text is with its one comma (or none) read as a decimal point.</summary>
    private static bool WithDotForComma(ReadOnlySpan<byte> trimmed, out double number)
    {
        number = double.NaN;
        int comma = trimmed.IndexOf((byte)',');
        if ((comma >= 0 && trimmed[(comma + 1)..].IndexOf((byte)',') >= 0) || trimmed.Length > 64)
        {
            return false;
        }
        Span<byte> dotted = stackalloc byte[trimmed.Length];
        trimmed.CopyTo(dotted);
        if (comma >= 0)
        {
            dotted[comma] = (byte)'.';
        }
        return double.TryParse(
            dotted,
            NumberStyles.Float,
            CultureInfo.InvariantCulture,
            out number
        );
    }

    /// <summary>
    /// --decimal ,: a number written with a comma for the decimal mark (1,5), or text. A number
    /// written with a dot (1.5, or 1.000 as a thousands separator) is an error: it is not clear
    /// which it means.
    /// </summary>
    private static CellKind CommaNumber(
        ReadOnlySpan<byte> trimmed,
        out double value,
        string file,
        long line,
        string column
    )
    {
        var place = new ErrorPlace(file, line, column);
        if (trimmed.IndexOf((byte)'.') >= 0)
        {
            value = double.NaN;
            return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? throw new MlpException(
                    $"value '{Quote(trimmed)}' has a dot, but --decimal , reads a comma as the decimal mark",
                    place,
                    "write numbers with a comma and no thousands separators (1,5 and 1000), or leave out --decimal"
                )
                : CellKind.Text;
        }
        if (!WithDotForComma(trimmed, out value) || IsInfinityWord(trimmed))
        {
            value = double.NaN;
            return CellKind.Text;
        }
        if (!(Math.Abs(value) <= float.MaxValue))
        {
            throw OutOfFloatRange(trimmed, place);
        }
        return CellKind.Number;
    }

    /// <summary>A text field must be UTF-8: anything else would be read with replacement characters.</summary>
    public static void CheckUtf8(ReadOnlySpan<byte> field, string file, long line, string column)
    {
        if (!Utf8.IsValid(field))
        {
            throw NotUtf8(new ErrorPlace(file, line, column));
        }
    }

    public static MlpException NotUtf8(ErrorPlace place) =>
        new(
            "the file is not valid UTF-8",
            place,
            "convert it to UTF-8, for example: iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
        );

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

    /// <summary>A text for a message, cut to a readable length.</summary>
    public static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;

    /// <summary>Decodes and trims a text field (category names, class names), which must be UTF-8.</summary>
    public static string Text(ReadOnlySpan<byte> utf8, string file, long line, string column)
    {
        CheckUtf8(utf8, file, line, column);
        return Encoding.UTF8.GetString(utf8.Trim(" \t"u8));
    }

    public static string FormatNumber(float value) => value.ToString(CultureInfo.InvariantCulture);
}
