using System.CommandLine;
using Mlp.Cli.Commands;

namespace Mlp.Cli;

/// <summary>Assembles the command tree, runs it, and turns every failure into the contract's exit code and one line.</summary>
internal static class CommandLine
{
    /// <summary>Every command, in the order help lists them.</summary>
    internal static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    [
        ("train", TrainCommand.Create),
        ("predict", PredictCommand.Create),
        ("merge", MergeCommand.Create),
        ("eval", EvalCommand.Create),
        ("weights", WeightsCommand.Create),
        ("info", InfoCommand.Create),
        ("export", ExportCommand.Create),
        ("report", ReportCommand.Create),
        ("importance", ImportanceCommand.Create),
        ("pdp", PdpCommand.Create),
        ("interactions", InteractionsCommand.Create),
        ("sweep", SweepCommand.Create),
        ("heatmap", HeatmapCommand.Create),
        ("boundary", BoundaryCommand.Create),
        ("network", NetworkCommand.Create),
        ("gradcheck", GradcheckCommand.Create),
        ("demo", DemoCommand.Create),
    ];

    /// <summary>The tool's version, as System.CommandLine's --version prints it.</summary>
    public static string Version => Model.ToolVersion.Current;

    public static int Run(string[] args, CliContext context)
    {
        // Answered before the command tree is built: building it is most of this process's own start-up.
        if (args is ["--version"])
        {
            context.Out.WriteLine(Version);
            context.Out.Flush();
            return (int)ExitCode.Success;
        }
        // `mlp`, `mlp help` and `mlp help COMMAND` print the help.
        args = args switch
        {
            [] or ["help"] => ["--help"],
            ["help", string command, .. var rest] when Commands.Any(c => c.Name == command) =>
            [
                command,
                "--help",
                .. rest,
            ],
            ["help", string unknown, ..] => [unknown],
            _ => args,
        };
        var root = new RootCommand(
            "Train, explain and draw multilayer perceptrons on tabular CSV data."
        );
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Decimal);
        root.Options.Add(CommonOptions.Delimiter);
        root.Options.Add(CommonOptions.Progress);
        // Only the command being run is built (each costs start-up time to construct); help,
        // unknown commands and options before the command name get the whole tree.
        bool named = false;
        foreach (var (name, _) in Commands)
        {
            named |= args.Length > 0 && name == args[0];
        }
        foreach (var (name, create) in Commands)
        {
            if (!named || name == args[0])
            {
                root.Subcommands.Add(create(context));
            }
        }

        HelpWithExamples.Install(root);
        var parsed = root.Parse(args);
        bool verbose = parsed.GetValue(CommonOptions.Verbose);
        try
        {
            if (parsed.Errors.Count > 0)
            {
                var (message, hint) = UsageErrors.Describe(parsed, Commands.Select(c => c.Name));
                context.Error.WriteLine($"mlp: error: {message}");
                context.Error.WriteLine($"hint: {hint}");
                return (int)ExitCode.Usage;
            }
            CommonOptions.SetDialect(parsed, context.Dialect);
            CommonOptions.SetProgress(parsed, context.Progress);
            var configuration = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            };
            return parsed.Invoke(configuration);
        }
        catch (Exception domain) when (Mlp.Cli.Commands.DomainErrors.ToCli(domain) is { } e)
        {
            context.Error.WriteLine(e.FormatLine());
            if (e.Hint is not null)
            {
                context.Error.WriteLine($"hint: {e.Hint}");
            }
            return (int)e.ExitCode;
        }
        catch (MlpException e)
        {
            context.Error.WriteLine(e.FormatLine());
            if (e.Hint is not null)
            {
                context.Error.WriteLine($"hint: {e.Hint}");
            }
            return (int)e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("mlp: interrupted");
            return (int)ExitCode.Interrupted;
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            return (int)ExitCode.Success;
        }
        catch (OutOfMemoryException)
        {
            // Freed by now: the allocation that failed unwound with the rest.
            string available = Data.Streaming.MemoryBudget.Text(
                GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
            );
            context.Error.WriteLine(
                $"mlp: error: out of memory: the work needed more than the {available} this process may use"
            );
            context.Error.WriteLine(
                "hint: train streams data over --memory (default: half of that); explanations sample large files; give fewer --rows, or a smaller --background"
            );
            return (int)ExitCode.BadInput;
        }
        catch (Exception e) when (IsMissingPictureLibrary(e))
        {
            context.Error.WriteLine(
                "mlp: error: drawing pictures needs SkiaSharp's native library, which the package for this platform does not carry"
            );
            context.Error.WriteLine(
                "hint: the linux-x64, linux-arm64, osx-x64, osx-arm64 and win-x64 packages carry it; every other command works here"
            );
            return (int)ExitCode.BadInput;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"mlp: error: internal failure: {e.Message}");
            context.Error.WriteLine(
                verbose ? e.ToString() : "hint: run with --verbose for details"
            );
            return (int)ExitCode.BadInput;
        }
        finally
        {
            FlushQuietly(context.Out);
        }
    }

    /// <summary>
    /// A reader that went away (`| head`) is not an error: the write failed with EPIPE (32) on
    /// Unix, ERROR_BROKEN_PIPE (109) or ERROR_NO_DATA (232) on Windows, which .NET puts in the
    /// low word of the exception's HResult.
    /// </summary>
    private static bool IsBrokenPipe(IOException e) =>
        (e.HResult & 0xFFFF) is var code
        && (OperatingSystem.IsWindows() ? code is 109 or 232 : code == 32);

    /// <summary>The portable package has no native SkiaSharp: loading it fails on the first picture.</summary>
    private static bool IsMissingPictureLibrary(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException)
            {
                return true;
            }
        }
        return false;
    }

    private static void FlushQuietly(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }
}
