using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// A tiled GEMM split by columns: part p computes a contiguous run of whole column tiles.
/// Holds raw pointers, valid only while <see cref="Gemm"/> keeps the spans fixed during the run.
/// </summary>
internal sealed unsafe class GemmTiledJob<TWidth, TVector> : IParallelJob
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    [ThreadStatic]
    private static GemmTiledJob<TWidth, TVector>? t_job;

    private Product _product;
    private float* _a,
        _b,
        _c;
    private int _aLength,
        _bLength,
        _cLength,
        _m,
        _k,
        _n,
        _parts;
    private bool _accumulate;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        int parts
    )
    {
        var job = t_job ??= new GemmTiledJob<TWidth, TVector>();
        fixed (
            float* pa = a,
                pb = b,
                pc = c
        )
        {
            job._product = product;
            job._a = pa;
            job._b = pb;
            job._c = pc;
            (job._aLength, job._bLength, job._cLength) = (a.Length, b.Length, c.Length);
            (job._m, job._k, job._n, job._accumulate, job._parts) = (m, k, n, accumulate, parts);
            WorkerPool.Shared.Run(job, parts);
            job._a = job._b = job._c = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int part)
    {
        int tile = GemmTiled<TWidth, TVector>.ColumnsPerTile;
        int tiles = (_n + tile - 1) / tile;
        int start = part * tiles / _parts * tile;
        int end = Math.Min(_n, (part + 1) * tiles / _parts * tile);
        if (start >= end)
        {
            return;
        }
        GemmTiled<TWidth, TVector>.Compute(
            _product,
            new ReadOnlySpan<float>(_a, _aLength),
            new ReadOnlySpan<float>(_b, _bLength),
            new Span<float>(_c, _cLength),
            _m,
            _k,
            _n,
            _accumulate,
            start,
            end
        );
    }
}
