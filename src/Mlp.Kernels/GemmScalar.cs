using System.Numerics;

namespace Mlp.Kernels;

/// <summary>
/// The reference matrix products: plain loops, kept forever as the test oracle and the
/// fallback of the fast kernels. Each C element is one sum over k in increasing order.
/// </summary>
public static class GemmScalar
{
    /// <summary>The reference of one of the three products.</summary>
    public static void Compute<T>(
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
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            if (!accumulate)
            {
                cRow.Clear();
            }
            var aRow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                T aValue = aRow[p];
                var bRow = b.Slice(p * n, n);
                for (int j = 0; j < n; j++)
                {
                    cRow[j] += aValue * bRow[j];
                }
            }
        }
    }

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
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                var bRow = b.Slice(j * k, k);
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += aRow[p] * bRow[p];
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

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
        if (!accumulate)
        {
            c.Slice(0, m * n).Clear();
        }
        for (int p = 0; p < k; p++)
        {
            var aRow = a.Slice(p * m, m);
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                T aValue = aRow[i];
                var cRow = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    cRow[j] += aValue * bRow[j];
                }
            }
        }
    }
}
