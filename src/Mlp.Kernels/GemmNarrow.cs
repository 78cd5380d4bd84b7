using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Products with a narrow C (n ≤ 2 vectors) and a short k: the small layers of tabular
/// networks (5 inputs → 12 units). op(B) is copied into a zero-padded (k, 2 vectors) block,
/// and each row of C lives in two registers while k broadcast A values are multiply-added,
/// four rows at a time to keep the FMA units busy. Per element it is the same sum over k in
/// increasing order as the other kernels.
/// </summary>
public static class GemmNarrow<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    public static int MaxColumns => 2 * TWidth.Count;

    /// <summary>Deepest k whose padded op(B) block fits on the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>The shapes the narrow kernels handle (Aᵀ·B: <see cref="GemmNarrowTransposedA{TWidth, TVector}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Supports(Product product, int k, int n) =>
        n <= MaxColumns && (product == Product.TransposedA || k <= MaxDepth);

    /// <summary>Worth it when C is narrow and, for A·Bᵀ, its rows are not so short that dot products along k do better.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Fits(Product product, int k, int n) =>
        Supports(product, k, n)
        && (product != Product.TransposedB || k < TWidth.Count || n >= TWidth.Count / 2);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        if (product == Product.TransposedA)
        {
            GemmNarrowTransposedA<TWidth, TVector>.Compute(a, b, c, m, k, n, accumulate);
            return;
        }
        int stride = MaxColumns;
        Span<float> block = stackalloc float[k * stride];
        block.Clear();
        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                block[p * stride + j] = product == Product.Plain ? b[p * n + j] : b[j * k + p];
            }
        }
        ref float aStart = ref MemoryMarshal.GetReference(a);
        ref float bStart = ref MemoryMarshal.GetReference(block);
        ref float cStart = ref MemoryMarshal.GetReference(c);
        Span<float> rowScratch = stackalloc float[NarrowRow<TWidth, TVector>.ScratchFloats];
        ref float scratch = ref MemoryMarshal.GetReference(rowScratch);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            FourRows(ref aStart, ref bStart, ref cStart, ref scratch, i, m, k, n, accumulate);
        }
        for (; i < m; i++)
        {
            ref float aRow = ref Unsafe.Add(ref aStart, i * k);
            ref float cRow = ref Unsafe.Add(ref cStart, i * n);
            var (c0, c1) = accumulate
                ? NarrowRow<TWidth, TVector>.LoadRow(ref cRow, n, ref scratch)
                : (TWidth.Zero, TWidth.Zero);
            for (int p = 0; p < k; p++)
            {
                var scale = TWidth.Broadcast(Unsafe.Add(ref aRow, p));
                c0 = TWidth.MultiplyAdd(
                    scale,
                    TWidth.Load(ref Unsafe.Add(ref bStart, p * stride)),
                    c0
                );
                c1 = TWidth.MultiplyAdd(
                    scale,
                    TWidth.Load(ref Unsafe.Add(ref bStart, p * stride + TWidth.Count)),
                    c1
                );
            }
            NarrowRow<TWidth, TVector>.StoreRow(c0, c1, ref cRow, n, spill: false, ref scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows(
        ref float aStart,
        ref float bStart,
        ref float cStart,
        ref float scratch,
        int i,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        int stride = MaxColumns;
        ref float a0 = ref Unsafe.Add(ref aStart, i * k);
        ref float c0Row = ref Unsafe.Add(ref cStart, i * n);
        TVector c00,
            c01,
            c10,
            c11,
            c20,
            c21,
            c30,
            c31;
        if (accumulate)
        {
            (c00, c01) = NarrowRow<TWidth, TVector>.LoadRow(ref c0Row, n, ref scratch);
            (c10, c11) = NarrowRow<TWidth, TVector>.LoadRow(
                ref Unsafe.Add(ref c0Row, n),
                n,
                ref scratch
            );
            (c20, c21) = NarrowRow<TWidth, TVector>.LoadRow(
                ref Unsafe.Add(ref c0Row, 2 * n),
                n,
                ref scratch
            );
            (c30, c31) = NarrowRow<TWidth, TVector>.LoadRow(
                ref Unsafe.Add(ref c0Row, 3 * n),
                n,
                ref scratch
            );
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = TWidth.Zero;
        }
        for (int p = 0; p < k; p++)
        {
            var b0 = TWidth.Load(ref Unsafe.Add(ref bStart, p * stride));
            var b1 = TWidth.Load(ref Unsafe.Add(ref bStart, p * stride + TWidth.Count));
            var s0 = TWidth.Broadcast(Unsafe.Add(ref a0, p));
            var s1 = TWidth.Broadcast(Unsafe.Add(ref a0, k + p));
            var s2 = TWidth.Broadcast(Unsafe.Add(ref a0, 2 * k + p));
            var s3 = TWidth.Broadcast(Unsafe.Add(ref a0, 3 * k + p));
            c00 = TWidth.MultiplyAdd(s0, b0, c00);
            c01 = TWidth.MultiplyAdd(s0, b1, c01);
            c10 = TWidth.MultiplyAdd(s1, b0, c10);
            c11 = TWidth.MultiplyAdd(s1, b1, c11);
            c20 = TWidth.MultiplyAdd(s2, b0, c20);
            c21 = TWidth.MultiplyAdd(s2, b1, c21);
            c30 = TWidth.MultiplyAdd(s3, b0, c30);
            c31 = TWidth.MultiplyAdd(s3, b1, c31);
        }
        // Without accumulate, a full-width store may run into the following rows of C, which
        // are written after it; only the matrix's last rows need a store of exactly n lanes.
        bool spill = !accumulate && (i + 4) * n + MaxColumns <= m * n;
        NarrowRow<TWidth, TVector>.StoreRow(c00, c01, ref c0Row, n, spill, ref scratch);
        NarrowRow<TWidth, TVector>.StoreRow(
            c10,
            c11,
            ref Unsafe.Add(ref c0Row, n),
            n,
            spill,
            ref scratch
        );
        NarrowRow<TWidth, TVector>.StoreRow(
            c20,
            c21,
            ref Unsafe.Add(ref c0Row, 2 * n),
            n,
            spill,
            ref scratch
        );
        NarrowRow<TWidth, TVector>.StoreRow(
            c30,
            c31,
            ref Unsafe.Add(ref c0Row, 3 * n),
            n,
            spill,
            ref scratch
        );
    }
}

/// <summary>
/// A row of a narrow C (at most two vectors) moved between memory and registers through a
/// zero-padded scratch block, so no load or store reaches past the row.
/// </summary>
internal static class NarrowRow<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>Floats of the scratch block: two vectors of the widest width.</summary>
    public const int ScratchFloats = 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TVector, TVector) LoadRow(ref float row, int n, ref float scratch)
    {
        var padded = MemoryMarshal.CreateSpan(ref scratch, 2 * TWidth.Count);
        padded.Clear();
        MemoryMarshal.CreateReadOnlySpan(ref row, n).CopyTo(padded);
        return (TWidth.Load(ref scratch), TWidth.Load(ref Unsafe.Add(ref scratch, TWidth.Count)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRow(
        TVector c0,
        TVector c1,
        ref float row,
        int n,
        bool spill,
        ref float scratch
    )
    {
        if (spill)
        {
            TWidth.Store(c0, ref row);
            if (n > TWidth.Count)
            {
                TWidth.Store(c1, ref Unsafe.Add(ref row, TWidth.Count));
            }
            return;
        }
        TWidth.Store(c0, ref scratch);
        TWidth.Store(c1, ref Unsafe.Add(ref scratch, TWidth.Count));
        MemoryMarshal
            .CreateReadOnlySpan(ref scratch, n)
            .CopyTo(MemoryMarshal.CreateSpan(ref row, n));
    }
}
