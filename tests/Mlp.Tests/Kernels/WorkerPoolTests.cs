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
}
