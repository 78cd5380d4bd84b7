namespace Mlp.Data;

/// <summary>One part of a CSV file's data rows: bytes [Start, Start + Length).</summary>
internal readonly record struct CsvPart(long Start, long Length);

/// <summary>
/// Cuts a CSV file's data rows into parts that can be parsed at once: at the first line break
/// after evenly spaced offsets, reading only a few bytes around each cut. A line break ends a
/// record only in a file without quotes; each part's <see cref="RangeStream"/> checks that as
/// it is read, so the file is read once.
/// </summary>
internal static class CsvSplit
{
    private const int BlockBytes = 1 << 14;

    /// <summary>The parts, or null when the header has a quote or the file has too few lines to cut.</summary>
    public static CsvPart[]? Plan(string path, int partCount)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        long length = file.Length;
        var buffer = new byte[BlockBytes];
        long headerEnd = NextLineStart(file, 0, buffer, out bool headerQuoted);
        if (headerEnd < 0 || headerQuoted)
        {
            return null;
        }
        // Loops over arrays rather than LINQ and lists: generic code over value types would be
        // compiled on the spot (it is not precompiled), and this runs before every large load.
        var starts = new long[partCount];
        starts[0] = headerEnd;
        int count = 1;
        for (int i = 1; i < partCount; i++)
        {
            long target = headerEnd + (length - headerEnd) * i / partCount;
            long cut = NextLineStart(file, Math.Max(target, starts[count - 1]), buffer, out _);
            if (cut > starts[count - 1] && cut < length)
            {
                starts[count++] = cut;
            }
        }
        if (count < 2)
        {
            return null;
        }
        var parts = new CsvPart[count];
        for (int i = 0; i < count; i++)
        {
            long end = i + 1 < count ? starts[i + 1] : length;
            parts[i] = new CsvPart(starts[i], end - starts[i]);
        }
        return parts;
    }

    /// <summary>The position just after the first line break at or after <paramref name="from"/>, or -1; whether a quote came before it.</summary>
    private static long NextLineStart(FileStream file, long from, byte[] buffer, out bool quoted)
    {
        quoted = false;
        file.Seek(from, SeekOrigin.Begin);
        long position = from;
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            var block = buffer.AsSpan(0, read);
            int newline = block.IndexOf((byte)'\n');
            quoted |= (newline < 0 ? block : block[..newline]).Contains((byte)'"');
            if (newline >= 0)
            {
                return position + newline + 1;
            }
            position += read;
        }
        return -1;
    }
}
