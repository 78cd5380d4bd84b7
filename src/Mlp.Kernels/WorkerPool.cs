using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Mlp.Kernels;

/// <summary>Work split into numbered parts that may run on any thread in any order.</summary>
public interface IParallelJob
{
    void Execute(int part);
}

/// <summary>
/// A few long-lived worker threads for kernels too short for the task scheduler's hand-off.
/// <see cref="Run"/> hands the parts to the workers and the caller alike and returns when
/// all are done; it allocates nothing. When another caller holds the pool, the parts simply
/// run on the calling thread. Which thread runs a part never changes its result.
/// </summary>
public sealed class WorkerPool
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly int _workerCount;
    private IParallelJob? _job;

    // The next part to claim (low 32 bits) and the run's part count (high 32 bits), in one
    // word so that a claim can never pair one run's index with another run's count.
    private ExceptionDispatchInfo? _failure;
    private long _claim;
    private int _remaining;
    private int _generation;
    private int _sleeping;
    private bool _started;

    /// <summary>How long an idle worker spins for the next run before it sleeps (kernel calls come every few µs in training).</summary>
    private const int SpinIterations = 20_000;

    internal WorkerPool(int workerCount) => _workerCount = workerCount;

    public static WorkerPool Shared { get; } = new(Math.Max(0, Environment.ProcessorCount - 1));

    private static readonly int s_defaultThreads = DefaultThreads();
    private static readonly AsyncLocal<int> s_threads = new();

    /// <summary>
    /// Threads the kernels may use, the caller included: what this call chain set (--threads,
    /// or a library caller's count through <see cref="WithThreads"/>), else the MLP_THREADS
    /// environment variable, else every core. It flows with the execution context, so that
    /// two callers in one process can each pass their own count.
    /// </summary>
    public static int Threads
    {
        get => s_threads.Value is > 0 and int threads ? threads : s_defaultThreads;
        set => s_threads.Value = value;
    }

    /// <summary>Runs <paramref name="work"/> with the kernels limited to <paramref name="threads"/> threads, then restores the caller's count.</summary>
    public static T WithThreads<T>(int threads, Func<T> work)
    {
        int saved = s_threads.Value;
        s_threads.Value = threads;
        try
        {
            return work();
        }
        finally
        {
            s_threads.Value = saved;
        }
    }

    [ThreadStatic]
    private static int t_partsRunning;

    /// <summary>
    /// Whether this thread is running a part of a job: a product started here runs on this
    /// thread alone, so kernels that pay only when split across threads are not worth it.
    /// </summary>
    public static bool InsidePart => t_partsRunning > 0;

    public static int DefaultThreads() =>
        int.TryParse(Environment.GetEnvironmentVariable("MLP_THREADS"), out int threads)
        && threads > 0
            ? threads
            : Environment.ProcessorCount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(IParallelJob job, int parts)
    {
        int helpers = Math.Min(Math.Min(_workerCount, Threads - 1), parts - 1);
        // A job that runs a job (a product inside a parallel explanation) runs it on its own thread:
        // the gate is held by the outer run, also on the thread that started it (Monitor re-enters).
        if (helpers <= 0 || Monitor.IsEntered(_gate) || !Monitor.TryEnter(_gate))
        {
            t_partsRunning++;
            try
            {
                for (int part = 0; part < parts; part++)
                {
                    job.Execute(part);
                }
            }
            finally
            {
                t_partsRunning--;
            }
            return;
        }
        try
        {
            StartWorkers();
            Volatile.Write(ref _job, job);
            Volatile.Write(ref _remaining, parts);
            Interlocked.Exchange(ref _claim, (long)parts << 32);
            Interlocked.Increment(ref _generation);
            int sleeping = Volatile.Read(ref _sleeping);
            if (sleeping > 0)
            {
                _wake.Release(Math.Min(helpers, sleeping));
            }
            Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref _remaining) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
            var failure = Interlocked.Exchange(ref _failure, null);
            failure?.Throw(); // a part's exception surfaces on the thread that ran the job
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work()
    {
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            int part = (int)claim;
            int count = (int)(claim >> 32);
            if (part >= count)
            {
                return;
            }
            if (Volatile.Read(ref _failure) is not null)
            {
                // A part failed (Ctrl-C included): the run ends with its exception, so the parts
                // not started are claimed all at once and skipped, not each started to fail.
                long finished = ((long)count << 32) | (uint)count;
                if (Interlocked.CompareExchange(ref _claim, finished, claim) == claim)
                {
                    Interlocked.Add(ref _remaining, part - count);
                }
                continue;
            }
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
            {
                continue;
            }
            t_partsRunning++;
            try
            {
                Volatile.Read(ref _job)!.Execute(part);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(
                    ref _failure,
                    ExceptionDispatchInfo.Capture(exception),
                    null
                );
            }
            finally
            {
                t_partsRunning--;
            }
            Interlocked.Decrement(ref _remaining);
        }
    }

    /// <summary>Spins until a new run starts (true) or the spin budget is spent (false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SpinForRun(ref int seen)
    {
        for (int i = 0; i < SpinIterations; i++)
        {
            int now = Volatile.Read(ref _generation);
            if (now != seen)
            {
                seen = now;
                return true;
            }
            Thread.SpinWait(8);
        }
        seen = Volatile.Read(ref _generation);
        return false;
    }

    private void StartWorkers()
    {
        if (_started)
        {
            return;
        }
        _started = true;
        // Read before the run that starts the workers is published: a worker that first reads
        // the generation after it was bumped would take that run for one already seen.
        int beforeFirstRun = Volatile.Read(ref _generation);
        for (int i = 0; i < _workerCount; i++)
        {
            new Thread(() =>
            {
                int seen = beforeFirstRun;
                while (true)
                {
                    if (!SpinForRun(ref seen))
                    {
                        Interlocked.Increment(ref _sleeping);
                        if (Volatile.Read(ref _generation) == seen)
                        {
                            _wake.Wait();
                        }
                        Interlocked.Decrement(ref _sleeping);
                        seen = Volatile.Read(ref _generation);
                    }
                    Work();
                }
            })
            {
                IsBackground = true,
                Name = $"mlp-kernel-{i + 1}",
            }.Start();
        }
    }
}
