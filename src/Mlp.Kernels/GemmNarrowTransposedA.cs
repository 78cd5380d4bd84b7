using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Aᵀ·B with a narrow C (n ≤ 2 vectors): the weight gradient δZᵀ·X of a small layer, a sum
/// over the batch (k) of outer products. Four rows of C stay in eight registers (four when C
/// is one vector wide; a one-row C alone in one or two) while each row of B is loaded once per
/// block and multiplied by four broadcast A values. B rows are
/// loaded a full two vectors wide (<see cref="WideLoads"/>): the last rows, where such a load
/// would leave B, come from a zero-padded copy.
/// Per element it is the same sum over k in increasing order as the other kernels.
/// </summary>
public static class GemmNarrowTransposedA<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        // C one vector wide (a layer of a few units) keeps each row in one register: no lane of
        // a second vector is multiplied for nothing.
        bool oneVector = n <= TWidth.Count;
        int width = oneVector ? TWidth.Count : 2 * TWidth.Count;
        int safeRows = WideLoads.SafeRows(k, n, width);
        Span<float> tail = stackalloc float[(k - safeRows) * width];
        PadTail(b, k, n, safeRows, width, tail);
        Span<float> rowScratch = stackalloc float[NarrowRow<TWidth, TVector>.ScratchFloats];
        ref float scratch = ref MemoryMarshal.GetReference(rowScratch);
        ref float aStart = ref MemoryMarshal.GetReference(a);
        ref float bStart = ref MemoryMarshal.GetReference(b);
        ref float tailStart = ref MemoryMarshal.GetReference(tail);
        ref float cStart = ref MemoryMarshal.GetReference(c);
        if (m == 1)
        {
            // One row of C (a single-output layer's weight gradient): no block of four to fill.
            var (low, high) = accumulate
                ? NarrowRow<TWidth, TVector>.LoadRow(ref cStart, n, ref scratch)
                : (TWidth.Zero, TWidth.Zero);
            for (int p = 0; p < k; p++)
            {
                ref float bRow = ref p < safeRows
                    ? ref Unsafe.Add(ref bStart, p * n)
                    : ref Unsafe.Add(ref tailStart, (p - safeRows) * width);
                var s = TWidth.Broadcast(Unsafe.Add(ref aStart, p));
                low = TWidth.MultiplyAdd(s, TWidth.Load(ref bRow), low);
                if (!oneVector)
                {
                    high = TWidth.MultiplyAdd(
                        s,
                        TWidth.Load(ref Unsafe.Add(ref bRow, TWidth.Count)),
                        high
                    );
                }
            }
            NarrowRow<TWidth, TVector>.StoreRow(
                low,
                high,
                ref cStart,
                n,
                spill: false,
                ref scratch
            );
            return;
        }
        if (oneVector)
        {
            OneVectorBlocks(
                ref aStart,
                ref bStart,
                ref tailStart,
                ref cStart,
                ref scratch,
                safeRows,
                m,
                k,
                n,
                accumulate
            );
            return;
        }
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            TVector c00 = TWidth.Zero,
                c01 = TWidth.Zero,
                c10 = TWidth.Zero,
                c11 = TWidth.Zero,
                c20 = TWidth.Zero,
                c21 = TWidth.Zero,
                c30 = TWidth.Zero,
                c31 = TWidth.Zero;
            if (accumulate)
            {
                (c00, c01) = NarrowRow<TWidth, TVector>.LoadRow(
                    ref Unsafe.Add(ref cStart, i * n),
                    n,
                    ref scratch
                );
                if (rows > 1)
                {
                    (c10, c11) = NarrowRow<TWidth, TVector>.LoadRow(
                        ref Unsafe.Add(ref cStart, (i + 1) * n),
                        n,
                        ref scratch
                    );
                }
                if (rows > 2)
                {
                    (c20, c21) = NarrowRow<TWidth, TVector>.LoadRow(
                        ref Unsafe.Add(ref cStart, (i + 2) * n),
                        n,
                        ref scratch
                    );
                }
                if (rows > 3)
                {
                    (c30, c31) = NarrowRow<TWidth, TVector>.LoadRow(
                        ref Unsafe.Add(ref cStart, (i + 3) * n),
                        n,
                        ref scratch
                    );
                }
            }
            // A partial block computes its missing rows from A's last column again, and never stores them.
            int i1 = Math.Min(i + 1, m - 1),
                i2 = Math.Min(i + 2, m - 1),
                i3 = Math.Min(i + 3, m - 1);
            for (int p = 0; p < k; p++)
            {
                ref float bRow = ref p < safeRows
                    ? ref Unsafe.Add(ref bStart, p * n)
                    : ref Unsafe.Add(ref tailStart, (p - safeRows) * width);
                var b0 = TWidth.Load(ref bRow);
                var b1 = TWidth.Load(ref Unsafe.Add(ref bRow, TWidth.Count));
                ref float aRow = ref Unsafe.Add(ref aStart, p * m);
                var s0 = TWidth.Broadcast(Unsafe.Add(ref aRow, i));
                var s1 = TWidth.Broadcast(Unsafe.Add(ref aRow, i1));
                var s2 = TWidth.Broadcast(Unsafe.Add(ref aRow, i2));
                var s3 = TWidth.Broadcast(Unsafe.Add(ref aRow, i3));
                c00 = TWidth.MultiplyAdd(s0, b0, c00);
                c01 = TWidth.MultiplyAdd(s0, b1, c01);
                c10 = TWidth.MultiplyAdd(s1, b0, c10);
                c11 = TWidth.MultiplyAdd(s1, b1, c11);
                c20 = TWidth.MultiplyAdd(s2, b0, c20);
                c21 = TWidth.MultiplyAdd(s2, b1, c21);
                c30 = TWidth.MultiplyAdd(s3, b0, c30);
                c31 = TWidth.MultiplyAdd(s3, b1, c31);
            }
            NarrowRow<TWidth, TVector>.StoreRow(
                c00,
                c01,
                ref Unsafe.Add(ref cStart, i * n),
                n,
                spill: false,
                ref scratch
            );
            if (rows > 1)
            {
                NarrowRow<TWidth, TVector>.StoreRow(
                    c10,
                    c11,
                    ref Unsafe.Add(ref cStart, (i + 1) * n),
                    n,
                    spill: false,
                    ref scratch
                );
            }
            if (rows > 2)
            {
                NarrowRow<TWidth, TVector>.StoreRow(
                    c20,
                    c21,
                    ref Unsafe.Add(ref cStart, (i + 2) * n),
                    n,
                    spill: false,
                    ref scratch
                );
            }
            if (rows > 3)
            {
                NarrowRow<TWidth, TVector>.StoreRow(
                    c30,
                    c31,
                    ref Unsafe.Add(ref cStart, (i + 3) * n),
                    n,
                    spill: false,
                    ref scratch
                );
            }
        }
    }

    /// <summary>
    /// C at most one vector wide: each row of C in one register, four rows at a time, B's rows
    /// loaded one vector wide (the last ones from the tail padded to one vector). The same sums
    /// in the same order as the two-vector path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneVectorBlocks(
        ref float aStart,
        ref float bStart,
        ref float tailStart,
        ref float cStart,
        ref float scratch,
        int safeRows,
        int m,
        int k,
        int n,
        bool accumulate
    )
    {
        int width = TWidth.Count;
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            Span<TVector> sums = [TWidth.Zero, TWidth.Zero, TWidth.Zero, TWidth.Zero];
            for (int r = 0; accumulate && r < rows; r++)
            {
                sums[r] = NarrowRow<TWidth, TVector>
                    .LoadRow(ref Unsafe.Add(ref cStart, (i + r) * n), n, ref scratch)
                    .Item1;
            }
            var (c0, c1, c2, c3) = (sums[0], sums[1], sums[2], sums[3]);
            // A partial block computes its missing rows from A's last column again, and never stores them.
            int i1 = Math.Min(i + 1, m - 1),
                i2 = Math.Min(i + 2, m - 1),
                i3 = Math.Min(i + 3, m - 1);
            for (int p = 0; p < k; p++)
            {
                var bRow = TWidth.Load(
                    ref p < safeRows
                        ? ref Unsafe.Add(ref bStart, p * n)
                        : ref Unsafe.Add(ref tailStart, (p - safeRows) * width)
                );
                ref float aRow = ref Unsafe.Add(ref aStart, p * m);
                c0 = TWidth.MultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref aRow, i)), bRow, c0);
                c1 = TWidth.MultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref aRow, i1)), bRow, c1);
                c2 = TWidth.MultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref aRow, i2)), bRow, c2);
                c3 = TWidth.MultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref aRow, i3)), bRow, c3);
            }
            (sums[0], sums[1], sums[2], sums[3]) = (c0, c1, c2, c3);
            for (int r = 0; r < rows; r++)
            {
                NarrowRow<TWidth, TVector>.StoreRow(
                    sums[r],
                    TWidth.Zero,
                    ref Unsafe.Add(ref cStart, (i + r) * n),
                    n,
                    spill: false,
                    ref scratch
                );
            }
        }
    }

    /// <summary>B's rows from <paramref name="safeRows"/> on, each zero-padded to <paramref name="width"/> (a full load stays inside).</summary>
    private static void PadTail(
        ReadOnlySpan<float> b,
        int k,
        int n,
        int safeRows,
        int width,
        Span<float> tail
    )
    {
        tail.Clear();
        for (int p = safeRows; p < k; p++)
        {
            b.Slice(p * n, n).CopyTo(tail.Slice((p - safeRows) * width));
        }
    }
}
