using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Training;

/// <summary>One run of several: its result, or why it failed.</summary>
internal sealed record TrainingOutcome(TrainingResult? Result, Exception? Failure);

/// <summary>
/// Several training runs (a sweep's combinations, cross-validation's folds), each exactly as
/// `mlp train` would run it on its own data: several at once, one per free core, each on one
/// kernel thread, since the thread count never changes a result. Progress counts epochs. A run
/// that fails (a learning rate that diverges) does not stop the others: its outcome says why.
/// An interruption stops them all.
/// </summary>
internal static class ParallelTraining
{
    /// <summary>
    /// Runs <paramref name="count"/> trainings, each by <paramref name="train"/> (given the
    /// progress's per-epoch callback), <paramref name="concurrent"/> at a time: one at a time,
    /// the kernels have every thread.
    /// </summary>
    /// <param name="finished">Called after each run that finished, one at a time, with its index.</param>
    public static TrainingOutcome[] Run(
        int count,
        Func<int, int> epochsOf,
        Func<int, Action<EpochRecord>?, TrainingResult> train,
        int threads,
        int concurrent,
        Action<int, TrainingResult>? finished,
        CancellationToken cancel,
        WorkCounter? progress = null
    )
    {
        var outcomes = new TrainingOutcome[count];
        long epochs = 0;
        for (int i = 0; i < count; i++)
        {
            epochs += epochsOf(i);
        }
        progress?.Stage($"training {count} models", epochs);
        concurrent = Math.Max(1, Math.Min(count, concurrent));
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
                    TrainingResult result;
                    try
                    {
                        result = train(i, progress is null ? null : _ => progress.Advance());
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        outcomes[i] = new TrainingOutcome(null, e);
                        return;
                    }
                    outcomes[i] = new TrainingOutcome(result, null);
                    lock (reporting)
                    {
                        finished?.Invoke(i, result);
                    }
                }
            );
        }
        catch (AggregateException e)
        {
            // An interruption as itself, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        finally
        {
            WorkerPool.Threads = kernelThreads;
        }
        return outcomes;
    }
}
