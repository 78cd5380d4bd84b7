using System.Globalization;
using System.Text;
using Mlp.Model;
using Parquet;

namespace Mlp.Data;

/// <summary>
/// A Parquet file's rows through a model's schema (<see cref="IFeatureRows"/>), a row group at a
/// time: the columns it needs read as typed cells (no text in between), encoded as a CSV's
/// would be. A place in it is its 1-based data row.
/// </summary>
internal sealed class ParquetFeatureReader : IFeatureRows
{
    private readonly ParquetReader _reader;
    private readonly Schema _schema;
    private readonly RowEncoder _encoder;
    private readonly Parquet.Schema.DataField[] _fields;
    private readonly int[] _sourceIndex;
    private readonly int _targetIndex;
    private readonly int _weightIndex;
    private readonly string? _weightColumn;
    private readonly Dictionary<int, (CellKind Kind, double Number, string? Text)[]> _cells = [];
    private int _group = -1;

    /// <summary>The rows this reader reads, by their index in the file: all of them, or a shard's.</summary>
    private readonly long _firstRow;
    private readonly long _endRow = long.MaxValue;
    private int _groupRows;
    private int _row;
    private long _rowsBefore;

    public ParquetFeatureReader(
        string path,
        Schema schema,
        bool readTarget,
        TextWriter warnings,
        string? weightColumn,
        Shard? shard = null
    )
    {
        File = path;
        _schema = schema;
        _encoder = new RowEncoder(schema, warnings);
        _reader = ParquetTable.Open(path);
        if (shard is { } part)
        {
            (_firstRow, _endRow) = ShardRows(part);
        }
        _fields = _reader.Schema.GetDataFields();
        Headers = [.. _fields.Select(f => f.Name)];
        try
        {
            (_sourceIndex, _targetIndex, _weightIndex) = _encoder.Columns(
                Headers,
                File,
                readTarget,
                weightColumn
            );
        }
        catch
        {
            Dispose();
            throw;
        }
        _weightColumn = weightColumn;
    }

    public string File { get; }
    public string[] Headers { get; }

    /// <summary>The current row's cell of a column (read with its row group on first use).</summary>
    private (CellKind Kind, double Number, string? Text) CellAt(int column)
    {
        if (!_cells.TryGetValue(column, out var cells))
        {
            using var rowGroup = ParquetTable.OpenGroup(_reader, _group, File);
            cells = ParquetColumn.Read(rowGroup, _fields[column], _groupRows, File);
            _cells[column] = cells;
        }
        return cells[_row];
    }

    /// <summary>Moves to the next row, opening the next row group when one is done; false at the end.</summary>
    private bool Next()
    {
        do
        {
            if (!NextInFile())
            {
                return false;
            }
        } while (_rowsBefore + _row < _firstRow);
        return _rowsBefore + _row < _endRow;
    }

    /// <summary>Moves to the file's next row, opening the next row group when one is done; false at the end.</summary>
    private bool NextInFile()
    {
        if (_groupRows > 0 && _row + 1 < _groupRows)
        {
            _row++;
            return true;
        }
        while (_group + 1 < _reader.RowGroupCount)
        {
            _rowsBefore += _groupRows;
            _group++;
            _cells.Clear();
            using var rowGroup = ParquetTable.OpenGroup(_reader, _group, File);
            _groupRows = ParquetTable.Rows(rowGroup, File);
            _row = 0;
            if (_groupRows > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A shard's rows [first, end): even shares of the file's rows, each cut moved on to a
    /// multiple of <see cref="CsvShard.RowsAligned"/>, as CSV shards are cut.
    /// </summary>
    private (long First, long End) ShardRows(Shard shard)
    {
        long total = 0;
        for (int g = 0; g < _reader.RowGroupCount; g++)
        {
            using var rowGroup = ParquetTable.OpenGroup(_reader, g, File);
            total += ParquetTable.Rows(rowGroup, File);
        }
        long Cut(int k) =>
            k == shard.Count
                ? total
                : Math.Min(
                    total,
                    (total * k / shard.Count + CsvShard.RowsAligned - 1)
                        / CsvShard.RowsAligned
                        * CsvShard.RowsAligned
                );
        return (Cut(shard.Index), Cut(shard.Index + 1));
    }

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
            long line = _rowsBefore + _row + 1;
            var row = inputs.Slice(rows * width, width);
            int offset = 0;
            for (int s = 0; s < _schema.Sources.Length; s++)
            {
                var source = _schema.Sources[s];
                var (kind, number, text) = CellAt(_sourceIndex[s]);
                if (source.IsCategorical && kind == CellKind.Number)
                {
                    (kind, text) = (
                        CellKind.Text,
                        number.ToString("R", CultureInfo.InvariantCulture)
                    );
                }
                _encoder.Source(
                    s,
                    kind,
                    number,
                    text?.Trim(' ', '\t'),
                    File,
                    line,
                    row.Slice(offset, source.Width),
                    offset
                );
                offset += source.Width;
            }
            if (_targetIndex >= 0)
            {
                var (kind, number, text) = CellAt(_targetIndex);
                targets[rows] = _encoder.Target(
                    kind,
                    number,
                    (text ?? number.ToString("R", CultureInfo.InvariantCulture)).Trim(' ', '\t'),
                    new ErrorPlace(File, line, _schema.TargetName)
                );
            }
            if (_weightIndex >= 0)
            {
                var (kind, number, text) = CellAt(_weightIndex);
                weights[rows] = SampleWeights.Check(
                    number,
                    kind,
                    text ?? "",
                    new ErrorPlace(File, line, _weightColumn)
                );
            }
            onRow?.Invoke();
            rows++;
        }
        return rows;
    }

    public void AppendFields(int[] columns, StringBuilder line)
    {
        foreach (int column in columns)
        {
            var (kind, number, text) = CellAt(column);
            CsvText.AppendField(
                line,
                kind switch
                {
                    CellKind.Missing => "",
                    CellKind.Number => number.ToString("R", CultureInfo.InvariantCulture),
                    _ => text!,
                }
            );
            line.Append(',');
        }
    }

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
