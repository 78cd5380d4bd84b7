using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// A large tensor's Adam update split into contiguous ranges across the worker pool. The
/// update is element-wise, so the split cannot change any result. Holds raw pointers, valid
/// only while <see cref="Run"/> keeps the spans fixed.
/// </summary>
internal sealed unsafe class AdamJob<TWidth, TVector> : IParallelJob
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    [ThreadStatic]
    private static AdamJob<TWidth, TVector>? t_job;

    private float* _parameters,
        _gradients,
        _first,
        _second;
    private int _length,
        _parts;
    private AdamSettings<float> _settings;
    private long _step;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    )
    {
        var job = t_job ??= new AdamJob<TWidth, TVector>();
        fixed (
            float* p = parameters,
                g = gradients,
                m = firstMoment,
                v = secondMoment
        )
        {
            job._parameters = p;
            job._gradients = g;
            job._first = m;
            job._second = v;
            job._length = parameters.Length;
            job._settings = settings;
            job._step = step;
            job._parts = WorkerPool.Threads;
            WorkerPool.Shared.Run(job, job._parts);
            job._parameters = job._gradients = job._first = job._second = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int part)
    {
        int start = (int)((long)_length * part / _parts);
        int end = (int)((long)_length * (part + 1) / _parts);
        int count = end - start;
        OptimizersVector<TWidth, TVector>.AdamRange(
            new Span<float>(_parameters + start, count),
            new ReadOnlySpan<float>(_gradients + start, count),
            new Span<float>(_first + start, count),
            new Span<float>(_second + start, count),
            _settings,
            _step
        );
    }
}

internal static class AdamJob
{
    /// <summary>Parameters above which the update is split (a hand-off costs a few µs).</summary>
    public const int ParallelLength = 1 << 16;
}
