using System.Globalization;
using Mlp.Model;

namespace Mlp.Data;

/// <summary>
/// A row's cells as a model reads them, whatever file they come from: each source column's
/// cell into its inputs (the number, and its missing indicator at 0 where the model has one;
/// the one-hot of a category, (other) for one not seen in training where the model has it,
/// else all 0 with a warning; a missing value as its category or the training fill, with the
/// missing indicator at 1), the target as a class index or value, the sample weight. Finds the
/// columns in a header, and says which ones the data lacks.
/// </summary>
internal sealed class RowEncoder
{
    private readonly Schema _schema;
    private readonly TextWriter _warnings;
    private readonly Dictionary<string, int>[] _categoryIndex;
    private readonly int[] _missingCategory;
    private readonly int[] _otherCategory;

    /// <summary>
    /// Per source column, 1 once an unseen category was warned of, and last 1 once a text in a
    /// column of numbers was (<see cref="WarningFlags"/>; shared by the readers of one file's pieces).
    /// </summary>
    private readonly int[] _warned;
    private readonly bool _textIsGap;
    private readonly double[] _classValues;
    private readonly Dictionary<string, int> _classIndex;

    /// <param name="textIsGap">
    /// Whether a text in a column of numbers is a gap (filled, with one warning), as training
    /// reads one under --missing auto, when the model fills gaps: files, as opposed to a
    /// library caller's own values.
    /// </param>
    public RowEncoder(
        Schema schema,
        TextWriter warnings,
        int[]? warned = null,
        bool textIsGap = false
    )
    {
        _textIsGap = textIsGap && schema.Impute is not null;
        _schema = schema;
        _warnings = warnings;
        // Loops rather than LINQ: predict's start-up runs this, and each generic LINQ
        // instantiation over a value type is code the JIT must compile first.
        _categoryIndex = new Dictionary<string, int>[schema.Sources.Length];
        _missingCategory = new int[schema.Sources.Length];
        _otherCategory = new int[schema.Sources.Length];
        for (int s = 0; s < schema.Sources.Length; s++)
        {
            _categoryIndex[s] = Positions(schema.Sources[s].Categories ?? []);
            _missingCategory[s] = _categoryIndex[s].GetValueOrDefault(MissingValues.Category, -1);
            _otherCategory[s] = _categoryIndex[s].GetValueOrDefault(CategoryGrouping.Other, -1);
        }
        _warned = warned ?? WarningFlags(schema);
        _classIndex = Positions(schema.Classes);
        _classValues = new double[schema.ClassesAreNumbers ? schema.Classes.Length : 0];
        for (int c = 0; c < _classValues.Length; c++)
        {
            _classValues[c] = float.Parse(schema.Classes[c], CultureInfo.InvariantCulture);
        }
    }

