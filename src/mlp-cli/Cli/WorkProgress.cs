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
/// How far a long computation is, counted from any thread: each stage (a method, the pairs
/// of features, the folds) has a total and the units done. Shown by <see cref="WorkProgress"/>:
/// bars on a terminal, else a plain line on stderr when a stage has run for
/// <see cref="Interval"/> since it began or since its last line (logs of batch jobs see
/// that long work goes on, and short work writes nothing).
/// </summary>
internal sealed class WorkCounter
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>The least time between plain lines (<see cref="PlainInterval"/>; tests shorten it).</summary>
    internal TimeSpan Interval { get; init; } = PlainInterval;

    private readonly Lock _gate = new();
    private ProgressContext? _display;
    private IAnsiConsole? _console;
    private ProgressTask? _task;
    private TextWriter? _plain;
    private bool _announce;
    private string _stage = "";
    private long _total;
    private long _done;
    private long _stageStart;
    private long _nextLine = long.MaxValue;

    /// <summary>A new stage of <paramref name="total"/> units (the previous one is complete).</summary>
    public void Stage(string name, long total)
    {
        lock (_gate)
        {
            if (_plain is not null)
            {
                (_stage, _total, _done) = (name, Math.Max(1, total), 0);
                _stageStart = System.Diagnostics.Stopwatch.GetTimestamp();
                _nextLine = _stageStart + Ticks(Interval);
                if (_announce)
                {
                    _plain.WriteLine($"mlp: progress: {name}, {_total:N0} to do");
                }
                return;
            }
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

    public void Advance(long units = 1)
    {
        _task?.Increment(units);
        if (_plain is null)
        {
            return;
        }
        long done = Interlocked.Add(ref _done, units);
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _nextLine))
        {
            return;
        }
        lock (_gate)
        {
            if (_plain is null || now < _nextLine)
            {
                return;
            }
            _nextLine = now + Ticks(Interval);
            double seconds = System
                .Diagnostics.Stopwatch.GetElapsedTime(_stageStart, now)
                .TotalSeconds;
            _plain.WriteLine(
                $"mlp: progress: {_stage} {done:N0} of {_total:N0} ({100.0 * done / _total:F0} %), {seconds:F0} s"
            );
        }
    }

    private static long Ticks(TimeSpan span) =>
        (long)(span.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

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

    /// <summary>Plain lines on <paramref name="error"/> (null: none) instead of bars; <paramref name="announce"/>: a line as each stage begins too (--progress plain).</summary>
    internal void AttachPlain(TextWriter? error, bool announce = false)
    {
        lock (_gate)
        {
            (_plain, _announce) = (error, announce);
            _nextLine = long.MaxValue;
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
