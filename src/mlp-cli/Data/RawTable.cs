using System.Runtime.CompilerServices;
using CsvHelper;
using Mlp.Kernels;

namespace Mlp.Cli.Data;

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
    /// selects from the header; <paramref name="textColumns"/> are read as text even when numeric.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RawTable Read(
        string path,
        Stream? standardInput,
        Func<string[], IReadOnlyCollection<string>> keep,
        IReadOnlySet<string> textColumns
    )
    {
        string file = CsvSource.DisplayName(path);
        using var reader = CsvSource.Open(path, standardInput);
        string[] headers = CsvSource.ReadHeader(reader, file);
        var kept = keep(headers);
        var indices = new int[kept.Count];
        var columns = new RawColumn[kept.Count];
        int c = 0;
        foreach (var name in kept)
        {
            indices[c] = Array.IndexOf(headers, name);
            columns[c] = new RawColumn(name, textColumns.Contains(name));
            c++;
        }
        long fileLength = path == "-" ? 0 : new FileInfo(path).Length;
        var parts =
            fileLength >= ParallelBytes && WorkerPool.Threads > 1
                ? CsvSplit.Plan(path, WorkerPool.Threads)
                : null;
        int rows;
        if (parts is null)
        {
            rows = ReadRows(
                reader,
                file,
                headers.Length,
                indices,
                columns,
                linesBefore: 0,
                fileLength
            );
        }
        else
        {
            rows = ReadParts(path, file, reader.Separator, headers.Length, indices, columns, parts);
        }
        if (rows == 0)
        {
            throw new MlpException(
                "the file has a header but no data rows",
                new ErrorPlace(file, 1)
            );
        }
        return new RawTable
        {
            File = file,
            Headers = headers,
            Columns = columns.ToDictionary(col => col.Name, StringComparer.Ordinal),
            RowCount = rows,
        };
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
        long bytes
    )
    {
        int rows = 0;
        while (CsvSource.Next(reader, file, headerCount, linesBefore))
        {
            long line = linesBefore + reader.LineNumber;
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i].Add(reader, indices[i], line, file);
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
    /// Reads the parts of a file at once, one thread each, then appends them in file order.
    /// When parts fail, the error of the earliest one is the one reported, as a single reader would.
    /// </summary>
    private static int ReadParts(
        string path,
        string file,
        char separator,
        int headerCount,
        int[] indices,
        RawColumn[] columns,
        CsvPart[] parts
    )
    {
        var partColumns = new RawColumn[parts.Length][];
        var partRows = new int[parts.Length];
        var errors = new Exception?[parts.Length];
        Parallel.For(
            0,
            parts.Length,
            new ParallelOptions { MaxDegreeOfParallelism = parts.Length },
            p =>
            {
                try
                {
                    var own =
                        p == 0
                            ? columns
                            : columns.Select(c => new RawColumn(c.Name, c.ForceText)).ToArray();
                    using var reader = CsvSource.OpenPart(path, parts[p], separator);
                    partRows[p] = ReadRows(
                        reader,
                        file,
                        headerCount,
                        indices,
                        own,
                        parts[p].LinesBefore,
                        parts[p].Length
                    );
                    partColumns[p] = own;
                }
                catch (Exception e)
                {
                    errors[p] = e;
                }
            }
        );
        var firstError = errors.FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(firstError).Throw();
        }
        for (int p = 1; p < parts.Length; p++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c].Append(partColumns[p][c]);
            }
        }
        return partRows.Sum();
    }
}