    private static Dictionary<string, int> Positions(string[] names)
    {
        var positions = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            positions[names[i]] = i;
        }
        return positions;
    }

    /// <summary>
    /// The positions in <paramref name="headers"/> of the source columns, the target (−1 unless
    /// read) and the weight column (−1 without one); a column the data lacks is an error.
    /// </summary>
    public (int[] Sources, int Target, int Weight) Columns(
        string[] headers,
        string file,
        bool readTarget,
        string? weightColumn
    )
    {
        int Column(string name, string what)
        {
            int index = Array.IndexOf(headers, name);
            if (index >= 0)
            {
                return index;
            }
            // The target is named only where this command reads it (not predict, pdp, interactions).
            var missing = _schema
                .Sources.Select(s => s.Name)
                .Concat(readTarget ? [_schema.TargetName] : [])
                .Where(n => Array.IndexOf(headers, n) < 0)
                .Distinct();
            throw new MlpException(
                $"the model's {what} column \"{name}\" is not in the data",
                new ErrorPlace(file, 1),
                $"columns the model reads that the data lacks: {TextList.Of(missing)}; the data has: {TextList.Of(headers)}"
            );
        }
        var sources = new int[_schema.Sources.Length];
        for (int s = 0; s < sources.Length; s++)
        {
            sources[s] = Column(_schema.Sources[s].Name, "feature");
        }
        return (
            sources,
            readTarget ? Column(_schema.TargetName, "target") : -1,
            weightColumn is null ? -1 : Column(weightColumn, "sample weight")
        );
    }

    /// <summary>The flags that make each of the encoder's warnings come once, for readers to share.</summary>
    public static int[] WarningFlags(Schema schema) => new int[schema.Sources.Length + 1];

    /// <summary>Whether <see cref="Source"/> needs the cell's text: a category's name, or a message's quote.</summary>
    public bool NeedsText(int s, CellKind kind) =>
        kind == CellKind.Text || (kind != CellKind.Missing && _schema.Sources[s].IsCategorical);

    /// <summary>
    /// Source column <paramref name="s"/>'s cell into its inputs <paramref name="cells"/>;
    /// <paramref name="text"/> is the cell as written, where <see cref="NeedsText"/> says so.
    /// The cell is at <paramref name="line"/> of <paramref name="file"/> (for an error or a
    /// warning: the place is made only then, as this runs for every cell of a file).
    /// </summary>
    public void Source(
        int s,
        CellKind kind,
        double value,
        string? text,
        string file,
        long line,
        Span<double> cells,
        int offset
    )
    {
        var source = _schema.Sources[s];
        if (kind == CellKind.Number && !source.IsCategorical)
        {
            cells[0] = value;
            if (source.MissingIndicator)
            {
                cells[1] = 0; // the value is there
            }
            return;
        }
        var place = new ErrorPlace(file, line, source.Name);
        if (kind == CellKind.Missing && _missingCategory[s] >= 0)
        {
            cells.Clear();
            cells[_missingCategory[s]] = 1;
        }
        else if (kind == CellKind.Missing)
        {
            if (_schema.Impute is null)
            {
                throw new MlpException(
                    "missing value",
                    place,
                    "the model was trained with --missing error, so every feature needs a value"
                );
            }
            _schema.Impute.AsSpan(offset, source.Width).CopyTo(cells);
        }
        else if (source.IsCategorical)
        {
            cells.Clear();
            string category = text!;
            if (_categoryIndex[s].TryGetValue(category, out int index))
            {
                cells[index] = 1;
            }
            else if (_otherCategory[s] >= 0)
            {
                cells[_otherCategory[s]] = 1;
            }
            else if (Interlocked.Exchange(ref _warned[s], 1) == 0)
            {
                _warnings.WriteLine(
                    $"mlp: warning: category '{Cell.Quote(category)}' was not seen in training; its one-hot inputs are all 0 ({place})"
                );
            }
        }
        else if (_textIsGap)
        {
            _schema.Impute!.AsSpan(offset, source.Width).CopyTo(cells);
            if (Interlocked.Exchange(ref _warned[^1], 1) == 0)
            {
                _warnings.WriteLine(
                    $"mlp: warning: value '{Cell.Quote(text!)}' is not a number: it and any like it are read as gaps, filled as in training ({place})"
                );
            }
        }
        else
        {
            throw new MlpException($"value '{Cell.Quote(text!)}' is not a number", place);
        }
    }

    /// <summary>The target's cell as a class index (classification) or value (regression).</summary>
    public float Target(CellKind kind, double number, string text, ErrorPlace place)
    {
        if (kind == CellKind.Missing)
        {
            throw new MlpException("missing target value", place);
        }
        // Labels are matched as training stored them: as float32 values.
        double value = (float)number;
        if (_schema.Task == TaskKind.Regression)
        {
            return kind == CellKind.Number
                ? (float)value
                : throw new MlpException($"target '{Cell.Quote(text)}' is not a number", place);
        }
        int index = _schema.ClassesAreNumbers
            ? (kind == CellKind.Number ? Array.IndexOf(_classValues, value) : -1)
            : _classIndex.GetValueOrDefault(text, -1);
        return index >= 0
            ? index
            : throw new MlpException(
                $"label '{Cell.Quote(text)}' is not one of the model's classes ({TextList.Of(_schema.Classes)})",
                place
            );
    }
}
