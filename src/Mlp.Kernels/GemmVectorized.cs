using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// Float matrix products at one vector width: the algorithm is chosen by shape (narrow C,
/// register-blocked tiles split across threads when large, or row loops), or forced. A large
/// narrow product started inside a part of a parallel job cannot be split, so it stays on the
/// narrow kernel (tiles would only add their packing).
/// </summary>
public static class GemmVectorized<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        GemmPath path
    )
    {
        bool narrow =
            path == GemmPath.Narrow
                ? GemmNarrow<TWidth, TVector>.Supports(product, k, n)
                : path == GemmPath.Auto && NarrowFits(product, m, k, n);
        if (narrow)
        {
            GemmNarrow<TWidth, TVector>.Compute(product, a, b, c, m, k, n, accumulate);
            return;
        }
        if (path == GemmPath.Tiled || (path == GemmPath.Auto && TilesWell(m, k, n)))
        {
            int tiles = m >= n ? (m + 5) / 6 : (n + 2 * TWidth.Count - 1) / (2 * TWidth.Count);
            int parts =
                (long)m * k * n >= Gemm.ParallelWork ? Math.Min(WorkerPool.Threads, tiles) : 1;
            if (parts > 1)
            {
                GemmTiledJob<TWidth, TVector>.Run(product, a, b, c, m, k, n, accumulate, parts);
            }
            else
            {
                GemmTiled<TWidth, TVector>.Compute(
                    product,
                    a,
                    b,
                    c,
                    m,
                    k,
                    n,
                    accumulate,
                    0,
                    m,
                    0,
                    n
                );
            }
            return;
        }
        switch (product)
        {
            case Product.Plain:
                GemmVector<TWidth, TVector>.Multiply(a, b, c, m, k, n, accumulate);
                break;
            case Product.TransposedB:
                GemmVector<TWidth, TVector>.MultiplyTransposedB(a, b, c, m, k, n, accumulate);
                break;
            default:
                GemmVector<TWidth, TVector>.MultiplyTransposedA(a, b, c, m, k, n, accumulate);
                break;
        }
    }

    /// <summary>Below the size where splitting across threads pays, narrow products skip packing A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool NarrowFits(Product product, int m, int k, int n) =>
        GemmNarrow<TWidth, TVector>.Fits(product, k, n)
        && ((long)m * k * n < Gemm.ParallelWork || WorkerPool.InsidePart);

    /// <summary>Products the automatic choice tiles and splits across threads.</summary>
    public static bool IsLargeTiled(int m, int k, int n) =>
        (long)m * k * n >= Gemm.ParallelWork && TilesWell(m, k, n);

    /// <summary>Tiles pay once C is a few tiles and the product is big enough to amortize the packing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TilesWell(int m, int k, int n) =>
        m >= 4 && n >= 4 && (long)m * k * n >= 4096;
}
