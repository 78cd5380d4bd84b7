using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Mlp.Data;

/// <summary>
/// A Parquet file's columns read straight into <see cref="RawColumn"/>s: numbers (any integer
/// or floating type, booleans as 0/1) as numbers, strings as text, nulls and NaN as missing —
/// no detour through text. A place in a Parquet file is its 1-based data row.
/// </summary>
internal static class ParquetTable
{
    /// <summary>Whether the file is Parquet by its first bytes (<see cref="DataFormats"/>).</summary>
    public static bool IsParquet(string path) => DataFormats.OfFile(path) == DataFormat.Parquet;

    /// <summary>
    /// Reads the kept columns of every row group. The columns are shared out among the kernel
    /// threads, each with a reader of its own; a column is read by one thread start to end, so
    /// the result does not depend on how many there are.
    /// </summary>
    public static RawTable Read(
        string path,
        Func<string[], IReadOnlyCollection<string>> keep,
        IReadOnlySet<string> textColumns,
        CancellationToken cancel,
        int firstRows = int.MaxValue
    )
    {
        string[] headers;
        DataField[] fields;
        int[] groupRows;
        using (var reader = new ReaderScope(Open(path)))
        {
            fields = reader.Reader.Schema.GetDataFields();
            headers = [.. fields.Select(f => f.Name)];
            groupRows =
            [
                .. Enumerable
                    .Range(0, reader.Reader.RowGroupCount)
                    .Select(g => RowCount(reader.Reader, g, path)),
            ];
        }
        CheckHeaders(headers, path);
        groupRows = FirstGroups(groupRows, firstRows);
        var kept = keep(headers);
        var columns = kept.Select(name => new RawColumn(name, textColumns.Contains(name)))
            .ToArray();
        var keptFields = kept.Select(name => fields[Array.IndexOf(headers, name)]).ToArray();
        int workers = Math.Max(1, Math.Min(Mlp.Kernels.WorkerPool.Threads, columns.Length));
        var errors = new Exception?[workers];
        void ReadShare(int worker)
        {
            try
            {
                using var reader = new ReaderScope(Open(path));
                long rowsBefore = 0;
                for (int group = 0; group < groupRows.Length; group++)
                {
                    cancel.ThrowIfCancellationRequested();
                    using var rowGroup = OpenGroup(reader.Reader, group, path);
                    for (int c = worker; c < columns.Length; c += workers)
                    {
                        ReadColumn(
                            rowGroup,
                            keptFields[c],
                            groupRows[group],
                            columns[c],
                            rowsBefore,
                            path
                        );
                    }
                    rowsBefore += groupRows[group];
                }
            }
            catch (Exception e)
            {
                errors[worker] = e;
            }
        }
        var others = Enumerable
            .Range(1, workers - 1)
            .Select(w => BackgroundWork.Start(() => ReadShare(w)))
            .ToArray();
        ReadShare(0);
        Task.WaitAll(others);
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        long rows = groupRows.Sum(r => (long)r);
        if (rows == 0)
        {
            throw new MlpException("the Parquet file has no rows", new ErrorPlace(path));
        }
        return new RawTable
        {
            File = path,
            Headers = headers,
            Columns = columns.ToDictionary(col => col.Name, StringComparer.Ordinal),
            RowCount = checked((int)rows),
        };
    }

    /// <summary>The row groups that hold the first <paramref name="firstRows"/> rows (whole groups).</summary>
    private static int[] FirstGroups(int[] groupRows, int firstRows)
    {
        long rows = 0;
        int groups = 0;
        while (groups < groupRows.Length && rows < firstRows)
        {
            rows += groupRows[groups++];
        }
        return groupRows[..groups];
    }

    private static int RowCount(ParquetReader reader, int group, string path)
    {
        using var rowGroup = OpenGroup(reader, group, path);
        return Rows(rowGroup, path);
    }

    /// <summary>A row group's row count as its footer gives it, which a damaged file may give below 0 or beyond int.</summary>
    public static int Rows(ParquetRowGroupReader rowGroup, string path) =>
        rowGroup.RowCount is >= 0 and <= int.MaxValue
            ? (int)rowGroup.RowCount
            : throw new MlpException(
                $"unreadable Parquet file: a row group of {rowGroup.RowCount} rows",
                new ErrorPlace(path)
            );

