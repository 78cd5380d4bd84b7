using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// GEMM in the GotoBLAS/BLIS shape: panels of op(A) and op(B) are packed into contiguous
/// buffers (which also absorbs the transposes), and a register-blocked micro-kernel computes
/// a <see cref="RowsPerTile"/> × (2 vectors) tile of C with FMAs, keeping the 12 accumulators
/// in registers. The k dimension is cut into blocks of <see cref="DepthBlock"/>; each C element
/// sums its k blocks in increasing order, so the result does not depend on how the columns
/// are split across threads.
/// </summary>
public static class GemmPacked<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    public const int RowsPerTile = 6;
    public const int DepthBlock = 256;
    public const int RowBlock = 72;

    public static int ColumnsPerTile => 2 * TWidth.Count;

    [ThreadStatic]
    private static float[]? t_packedA;

    [ThreadStatic]
    private static float[]? t_packedB;

    /// <summary>
    /// C(m, columns [columnStart, columnEnd)) (+)= op(A) · op(B) for those columns. Threads
    /// may call it at once for disjoint column ranges.
    /// </summary>
    public static void Compute(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        int columnStart,
        int columnEnd
    )
    {
        int tileColumns = ColumnsPerTile;
        int columns = columnEnd - columnStart;
        int paddedColumns = (columns + tileColumns - 1) / tileColumns * tileColumns;
        var packedB = Buffer(ref t_packedB, DepthBlock * paddedColumns);
        var packedA = Buffer(ref t_packedA, DepthBlock * RowBlock);
        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * n + columnStart, columns).Clear();
                }
            }
            return;
        }
        for (int depthStart = 0; depthStart < k; depthStart += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, k - depthStart);
            bool overwrite = depthStart == 0 && !accumulate;
            PackB(product, b, k, n, depthStart, depth, columnStart, columns, packedB);
            for (int rowStart = 0; rowStart < m; rowStart += RowBlock)
            {
                int rows = Math.Min(RowBlock, m - rowStart);
                PackA(product, a, m, k, rowStart, rows, depthStart, depth, packedA);
                for (int tileColumn = 0; tileColumn < columns; tileColumn += tileColumns)
                {
                    int tileWidth = Math.Min(tileColumns, columns - tileColumn);
                    ref float panelB = ref packedB[tileColumn * depth];
                    for (int tileRow = 0; tileRow < rows; tileRow += RowsPerTile)
                    {
                        int tileHeight = Math.Min(RowsPerTile, rows - tileRow);
                        ref float panelA = ref packedA[tileRow * depth];
                        ref float cTile = ref c[
                            (rowStart + tileRow) * n + columnStart + tileColumn
                        ];
                        if (tileHeight == RowsPerTile && tileWidth == tileColumns)
                        {
                            MicroKernel(depth, ref panelA, ref panelB, ref cTile, n, overwrite);
                        }
                        else
                        {
                            EdgeKernel(
                                depth,
                                ref panelA,
                                ref panelB,
                                ref cTile,
                                n,
                                overwrite,
                                tileHeight,
                                tileWidth
                            );
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The rows [rowStart, rowStart + rows) × k-block of op(A), as panels of
    /// <see cref="RowsPerTile"/> rows: for each p, the panel's row values side by side (zero-padded).
    /// </summary>
    private static void PackA(
        Product product,
        ReadOnlySpan<float> a,
        int m,
        int k,
        int rowStart,
        int rows,
        int depthStart,
        int depth,
        float[] packed
    )
    {
        for (int panel = 0; panel < rows; panel += RowsPerTile)
        {
            int height = Math.Min(RowsPerTile, rows - panel);
            var destination = packed.AsSpan(panel * depth, depth * RowsPerTile);
            if (height < RowsPerTile)
            {
                destination.Clear();
            }
            for (int i = 0; i < height; i++)
            {
                int row = rowStart + panel + i;
                if (product == Product.TransposedA)
                {
                    // A is stored (k, m): op(A)[row, p] = A[p, row].
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * RowsPerTile + i] = a[(depthStart + p) * m + row];
                    }
                }
                else
                {
                    var source = a.Slice(row * k + depthStart, depth);
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * RowsPerTile + i] = source[p];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The k-block × columns of op(B), as panels of <see cref="ColumnsPerTile"/> columns: for
    /// each p, the panel's column values side by side (zero-padded).
    /// </summary>
    private static void PackB(
        Product product,
        ReadOnlySpan<float> b,
        int k,
        int n,
        int depthStart,
        int depth,
        int columnStart,
        int columns,
        float[] packed
    )
    {
        int tileColumns = ColumnsPerTile;
        for (int panel = 0; panel < columns; panel += tileColumns)
        {
            int width = Math.Min(tileColumns, columns - panel);
            var destination = packed.AsSpan(panel * depth, depth * tileColumns);
            if (width < tileColumns)
            {
                destination.Clear();
            }
            if (product == Product.TransposedB)
            {
                // B is stored (n, k): op(B)[p, column] = B[column, p].
                for (int j = 0; j < width; j++)
                {
                    var source = b.Slice((columnStart + panel + j) * k + depthStart, depth);
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * tileColumns + j] = source[p];
                    }
                }
            }
            else
            {
                for (int p = 0; p < depth; p++)
                {
                    b.Slice((depthStart + p) * n + columnStart + panel, width)
                        .CopyTo(destination.Slice(p * tileColumns, width));
                }
            }
        }
    }

    /// <summary>A full tile: C[6, 2 vectors] (+)= panelA (depth × 6) · panelB (depth × 2 vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(
        int depth,
        ref float panelA,
        ref float panelB,
        ref float c,
        int rowStride,
        bool overwrite
    )
    {
        int w = TWidth.Count;
        TVector c00 = TWidth.Zero,
            c01 = TWidth.Zero,
            c10 = TWidth.Zero,
            c11 = TWidth.Zero;
        TVector c20 = TWidth.Zero,
            c21 = TWidth.Zero,
            c30 = TWidth.Zero,
            c31 = TWidth.Zero;
        TVector c40 = TWidth.Zero,
            c41 = TWidth.Zero,
            c50 = TWidth.Zero,
            c51 = TWidth.Zero;
        for (int p = 0; p < depth; p++)
        {
            ref float bRow = ref Unsafe.Add(ref panelB, p * 2 * w);
            TVector b0 = TWidth.Load(ref bRow);
            TVector b1 = TWidth.Load(ref Unsafe.Add(ref bRow, w));
            ref float aColumn = ref Unsafe.Add(ref panelA, p * RowsPerTile);
            TVector a0 = TWidth.Broadcast(aColumn);
            c00 = TWidth.MultiplyAdd(a0, b0, c00);
            c01 = TWidth.MultiplyAdd(a0, b1, c01);
            TVector a1 = TWidth.Broadcast(Unsafe.Add(ref aColumn, 1));
            c10 = TWidth.MultiplyAdd(a1, b0, c10);
            c11 = TWidth.MultiplyAdd(a1, b1, c11);
            TVector a2 = TWidth.Broadcast(Unsafe.Add(ref aColumn, 2));
            c20 = TWidth.MultiplyAdd(a2, b0, c20);
            c21 = TWidth.MultiplyAdd(a2, b1, c21);
            TVector a3 = TWidth.Broadcast(Unsafe.Add(ref aColumn, 3));
            c30 = TWidth.MultiplyAdd(a3, b0, c30);
            c31 = TWidth.MultiplyAdd(a3, b1, c31);
            TVector a4 = TWidth.Broadcast(Unsafe.Add(ref aColumn, 4));
            c40 = TWidth.MultiplyAdd(a4, b0, c40);
            c41 = TWidth.MultiplyAdd(a4, b1, c41);
            TVector a5 = TWidth.Broadcast(Unsafe.Add(ref aColumn, 5));
            c50 = TWidth.MultiplyAdd(a5, b0, c50);
            c51 = TWidth.MultiplyAdd(a5, b1, c51);
        }
        StoreRow(ref c, w, c00, c01, overwrite);
        StoreRow(ref Unsafe.Add(ref c, rowStride), w, c10, c11, overwrite);
        StoreRow(ref Unsafe.Add(ref c, 2 * rowStride), w, c20, c21, overwrite);
        StoreRow(ref Unsafe.Add(ref c, 3 * rowStride), w, c30, c31, overwrite);
        StoreRow(ref Unsafe.Add(ref c, 4 * rowStride), w, c40, c41, overwrite);
        StoreRow(ref Unsafe.Add(ref c, 5 * rowStride), w, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref float c, int w, TVector first, TVector second, bool overwrite)
    {
        if (!overwrite)
        {
            first = TWidth.Add(first, TWidth.Load(ref c));
            second = TWidth.Add(second, TWidth.Load(ref Unsafe.Add(ref c, w)));
        }
        TWidth.Store(first, ref c);
        TWidth.Store(second, ref Unsafe.Add(ref c, w));
    }

    /// <summary>A partial tile at the bottom or right edge: computed whole into a scratch tile, then the valid part added to C.</summary>
    private static void EdgeKernel(
        int depth,
        ref float panelA,
        ref float panelB,
        ref float c,
        int rowStride,
        bool overwrite,
        int height,
        int width
    )
    {
        int tileColumns = ColumnsPerTile;
        Span<float> tile = stackalloc float[RowsPerTile * 2 * 16];
        ref float scratch = ref MemoryMarshal.GetReference(tile);
        MicroKernel(depth, ref panelA, ref panelB, ref scratch, tileColumns, overwrite: true);
        for (int i = 0; i < height; i++)
        {
            ref float cRow = ref Unsafe.Add(ref c, i * rowStride);
            for (int j = 0; j < width; j++)
            {
                float value = tile[i * tileColumns + j];
                Unsafe.Add(ref cRow, j) = overwrite ? value : Unsafe.Add(ref cRow, j) + value;
            }
        }
    }

    private static float[] Buffer(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
        }
        return buffer;
    }
}
