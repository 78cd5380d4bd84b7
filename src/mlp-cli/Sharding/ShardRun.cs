using System.Globalization;
using System.Text.Json;

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

    private ShardRun(ShardHeader? header, IReadOnlyDictionary<int, JsonElement>? merged)
    {
        (Header, _merged) = (header, merged);
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

    /// <summary>This shard's header (its parts' count is filled in when written); null in a merge.</summary>
    public ShardHeader? Header { get; }

    public bool Merging => _merged is not null;

    public static ShardRun Task(ShardHeader header) => new(header, null);

    public static ShardRun Merge(IReadOnlyDictionary<int, JsonElement> results) =>
        new(null, results);

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
        int parts = Parts.Total ?? throw new InvalidOperationException("the work was not divided");
        var output = context.StandardOutput;
        context.Out.Flush();
        output.Write((Header! with { Parts = parts }).Line());
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
