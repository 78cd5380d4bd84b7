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
    private long _claim;
    private int _remaining;
    private bool _started;

    private WorkerPool(int workerCount) => _workerCount = workerCount;

    public static WorkerPool Shared { get; } = new(Math.Max(0, Environment.ProcessorCount - 1));

    /// <summary>Threads the kernels may use, the caller included (from --threads; default all cores).</summary>
    public static int Threads { get; set; } = Environment.ProcessorCount;

    public void Run(IParallelJob job, int parts)
    {
        int helpers = Math.Min(Math.Min(_workerCount, Threads - 1), parts - 1);
        if (helpers <= 0 || !Monitor.TryEnter(_gate))
        {
            for (int part = 0; part < parts; part++)
            {
                job.Execute(part);
            }
            return;
        }
        try
        {
            StartWorkers();
            Volatile.Write(ref _job, job);
            Volatile.Write(ref _remaining, parts);
            Interlocked.Exchange(ref _claim, (long)parts << 32);
            _wake.Release(helpers);
            Work();
            var spin = new SpinWait();
            while (Volatile.Read(ref _remaining) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            int part = (int)claim;
            if (part >= (int)(claim >> 32))
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
            {
                continue;
            }
            Volatile.Read(ref _job)!.Execute(part);
            Interlocked.Decrement(ref _remaining);
        }
    }

    private void StartWorkers()
    {
        if (_started)
        {
            return;
        }
        _started = true;
        for (int i = 0; i < _workerCount; i++)
        {
            new Thread(() =>
            {
                while (true)
                {
                    _wake.Wait();
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
