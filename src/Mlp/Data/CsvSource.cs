using System.IO.Compression;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Mlp.Data;

/// <summary>
/// Opens a CSV file (or standard input for "-") with the reader settings every command shares:
/// gzip, by its first bytes (<see cref="DataFormats"/>), is decompressed as it is read; a
/// <c>.tsv</c> name (also <c>.tsv.gz</c>) is tab-separated, and any other is CSV with its
/// separator detected.
/// </summary>
internal static partial class CsvSource
{
    /// <summary>Whether the file is gzip-compressed by its first bytes (then read by one reader, start to end).</summary>
    public static bool IsCompressed(string path) => DataFormats.OfFile(path) == DataFormat.Gzip;

    /// <summary>Tab for a .tsv name (also .tsv.gz), else null: detected from the header.</summary>
    private static char? SeparatorOf(string path)
    {
        string name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : null;
    }

    /// <summary>The longest record accepted: a bound, so a runaway quote cannot exhaust memory.</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private static CsvReaderOptions Options(bool hasHeader, char? separator) =>
        new()
        {
            HasHeader = hasHeader,
            Separator = separator,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
            DetectSeparatorHint = false,
        };

    /// <summary>A reader of one part of a file's data rows (no header), with the separator the header used.</summary>
    public static CsvReader OpenPart(RangeStream part, char separator) =>
        CsvReader.Create(part, Options(hasHeader: false, separator));

    /// <summary>Where shard <paramref name="shard"/>'s rows lie in a plain CSV file; standard input and gzip cannot be cut without reading all of them.</summary>
    public static CsvShard Shard(string path, Shard shard)
    {
        if (path == "-")
        {
            throw new MlpException(
                "a shard is cut out of a file: standard input cannot be split",
                new ErrorPlace(DisplayName(path)),
                "save the data to a file and give its path"
            );
        }
        CheckFile(path);
        if (IsCompressed(path))
        {
            throw new MlpException(
                "a shard cannot be cut out of a gzip file without decompressing all of it",
                new ErrorPlace(path),
                "decompress it (gunzip) and give the CSV"
            );
        }
        try
        {
            return CsvShard.Of(path, shard);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlpException($"cannot read the file: {e.Message}", new ErrorPlace(path));
        }
    }

    /// <summary>A shard of a CSV file: its header, then its rows.</summary>
    public static CsvReader OpenShard(string path, CsvShard shard, CsvDialect? dialect) =>
        CsvReader.Create(
            shard.Open(path),
            Options(hasHeader: true, dialect?.Delimiter ?? SeparatorOf(path))
        );

    private static void CheckFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new MlpException($"'{path}' is a folder, not a CSV file", new ErrorPlace(path));
        }
        if (!File.Exists(path))
        {
            throw new MlpException("file not found", new ErrorPlace(path));
        }
    }

    public static CsvReader Open(string path, Stream? standardInput, CsvDialect? dialect = null)
    {
        var options = Options(hasHeader: true, dialect?.Delimiter ?? SeparatorOf(path));
        if (path == "-")
        {
            return CsvReader.Create(
                DataFormats.OpenStandardInput(standardInput ?? Console.OpenStandardInput()),
                options
            );
        }
        CheckFile(path);
        try
        {
            return IsCompressed(path)
                ? CsvReader.Create(
                    new GZipStream(File.OpenRead(path), CompressionMode.Decompress),
                    options
                )
                : CsvReader.FromFile(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlpException($"cannot read the file: {e.Message}", new ErrorPlace(path));
        }
    }

    public static MlpException NoDataRows(string file) =>
        new("the file has a header but no data rows", new ErrorPlace(file, 1));

    public static string DisplayName(string path) => path == "-" ? "<stdin>" : path;

    /// <summary>
    /// Reads the header, checking it is there, with its names made unique (<see cref="HeaderNames"/>,
    /// told on <paramref name="warnings"/>). Converts the
    /// reader's own format errors into the contract's one-line errors.
    /// </summary>
    public static string[] ReadHeader(CsvReader reader, string file, TextWriter? warnings = null)
    {
        string[] headers;
        try
        {
            reader.ReadHeader();
            headers = reader.Headers.Select(h => h.Trim()).ToArray();
        }
        catch (CsvFormatException e)
        {
            throw FormatError(e, file);
        }
        catch (InvalidDataException e)
        {
            throw new MlpException($"unreadable CSV: {e.Message}", new ErrorPlace(file, 1));
        }
        if (headers.Length == 0 || (headers.Length == 1 && headers[0].Length == 0))
        {
            throw new MlpException(
                "the file is empty: a header row and data rows are needed",
                new ErrorPlace(file)
            );
        }
        foreach (var name in headers)
        {
            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                // The reader decoded the header with replacement characters: not UTF-8.
                throw Cell.NotUtf8(new ErrorPlace(file, 1, name));
            }
        }
        return HeaderNames.Unique(headers, file, warnings);
    }

    /// <summary>Advances to the next record; false at the end. Reader errors become one-line errors.</summary>
    /// <remarks><paramref name="linesBefore"/> is added to the reader's line numbers (for a part of a file).</remarks>
    public static bool Next(CsvReader reader, string file, int headerCount, long linesBefore = 0)
    {
        bool more;
        try
        {
            more = reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw FormatError(e, file, linesBefore);
        }
        catch (InvalidDataException e)
        {
            throw new MlpException($"unreadable CSV: {e.Message}", new ErrorPlace(file));
        }
        if (more && reader.FieldCount != headerCount)
        {
            throw new MlpException(
                $"row has {reader.FieldCount} fields but the header has {headerCount}",
                new ErrorPlace(file, linesBefore + reader.LineNumber),
                "every row needs one value per header column (quote values that contain the separator)"
            );
        }
        return more;
    }

    /// <summary>
    /// The reader's "Malformed CSV in record 3 (line 3): a quoted field that is never closed
    /// (byte offset 25)" as "malformed CSV: a quoted field that is never closed (file:3)".
    /// </summary>
    private static MlpException FormatError(CsvFormatException e, string file, long linesBefore = 0)
    {
        string message = ReaderPosition().Replace(e.Message.TrimEnd('.'), "");
        if (message.Length > 0)
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }
        return new MlpException(
            $"malformed CSV: {message}",
            new ErrorPlace(file, e.LineNumber > 0 ? linesBefore + e.LineNumber : 0),
            "quote a value that holds the separator, a quote (as \"\") or a line break"
        );
    }

    [GeneratedRegex(
        @"^Malformed CSV in record \d+( \(line \d+\))?: ?|,? ?\(byte offset \d+\)",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex ReaderPosition();
}
