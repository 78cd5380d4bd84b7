namespace Mlp.Data;

/// <summary>
/// A read-only view of bytes [start, start + length) of a file, for parsing a file in parts.
/// Counts the line breaks it passes on, and ends at the first quote: in a part, a quote may
/// mean that a line break is inside a field, so the part cannot be parsed on its own.
/// </summary>
internal sealed class RangeStream(string path, long start, long length)
    : ForwardReadStream(OpenAt(path, start))
{
    private long _remaining = length;

    /// <summary>Line breaks ('\n') in the bytes read so far.</summary>
    public long LineBreaks { get; private set; }

    /// <summary>Whether a quote was met (the stream then ends).</summary>
    public bool SawQuote { get; private set; }

    private static FileStream OpenAt(string path, long start)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        file.Seek(start, SeekOrigin.Begin);
        return file;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0)
        {
            return 0;
        }
        int read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        var bytes = buffer[..read];
        if (bytes.Contains((byte)'"'))
        {
            SawQuote = true;
            _remaining = 0;
            return 0;
        }
        LineBreaks += bytes.Count((byte)'\n');
        _remaining -= read;
        return read;
    }
}
