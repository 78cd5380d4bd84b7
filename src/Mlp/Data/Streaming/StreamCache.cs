using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Mlp.Model;

namespace Mlp.Data.Streaming;

/// <summary>
/// The binary cache of a data set too large to train in memory. The schema (column kinds,
/// categories, classes, fill values) is read, as in memory, from the file's first rows (up to
/// <see cref="MaxSampleRows"/>, fewer when wide rows would not fit the budget); then one pass
/// encodes every row through that schema into float32 records, as prediction does, and
/// gathers each column's sums for standardization on the way. A later run on the same
/// unchanged file, with the same data options, opens the cache without reading the file.
/// </summary>
internal static class StreamCache
{
    public const string Format = "mlp-cache/1";
    public const string Extension = ".mlpcache";
    public const int MaxSampleRows = 100_000;
    private const int MinSampleRows = 1_000;
    private const int ChunkRows = 8192;
    private const int HeaderAlignment = 4096;
    private static readonly byte[] Magic = "MLPCACHE"u8.ToArray();

    /// <summary>What opening the cache found: reused as it was, or made now (and why).</summary>
    public enum Origin
    {
        Made,
        Reused,
        Remade,
    }

    public static (StreamedData Data, Origin Origin) Open(
        string path,
        DataOptions options,
        bool standardize,
        bool logInputs,
        string? cacheDirectory,
        long budget,
        TextWriter warnings,
        CancellationToken cancel = default
    )
    {
        int sampleRows = SampleRows(path, budget);
        var sample = DatasetLoader.Load(
            path,
            options with
            {
                FirstRows = sampleRows,
            },
            warnings: warnings,
            cancel: cancel
        );
        string key = Key(options, standardize, logInputs, sampleRows);
        var source = SourceOf(path);
        string cachePath = CachePath(path, cacheDirectory, key);
        var origin = Origin.Made;
        if (CacheHeader.TryRead(cachePath, Magic) is { } found && found.Key == key)
        {
            if (found.Source == source && found.Fits(sample.Schema, cachePath))
            {
                var layout = found.Layout(sample.Schema, sample.File);
                return (new StreamedData(layout, cachePath, found.Statistics), Origin.Reused);
            }
            origin = Origin.Remade;
        }
        var header = Build(
            path,
            sample,
            options,
            standardize,
            logInputs,
            key,
            source,
            cachePath,
            warnings,
            cancel
        );
        var made = header.Layout(sample.Schema, sample.File);
        return (new StreamedData(made, cachePath, header.Statistics), origin);
    }

    /// <summary>The schema sample's rows: up to <see cref="MaxSampleRows"/>, as many as an eighth of the budget holds at the file's bytes per row.</summary>
    private static int SampleRows(string path, long budget)
    {
        double bytesPerRow = BytesPerRow(path);
        return (int)Math.Clamp(budget / 8 / Math.Max(bytesPerRow, 1), MinSampleRows, MaxSampleRows);
    }

    /// <summary>About how many bytes of text a row takes, from the file's first mebibyte (a Parquet file: 256).</summary>
    private static double BytesPerRow(string path)
    {
        if (ParquetTable.IsParquet(path))
        {
            return 256;
        }
        var buffer = new byte[1 << 20];
        using var stream =
            DataFormats.OfFile(path) == DataFormat.Gzip
                ? (Stream)
                    new System.IO.Compression.GZipStream(
                        File.OpenRead(path),
                        System.IO.Compression.CompressionMode.Decompress
                    )
                : File.OpenRead(path);
        int total = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        int lines = buffer.AsSpan(0, total).Count((byte)'\n');
        return (double)total / Math.Max(lines, 1);
    }

    /// <summary>What the cache was made from: the file's size, the hash of its ends and its last write.</summary>
    private static string SourceOf(string path)
    {
        var (size, sample) = FileFingerprint.Of(path);
        long written = File.GetLastWriteTimeUtc(path).Ticks;
        return $"{size}:{written}:{sample}";
    }

