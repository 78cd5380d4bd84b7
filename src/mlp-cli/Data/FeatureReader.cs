using System.Globalization;
using System.Text;
using CsvHelper;
using Mlp.Cli.Model;

namespace Mlp.Cli.Data;

/// <summary>
/// Streams a CSV through a model's schema, a chunk of rows at a time: finds the model's
/// columns by header name (any order, extra columns ignored), encodes each row into the
/// model's inputs (one-hot, imputation) and, for eval, reads the target as a class index or
/// value. Memory stays constant whatever the file size.
/// </summary>
internal sealed class FeatureReader : IDisposable
{
    private readonly CsvReader _reader;
    private readonly Schema _schema;
    private readonly int[] _sourceIndex;
    private readonly int _targetIndex;
    private readonly Dictionary<string, int>[] _categoryIndex;

    /// <summary>Per source column, the one-hot position of its missing category, or −1.</summary>
    private readonly int[] _missingCategory;
    private readonly bool[] _warnedUnseen;
    private readonly TextWriter _warnings;
    private readonly bool _readTarget;
    private readonly int _weightIndex;
    private readonly string? _weightColumn;
    private readonly double[] _classValues;
    private readonly Dictionary<string, int> _classIndex;

    public FeatureReader(
        string path,
        Schema schema,
        bool readTarget,
        TextWriter warnings,
        Stream? standardInput = null,
        string? weightColumn = null
    )
    {
        File = CsvSource.DisplayName(path);
        _schema = schema;
        _readTarget = readTarget;
        _warnings = warnings;
        _reader = CsvSource.Open(path, standardInput);
        try
        {
            Headers = CsvSource.ReadHeader(_reader, File);
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
        // Loops rather than LINQ: predict's start-up runs this, and each generic LINQ
        // instantiation over a value type is code the JIT must compile first.
        _sourceIndex = new int[schema.Sources.Length];
        _categoryIndex = new Dictionary<string, int>[schema.Sources.Length];
        _missingCategory = new int[schema.Sources.Length];
        for (int s = 0; s < schema.Sources.Length; s++)
        {
            _sourceIndex[s] = Column(schema.Sources[s].Name, "feature");
            _categoryIndex[s] = Positions(schema.Sources[s].Categories ?? []);
            _missingCategory[s] = _categoryIndex[s].GetValueOrDefault(MissingValues.Category, -1);
        }
        _targetIndex = readTarget ? Column(schema.TargetName, "target") : -1;
        _weightColumn = weightColumn;
        _weightIndex = weightColumn is null ? -1 : Column(weightColumn, "sample weight");
        _warnedUnseen = new bool[schema.Sources.Length];
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

    public string File { get; }
    public string[] Headers { get; }

    /// <summary>
    /// Reads up to <paramref name="capacity"/> rows: inputs (rows, InputCount) in source units
    /// (double, as parsed), and targets when the reader was asked for them. <paramref name="onRow"/> sees each raw
    /// record (for --keep). Returns the number of rows read; 0 at the end of the file.
    /// </summary>
    public int Read(
        Span<double> inputs,
        Span<float> targets,
        int capacity,
        Action<CsvReader>? onRow = null,
        Span<float> weights = default
    )
    {
        int width = _schema.InputCount;
        int rows = 0;
        while (rows < capacity && CsvSource.Next(_reader, File, Headers.Length))
        {
            long line = _reader.LineNumber;
            EncodeRow(inputs.Slice(rows * width, width), line);
            if (_targetIndex >= 0)
            {
                targets[rows] = Target(line);
            }
            if (_weightIndex >= 0)
            {
                weights[rows] = Weight(line);
            }
            onRow?.Invoke(_reader);
            rows++;
        }
        return rows;
    }

    private void EncodeRow(Span<double> row, long line)
    {
        int offset = 0;
        for (int s = 0; s < _schema.Sources.Length; s++)
        {
            var source = _schema.Sources[s];
            var cells = row.Slice(offset, source.Width);
            var field = _reader.GetSpan(_sourceIndex[s]);
            var place = new ErrorPlace(File, line, source.Name);
            double value = 0;
            var kind = source.IsCategorical
                ? (Cell.IsMissing(field.Trim(" \t"u8)) ? CellKind.Missing : CellKind.Text)
                : Cell.Classify(_reader, _sourceIndex[s], out value, File, line, source.Name);
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
                        "the model was trained without --missing, so every feature needs a value"
                    );
                }
                _schema.Impute.AsSpan(offset, source.Width).CopyTo(cells);
            }
            else if (source.IsCategorical)
            {
                cells.Clear();
                if (
                    _categoryIndex[s]
                        .TryGetValue(Cell.Text(field, File, line, source.Name), out int category)
                )
                {
                    cells[category] = 1;
                }
                else if (!_warnedUnseen[s])
                {
                    _warnedUnseen[s] = true;
                    _warnings.WriteLine(
                        $"mlp: warning: category '{Cell.Quote(field)}' was not seen in training; its one-hot inputs are all 0 ({place})"
                    );
                }
            }
            else if (kind == CellKind.Text)
            {
                throw new MlpException($"value '{Cell.Quote(field)}' is not a number", place);
            }
            else
            {
                cells[0] = value;
            }
            offset += source.Width;
        }
    }

    private float Weight(long line)
    {
        var kind = Cell.Classify(
            _reader,
            _weightIndex,
            out double value,
            File,
            line,
            _weightColumn!
        );
        string text = Cell.Quote(_reader.GetSpan(_weightIndex));
        return SampleWeights.Check(value, kind, text, new ErrorPlace(File, line, _weightColumn));
    }

    private float Target(long line)
    {
        var field = _reader.GetSpan(_targetIndex);
        var place = new ErrorPlace(File, line, _schema.TargetName);
        var kind = Cell.Classify(
            _reader,
            _targetIndex,
            out double number,
            File,
            line,
            _schema.TargetName
        );
        // Labels are matched as training stored them: as float32 values.
        double value = (float)number;
        if (kind == CellKind.Missing)
        {
            throw new MlpException("missing target value", place);
        }
        if (_schema.Task == TaskKind.Regression)
        {
            return kind == CellKind.Number
                ? (float)value
                : throw new MlpException($"target '{Cell.Quote(field)}' is not a number", place);
        }
        int index = _schema.ClassesAreNumbers
            ? (kind == CellKind.Number ? Array.IndexOf(_classValues, value) : -1)
            : _classIndex.GetValueOrDefault(Cell.Text(field, File, line, _schema.TargetName), -1);
        if (index < 0)
        {
            throw new MlpException(
                $"label '{Cell.Quote(field)}' is not one of the model's classes ({TextList.Of(_schema.Classes)})",
                place
            );
        }
        return index;
    }

    private int Column(string name, string what)
    {
        int index = Array.IndexOf(Headers, name);
        if (index < 0)
        {
            // The target is named only where this command reads it (not predict, pdp, interactions).
            var missing = _schema
                .Sources.Select(s => s.Name)
                .Concat(_readTarget ? [_schema.TargetName] : [])
                .Where(n => Array.IndexOf(Headers, n) < 0)
                .Distinct();
            throw new MlpException(
                $"the model's {what} column \"{name}\" is not in the data",
                new ErrorPlace(File, 1),
                $"columns the model reads that the data lacks: {TextList.Of(missing)}; the data has: {TextList.Of(Headers)}"
            );
        }
        return index;
    }

    /// <summary>A record's fields re-encoded as a CSV line prefix (for --keep): comma-separated, quoted where needed.</summary>
    public static void AppendFields(CsvReader reader, int[] columns, StringBuilder line)
    {
        foreach (int i in columns)
        {
            CsvText.AppendField(line, Encoding.UTF8.GetString(reader.GetSpan(i)));
            line.Append(',');
        }
    }

    public void Dispose() => _reader.Dispose();
}
