namespace Mlp;

/// <summary>Start-up work (the JIT warm-ups) on a thread of its own, never queued behind busy pool threads.</summary>
internal static class BackgroundWork
{
    public static Task Start(Action work) =>
        Task.Factory.StartNew(
            work,
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default
        );
}
