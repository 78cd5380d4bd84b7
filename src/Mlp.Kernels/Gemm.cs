using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mlp.Kernels;

/// <summary>The three matrix products a dense layer needs.</summary>
public enum Product
{
    /// <summary>C(m,n) = A(m,k) · B(k,n): backward to a layer's inputs, δX = δZ · W.</summary>
    Plain,

    /// <summary>C(m,n) = A(m,k) · B(n,k)ᵀ: forward through a layer, Z = X · Wᵀ.</summary>
    TransposedB,

    /// <summary>C(m,n) = A(k,m)ᵀ · B(k,n): a layer's weight gradient, δW = δZᵀ · X.</summary>
    TransposedA,
}

/// <summary>Which algorithm a float product uses: chosen by size, or forced (tests and benchmarks).</summary>
public enum GemmPath
{
    Auto,
    Rows,
    Tiled,

    /// <summary>Narrow C (<see cref="GemmNarrow{TWidth, TVector}.Supports"/>; other shapes go on as Auto).</summary>
    Narrow,
}

/// <summary>
/// Row-major matrix products. When <c>accumulate</c> is set the product is added to C,
/// otherwise C is overwritten. Float runs on the selected SIMD variant
/// (<see cref="KernelSelection"/>); other types run the scalar reference.
/// </summary>
public static class Gemm
{
    public static void Multiply<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
        where T : unmanaged, INumber<T> => Run(Product.Plain, a, b, c, m, k, n, accumulate);

    public static void MultiplyTransposedB<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
        where T : unmanaged, INumber<T> => Run(Product.TransposedB, a, b, c, m, k, n, accumulate);

    public static void MultiplyTransposedA<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
        where T : unmanaged, INumber<T> => Run(Product.TransposedA, a, b, c, m, k, n, accumulate);

    /// <summary>A float product on a chosen variant (tests and benchmarks run each one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(
        KernelVariant variant,
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        GemmPath path = GemmPath.Auto
    )
    {
        CheckLengths(product, a.Length, b.Length, c.Length, m, k, n);
        switch (variant)
        {
            case KernelVariant.Avx512:
                Vectorized<Width512, Vector512<float>>(product, a, b, c, m, k, n, accumulate, path);
                break;
            case KernelVariant.Avx2:
                Vectorized<Width256, Vector256<float>>(product, a, b, c, m, k, n, accumulate, path);
                break;
            default:
                Scalar(product, a, b, c, m, k, n, accumulate);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T>(
        Product product,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            Compute(
                KernelSelection.Current,
                product,
                MemoryMarshal.Cast<T, float>(a),
                MemoryMarshal.Cast<T, float>(b),
                MemoryMarshal.Cast<T, float>(c),
                m,
                k,
                n,
                accumulate
            );
            return;
        }
        CheckLengths(product, a.Length, b.Length, c.Length, m, k, n);
        Scalar(product, a, b, c, m, k, n, accumulate);
    }

    private static void Scalar<T>(
        Product product,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
        where T : unmanaged, INumber<T>
    {
        switch (product)
        {
            case Product.Plain:
                GemmScalar.Multiply(a, b, c, m, k, n, accumulate);
                break;
            case Product.TransposedB:
                GemmScalar.MultiplyTransposedB(a, b, c, m, k, n, accumulate);
                break;
            default:
                GemmScalar.MultiplyTransposedA(a, b, c, m, k, n, accumulate);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<TWidth, TVector>(
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
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct
    {
        bool narrow =
            path == GemmPath.Narrow
                ? GemmNarrow<TWidth, TVector>.Supports(product, k, n)
                : path == GemmPath.Auto && NarrowFits<TWidth, TVector>(product, m, k, n);
        if (narrow)
        {
            GemmNarrow<TWidth, TVector>.Compute(product, a, b, c, m, k, n, accumulate);
            return;
        }
        if (path == GemmPath.Tiled || (path == GemmPath.Auto && TilesWell(m, k, n)))
        {
            int tiles = m >= n ? (m + 5) / 6 : (n + 2 * TWidth.Count - 1) / (2 * TWidth.Count);
            int parts = (long)m * k * n >= ParallelWork ? Math.Min(WorkerPool.Threads, tiles) : 1;
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

    /// <summary>Multiply-adds above which a product is split across threads (a hand-off costs a few µs).</summary>
    public const long ParallelWork = 1 << 19;

    /// <summary>Below the size where splitting across threads pays, narrow products skip packing A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowFits<TWidth, TVector>(Product product, int m, int k, int n)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct =>
        GemmNarrow<TWidth, TVector>.Fits(product, k, n) && (long)m * k * n < ParallelWork;

    /// <summary>Tiles pay once C is a few tiles and the product is big enough to amortize the packing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TilesWell(int m, int k, int n) =>
        m >= 4 && n >= 4 && (long)m * k * n >= 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckLengths(
        Product product,
        int aLength,
        int bLength,
        int cLength,
        int m,
        int k,
        int n
    )
    {
        int bNeeded = product == Product.TransposedB ? n * k : k * n;
        if (aLength < m * k || bLength < bNeeded || cLength < m * n)
        {
            throw new ArgumentException(
                $"matrix buffers too short for {product} ({m}×{k}·{k}×{n}): A {aLength}, B {bLength}, C {cLength}"
            );
        }
    }
}
