using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Vectorized float matrix products, written once over the vector width. A·B and Aᵀ·B
/// broadcast one A value against a row of B (FMA along n); A·Bᵀ takes dot products along k.
/// Sums run in a fixed order, so results do not depend on how rows are split.
/// </summary>
public static class GemmVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    private const int MaxStackFloats = 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            if (!accumulate)
            {
                cRow.Clear();
            }
            for (int p = 0; p < k; p++)
            {
                AddScaledRow(a[i * k + p], b.Slice(p * n, n), cRow);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposedA(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        if (!accumulate)
        {
            c.Slice(0, m * n).Clear();
        }
        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                AddScaledRow(a[p * m + i], bRow, c.Slice(i * n, n));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposedB(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        if (k < TWidth.Count && n * k <= MaxStackFloats)
        {
            // Dot products shorter than a vector: transpose B (n, k) into (k, n) and use A·B, which vectorizes along n.
            Span<float> transposed = stackalloc float[n * k];
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    transposed[p * n + j] = b[j * k + p];
                }
            }
            Multiply(a, transposed, c, m, k, n, accumulate);
            return;
        }
        if (n == 1 && k <= 2 * TWidth.Count)
        {
            // A one-unit layer's short dot products: four rows' sums in flight at once beat one
            // vector and a horizontal sum per row.
            ShortDots(a, b, c, m, k, accumulate);
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                float sum = Dot(aRow, b.Slice(j * k, k));
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    /// <summary>c[i] (+)= A's row i · b for short rows, four rows at a time, each sum in increasing p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShortDots(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        bool accumulate
    )
    {
        ref float aStart = ref MemoryMarshal.GetReference(a);
        ref float bStart = ref MemoryMarshal.GetReference(b);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            ref float a0 = ref Unsafe.Add(ref aStart, i * k);
            float s0 = 0,
                s1 = 0,
                s2 = 0,
                s3 = 0;
            for (int p = 0; p < k; p++)
            {
                float weight = Unsafe.Add(ref bStart, p);
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, p), weight, s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, k + p), weight, s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, 2 * k + p), weight, s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref a0, 3 * k + p), weight, s3);
            }
            c[i] = accumulate ? c[i] + s0 : s0;
            c[i + 1] = accumulate ? c[i + 1] + s1 : s1;
            c[i + 2] = accumulate ? c[i + 2] + s2 : s2;
            c[i + 3] = accumulate ? c[i + 3] + s3 : s3;
        }
        for (; i < m; i++)
        {
            float sum = 0;
            for (int p = 0; p < k; p++)
            {
                sum = MathF.FusedMultiplyAdd(
                    Unsafe.Add(ref aStart, i * k + p),
                    Unsafe.Add(ref bStart, p),
                    sum
                );
            }
            c[i] = accumulate ? c[i] + sum : sum;
        }
    }

    /// <summary>destination += scale · source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledRow(
        float scale,
        ReadOnlySpan<float> source,
        Span<float> destination
    )
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        var factor = TWidth.Broadcast(scale);
        int length = destination.Length;
        int j = 0;
        for (; j <= length - TWidth.Count; j += TWidth.Count)
        {
            TWidth.Store(
                TWidth.MultiplyAdd(
                    factor,
                    TWidth.Load(ref Unsafe.Add(ref s, j)),
                    TWidth.Load(ref Unsafe.Add(ref d, j))
                ),
                ref Unsafe.Add(ref d, j)
            );
        }
        for (; j < length; j++)
        {
            Unsafe.Add(ref d, j) = MathF.FusedMultiplyAdd(
                scale,
                Unsafe.Add(ref s, j),
                Unsafe.Add(ref d, j)
            );
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        var accumulator = TWidth.Zero;
        int length = x.Length;
        int p = 0;
        for (; p <= length - TWidth.Count; p += TWidth.Count)
        {
            accumulator = TWidth.MultiplyAdd(
                TWidth.Load(ref Unsafe.Add(ref xs, p)),
                TWidth.Load(ref Unsafe.Add(ref ys, p)),
                accumulator
            );
        }
        float sum = TWidth.Sum(accumulator);
        for (; p < length; p++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xs, p), Unsafe.Add(ref ys, p), sum);
        }
        return sum;
    }
}
