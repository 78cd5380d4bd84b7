using System.Text;
using System.Text.Json;

namespace Mlp.Cli.Sharding;

/// <summary>
/// The first line of a shard's output: <c>#mlp-shard/1 {json}</c>, saying which run it is a
/// part of (the command line without the shard options, the folder it ran in, what it read)
/// and which part, so that `mlp merge` can refuse parts of different runs and find a missing one.
/// </summary>
/// <param name="Command">The command, as merge names it: predict, sweep, cv, importance or pdp.</param>
/// <param name="Parts">How many parts the whole run has (combinations, folds, shuffles, grid batches); null for predict, whose parts are its rows.</param>
/// <param name="Args">The command line from the command's name on, without --shard.</param>
internal sealed record ShardHeader(
    string Command,
    int Index,
    int Count,
    int? Parts,
    string[] Args,
    string Folder,
    InputStamp[] Inputs,
    string Version
)
{
    public const string Mark = "#mlp-shard/1 ";

    public byte[] Line()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("command", Command);
            json.WriteNumber("shard", Index);
            json.WriteNumber("count", Count);
            if (Parts is int parts)
            {
                json.WriteNumber("parts", parts);
            }
            else
            {
                json.WriteNull("parts");
            }
            json.WriteStartArray("args");
            foreach (string word in Args)
            {
                json.WriteStringValue(word);
            }
            json.WriteEndArray();
            json.WriteString("folder", Folder);
            json.WriteStartArray("inputs");
            foreach (var input in Inputs)
            {
                json.WriteStartObject();
                json.WriteString("option", input.Option);
                json.WriteString("path", input.Path);
                json.WriteNumber("size", input.Size);
                json.WriteString("sample", input.Sample);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("version", Version);
            json.WriteEndObject();
        }
        return [.. Encoding.UTF8.GetBytes(Mark), .. buffer.ToArray(), (byte)'\n'];
    }

    /// <summary>The header of a shard's output and the length of its line; an error naming the file when it has none.</summary>
    public static (ShardHeader Header, int Length) Read(string file)
    {
        if (!File.Exists(file))
        {
            throw new MlpException("file not found", new ErrorPlace(file));
        }
        var line = new List<byte>();
        using (var stream = File.OpenRead(file))
        {
            int b;
            while ((b = stream.ReadByte()) >= 0 && b != '\n')
            {
                line.Add((byte)b);
            }
        }
        string text = Encoding.UTF8.GetString([.. line]);
        if (!text.StartsWith(Mark, StringComparison.Ordinal))
        {
            throw NotAShard(file);
        }
        try
        {
            using var document = JsonDocument.Parse(text[Mark.Length..]);
            var root = document.RootElement;
            var header = new ShardHeader(
                root.GetProperty("command").GetString()!,
                root.GetProperty("shard").GetInt32(),
                root.GetProperty("count").GetInt32(),
                root.GetProperty("parts").ValueKind == JsonValueKind.Null
                    ? null
                    : root.GetProperty("parts").GetInt32(),
                [.. root.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)],
                root.GetProperty("folder").GetString()!,
                [
                    .. root.GetProperty("inputs")
                        .EnumerateArray()
                        .Select(i => new InputStamp(
                            i.GetProperty("option").GetString()!,
                            i.GetProperty("path").GetString()!,
                            i.GetProperty("size").GetInt64(),
                            i.GetProperty("sample").GetString()!
                        )),
                ],
                root.GetProperty("version").GetString()!
            );
            if (header.Count < 1 || header.Index < 0 || header.Index >= header.Count)
            {
                throw NotAShard(file);
            }
            return (header, line.Count + 1);
        }
        catch (Exception e) when (ShardHeader.IsMalformed(e))
        {
            throw NotAShard(file);
        }
    }

    /// <summary>What reading a shard's JSON throws when the text is not what a shard writes.</summary>
    public static bool IsMalformed(Exception e) =>
        e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException;

    private static MlpException NotAShard(string file) =>
        new(
            "not the output of a shard: its first line is not mlp's shard header",
            new ErrorPlace(file, 1),
            "merge takes what `mlp … --shard K/N` wrote, one file per shard"
        );
}
