using System.CommandLine;
using System.Text;

namespace Mlp.Cli.Commands;

/// <summary>
/// `mlp merge SHARD... -o OUT`: the outputs of a command run as shards (--shard K/N), given in
/// shard order, put back together as the whole run would have written them. predict's shards
/// are contiguous parts of the rows, so their CSVs are joined under one header.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var shards = new Argument<string[]>("SHARD")
        {
            Description = "The shards' outputs, shard 0 first",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The merged file ('-' is stdout)",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command(
            "merge",
            "Put the outputs of a command run as shards (--shard K/N, e.g. a Slurm job array) back together, as the whole run writes them"
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
            byte[] header = Header(files[0]);
            foreach (string file in files.Skip(1))
            {
                if (!Header(file).AsSpan().SequenceEqual(header))
                {
                    throw new MlpException(
                        $"the header is not the first shard's ({Encoding.UTF8.GetString(header).TrimEnd('\n')})",
                        new ErrorPlace(file, 1),
                        "merge joins the shards of one run, shard 0 first"
                    );
                }
            }
            void Join(Stream stream)
            {
                stream.Write(header);
                foreach (string file in files)
                {
                    using var shard = File.OpenRead(file);
                    shard.Seek(header.Length, SeekOrigin.Begin);
                    shard.CopyTo(stream);
                }
            }
            if (merged is null)
            {
                // Straight through: the merged rows can be far larger than memory.
                context.Out.Flush();
                Join(context.StandardOutput);
                context.StandardOutput.Flush();
            }
            else
            {
                outputs.Write(merged, Join);
                outputs.Commit();
            }
            return 0;
        });
        return command;
    }

    /// <summary>The shard's first line, its line break included: predict's CSV header.</summary>
    private static byte[] Header(string file)
    {
        if (!File.Exists(file))
        {
            throw new MlpException("file not found", new ErrorPlace(file));
        }
        using var stream = File.OpenRead(file);
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
            line.Count == 0 ? "the shard is empty" : "the shard has no line break after its header",
            new ErrorPlace(file),
            "merge joins predict's CSV shards: a header line, then rows"
        );
    }
}
