using System.CommandLine;
using System.Text;
using System.Text.Json;
using Mlp.Cli.Sharding;

namespace Mlp.Cli.Commands;

/// <summary>
/// `mlp merge SHARD... [-o OUT]`: the outputs of one command's shards (--shard K/N), in any
/// order, put together as the whole run writes them. predict's shards are contiguous parts of
/// the rows, joined under one header; the other commands run again with every part's result
/// taken from the shards, so that their output is written by the very code of the whole run.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var shards = new Argument<string[]>("SHARD")
        {
            Description = "The shards' outputs, in any order",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The merged output ('-' is stdout)",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command(
            "merge",
            "Put the outputs of a command run as shards (--shard K/N, e.g. a Slurm job array) together, as the whole run writes them"
        )
        {
            shards,
            output,
        };
        command.SetAction(parse =>
        {
            string[] files = parse.GetValue(shards)!;
            string path = parse.GetValue(output)!;
            using var outputs = new OutputPlan(context);
            foreach (string file in files)
            {
                outputs.Input("shard", file);
            }
            var merged = path == "-" ? null : outputs.Output("-o", path);
            var set = ShardSet.Read(files);
            Func<CliContext, int> write =
                set.First.Command == "predict"
                    ? target => JoinRows(set, target)
                    : target => RunWithResults(set, target);
            if (merged is null)
            {
                // Straight through: the merged rows can be far larger than memory.
                return write(context);
            }
            int code = 0;
            outputs.Write(
                merged,
                stream =>
                {
                    var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    code = write(context.WithOutput(stream, writer));
                    writer.Flush();
                }
            );
            if (code == 0)
            {
                outputs.Commit();
            }
            return code;
        });
        return command;
    }

    /// <summary>predict: the shards' rows one after another, under the header they share.</summary>
    private static int JoinRows(ShardSet set, CliContext context)
    {
        var (firstFile, _, firstLength) = set.Shards[0];
        byte[] header = CsvHeader(firstFile, firstLength);
        foreach (var (file, _, length) in set.Shards.Skip(1))
        {
            if (!CsvHeader(file, length).AsSpan().SequenceEqual(header))
            {
                throw new MlpException(
                    $"the CSV header is not shard 0's ({Encoding.UTF8.GetString(header).TrimEnd('\n')})",
                    new ErrorPlace(file, 2)
                );
            }
        }
        context.Out.Flush();
        var stream = context.StandardOutput;
        stream.Write(header);
        foreach (var (file, _, length) in set.Shards)
        {
            using var shard = File.OpenRead(file);
            shard.Seek(length + header.Length, SeekOrigin.Begin);
            shard.CopyTo(stream);
        }
        stream.Flush();
        return 0;
    }

    /// <summary>The CSV header line after the shard's header, its line break included.</summary>
    private static byte[] CsvHeader(string file, int skip)
    {
        using var stream = File.OpenRead(file);
        stream.Seek(skip, SeekOrigin.Begin);
        var line = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            line.Add((byte)b);
            if (b == '\n')
            {
                return [.. line];
            }
        }
        throw new MlpException(
            "the shard has no CSV header line",
            new ErrorPlace(file, 2),
            "merge joins what `mlp predict … --shard K/N` wrote"
        );
    }

    /// <summary>
    /// Every other command: its command line run again in the folder the shards ran in, with
    /// each part's result as a shard recorded it.
    /// </summary>
    private static int RunWithResults(ShardSet set, CliContext context)
    {
        var first = set.First;
        var results = new Dictionary<int, JsonElement>();
        foreach (var (file, _, _) in set.Shards)
        {
            int lineNumber = 1;
            foreach (string line in File.ReadLines(file).Skip(1))
            {
                lineNumber++;
                int part = Part(line, file, lineNumber, out var result);
                if (part < 0 || part >= first.Parts || !results.TryAdd(part, result))
                {
                    throw new MlpException(
                        $"part {part} is not one of the {first.Parts} parts, or comes twice",
                        new ErrorPlace(file, lineNumber)
                    );
                }
            }
        }
        if (results.Count != first.Parts)
        {
            throw new MlpException(
                $"the shards hold {results.Count} of the run's {first.Parts} parts",
                hint: "a shard's output was cut short; run that shard again"
            );
        }
        set.CheckInputsUnchanged();
        string here = Directory.GetCurrentDirectory();
        bool move = first.Folder != here && Directory.Exists(first.Folder);
        if (move)
        {
            Directory.SetCurrentDirectory(first.Folder);
        }
        try
        {
            return CommandLine.Run(first.Args, context with { Merged = ShardRun.Merge(results) });
        }
        finally
        {
            if (move)
            {
                Directory.SetCurrentDirectory(here);
            }
        }
    }

    private static int Part(string line, string file, int lineNumber, out JsonElement result)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            result = document.RootElement.Clone();
            return result.GetProperty("part").GetInt32();
        }
        catch (Exception e) when (ShardHeader.IsMalformed(e))
        {
            throw new MlpException(
                "not a part's result (a JSON line with its \"part\")",
                new ErrorPlace(file, lineNumber),
                "the shard's output was changed or cut short; run that shard again"
            );
        }
    }
}
