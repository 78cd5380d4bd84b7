using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mlp.Cli.Commands;
using Mlp.Data;

namespace Mlp.Cli.Sharding;

/// <summary>
/// --shard, --shard-count, --slurm and --submit, on the commands whose work splits into
/// independent parts: a shard run, a Slurm job array that runs every shard and merges them,
/// or the whole run.
/// </summary>
internal sealed class ShardOptions
{
    public Option<string?> Shard { get; } = CommonOptions.Shard();

    public Option<int?> ShardCount { get; } =
        new("--shard-count")
        {
            Description =
                "The number of shards: the job array's size with --slurm; with --shard auto in a Kubernetes indexed job (JOB_COMPLETION_INDEX)",
        };

    public Option<string?> Slurm { get; } =
        new("--slurm")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description =
                "Print a bash script that runs this command as a Slurm job array of --shard-count tasks, then merges their outputs into FILE (default mlp-COMMAND.out)",
            HelpName = "FILE",
        };

    public Option<bool> Submit { get; } =
        new("--submit")
        {
            Description = "--slurm: run the script (it submits the jobs) and print the job ids",
        };

    public void AddTo(Command command)
    {
        command.Options.Add(Shard);
        command.Options.Add(ShardCount);
        command.Options.Add(Slurm);
        command.Options.Add(Submit);
    }

    private bool SlurmGiven(ParseResult parse) => parse.GetResult(Slurm) is not null;

    /// <summary>Whether this run is sharded in any way: a shard, a --slurm script, or a merge.</summary>
    public bool Given(ParseResult parse, CliContext context) =>
        context.Merged is not null || SlurmGiven(parse) || parse.GetValue(Shard) is not null;

    /// <summary>
    /// How this command line runs: with --slurm, the script is printed or submitted and
    /// <c>Submitted</c> is its exit code; otherwise the command runs, as the merge of shards (when
    /// mlp merge runs it), as one shard (--shard), or whole (a null <c>Run</c>).
    /// </summary>
    /// <param name="command">The command's name in shard headers, messages and the default merged file.</param>
    /// <param name="inputs">The files every shard reads: files, not standard input, and never the merged output.</param>
    public (int? Submitted, ShardRun? Run) Resolve(
        ParseResult parse,
        CliContext context,
        string command,
        (string Option, string? Path)[] inputs
    ) =>
        Script(parse, context, command, inputs) is int submitted
            ? (submitted, null)
            : (null, Bind(parse, context, command, inputs));

    /// <summary>--slurm: prints (or with --submit, submits) the job array and merge; its exit code. Null without --slurm.</summary>
    private int? Script(
        ParseResult parse,
        CliContext context,
        string what,
        (string Option, string? Path)[] inputs
    )
    {
        if (context.Merged is not null || !SlurmGiven(parse))
        {
            OptionParsing.OnlyWhere(parse, Submit, false, "with --slurm");
            return null;
        }
        OptionParsing.Check(
            parse.GetValue(Shard) is null,
            "--shard comes from each task of --slurm's job array"
        );
        int tasks =
            parse.GetValue(ShardCount)
            ?? throw new UsageException(
                "--slurm needs --shard-count N, the number of tasks in the job array",
                $"e.g. mlp {what} … --slurm --shard-count 4 --submit"
            );
        OptionParsing.Check(tasks >= 1, $"--shard-count {tasks} must be at least 1");
        CheckFiles(inputs, "--slurm");
        string output = parse.GetValue(Slurm) ?? $"mlp-{what}.out";
        OptionParsing.Check(
            output != "-",
            "--slurm's FILE is what the merge job writes, not standard output"
        );
        return SlurmRun.Run(
            TaskArgs(parse),
            tasks,
            output,
            inputs,
            what,
            parse.GetValue(Submit),
            context
        );
    }

    /// <summary>The merge's results, this shard, or null: the whole run.</summary>
    private ShardRun? Bind(
        ParseResult parse,
        CliContext context,
        string command,
        (string Option, string? Path)[] inputs
    )
    {
        if (context.Merged is { } merged)
        {
            return merged;
        }
        var shard = Of(parse.GetValue(Shard), parse.GetValue(ShardCount));
        OptionParsing.OnlyWhere(
            parse,
            ShardCount,
            parse.GetValue(Shard) == "auto",
            "with --shard auto or --slurm"
        );
        if (shard is not Shard part)
        {
            return null;
        }
        CheckFiles(inputs, "--shard");
        var header = new ShardHeader(
            command,
            part.Index,
            part.Count,
            null,
            [.. TaskArgs(parse)],
            Directory.GetCurrentDirectory(),
            [],
            CommandLine.Version
        );
        return ShardRun.Task(header, inputs);
    }

    /// <summary>--shard's shard, or null without it; auto reads Slurm's array task, else a Kubernetes completion index of --shard-count.</summary>
    public static Shard? Of(string? text, int? count)
    {
        if (text != "auto")
        {
            return text is null ? null : Data.Shard.Parse(text);
        }
        if (Data.Shard.FromSlurm(Environment.GetEnvironmentVariable) is Shard slurm)
        {
            return slurm;
        }
        string? index = Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX");
        if (index is null)
        {
            throw new UsageException(
                "--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm array task) or JOB_COMPLETION_INDEX (a Kubernetes indexed job)",
                "elsewhere give the shard, e.g. --shard 2/4"
            );
        }
        if (count is null)
        {
            throw new UsageException(
                "--shard auto in a Kubernetes indexed job needs --shard-count N, the job's completions"
            );
        }
        return Data.Shard.Parse($"{index}/{count.Value.ToString(CultureInfo.InvariantCulture)}")
            ?? throw new UsageException(
                $"JOB_COMPLETION_INDEX '{index}' is not an index below --shard-count {count}"
            );
    }

    private static void CheckFiles((string Option, string? Path)[] inputs, string option)
    {
        foreach (var (name, path) in inputs)
        {
            OptionParsing.Check(
                path != "-",
                $"{option} needs the {name} as a file, not standard input: each shard reads it"
            );
        }
    }

    /// <summary>The command line as given, without the sharding options and their values.</summary>
    private List<string> TaskArgs(ParseResult parse)
    {
        var skip = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Option option in (Option[])[Shard, ShardCount, Slurm, Submit])
        {
            if (parse.GetResult(option) is { } result)
            {
                int values = result.Tokens.Count;
                skip[option.Name] = values;
                foreach (string alias in option.Aliases)
                {
                    skip[alias] = values;
                }
            }
        }
        var words = new List<string>();
        int skipping = 0;
        foreach (var token in parse.Tokens)
        {
            if (skipping > 0 && token.Type == TokenType.Argument)
            {
                skipping--;
                continue;
            }
            skipping = 0;
            if (token.Type == TokenType.Option && skip.TryGetValue(token.Value, out int values))
            {
                skipping = values;
                continue;
            }
            words.Add(token.Value);
        }
        return words;
    }
}
