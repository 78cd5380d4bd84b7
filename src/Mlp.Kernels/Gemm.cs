using System.Numerics;

namespace Mlp.Kernels;

/// <summary>
/// Row-major matrix products: the three shapes a dense layer needs. C is (m, n); when
/// <c>accumulate</c> is set the product is added to C, otherwise C is overwritten.
/// Every sum runs over k in increasing order, so the result does not depend on how the
/// work is split.
/// </summary>
public static class Gemm
{
    /// <summary>C(m,n) (+)= A(m,k) · B(k,n). Backward to a layer's inputs: δX = δZ · W.</summary>
    public static void Multiply<T>(
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
        CheckLengths(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        GemmScalar.Multiply(a, b, c, m, k, n, accumulate);
    }

    /// <summary>C(m,n) (+)= A(m,k) · B(n,k)ᵀ. Forward through a layer: Z = X · Wᵀ.</summary>
    public static void MultiplyTransposedB<T>(
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
        CheckLengths(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        GemmScalar.MultiplyTransposedB(a, b, c, m, k, n, accumulate);
    }

    /// <summary>C(m,n) (+)= A(k,m)ᵀ · B(k,n). A layer's weight gradient: δW = δZᵀ · X.</summary>
    public static void MultiplyTransposedA<T>(
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
        CheckLengths(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        GemmScalar.MultiplyTransposedA(a, b, c, m, k, n, accumulate);
    }

    private static void CheckLengths(
        int aLength,
        int aNeeded,
        int bLength,
        int bNeeded,
        int cLength,
        int cNeeded
    )
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
        {
            throw new ArgumentException(
                $"matrix buffers too short: A {aLength}/{aNeeded}, B {bLength}/{bNeeded}, C {cLength}/{cNeeded}"
            );
        }
    }
}
