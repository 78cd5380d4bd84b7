using System.Runtime.CompilerServices;
using CsvHelper;
using Mlp.Kernels;

namespace Mlp.Data;

/// <summary>The columns of a CSV file that a command asked for, as read (see <see cref="RawColumn"/>).</summary>
internal sealed class RawTable
{
    private const int RowsBeforeEstimate = 1024;

    /// <summary>Files at least this large are parsed in parts, one per kernel thread (when they have no quotes).</summary>
    internal static long ParallelBytes { get; set; } = 8L << 20;

    public required string File { get; init; }
    public required string[] Headers { get; init; }
    public required Dictionary<string, RawColumn> Columns { get; init; }
    public required int RowCount { get; init; }

    /// <summary>
    /// Reads every row of <paramref name="path"/>, keeping the columns <paramref name="keep"/>
    /// selects from the header; <paramref name="textColumns"/> are read as text even when numeric,
    /// and in <paramref name="gapColumns"/> a text cell is a gap (<see cref="RawColumn"/>).
    /// <paramref name="coreFree"/> is called (perhaps twice) once the reading leaves a core
    /// free: at once for a single reader, after the parts when they were read on every core.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RawTable Read(
        string path,
        Stream? standardInput,
        Func<string[], IReadOnlyCollection<string>> keep,
        IReadOnlySet<string> textColumns,
        Action? coreFree = null,
        CancellationToken cancel = default,
        CsvDialect? dialect = null,
        int firstRows = int.MaxValue,
        TextWriter? warnings = null,
        IReadOnlySet<string>? gapColumns = null
    )
    {
        bool decimalComma = dialect?.DecimalComma == true;
        if (ParquetTable.IsParquet(path))
        {
            coreFree?.Invoke();
            return ParquetTable.Read(path, keep, textColumns, cancel, firstRows);
        }
        string file = CsvSource.DisplayName(path);
        using var reader = CsvSource.Open(path, standardInput, dialect);
        string[] headers = CsvSource.ReadHeader(reader, file, warnings);
        var kept = keep(headers);
        var indices = new int[kept.Count];
        int next = 0;
        foreach (string name in kept)
        {
            indices[next++] = Array.IndexOf(headers, name);
        }
        // A compressed file's length says nothing of its rows, and it cannot be cut into parts.
        long fileLength =
            path == "-" || CsvSource.IsCompressed(path) ? 0 : new FileInfo(path).Length;
        var parts =
            fileLength >= ParallelBytes && WorkerPool.Threads > 1 && firstRows == int.MaxValue
                ? CsvSplit.Plan(path, WorkerPool.Threads)
                : null;
        var origins = parts is null ? null : Origins(path, file, headers.Length, indices, dialect);
        RawColumn[] NewColumns()
        {
            var columns = new RawColumn[kept.Count];
            int at = 0;
            foreach (string name in kept)
            {
                columns[at] = new RawColumn(
                    name,
                    textColumns.Contains(name),
                    origins?[at],
                    decimalComma,
                    gapColumns?.Contains(name) == true
                );
                at++;
            }
            return columns;
        }
        var read = parts is null
            ? null
            : ReadParts(
                path,
                file,
                reader.Separator,
                headers.Length,
                indices,
                NewColumns,
                parts,
                coreFree,
                cancel
            );
        RawColumn[] columns;
        int rows;
        if (read is { } parallel)
        {
            (columns, rows) = parallel;
        }
        else
        {
            coreFree?.Invoke();
            columns = NewColumns();
            rows = ReadRows(
                reader,
                file,
                headers.Length,
                indices,
                columns,
                0,
                firstRows == int.MaxValue ? fileLength : 0,
                cancel,
                firstRows
            );
        }
        if (rows == 0)
        {
            throw CsvSource.NoDataRows(file);
        }
        return new RawTable
        {
            File = file,
            Headers = headers,
            Columns = columns.ToDictionary(col => col.Name, StringComparer.Ordinal),
            RowCount = rows,
        };
    }

    /// <summary>
    /// Each kept column's origin as one reader finds it (its first number within the first
    /// <see cref="RawColumn.OriginRows"/> rows, else 0), for the parts to share; an error in those
    /// rows is left for the real reading to report.
    /// </summary>
    private static double[] Origins(
        string path,
        string file,
        int headerCount,
        int[] indices,
        CsvDialect? dialect
    )
    {
        var columns = new RawColumn[indices.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = new RawColumn(
                "",
                forceText: false,
                decimalComma: dialect?.DecimalComma == true
            );
        }
        using var reader = CsvSource.Open(path, null, dialect);
        CsvSource.ReadHeader(reader, file);
        try
        {
            for (
                int row = 0;
                row < RawColumn.OriginRows && CsvSource.Next(reader, file, headerCount);
                row++
            )
            {
                bool commaFree = Cell.CommaFree(reader);
                for (int i = 0; i < columns.Length; i++)
                {
                    columns[i].Add(reader, indices[i], reader.LineNumber, file, commaFree);
                }
            }
        }
        catch (MlpException) { }
        var origins = new double[columns.Length];
        for (int i = 0; i < origins.Length; i++)
        {
            origins[i] = columns[i].Origin;
        }
        return origins;
    }

    /// <summary>Reads the rest of a reader's rows into the columns; returns how many rows it read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReadRows(
        CsvReader reader,
        string file,
        int headerCount,
        int[] indices,
        RawColumn[] columns,
        long linesBefore,
        long bytes,
        CancellationToken cancel,
        int firstRows = int.MaxValue
    )
    {
        int rows = 0;
        while (rows < firstRows && CsvSource.Next(reader, file, headerCount, linesBefore))
        {
            if ((rows & 4095) == 0)
            {
                cancel.ThrowIfCancellationRequested();
            }
            long line = linesBefore + reader.LineNumber;
            bool commaFree = Cell.CommaFree(reader);
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i].Add(reader, indices[i], line, file, commaFree);
            }
            rows++;
            if (rows == RowsBeforeEstimate && bytes > 0)
            {
                // Size the columns once from the bytes per row so far, instead of doubling them as they fill.
                double bytesPerRow = (double)reader.ByteOffset / rows;
                int estimate = (int)Math.Min(int.MaxValue / 2, bytes / bytesPerRow * 1.02 + 16);
                foreach (var column in columns)
                {
                    column.Values.Reserve(estimate);
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// Reads the parts of a file at once, one thread each, then appends them in file order;
    /// null when a part met a quote (the file is then read by one reader). When parts fail,
    /// the error of the earliest one is the one reported, as a single reader would.
    /// </summary>
    private static (RawColumn[] Columns, int Rows)? ReadParts(
        string path,
        string file,
        char separator,
        int headerCount,
        int[] indices,
        Func<RawColumn[]> newColumns,
        CsvPart[] parts,
        Action? coreFree,
        CancellationToken cancel
    )
    {
        var partColumns = new RawColumn[parts.Length][];
        var partRows = new int[parts.Length];
        var streams = new RangeStream[parts.Length];
        var errors = new Exception?[parts.Length];
        void ReadPart(int p)
        {
            try
            {
                partColumns[p] = newColumns();
                streams[p] = new RangeStream(path, parts[p].Start, parts[p].Length);
                using var reader = CsvSource.OpenPart(streams[p], separator);
                // Only the first part knows its line numbers (after the header); the
                // others count from their start and are moved down once all are read.
                partRows[p] = ReadRows(
                    reader,
                    file,
                    headerCount,
                    indices,
                    partColumns[p],
                    linesBefore: p == 0 ? 1 : 0,
                    parts[p].Length,
                    cancel
                );
            }
            catch (Exception e)
            {
                errors[p] = e;
            }
        }
        // The first part on this thread, the others on threads of their own.
        var others = new Task[parts.Length - 1];
        for (int p = 1; p < parts.Length; p++)
        {
            int part = p;
            others[p - 1] = BackgroundWork.Start(() => ReadPart(part));
        }
        ReadPart(0);
        Task.WaitAll(others);
        coreFree?.Invoke();
        if (streams.Any(stream => stream is null || stream.SawQuote))
        {
            return null;
        }
        var linesBefore = new long[parts.Length];
        for (int p = 1; p < parts.Length; p++)
        {
            linesBefore[p] = (p == 1 ? 1 : linesBefore[p - 1]) + streams[p - 1].LineBreaks;
        }
        for (int p = 0; p < parts.Length; p++)
        {
            if (errors[p] is MlpException error)
            {
                throw error.LinesLater(linesBefore[p]);
            }
            if (errors[p] is Exception other)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(other).Throw();
            }
        }
        var columns = partColumns[0];
        void AppendColumns(int first, int step)
        {
            for (int c = first; c < columns.Length; c += step)
            {
                for (int p = 1; p < parts.Length; p++)
                {
                    columns[c].Append(partColumns[p][c], linesBefore[p]);
                }
            }
        }
        // Columns are appended independently: half of them on a second thread.
        var half = BackgroundWork.Start(() => AppendColumns(1, 2));
        AppendColumns(0, 2);
        half.Wait();
        int rows = 0;
        foreach (int partRowCount in partRows)
        {
            rows += partRowCount;
        }
        return (columns, rows);
    }
}
