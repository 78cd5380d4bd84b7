using System.Text;
using CsvHelper;
using Mlp.Model;

namespace Mlp.Data;

/// <summary>
/// The rows of a data file through a model's schema, a chunk at a time: the model's columns
/// found by header name (any order, extra columns ignored), each row encoded into the model's
/// inputs, and for eval the target (and a weight column) read. Memory stays constant
/// whatever the file size.
/// </summary>
internal interface IFeatureRows : IDisposable
{
    string File { get; }
    string[] Headers { get; }

    /// <summary>
    /// Reads up to <paramref name="capacity"/> rows: inputs (rows, InputCount) in source units,
    /// targets and weights when asked for; <paramref name="onRow"/> runs after each row (while
    /// it is current, for <see cref="AppendFields"/>). Returns the rows read; 0 at the end.
    /// </summary>
    int Read(
        Span<double> inputs,
        Span<float> targets,
        int capacity,
        Action? onRow = null,
        Span<float> weights = default
    );

    /// <summary>The current row's fields in <paramref name="columns"/>, as CSV, each followed by a comma (--keep, --id).</summary>
    void AppendFields(int[] columns, StringBuilder line);
}

/// <summary>Opens a data file as rows for a model, by its name: Parquet, or CSV (also .tsv and gzip).</summary>
internal static class FeatureRows
{
    public static IFeatureRows Open(
        string path,
        Schema schema,
        bool readTarget,
        TextWriter warnings,
        Stream? standardInput = null,
        string? weightColumn = null,
        CsvDialect? dialect = null,
        Shard? shard = null
    ) =>
        ParquetTable.IsParquet(path)
            ? new ParquetFeatureReader(path, schema, readTarget, warnings, weightColumn, shard)
            : new FeatureReader(
                path,
                schema,
                readTarget,
                warnings,
                standardInput,
                weightColumn,
                dialect,
                shard
            );
}

/// <summary>A CSV's rows through a model's schema (<see cref="IFeatureRows"/>), streamed.</summary>
internal sealed class FeatureReader : IFeatureRows
{
    private readonly CsvReader _reader;
    private readonly Schema _schema;
    private readonly RowEncoder _encoder;
    private readonly int[] _sourceIndex;

    /// <summary>Per source column: 1 numeric, 2 numeric with a missing indicator, 0 categorical (for the common case's short path).</summary>
    private readonly int[] _numericWidth;
    private readonly int _targetIndex;
    private readonly int _weightIndex;
    private readonly string? _weightColumn;
    private readonly bool _decimalComma;

    /// <summary>A shard's data lines that come before its first: added to every line number it reports.</summary>
    private readonly long _linesSkipped;

    public FeatureReader(
        string path,
        Schema schema,
        bool readTarget,
        TextWriter warnings,
        Stream? standardInput = null,
        string? weightColumn = null,
        CsvDialect? dialect = null,
        Shard? shard = null,
        CsvShard? piece = null,
        int[]? warned = null
    )
    {
        File = CsvSource.DisplayName(path);
        _schema = schema;
        _numericWidth =
        [
            .. schema.Sources.Select(source => source.IsCategorical ? 0 : source.Width),
        ];
        _decimalComma = dialect?.DecimalComma == true;
        _encoder = new RowEncoder(schema, warnings, warned, textIsGap: true);
        if ((piece ?? (shard is { } part ? CsvSource.Shard(path, part) : null)) is { } cut)
        {
            // The header is line 1 of the shard's stream as of the file.
            _linesSkipped = cut.LinesBefore - 1;
            _reader = CsvSource.OpenShard(path, cut, dialect);
        }
        else
        {
            _reader = CsvSource.Open(path, standardInput, dialect);
        }
        try
        {
            Headers = CsvSource.ReadHeader(_reader, File);
            (_sourceIndex, _targetIndex, _weightIndex) = _encoder.Columns(
                Headers,
                File,
                readTarget,
                weightColumn
            );
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
        _weightColumn = weightColumn;
    }

    public string File { get; }
    public string[] Headers { get; }

    public int Read(
        Span<double> inputs,
        Span<float> targets,
        int capacity,
        Action? onRow = null,
        Span<float> weights = default
    )
    {
        int width = _schema.InputCount;
        int rows = 0;
        while (rows < capacity && Next())
        {
            long line = _reader.LineNumber + _linesSkipped;
            EncodeRow(inputs.Slice(rows * width, width), line);
            if (_targetIndex >= 0)
            {
                var kind = Cell.Classify(
                    _reader,
                    _targetIndex,
                    out double number,
                    File,
                    line,
                    _schema.TargetName,
                    _decimalComma
                );
                targets[rows] = _encoder.Target(
                    kind,
                    number,
                    Cell.Text(_reader.GetSpan(_targetIndex), File, line, _schema.TargetName),
                    new ErrorPlace(File, line, _schema.TargetName)
                );
            }
            if (_weightIndex >= 0)
            {
                var kind = Cell.Classify(
                    _reader,
                    _weightIndex,
                    out double value,
                    File,
                    line,
                    _weightColumn!,
                    _decimalComma
                );
                string text = Cell.Quote(_reader.GetSpan(_weightIndex));
                weights[rows] = SampleWeights.Check(
                    value,
                    kind,
                    text,
                    new ErrorPlace(File, line, _weightColumn)
                );
            }
            onRow?.Invoke();
            rows++;
        }
        return rows;
    }

    private bool Next()
    {
        try
        {
            return CsvSource.Next(_reader, File, Headers.Length);
        }
        catch (MlpException e)
        {
            throw e.LinesLater(_linesSkipped);
        }
    }

    private void EncodeRow(Span<double> row, long line)
    {
        int offset = 0;
        bool commaFree = !_decimalComma && Cell.CommaFree(_reader);
        for (int s = 0; s < _numericWidth.Length; s++)
        {
            int index = _sourceIndex[s];
            int numeric = _numericWidth[s];
            // Most cells are numbers of numeric columns: the general path below gives them the same inputs.
            if (
                numeric > 0
                && Cell.TryNumber(_reader, index, out double number, _decimalComma, commaFree)
            )
            {
                row[offset] = number;
                if (numeric == 2)
                {
                    row[offset + 1] = 0;
                }
                offset += numeric;
                continue;
            }
            var source = _schema.Sources[s];
            double value = 0;
            var kind = source.IsCategorical
                ? (
                    Cell.IsMissing(_reader.GetSpan(index).Trim(" \t"u8))
                        ? CellKind.Missing
                        : CellKind.Text
                )
                : Cell.Classify(_reader, index, out value, File, line, source.Name, _decimalComma);
            string? text = _encoder.NeedsText(s, kind)
                ? Cell.Text(_reader.GetSpan(index), File, line, source.Name)
                : null;
            _encoder.Source(
                s,
                kind,
                value,
                text,
                File,
                line,
                row.Slice(offset, source.Width),
                offset
            );
            offset += source.Width;
        }
    }

    public void AppendFields(int[] columns, StringBuilder line)
    {
        foreach (int i in columns)
        {
            CsvText.AppendField(line, Encoding.UTF8.GetString(_reader.GetSpan(i)));
            line.Append(',');
        }
    }

    public void Dispose() => _reader.Dispose();
}
