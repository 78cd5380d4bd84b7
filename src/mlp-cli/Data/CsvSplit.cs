namespace Mlp.Cli.Data;

/// <summary>One part of a CSV file's data rows: its bytes, and how many lines come before it.</summary>
internal readonly record struct CsvPart(long Start, long Length, long LinesBefore);

/// <summary>
/// Splits a CSV file's data rows into parts that can be parsed at once, at line breaks. Only
/// files without a quote character qualify: there a line break always ends a record.
/// </summary>
internal static class CsvSplit
{
    private const int BlockBytes = 1 << 20;

    /// <summary>The parts, or null when the file has quotes (or too few lines) to split safely.</summary>
    public static CsvPart[]? Plan(string path, int partCount)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        long length = file.Length;
        var buffer = new byte[BlockBytes];
        long headerEnd = -1;
        long lines = 0;
        var cuts = new List<(long Position, long LinesBefore)>();
        long nextTarget = -1;
        long position = 0;
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            var block = buffer.AsSpan(0, read);
            if (block.IndexOf((byte)'"') >= 0)
            {
                return null;
            }
            int offset = 0;
            while (offset < read)
            {
                int newline = block[offset..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }
                long at = position + offset + newline;
                lines++;
                if (headerEnd < 0)
                {
                    headerEnd = at + 1;
                    nextTarget = headerEnd + (length - headerEnd) / partCount;
                }
                else if (cuts.Count < partCount - 1 && at >= nextTarget)
                {
                    cuts.Add((at + 1, lines));
                    nextTarget = headerEnd + (length - headerEnd) * (cuts.Count + 1) / partCount;
                }
                offset += newline + 1;
            }
            position += read;
        }
        if (headerEnd < 0 || cuts.Count < partCount - 1)
        {
            return null;
        }
        var parts = new CsvPart[partCount];
        long start = headerEnd;
        long linesBefore = 1;
        for (int i = 0; i < partCount; i++)
        {
            long end = i < cuts.Count ? cuts[i].Position : length;
            parts[i] = new CsvPart(start, end - start, linesBefore);
            if (i < cuts.Count)
            {
                linesBefore = cuts[i].LinesBefore;
                start = end;
            }
        }
        return parts;
    }
}
