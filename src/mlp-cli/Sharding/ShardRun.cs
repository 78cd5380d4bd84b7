using System.Globalization;
using System.Text.Json;
using Mlp.Data;

namespace Mlp.Cli.Sharding;

/// <summary>
/// A command run as one shard of a larger run, or as the merge of all of them. A shard computes
/// its share of the parts (combinations, folds, shuffles, grid batches) and writes each part's
/// result as a JSON line under its header, instead of the command's own output; the merge runs
/// the command again with every part's result given, computes none, and writes what the whole
/// run writes.
/// </summary>
internal sealed class ShardRun
{
    private readonly SortedDictionary<int, byte[]> _results = [];
    private readonly IReadOnlyDictionary<int, JsonElement>? _merged;
    private readonly ShardHeader? _header;
    private readonly (string Option, string? Path)[] _inputs;

    private ShardRun(
        ShardHeader? header,
        (string Option, string? Path)[] inputs,
        IReadOnlyDictionary<int, JsonElement>? merged
    )
    {
        (_header, _inputs, _merged) = (header, inputs, merged);
        Parts = new()
        {
            Index = header?.Index ?? 0,
            Count = header?.Count ?? 1,
            Done = merged is not null
                ? null
                : (part, values) => Record(part, json => WriteValues(json, values)),
            Given = merged is not null ? part => ReadValues(Result(part)) : null,
        };
    }

    /// <summary>Which shard this run is; null in a merge.</summary>
    public Shard? Shard => _header is { } header ? new Shard(header.Index, header.Count) : null;

    public bool Merging => _merged is not null;

    /// <param name="header">The shard's header but for its parts' count and its inputs' stamps, which <see cref="HeaderLine"/> adds.</param>
    /// <param name="inputs">The files the shard reads (a null path: not given).</param>
    public static ShardRun Task(ShardHeader header, (string Option, string? Path)[] inputs) =>
        new(header, inputs, null);

    public static ShardRun Merge(IReadOnlyDictionary<int, JsonElement> results) =>
        new(null, [], results);

    /// <summary>
    /// The shard's header line, with the parts' count and the inputs' stamps: taken once the
    /// command has read its inputs, so that a missing or unreadable file was already reported
    /// as the command reports it.
    /// </summary>
    public byte[] HeaderLine() =>
        (
            _header! with
            {
                Parts = Parts.Total,
                Inputs =
                [
                    .. _inputs
                        .Where(input => input.Path is not null)
                        .Select(input => InputStamp.Of(input.Option, input.Path!)),
                ],
            }
        ).Line();

    /// <summary>The parts [Start, End) of <paramref name="total"/> this run computes: none in a merge.</summary>
    public (int Start, int End) Share(int total) => Parts.Share(total);

    /// <summary>The division of the work, which the library's sharded computations take too.</summary>
    public PartWork Parts { get; }

    /// <summary>A part's result, as <paramref name="write"/> writes its fields (beside "part").</summary>
    public void Record(int part, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("part", part);
            write(json);
            json.WriteEndObject();
        }
        lock (_results)
        {
            _results[part] = buffer.ToArray();
        }
    }

    /// <summary>In a merge: the part's result as its shard recorded it.</summary>
    public JsonElement Result(int part) => _merged![part];

    /// <summary>The shard's output on standard output: its header, then a line per part it computed.</summary>
    public int Write(CliContext context)
    {
        if (Parts.Total is null)
        {
            throw new InvalidOperationException("the work was not divided");
        }
        var output = context.StandardOutput;
        context.Out.Flush();
        output.Write(HeaderLine());
        foreach (var line in _results.Values)
        {
            output.Write(line);
            output.WriteByte((byte)'\n');
        }
        output.Flush();
        return 0;
    }

    /// <summary>Doubles exactly (JSON's shortest round trip), and the non-finite ones as text.</summary>
    public static void WriteValues(
        Utf8JsonWriter json,
        IReadOnlyList<double> values,
        string name = "values"
    )
    {
        json.WriteStartArray(name);
        foreach (double value in values)
        {
            WriteNumber(json, value);
        }
        json.WriteEndArray();
    }

    public static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static double[] ReadValues(JsonElement result, string name = "values") =>
        [.. result.GetProperty(name).EnumerateArray().Select(ReadNumber)];

    public static double ReadNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDouble();
}