    /// <summary>One row group's cells of a column into its raw column: numbers in bulk, other cells one by one.</summary>
    private static void ReadColumn(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows,
        RawColumn column,
        long rowsBefore,
        string path
    )
    {
        if (!column.ForceText && ParquetColumn.IsNumeric(field))
        {
            ParquetColumn.ReadNumbers(rowGroup, field, rows, column, rowsBefore + 1, path);
            return;
        }
        var cells = ParquetColumn.Read(rowGroup, field, rows, path);
        for (int r = 0; r < rows; r++)
        {
            long row = rowsBefore + r + 1;
            var (kind, number, text) = cells[r];
            if (kind == CellKind.Missing)
            {
                column.AddMissing(row);
            }
            else if (kind == CellKind.Text || column.ForceText)
            {
                column.AddText(text ?? number.ToString("R", CultureInfo.InvariantCulture), row);
            }
            else
            {
                column.AddNumber(number, row, null);
            }
        }
    }

    /// <summary>A Parquet reader disposed synchronously (its disposal is asynchronous).</summary>
    private readonly struct ReaderScope(ParquetReader reader) : IDisposable
    {
        public ParquetReader Reader => reader;

        public void Dispose() => reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public static ParquetReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlpException(
                Directory.Exists(path)
                    ? $"'{path}' is a folder, not a Parquet file"
                    : "file not found",
                new ErrorPlace(path)
            );
        }
        ParquetReader? reader = null;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            // The library decodes the schema on first use: a corrupt one fails here, as the file's error.
            _ = reader.Schema.GetDataFields();
            return reader;
        }
        catch (Exception e) when (ParquetColumn.Unreadable(e))
        {
            if (reader is not null)
            {
                new ReaderScope(reader).Dispose();
            }
            throw UnreadableFile(e, path);
        }
    }

    /// <summary>Row group <paramref name="group"/>'s reader; a corrupt group's metadata is the file's error.</summary>
    public static ParquetRowGroupReader OpenGroup(ParquetReader reader, int group, string path)
    {
        try
        {
            return reader.OpenRowGroupReader(group);
        }
        catch (Exception e) when (ParquetColumn.Unreadable(e))
        {
            throw UnreadableFile(e, path);
        }
    }

    private static MlpException UnreadableFile(Exception e, string path) =>
        new($"unreadable Parquet file: {e.Message}", new ErrorPlace(path));

    private static void CheckHeaders(string[] headers, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in headers)
        {
            if (!seen.Add(name))
            {
                throw new MlpException(
                    $"the file names column \"{name}\" twice",
                    new ErrorPlace(path)
                );
            }
        }
    }
}

/// <summary>One column of a Parquet row group as cells: what kind each is, and its number or text.</summary>
internal static class ParquetColumn
{
    private static readonly Type[] NumericTypes =
    [
        typeof(double),
        typeof(float),
        typeof(long),
        typeof(int),
        typeof(short),
        typeof(sbyte),
        typeof(byte),
        typeof(ushort),
        typeof(uint),
        typeof(ulong),
        typeof(decimal),
    ];

    public static bool IsNumeric(DataField field) => NumericTypes.Contains(field.ClrType);

    /// <summary>A numeric column's values straight into a raw column (nulls and NaN missing), through a pooled buffer.</summary>
    public static void ReadNumbers(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows,
        RawColumn column,
        long firstLine,
        string path
    )
    {
        var numbers = System.Buffers.ArrayPool<double>.Shared.Rent(rows);
        try
        {
            var span = numbers.AsSpan(0, rows);
            if (field.ClrType == typeof(double) && !field.IsNullable)
            {
                rowGroup
                    .ReadAsync<double>(field, numbers.AsMemory(0, rows))
                    .AsTask()
                    .GetAwaiter()
                    .GetResult();
            }
            else
            {
                var cells = Read(rowGroup, field, rows, path);
                for (int r = 0; r < rows; r++)
                {
                    span[r] = cells[r].Kind == CellKind.Missing ? double.NaN : cells[r].Number;
                }
            }
            column.AddNumbers(span, firstLine);
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw Column(e, field, path);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(numbers);
        }
    }

