namespace Mlp;

/// <summary>What shows a <see cref="WorkCounter"/>'s stages as they go: the CLI's bars on a terminal.</summary>
internal interface IProgressDisplay
{
    /// <summary>A new stage of <paramref name="total"/> units; the previous one is complete.</summary>
    void Stage(string name, long total);

    void Advance(long units);

    /// <summary>A line for the user, shown with the display (above bars, say).</summary>
    void Note(string line);
}

/// <summary>
/// How far a long computation is, counted from any thread: each stage (a method, the pairs
/// of features, the folds) has a total and the units done. Shown by an <see cref="IProgressDisplay"/>
/// (the CLI's bars on a terminal), else a plain line on stderr when a stage has run for
/// <see cref="Interval"/> since it began or since its last line (logs of batch jobs see
/// that long work goes on, and short work writes nothing).
/// </summary>
internal sealed class WorkCounter
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>The least time between plain lines (<see cref="PlainInterval"/>; tests shorten it).</summary>
    internal TimeSpan Interval { get; init; } = PlainInterval;

    private readonly Lock _gate = new();
    private IProgressDisplay? _display;
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
            _display?.Stage(name, Math.Max(1, total));
        }
    }

    public void Advance(long units = 1)
    {
        _display?.Advance(units);
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
            if (_display is null)
            {
                error.WriteLine(line);
            }
            else
            {
                _display.Note(line);
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

    /// <summary>Bars (or any display) for the stages from now on; null: none.</summary>
    internal void Attach(IProgressDisplay? display)
    {
        lock (_gate)
        {
            _display = display;
        }
    }
}
