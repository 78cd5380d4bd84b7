using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace Mlp.Data;

/// <summary>
/// One CSV column as read: a float per row holding the number as its deviation from
/// <see cref="Origin"/> (the column's first number within its first <see cref="OriginRows"/>
/// rows, parsed in double, so a column on a large offset keeps its digits; it depends only on
/// the file, not on how it is cut into parts), or for text the index of the value in <see cref="Texts"/>, or NaN
/// when missing. Counts and first lines of each kind let the builder decide the column's type
/// and name the offending line. With <c>textIsGap</c> (a column that holds numbers, read again
/// under --missing auto) a text cell is a gap, counted as a stray text.
/// </summary>
internal sealed class RawColumn(
    string name,
    bool forceText,
    double? origin = null,
    bool decimalComma = false,
    bool textIsGap = false
)
{
    /// <summary>How many of a column's stray texts a warning quotes.</summary>
    public const int StrayExamples = 3;

    /// <summary>Data rows within which the first number becomes the origin; past them a column without one keeps origin 0.</summary>
    public const int OriginRows = 1024;

    private bool _hasOrigin = origin is not null;

    private readonly Dictionary<string, int> _textIds = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public bool ForceText { get; } = forceText;
    public FloatBuffer Values { get; } = new();
    public List<string> Texts { get; } = [];
    public long NumberCount { get; private set; }
    public long TextCount { get; private set; }
    public long MissingCount { get; private set; }
    public long FirstNumberLine { get; private set; }
    public long FirstTextLine { get; private set; }
    public long FirstMissingLine { get; private set; }
    public string? FirstNumberText { get; private set; }
    public string? FirstText { get; private set; }

    /// <summary>Text cells read as gaps (see the class remarks), the first one's line, and the first few distinct ones as written.</summary>
    public long StrayTextCount { get; private set; }
    public long FirstStrayLine { get; private set; }
    public List<string> StrayTexts { get; } = [];

    /// <summary>The number the column's values are stored as deviations from (value − Origin).</summary>
    public double Origin { get; private set; } = origin ?? 0;

    /// <summary>The numbers in their own units (float32), missing values as NaN.</summary>
    public float[] NumbersInUnits()
    {
        var values = Values.Span.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Origin + values[i]);
        }
        return values;
    }

    /// <summary>The numbers in their own units in double (origin + deviation), missing values as NaN.</summary>
    public double[] NumbersInDouble()
    {
        var deviations = Values.Span;
        var values = new double[deviations.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Origin + deviations[i];
        }
        return values;
    }

    /// <summary>Adds field <paramref name="index"/> of the reader's current record.</summary>
    /// <param name="commaFree">The record's <see cref="Cell.CommaFree"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(CsvReader reader, int index, long line, string file, bool commaFree)
    {
        // Most fields are a number in a column that already has one: nothing to note but the value.
        if (
            FirstNumberLine != 0
            && !ForceText
            && Cell.TryNumber(reader, index, out double value, decimalComma, commaFree)
        )
        {
            NumberCount++;
            Values.Add((float)(value - Origin));
            return;
        }
        Classify(reader, index, line, file);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Classify(CsvReader reader, int index, long line, string file)
    {
        double number = double.NaN;
        var kind = ForceText
            ? (
                Cell.IsMissing(reader.GetSpan(index).Trim(" \t"u8))
                    ? CellKind.Missing
                    : CellKind.Text
            )
            : Cell.Classify(reader, index, out number, file, line, Name, decimalComma);
        if (kind == CellKind.Missing)
        {
            AddMissing(line);
        }
        else if (kind == CellKind.Number)
        {
            AddNumber(
                number,
                line,
                FirstNumberLine == 0 ? Cell.Quote(reader.GetSpan(index)) : null
            );
        }
        else
        {
            var field = reader.GetSpan(index);
            Cell.CheckUtf8(field, file, line, Name);
            if (textIsGap)
            {
                NoteStray(line, Cell.Quote(field));
                AddMissing(line);
                return;
            }
            NoteText(line, field);
            Values.Add(TextId(field));
        }
    }

    private void NoteStray(long line, string text)
    {
        StrayTextCount++;
        FirstStrayLine = FirstStrayLine == 0 ? line : FirstStrayLine;
        AddStrayExample(text);
    }

    private void AddStrayExample(string text)
    {
        if (StrayTexts.Count < StrayExamples && !StrayTexts.Contains(text))
        {
            StrayTexts.Add(text);
        }
    }

    /// <summary>A missing value on <paramref name="line"/> (a Parquet file's data row).</summary>
    public void AddMissing(long line)
    {
        MissingCount++;
        FirstMissingLine = FirstMissingLine == 0 ? line : FirstMissingLine;
        Values.Add(float.NaN);
    }

    /// <summary>
    /// A number; <paramref name="text"/> is how it was written (kept for messages about the
    /// column's first number). The first number within the first <see cref="OriginRows"/> rows
    /// becomes the origin.
    /// </summary>
    public void AddNumber(double number, long line, string? text)
    {
        NumberCount++;
        if (FirstNumberLine == 0)
        {
            FirstNumberLine = line;
            FirstNumberText = text;
        }
        if (!_hasOrigin && Values.Count < OriginRows)
        {
            (Origin, _hasOrigin) = (number, true);
        }
        Values.Add((float)(number - Origin));
    }

    /// <summary>Numbers of consecutive rows (NaN: missing), the first on <paramref name="firstLine"/> (Parquet's bulk path).</summary>
    public void AddNumbers(ReadOnlySpan<double> numbers, long firstLine)
    {
        Values.Reserve(Values.Count + numbers.Length);
        for (int i = 0; i < numbers.Length; i++)
        {
            double number = numbers[i];
            if (double.IsNaN(number))
            {
                AddMissing(firstLine + i);
            }
            else if (FirstNumberLine == 0)
            {
                AddNumber(number, firstLine + i, null);
            }
            else
            {
                NumberCount++;
                Values.Add((float)(number - Origin));
            }
        }
    }

    /// <summary>A text value (a Parquet string).</summary>
    public void AddText(string text, long line)
    {
        NoteText(line, System.Text.Encoding.UTF8.GetBytes(text));
        Values.Add(TextId(text.Trim(' ', '\t')));
    }

    private void NoteText(long line, ReadOnlySpan<byte> field)
    {
        TextCount++;
        if (FirstTextLine == 0)
        {
            FirstTextLine = line;
            FirstText = Cell.Quote(field);
        }
    }

    /// <summary>
    /// Appends a column read from a later part of the same file, whose line numbers count
    /// from the part's start, <paramref name="linesBefore"/> lines into the file: the result is
    /// what one reader going through both parts in order would have built (text ids in order of
    /// first appearance, the first line of each kind from the earliest part).
    /// </summary>
    public void Append(RawColumn later, long linesBefore)
    {
        long FileLine(long line) => line == 0 ? 0 : line + linesBefore;
        var textIds = new float[later.Texts.Count];
        for (int id = 0; id < textIds.Length; id++)
        {
            textIds[id] = TextId(later.Texts[id]);
        }
        bool remap = later.TextCount > 0 && later.NumberCount == 0;
        if (remap)
        {
            Values.Reserve(Values.Count + later.Values.Count);
            foreach (float value in later.Values.Span)
            {
                Values.Add(float.IsNaN(value) ? value : textIds[(int)value]);
            }
        }
        else
        {
            // Parts are read with the origins of the whole file (RawTable), so their deviations add up as they are.
            Values.AddRange(later.Values.Span);
        }
        if (FirstNumberLine == 0 && later.FirstNumberLine != 0)
        {
            (FirstNumberLine, FirstNumberText) = (
                FileLine(later.FirstNumberLine),
                later.FirstNumberText
            );
        }
        if (FirstTextLine == 0 && later.FirstTextLine != 0)
        {
            (FirstTextLine, FirstText) = (FileLine(later.FirstTextLine), later.FirstText);
        }
        if (FirstMissingLine == 0)
        {
            FirstMissingLine = FileLine(later.FirstMissingLine);
        }
        NumberCount += later.NumberCount;
        TextCount += later.TextCount;
        MissingCount += later.MissingCount;
        if (FirstStrayLine == 0)
        {
            FirstStrayLine = FileLine(later.FirstStrayLine);
        }
        StrayTextCount += later.StrayTextCount;
        later.StrayTexts.ForEach(AddStrayExample);
    }

    /// <summary>
    /// The column of some rows only (0-based, in order), as a read of just those rows would
    /// have built it: counts of each kind and text ids in order of first appearance. The first
    /// line of each kind still present is the file's first (it may lie in a row left out).
    /// </summary>
    public RawColumn Rows(int[] rows)
    {
        var kept = new RawColumn(Name, ForceText, Origin);
        var values = Values.Span;
        bool texts = TextCount > 0 && NumberCount == 0;
        kept.Values.Reserve(rows.Length);
        foreach (int row in rows)
        {
            float value = values[row];
            if (float.IsNaN(value))
            {
                kept.MissingCount++;
                kept.Values.Add(value);
            }
            else if (texts)
            {
                kept.TextCount++;
                kept.Values.Add(kept.TextId(Texts[(int)value]));
            }
            else
            {
                kept.NumberCount++;
                kept.Values.Add(value);
            }
        }
        if (TextCount > 0 && NumberCount > 0)
        {
            // Numbers and text ids cannot be told apart: the mixed column keeps its counts for its error.
            (kept.NumberCount, kept.TextCount) = (NumberCount, TextCount);
        }
        if (kept.NumberCount > 0)
        {
            (kept.FirstNumberLine, kept.FirstNumberText) = (FirstNumberLine, FirstNumberText);
        }
        if (kept.TextCount > 0)
        {
            (kept.FirstTextLine, kept.FirstText) = (FirstTextLine, FirstText);
        }
        kept.FirstMissingLine = kept.MissingCount > 0 ? FirstMissingLine : 0;
        return kept;
    }

    private int TextId(string text)
    {
        if (_textIds.TryGetValue(text, out int id))
        {
            return id;
        }
        id = Texts.Count;
        _textIds.Add(text, id);
        Texts.Add(text);
        return id;
    }

    private int TextId(ReadOnlySpan<byte> field)
    {
        var trimmed = field.Trim(" \t"u8);
        Span<char> chars =
            trimmed.Length <= 256 ? stackalloc char[trimmed.Length] : new char[trimmed.Length];
        int length = Encoding.UTF8.GetChars(trimmed, chars);
        var lookup = _textIds.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out int id))
        {
            return id;
        }
        string text = new(chars[..length]);
        id = Texts.Count;
        _textIds.Add(text, id);
        Texts.Add(text);
        return id;
    }
}
