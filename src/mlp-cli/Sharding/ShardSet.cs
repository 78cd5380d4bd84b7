namespace Mlp.Cli.Sharding;

/// <summary>
/// The shards' outputs given to `mlp merge`, checked to be every shard of one run: the same
/// command line, tool version and input files, each index from 0 to N − 1 once.
/// </summary>
internal sealed class ShardSet
{
    private ShardSet(ShardHeader first, (string File, ShardHeader Header, int Length)[] shards) =>
        (First, Shards) = (first, shards);

    /// <summary>Shard 0's header: what the others agree with.</summary>
    public ShardHeader First { get; }

    /// <summary>In shard order: each file, its header, and its header line's length.</summary>
    public (string File, ShardHeader Header, int Length)[] Shards { get; }

    public static ShardSet Read(IReadOnlyList<string> files)
    {
        var read = files.Select(file => (File: file, Read: ShardHeader.Read(file))).ToArray();
        var (firstFile, (first, _)) = read[0];
        foreach (var (file, (header, _)) in read.Skip(1))
        {
            Agree(file, header, firstFile, first);
        }
        var byIndex = new (string File, ShardHeader Header, int Length)?[first.Count];
        foreach (var (file, (header, length)) in read)
        {
            if (byIndex[header.Index] is { } earlier)
            {
                throw new MlpException(
                    $"shard {header.Index} of {header.Count} is given twice, also as {earlier.File}",
                    new ErrorPlace(file, 1)
                );
            }
            byIndex[header.Index] = (file, header, length);
        }
        int[] missing = [.. Enumerable.Range(0, first.Count).Where(i => byIndex[i] is null)];
        if (missing.Length > 0)
        {
            throw new MlpException(
                $"shard {string.Join(", ", missing)} of {first.Count} {(missing.Length == 1 ? "is" : "are")} missing",
                hint: "merge needs every shard's output; run the missing shard again (same command, --shard K/N)"
            );
        }
        var shards = byIndex.Select(s => s!.Value).ToArray();
        return new ShardSet(shards[0].Header, shards);
    }

    /// <summary>That <paramref name="header"/> is a shard of the same run as <paramref name="first"/>'s, or an error that says what differs.</summary>
    private static void Agree(string file, ShardHeader header, string firstFile, ShardHeader first)
    {
        string? differs =
            header.Command != first.Command
                ? $"this is a shard of {header.Command}, but {firstFile} is one of {first.Command}"
            : header.Count != first.Count
                ? $"this is a shard of {header.Count}, but {firstFile} is one of {first.Count}"
            : header.Version != first.Version
                ? $"this was made by mlp {header.Version}, but {firstFile} by mlp {first.Version}"
            : ArgsDiffer(header.Args, first.Args) is string words
                ? $"this shard's command line differs from {firstFile}'s: {words}"
            : InputsDiffer(header.Inputs, first.Inputs) is string input
                ? $"this shard read another {input} than {firstFile} did (or the file changed in between)"
            : null;
        if (differs is not null)
        {
            throw new MlpException(
                differs,
                new ErrorPlace(file, 1),
                "merge puts together the shards of one run: the same command, options, seed and data"
            );
        }
    }

    /// <summary>Where two command lines first differ, as "'a' against 'b'"; null when they are the same.</summary>
    private static string? ArgsDiffer(string[] args, string[] first)
    {
        for (int i = 0; i < Math.Max(args.Length, first.Length); i++)
        {
            string? word = i < args.Length ? args[i] : null;
            string? other = i < first.Length ? first[i] : null;
            if (word != other)
            {
                // An option is shown with its value, a value with its option.
                string Show(string? w, string[] all) =>
                    w is null ? "nothing"
                    : w.StartsWith('-') && i + 1 < all.Length && !all[i + 1].StartsWith('-')
                        ? $"'{w} {all[i + 1]}'"
                    : i > 0 && all[i - 1].StartsWith('-') ? $"'{all[i - 1]} {w}'"
                    : $"'{w}'";
                return $"{Show(word, args)} against {Show(other, first)}";
            }
        }
        return null;
    }

    private static string? InputsDiffer(InputStamp[] inputs, InputStamp[] first)
    {
        if (inputs.Length != first.Length)
        {
            return "set of files";
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Path != first[i].Path || !inputs[i].Matches(first[i]))
            {
                return $"{inputs[i].Option} ({inputs[i].Path})";
            }
        }
        return null;
    }

    /// <summary>That the run's input files still hold what the shards read (paths from the folder they ran in).</summary>
    public void CheckInputsUnchanged()
    {
        foreach (var input in First.Inputs)
        {
            string path = Path.Combine(First.Folder, input.Path);
            if (!File.Exists(path) || !InputStamp.Of(input.Option, path).Matches(input))
            {
                throw new MlpException(
                    $"the {input.Option} changed since the shards read it",
                    new ErrorPlace(path),
                    "run the shards again on the file as it is now"
                );
            }
        }
    }
}
