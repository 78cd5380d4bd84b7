using Spectre.Console;

namespace Mlp.Cli;

/// <summary>
/// How far a long computation is, counted from any thread: each stage (a method, the pairs
/// of features, the folds) has a total and the units done. Shown by <see cref="WorkProgress"/>
/// on a terminal; without one, counting costs a null check.
/// </summary>
internal sealed class WorkCounter
{
    private readonly Lock _gate = new();
    private ProgressContext? _display;
    private IAnsiConsole? _console;
    private ProgressTask? _task;

    /// <summary>A new stage of <paramref name="total"/> units (the previous one is complete).</summary>
    public void Stage(string name, long total)
    {
        lock (_gate)
        {
            if (_display is null)
            {
                return;
            }
            if (_task is not null)
            {
                _task.Value = _task.MaxValue;
            }
            _task = _display.AddTask(name, maxValue: Math.Max(1, total));
        }
    }

    public void Advance(long units = 1) => _task?.Increment(units);

    /// <summary>A line for the user: above the bars while they are drawn, else on <paramref name="error"/>.</summary>
    public void Note(string line, TextWriter error)
    {
        lock (_gate)
        {
            if (_console is null)
            {
                error.WriteLine(line);
            }
            else
            {
                _console.WriteLine(line, Style.Plain);
            }
        }
    }

    internal void Attach(ProgressContext? display, IAnsiConsole? console)
    {
        lock (_gate)
        {
            (_display, _console) = (display, console);
            _task = null;
        }
    }
}

/// <summary>
/// A progress bar per stage on a terminal's stderr (Spectre.Console, as `mlp train` has): the
/// stage, the bar, the percentage and the time left, cleared when the work is done. Redirected
/// stderr gets nothing, so logs never hold escape codes.
/// </summary>
internal static class WorkProgress
{
    public static T Show<T>(CliContext context, WorkCounter counter, Func<T> work)
    {
        if (!context.ErrorIsTerminal || context.Quiet)
        {
            return work();
        }
        T result = default!;
        var console = TerminalConsole.For(context.Error);
        console
            .Progress()
            .AutoClear(true)
            .Columns(TerminalConsole.ProgressColumns())
            .Start(display =>
            {
                counter.Attach(display, console);
                try
                {
                    result = work();
                }
                finally
                {
                    counter.Attach(null, null);
                }
            });
        return result;
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