    /// <summary>A failure of the Parquet library itself (not ours, not an interruption or lack of memory).</summary>
    internal static bool Unreadable(Exception e) =>
        e is not MlpException and not OperationCanceledException and not OutOfMemoryException;

    private static MlpException Column(Exception e, DataField field, string path) =>
        new($"unreadable Parquet column: {e.Message}", new ErrorPlace(path, 0, field.Name));

    public static (CellKind Kind, double Number, string? Text)[] Read(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows,
        string path
    )
    {
        var type = field.ClrType;
        try
        {
            return type == typeof(string) || type == typeof(ReadOnlyMemory<char>)
                    ? Texts(rowGroup, field, rows)
                : type == typeof(double) ? Numbers<double>(rowGroup, field, rows)
                : type == typeof(float) ? Numbers<float>(rowGroup, field, rows)
                : type == typeof(long) ? Numbers<long>(rowGroup, field, rows)
                : type == typeof(int) ? Numbers<int>(rowGroup, field, rows)
                : type == typeof(short) ? Numbers<short>(rowGroup, field, rows)
                : type == typeof(sbyte) ? Numbers<sbyte>(rowGroup, field, rows)
                : type == typeof(byte) ? Numbers<byte>(rowGroup, field, rows)
                : type == typeof(ushort) ? Numbers<ushort>(rowGroup, field, rows)
                : type == typeof(uint) ? Numbers<uint>(rowGroup, field, rows)
                : type == typeof(ulong) ? Numbers<ulong>(rowGroup, field, rows)
                : type == typeof(decimal) ? Numbers<decimal>(rowGroup, field, rows)
                : type == typeof(bool) ? Booleans(rowGroup, field, rows)
                : throw new MlpException(
                    $"column \"{field.Name}\" holds {type.Name} values, which mlp does not read",
                    new ErrorPlace(path, 0, field.Name),
                    "store numbers, booleans or strings, or leave the column out with --ignore"
                );
        }
        catch (Exception e) when (Unreadable(e))
        {
            throw Column(e, field, path);
        }
    }

    private static (CellKind, double, string?)[] Numbers<T>(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows
    )
        where T : struct, System.Numerics.INumberBase<T>
    {
        var cells = new (CellKind, double, string?)[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            rowGroup.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int r = 0; r < rows; r++)
            {
                cells[r] = Number(values[r]);
            }
        }
        else
        {
            var values = new T[rows];
            rowGroup.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int r = 0; r < rows; r++)
            {
                cells[r] = Number<T>(values[r]);
            }
        }
        return cells;
    }

    private static (CellKind, double, string?) Number<T>(T? value)
        where T : struct, System.Numerics.INumberBase<T>
    {
        if (value is not T present)
        {
            return (CellKind.Missing, double.NaN, null);
        }
        double number = double.CreateTruncating(present);
        return double.IsNaN(number)
            ? (CellKind.Missing, double.NaN, null)
            : (CellKind.Number, number, null);
    }

    private static (CellKind, double, string?)[] Booleans(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows
    )
    {
        var cells = new (CellKind, double, string?)[rows];
        var values = new bool?[rows];
        if (field.IsNullable)
        {
            rowGroup.ReadAsync<bool>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        }
        else
        {
            var required = new bool[rows];
            rowGroup.ReadAsync<bool>(field, required.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int r = 0; r < rows; r++)
            {
                values[r] = required[r];
            }
        }
        for (int r = 0; r < rows; r++)
        {
            cells[r] = values[r] is bool b
                ? (CellKind.Number, b ? 1 : 0, null)
                : (CellKind.Missing, double.NaN, null);
        }
        return cells;
    }

    private static (CellKind, double, string?)[] Texts(
        ParquetRowGroupReader rowGroup,
        DataField field,
        int rows
    )
    {
        var values = new string?[rows];
        rowGroup.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        var cells = new (CellKind, double, string?)[rows];
        for (int r = 0; r < rows; r++)
        {
            string? text = values[r];
            cells[r] =
                text is null
                || Cell.IsMissing(System.Text.Encoding.UTF8.GetBytes(text.Trim(' ', '\t')))
                    ? (CellKind.Missing, double.NaN, null)
                    : (CellKind.Text, double.NaN, text);
        }
        return cells;
    }
}
