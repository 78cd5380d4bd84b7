using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// A tiled GEMM split across threads: part p computes a contiguous run of whole row tiles
/// (or column tiles, when C is wider than tall).
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
        // Split the longer side, so that the operand each part packs is the smaller one.
        bool byRows = _m >= _n;
        int tile = byRows
            ? GemmTiled<TWidth, TVector>.RowsPerTile
            : GemmTiled<TWidth, TVector>.ColumnsPerTile;
        int length = byRows ? _m : _n;
        int tiles = (length + tile - 1) / tile;
        int start = part * tiles / _parts * tile;
        int end = Math.Min(length, (part + 1) * tiles / _parts * tile);
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
            byRows ? start : 0,
            byRows ? end : _m,
            byRows ? 0 : start,
            byRows ? _n : end
        );
    }
}
