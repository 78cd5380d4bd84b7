namespace Mlp.Data;

/// <summary>
/// Where a shard's rows lie in a CSV file: the header's bytes, then the data bytes [Start, End).
/// Each cut is the first record boundary (a line break outside quotes) at or after an evenly
/// spaced offset whose data row is a multiple of <see cref="RowsAligned"/>, so every shard of the
/// same file agrees on the cuts whatever the quoting, and a shard's chunks of rows are the whole
/// run's chunks, byte for byte the same work. <see cref="LinesBefore"/> counts the file's line
/// breaks before Start (for errors' line numbers). Finding a cut reads the file up to it, looking
/// only for quotes and line breaks.
/// </summary>
internal sealed record CsvShard(long HeaderEnd, long Start, long End, long LinesBefore)
{
    /// <summary>Rows per chunk of the commands that shard: every shard starts at a multiple of it.</summary>
    public const int RowsAligned = 1024;

    private const int BlockBytes = 1 << 16;

    public static CsvShard Of(string path, Shard shard)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        long length = file.Length;
        var scan = new Scan(file);
        long headerEnd = scan.RecordStart(0, 1) ?? length;
        long dataBytes = length - headerEnd;
        long Cut(int k) =>
            k == 0 ? headerEnd
            : k == shard.Count ? length
            : scan.RecordStart(headerEnd + dataBytes * k / shard.Count, RowsAligned) ?? length;
        long start = Cut(shard.Index);
        long linesBefore = scan.LineBreaks;
        long end = Cut(shard.Index + 1);
        return new CsvShard(headerEnd, start, Math.Max(start, end), linesBefore);
    }

    /// <summary>
    /// The file cut every <paramref name="rows"/> data rows (a multiple of <see cref="RowsAligned"/>):
    /// a function from a piece's index to its shard, null past the last, safe to call from any
    /// thread. The cuts are found by one forward scan, as far as the pieces asked for need.
    /// </summary>
    public static Func<int, CsvShard?> Pieces(string path, int rows)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        long length = file.Length;
        var scan = new Scan(file);
        long headerEnd = scan.RecordStart(0, 1) ?? length;
        var cuts = new List<(long Start, long LinesBefore)> { (headerEnd, scan.LineBreaks) };
        var gate = new Lock();
        return piece =>
        {
            lock (gate)
            {
                while (cuts.Count <= piece + 1 && cuts[^1].Start < length)
                {
                    long next = scan.RecordStart(cuts[^1].Start + 1, rows) ?? length;
                    cuts.Add((next, scan.LineBreaks));
                    if (next == length)
                    {
                        file.Dispose();
                    }
                }
                if (piece + 1 >= cuts.Count)
                {
                    return null;
                }
                var (start, linesBefore) = cuts[piece];
                return new CsvShard(headerEnd, start, cuts[piece + 1].Start, linesBefore);
            }
        };
    }

    /// <summary>The shard as one stream: the header's bytes, then the shard's data bytes.</summary>
    public Stream Open(string path) => new ShardStream(path, this);

    /// <summary>
    /// A forward scan from the file's start that knows whether it is inside quotes, and counts
    /// line breaks and records; it only ever moves on.
    /// </summary>
    private sealed class Scan(FileStream file)
    {
        private readonly byte[] _buffer = new byte[BlockBytes];
        private long _position;
        private long _records;
        private long _lastRecordStart = -1;
        private bool _quoted;

        /// <summary>Line breaks before the scan's position.</summary>
        public long LineBreaks { get; private set; }

        /// <summary>
        /// Moves to the first record start at or after <paramref name="from"/> whose data row
        /// (the header's end is row 0) is a multiple of <paramref name="every"/>; null at the end
        /// of the file (the scan then stands there).
        /// </summary>
        public long? RecordStart(long from, long every)
        {
            if (_lastRecordStart == _position && _position >= from && (_records - 1) % every == 0)
            {
                return _position;
            }
            while (true)
            {
                file.Seek(_position, SeekOrigin.Begin);
                int read = file.Read(_buffer, 0, _buffer.Length);
                if (read == 0)
                {
                    return null;
                }
                var block = _buffer.AsSpan(0, read);
                int i = 0;
                while (true)
                {
                    int next = block[i..].IndexOfAny((byte)'"', (byte)'\n');
                    if (next < 0)
                    {
                        break;
                    }
                    i += next + 1;
                    if (block[i - 1] == (byte)'"')
                    {
                        _quoted = !_quoted;
                        continue;
                    }
                    LineBreaks++;
                    if (_quoted)
                    {
                        continue;
                    }
                    _records++;
                    if (_position + i >= from && (_records - 1) % every == 0)
                    {
                        _position += i;
                        _lastRecordStart = _position;
                        return _position;
                    }
                }
                _position += read;
            }
        }
    }

    private sealed class ShardStream(string path, CsvShard shard)
        : ForwardReadStream(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
        )
    {
        private long _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position == shard.HeaderEnd && shard.Start != shard.HeaderEnd)
            {
                Inner.Seek(shard.Start, SeekOrigin.Begin);
                _position = shard.Start;
            }
            long stop = _position < shard.HeaderEnd ? shard.HeaderEnd : shard.End;
            if (_position >= stop)
            {
                return 0;
            }
            int read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, stop - _position)]);
            _position += read;
            return read;
        }
    }
}
