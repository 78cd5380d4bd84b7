using Spectre.Console;

namespace Mlp.Cli;

/// <summary>--progress: auto (bars on a terminal, plain lines otherwise), plain (lines always) or none.</summary>
internal enum ProgressMode
{
    Auto,
    Plain,
    None,
}

/// <summary>The --progress chosen for this run, set once from the command line before the command runs.</summary>
internal sealed class ProgressChoice
{
    public static readonly string[] Names = ["auto", "plain", "none"];

    public ProgressMode Mode { get; set; }
}

/// <summary>
/// A progress bar per stage on a terminal's stderr (Spectre.Console, as `mlp train` has): the
/// stage, the bar, the percentage and the time left, cleared when the work is done. Redirected
/// stderr gets plain lines, no more than one per stage every few seconds, so logs never hold
/// escape codes; --quiet gets nothing.
/// </summary>
internal static class WorkProgress
{
    public static T Show<T>(CliContext context, WorkCounter counter, Func<T> work)
    {
        var mode = context.Progress.Mode;
        if (context.Quiet || mode == ProgressMode.None)
        {
            return work();
        }
        if (!context.ErrorIsTerminal || mode == ProgressMode.Plain)
        {
            counter.AttachPlain(context.Error, announce: mode == ProgressMode.Plain);
            try
            {
                return work();
            }
            finally
            {
                counter.AttachPlain(null);
            }
        }
        T result = default!;
        var console = TerminalConsole.For(context.Error);
        console
            .Progress()
            .AutoClear(true)
            .Columns(TerminalConsole.ProgressColumns())
            .Start(display =>
            {
                counter.Attach(new Bars(display, console));
                try
                {
                    result = work();
                }
                finally
                {
                    counter.Attach(null);
                }
            });
        return result;
    }

    /// <summary>A Spectre progress bar per stage, and notes written above them.</summary>
    private sealed class Bars(ProgressContext display, IAnsiConsole console) : IProgressDisplay
    {
        private ProgressTask? _task;

        public void Stage(string name, long total)
        {
            if (_task is not null)
            {
                _task.Value = _task.MaxValue;
            }
            _task = display.AddTask(name, maxValue: total);
        }

        public void Advance(long units) => _task?.Increment(units);

        public void Note(string line) => console.WriteLine(line, Style.Plain);
    }
}

/// <summary>A Spectre console on a terminal's stderr: ANSI and colours as the terminal and NO_COLOR allow.</summary>
internal static class TerminalConsole
{
    /// <summary>What every progress bar shows: the stage, the bar, the percentage, the time left, a spinner.</summary>
    public static ProgressColumn[] ProgressColumns() =>
        [
            new TaskDescriptionColumn { Alignment = Justify.Left },
            new ProgressBarColumn(),
            new PercentageColumn(),
            new RemainingTimeColumn(),
            new SpinnerColumn(),
        ];

    public static IAnsiConsole For(TextWriter error) =>
        AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(error),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Yes,
            }
        );
}
