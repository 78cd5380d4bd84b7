using Mlp.Cli.Data;
using Mlp.Cli.Model;
using Mlp.Kernels;

namespace Mlp.Cli.Training;

/// <summary>
/// Several training runs (a sweep's combinations, cross-validation's folds), each exactly as
/// `mlp train` would run it on its own data: several at once, one per free core, each on one
/// kernel thread, since the thread count never changes a result. Progress counts epochs.
/// </summary>
internal static class ParallelTraining
{
    /// <param name="dataOf">Run i's data, made when the run starts (training changes it).</param>
    /// <param name="finished">Called after each run, one at a time, with its index.</param>
    public static TrainingResult[] Run(
        int count,
        Func<int, Dataset> dataOf,
        Func<int, TrainingSettings> settingsOf,
        int threads,
        Action<int, TrainingResult>? finished,
        CancellationToken cancel,
        WorkCounter? progress = null
    )
    {
        var results = new TrainingResult[count];
        long epochs = 0;
        for (int i = 0; i < count; i++)
        {
            epochs += settingsOf(i).Epochs;
        }
        progress?.Stage($"training {count} models", epochs);
        int concurrent = Math.Min(count, threads);
        int kernelThreads = WorkerPool.Threads;
        WorkerPool.Threads = concurrent > 1 ? 1 : threads;
        var reporting = new Lock();
        try
        {
            Parallel.For(
                0,
                count,
                new ParallelOptions
                {
                    MaxDegreeOfParallelism = concurrent,
                    CancellationToken = cancel,
                },
                i =>
                {
                    results[i] = Trainer.Train(
                        dataOf(i),
                        settingsOf(i),
                        onEpoch: progress is null ? null : _ => progress.Advance(),
                        cancel: cancel,
                        trackMetric: false
                    );
                    lock (reporting)
                    {
                        finished?.Invoke(i, results[i]);
                    }
                }
            );
        }
        catch (AggregateException e)
        {
            // The first failure as itself (an interruption, an error for the user), not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        finally
        {
            WorkerPool.Threads = kernelThreads;
        }
        return results;
    }
}