    /// <summary>The options that change what the cache holds, hashed: a cache is reused only under the same ones.</summary>
    private static string Key(DataOptions options, bool standardize, bool logInputs, int sampleRows)
    {
        string List(IReadOnlyList<string>? items) =>
            items is null ? "-" : string.Join("\u001f", items);
        string text = string.Join(
            "\u001e",
            Format,
            options.Target ?? "-",
            List(options.Features),
            List(options.Ignore),
            List(options.Categorical),
            options.Missing,
            options.MissingCategory,
            options.Task?.ToString() ?? "-",
            options.MinCategoryCount,
            options.MaxCategories,
            options.Positive ?? "-",
            options.Dialect?.Delimiter?.ToString() ?? "-",
            options.Dialect?.DecimalComma ?? false,
            options.SampleWeight ?? "-",
            standardize,
            logInputs,
            sampleRows
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>NAME.KEY.mlpcache in --cache's folder, else beside the data when that folder can be written, else in the temporary folder.</summary>
    private static string CachePath(string path, string? cacheDirectory, string key)
    {
        string name = $"{Path.GetFileName(path)}.{key[..12]}{Extension}";
        if (cacheDirectory is not null)
        {
            Directory.CreateDirectory(cacheDirectory);
            return Path.Combine(cacheDirectory, name);
        }
        string beside = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Writable(beside)
            ? Path.Combine(beside, name)
            : Path.Combine(Path.GetTempPath(), name);
    }

    private static bool Writable(string folder)
    {
        string probe = Path.Combine(folder, $".mlp-write-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Per input column, the origin its deviations are stored from (the sample's mean of t,
    /// t the value or its log transform) and its log scale (0: not logged).
    /// </summary>
    private static (double[] Origins, double[]? LogScale) Origins(
        Dataset sample,
        bool standardize,
        bool logInputs
    )
    {
        int width = sample.Columns.Length;
        var rows = Enumerable.Range(0, sample.Rows).ToArray();
        var origins = new double[width];
        var logScale = new double[width];
        for (int c = 0; c < width; c++)
        {
            var column = sample.Columns[c];
            double origin = sample.Origins[c];
            if (standardize && logInputs)
            {
                logScale[c] = LogTransform.Scale(column, origin, rows);
            }
            origins[c] =
                logScale[c] > 0
                    ? Standardization.FitLogged(column, origin, logScale[c], rows).Mean
                    : Standardization.Fit(column, origin, rows, out _).Mean;
        }
        return (origins, logScale.Any(scale => scale > 0) ? logScale : null);
    }

    private static CacheHeader Build(
        string path,
        Dataset sample,
        DataOptions options,
        bool standardize,
        bool logInputs,
        string key,
        string source,
        string cachePath,
        TextWriter warnings,
        CancellationToken cancel
    )
    {
        var schema = sample.Schema;
        int width = schema.InputCount;
        var (origins, logScale) = Origins(sample, standardize, logInputs);
        bool regression = schema.Task == TaskKind.Regression;
        double targetOrigin = regression
            ? Standardization
                .Fit(sample.Target, 0, Enumerable.Range(0, sample.Rows).ToArray(), out _)
                .Mean
            : 0;
        bool weighted = options.SampleWeight is not null;
        int record = width + 1 + (weighted ? 1 : 0);
        long dataOffset = CacheHeader.Reserve(width, schema.Classes.Length, HeaderAlignment);
        var sums = new double[width];
        var squares = new double[width];
        double targetSum = 0;
        double targetSquares = 0;
        var classCounts = new long[schema.Classes.Length];
        long rows = 0;
        string temporary = $"{cachePath}.{Environment.ProcessId}.partial";
        try
        {
            using (
                var output = new FileStream(
                    temporary,
                    FileMode.Create,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 20
                )
            )
            using (
                var reader = FeatureRows.Open(
                    path,
                    schema,
                    readTarget: true,
                    warnings,
                    weightColumn: options.SampleWeight,
                    dialect: options.Dialect
                )
            )
            {
                output.Position = dataOffset;
                var inputs = new double[ChunkRows * width];
                var targets = new float[ChunkRows];
                var weights = new float[weighted ? ChunkRows : 0];
                var records = new float[ChunkRows * record];
                int count;
                while (
                    (count = ReadChunk(reader, inputs, targets, weights, schema, sample.Rows)) > 0
                )
                {
                    cancel.ThrowIfCancellationRequested();
                    for (int r = 0; r < count; r++)
                    {
                        var row = records.AsSpan(r * record, record);
                        for (int c = 0; c < width; c++)
                        {
                            double x = inputs[r * width + c];
                            double t =
                                logScale is not null && logScale[c] > 0
                                    ? LogTransform.Apply(x, logScale[c])
                                    : x;
                            float deviation = (float)(t - origins[c]);
                            row[c] = deviation;
                            sums[c] += deviation;
                            squares[c] += (double)deviation * deviation;
                        }
                        if (regression)
                        {
                            float deviation = (float)(targets[r] - targetOrigin);
                            row[width] = deviation;
                            targetSum += deviation;
                            targetSquares += (double)deviation * deviation;
                        }
                        else
                        {
                            row[width] = targets[r];
                            classCounts[(int)targets[r]]++;
                        }
                        if (weighted)
                        {
                            row[width + 1] = weights[r];
                        }
                    }
                    output.Write(MemoryMarshal.AsBytes(records.AsSpan(0, count * record)));
                    rows += count;
                }
                if (rows > int.MaxValue)
                {
                    throw new MlpException(
                        $"the file has {rows} rows; mlp trains on at most {int.MaxValue}",
                        new ErrorPlace(CsvSource.DisplayName(path))
                    );
                }
                var header = new CacheHeader(
                    key,
                    source,
                    (int)rows,
                    width,
                    weighted,
                    dataOffset,
                    classCounts,
                    new StreamStatistics(
                        origins,
                        sums,
                        squares,
                        logScale,
                        standardize,
                        targetOrigin,
                        targetSum,
                        targetSquares
                    )
                );
                output.Position = 0;
                header.Write(output, Magic);
                output.Flush(flushToDisk: false);
                File.Move(temporary, cachePath, overwrite: true);
                return header;
            }
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new MlpException(
                $"cannot write the cache of the data: {e.Message}",
                new ErrorPlace(cachePath),
                "give --cache a folder with room for about 4 bytes per value, or a larger --memory"
            );
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The next rows; a label the schema sample did not have is an error that says where the sample ended.</summary>
    private static int ReadChunk(
        IFeatureRows reader,
        double[] inputs,
        float[] targets,
        float[] weights,
        Schema schema,
        int sampleRows
    )
    {
        try
        {
            return reader.Read(inputs, targets, ChunkRows, weights: weights);
        }
        catch (MlpException e)
            when (schema.Task != TaskKind.Regression
                && e.Message.StartsWith("label '", StringComparison.Ordinal)
            )
        {
            throw new MlpException(
                $"{e.Message.Replace("the model's classes", "the classes of the first rows", StringComparison.Ordinal)}",
                e.Place,
                $"the data is streamed from its cache; its classes are read from the first {sampleRows} rows: put a row of each class among them, or give a larger --memory"
            );
        }
    }
}
