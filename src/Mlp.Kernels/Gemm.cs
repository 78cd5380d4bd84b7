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
    /// <summary>Multiply-adds above which a product is split across threads (a hand-off costs a few µs).</summary>
    public const long ParallelWork = 1 << 19;

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
        KernelSelection.For(variant).Gemm(product, a, b, c, m, k, n, accumulate, path);
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
        CheckLengths(product, a.Length, b.Length, c.Length, m, k, n);
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.Gemm(
                product,
                FloatPath.AsFloat(a),
                FloatPath.AsFloat(b),
                FloatPath.AsFloat(c),
                m,
                k,
                n,
                accumulate,
                GemmPath.Auto
            );
            return;
        }
        GemmScalar.Compute(product, a, b, c, m, k, n, accumulate);
    }

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
