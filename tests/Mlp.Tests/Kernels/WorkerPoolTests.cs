using Mlp.Kernels;

namespace Mlp.Tests.Kernels;

/// <summary>The pool's runs really run on its workers, the very first one included.</summary>
public class WorkerPoolTests
{
    /// <summary>Each part waits at a barrier for the other: only parts running at the same time get through.</summary>
    private sealed class MeetingJob : IParallelJob
    {
        private readonly Barrier _barrier = new(2);
        public bool[] Met { get; } = new bool[2];

        public void Execute(int part) =>
            Met[part] = _barrier.SignalAndWait(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Every_run_of_a_fresh_pool_uses_its_worker_the_first_one_included()
    {
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 2;
            var pool = new WorkerPool(1);
            for (int run = 0; run < 3; run++)
            {
                var job = new MeetingJob();
                pool.Run(job, 2);
                Assert.True(
                    job.Met[0] && job.Met[1],
                    $"run {run}: the parts ran one after the other"
                );
            }
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }

    /// <summary>Part 0 fails (as a part does on Ctrl-C); the others count themselves.</summary>
    private sealed class FailingJob : IParallelJob
    {
        private int _started;
        public int Started => _started;

        public void Execute(int part)
        {
            Interlocked.Increment(ref _started);
            if (part == 0)
            {
                throw new OperationCanceledException();
            }
            Thread.SpinWait(200);
        }
    }

    [Fact]
    public void A_failed_part_ends_the_run_without_starting_the_parts_left()
    {
        int threads = WorkerPool.Threads;
        try
        {
            WorkerPool.Threads = 2;
            var pool = new WorkerPool(1);
            // The process's first exception is slow to throw (milliseconds, while the other
            // thread keeps taking parts): one is thrown first, so the run below measures the pool.
            Assert.Throws<OperationCanceledException>(() => new FailingJob().Execute(0));
            var job = new FailingJob();
            Assert.Throws<OperationCanceledException>(() => pool.Run(job, 1_000_000));
            // Only the parts taken while part 0 was failing may still start: a pool that ran on
            // would start all of them. The bound leaves room for a descheduled thread on a busy
            // machine (9,609 were seen once under CI's load, before the first throw was warmed).
            Assert.True(job.Started < 100_000, $"{job.Started} of 1,000,000 parts started");
            var next = new MeetingJob();
            pool.Run(next, 2);
            Assert.True(next.Met[0] && next.Met[1], "the pool runs on after a failed run");
        }
        finally
        {
            WorkerPool.Threads = threads;
        }
    }
}
