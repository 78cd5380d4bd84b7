using System.Buffers.Binary;
using System.Text.Json;
using Mlp.Model;

namespace Mlp.Data.Streaming;

/// <summary>
/// The cache's first bytes: "MLPCACHE", the length of a JSON object, the object (what the
/// cache was made from and under which options, its shape, its statistics), then zeros up to
/// <see cref="DataOffset"/>, where the records start.
/// </summary>
internal sealed record CacheHeader(
    string Key,
    string Source,
    int Rows,
    int Width,
    bool HasWeights,
    long DataOffset,
    long[] ClassCounts,
    StreamStatistics Statistics
)
{
    /// <summary>Room for the header of a cache of <paramref name="width"/> inputs and <paramref name="classes"/> classes: 100 bytes a number at most.</summary>
    public static long Reserve(int width, int classes, int alignment)
    {
        long bytes = 4096 + (long)width * 4 * 100 + (long)classes * 100;
        return (bytes + alignment - 1) / alignment * alignment;
    }

    public StreamLayout Layout(Schema schema, string file) =>
        new(schema, file, Rows, HasWeights, DataOffset, ClassCounts);

    /// <summary>Whether the cache holds what a data set of <paramref name="schema"/> needs, whole.</summary>
    public bool Fits(Schema schema, string cachePath)
    {
        long recordBytes = (Width + 1 + (HasWeights ? 1 : 0)) * sizeof(float);
        return Width == schema.InputCount
            && ClassCounts.Length == schema.Classes.Length
            && new FileInfo(cachePath).Length == DataOffset + Rows * recordBytes;
    }

    public void Write(Stream output, byte[] magic)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", StreamCache.Format);
            json.WriteString("key", Key);
            json.WriteString("source", Source);
            json.WriteNumber("rows", Rows);
            json.WriteNumber("width", Width);
            json.WriteBoolean("weights", HasWeights);
            json.WriteNumber("data_offset", DataOffset);
            Numbers(json, "class_counts", ClassCounts.Select(count => (double)count));
            var stats = Statistics;
            Numbers(json, "origins", stats.Origins);
            Numbers(json, "sums", stats.Sums);
            Numbers(json, "squares", stats.Squares);
            if (stats.LogScale is { } logScale)
            {
                Numbers(json, "log_scale", logScale);
            }
            json.WriteBoolean("standardize", stats.Standardize);
            Numbers(json, "target", [stats.TargetOrigin, stats.TargetSum, stats.TargetSquares]);
            json.WriteEndObject();
        }
        if (magic.Length + sizeof(int) + buffer.Length > DataOffset)
        {
            throw new InvalidOperationException("the cache header outgrew its room");
        }
        output.Write(magic);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, (int)buffer.Length);
        output.Write(length);
        output.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The header of the cache at <paramref name="path"/>; null when there is none, or it is not a whole header of this format.</summary>
    public static CacheHeader? TryRead(string path, byte[] magic)
    {
        try
        {
            using var input = File.OpenRead(path);
            var start = new byte[magic.Length + sizeof(int)];
            input.ReadExactly(start);
            if (!start.AsSpan(0, magic.Length).SequenceEqual(magic))
            {
                return null;
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(start.AsSpan(magic.Length));
            if (length <= 0 || length > input.Length)
            {
                return null;
            }
            var text = new byte[length];
            input.ReadExactly(text);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != StreamCache.Format)
            {
                return null;
            }
            double[] Array(string name) =>
                [.. root.GetProperty(name).EnumerateArray().Select(n => n.GetDouble())];
            var target = Array("target");
            return new CacheHeader(
                root.GetProperty("key").GetString()!,
                root.GetProperty("source").GetString()!,
                root.GetProperty("rows").GetInt32(),
                root.GetProperty("width").GetInt32(),
                root.GetProperty("weights").GetBoolean(),
                root.GetProperty("data_offset").GetInt64(),
                [.. Array("class_counts").Select(count => (long)count)],
                new StreamStatistics(
                    Array("origins"),
                    Array("sums"),
                    Array("squares"),
                    root.TryGetProperty("log_scale", out _) ? Array("log_scale") : null,
                    root.GetProperty("standardize").GetBoolean(),
                    target[0],
                    target[1],
                    target[2]
                )
            );
        }
        catch (Exception e)
            when (e
                    is IOException
                        or UnauthorizedAccessException
                        or JsonException
                        or KeyNotFoundException
                        or InvalidOperationException
                        or FormatException
                        or IndexOutOfRangeException
            )
        {
            return null;
        }
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
        {
            json.WriteNumberValue(value);
        }
        json.WriteEndArray();
    }
}
