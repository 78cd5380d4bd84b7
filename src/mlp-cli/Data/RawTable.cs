using System.Runtime.CompilerServices;

namespace Mlp.Cli.Data;

/// <summary>The columns of a CSV file that a command asked for, as read (see <see cref="RawColumn"/>).</summary>
internal sealed class RawTable
{
    private const int RowsBeforeEstimate = 1024;

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
        int rows = 0;
        while (CsvSource.Next(reader, file, headers.Length))
        {
            long line = reader.LineNumber;
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i].Add(reader, indices[i], line, file);
            }
            rows++;
            if (rows == RowsBeforeEstimate && fileLength > 0)
            {
                // Size the columns once from the bytes per row so far, instead of doubling them as they fill.
                double bytesPerRow = (double)reader.ByteOffset / rows;
                int estimate = (int)
                    Math.Min(int.MaxValue / 2, fileLength / bytesPerRow * 1.02 + 16);
                foreach (var column in columns)
                {
                    column.Values.Reserve(estimate);
                }
            }
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
}
