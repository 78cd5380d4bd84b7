using Mlp.Model;

namespace Mlp.Data;

/// <summary>How a data input is stored, judged by its first bytes and never by its name.</summary>
internal enum DataFormat
{
    /// <summary>CSV or TSV text.</summary>
    Text,

    /// <summary>gzip-compressed text (1f 8b).</summary>
    Gzip,

    /// <summary>Parquet ("PAR1").</summary>
    Parquet,
}

/// <summary>
/// Reads a data input's magic bytes: gzip and Parquet are recognised wherever they come from
/// and whatever they are called; an mlp model or ONNX export where data belongs is a one-line
/// error that says what the file is. A file named .parquet that is neither text nor Parquet is
/// still read as Parquet, so a damaged one is reported as such.
/// </summary>
internal static class DataFormats
{
    /// <summary>Bytes enough to tell the formats apart.</summary>
    public const int HeadBytes = 8;

    public static DataFormat Of(ReadOnlySpan<byte> head, string path)
    {
        if (FileKind.IsGzip(head))
        {
            return DataFormat.Gzip;
        }
        if (FileKind.IsParquet(head))
        {
            return DataFormat.Parquet;
        }
        if (FileKind.IsModel(head))
        {
            throw new MlpException(
                "this looks like an mlp model, not a data file",
                new ErrorPlace(CsvSource.DisplayName(path)),
                "commands take MODEL first, then the data"
            );
        }
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && !LooksLikeText(head))
        {
            throw new MlpException(
                "this is an ONNX model, not a data file",
                new ErrorPlace(path),
                "mlp reads data as CSV, TSV, gzip or Parquet"
            );
        }
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && !LooksLikeText(head)
            ? DataFormat.Parquet
            : DataFormat.Text;
    }

    /// <summary>The format of a file (text for one that cannot be opened: reading it reports why).</summary>
    public static DataFormat OfFile(string path)
    {
        if (path == "-" || !File.Exists(path))
        {
            return DataFormat.Text;
        }
        Span<byte> head = stackalloc byte[HeadBytes];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DataFormat.Text;
        }
        return Of(head[..read], path);
    }

    /// <summary>
    /// Standard input as a stream of text: its first bytes are read to judge it, and given
    /// back in front of the rest; gzip is decompressed. Parquet needs to seek, which a pipe
    /// cannot: that is an error with the way round it.
    /// </summary>
    public static Stream OpenStandardInput(Stream input)
    {
        var head = new byte[HeadBytes];
        int read = input.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
        var whole = new PrefixedStream(head.AsMemory(0, read), input);
        return Of(head.AsSpan(0, read), "-") switch
        {
            DataFormat.Gzip => new System.IO.Compression.GZipStream(
                whole,
                System.IO.Compression.CompressionMode.Decompress
            ),
            DataFormat.Parquet => throw new MlpException(
                "Parquet cannot be read from standard input: it is read from its end",
                new ErrorPlace("<stdin>"),
                "save it to a file and give its path"
            ),
            _ => whole,
        };
    }

    /// <summary>Text by <see cref="FileKind.IsText"/>, or nothing at all (an empty file is read, and reported, as CSV).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head) =>
        head.IsEmpty || FileKind.IsText(head);
}

/// <summary>Bytes already read from a stream, then the rest of that stream: a peek for a stream that cannot seek.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest)
    : ForwardReadStream(rest)
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return Inner.Read(buffer);
        }
        int taken = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        return taken;
    }
}
