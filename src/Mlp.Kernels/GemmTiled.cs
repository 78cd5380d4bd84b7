using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Register-blocked GEMM: a micro-kernel computes a <see cref="RowsPerTile"/> × (2 vectors)
/// tile of C with 12 accumulators held in registers, broadcasting op(A) values and loading
/// rows of op(B). op(A) is read in place through a row and a depth stride (either layout)
/// while it is small enough to stay in cache; a larger op(A), and the zero-padded bottom tile,
/// is packed into panels of 6 rows. op(B) is packed into a column panel (zero-padded at the
/// right edge). Each C element is one sum over k in increasing order, so the result does not
/// depend on how the tiles are split across threads.
/// </summary>
public static class GemmTiled<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    public const int RowsPerTile = 6;

    /// <summary>Floats in the widest vector (Vector512).</summary>
    private const int MaxLanes = 16;

    public static int ColumnsPerTile => 2 * TWidth.Count;

    /// <summary>
    /// op(A) blocks up to this many floats (256 KB) are read in place: packing them costs more
    /// than their strided loads, which stay in cache. Larger ones are packed.
    /// </summary>
    private const int DirectALength = 1 << 16;

    /// <summary>
    /// Aᵀ is read in place only up to this row length: with longer rows, the loads a tile makes
    /// down its depth land in a few cache sets and evict each other (measured: 256×128×784 Aᵀ·B 10 % slower).
    /// </summary>
    private const int DirectDepthStride = 128;

    [ThreadStatic]
    private static float[]? t_panelB;

    [ThreadStatic]
    private static float[]? t_panelA;

    /// <summary>
    /// C[rows [rowStart, rowEnd), columns [columnStart, columnEnd)] (+)= op(A) · op(B) for that
    /// block. Threads may call it at once for disjoint blocks; rowStart is a multiple of
    /// <see cref="RowsPerTile"/> and columnStart of <see cref="ColumnsPerTile"/>.
    /// </summary>
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
        int rowStart,
        int rowEnd,
        int columnStart,
        int columnEnd
    )
    {
        int tileColumns = ColumnsPerTile;
        int rows = rowEnd - rowStart;
        int rowTiles = (rows + RowsPerTile - 1) / RowsPerTile;
        var panelB = Buffer(ref t_panelB, k * tileColumns);
        bool direct =
            (long)rows * k <= DirectALength
            && (product != Product.TransposedA || m <= DirectDepthStride);
        var panelsA = Buffer(ref t_panelA, (direct ? 1 : rowTiles) * k * RowsPerTile);
        // Where op(A)[i, p] of a tile is: at i·rowStride + p·depthStride from the tile's start.
        nint rowStride = product == Product.TransposedA ? 1 : k;
        nint depthStride = product == Product.TransposedA ? m : 1;
        if (direct && rows % RowsPerTile != 0)
        {
            // The bottom tile reads beyond op(A)'s last row: it goes through a zero-padded panel.
            int lastRow = rowStart + (rowTiles - 1) * RowsPerTile;
            PackA(product, a, m, k, lastRow, rowEnd - lastRow, panelsA);
        }
        else if (!direct)
        {
            PackA(product, a, m, k, rowStart, rows, panelsA);
        }
        ref float aStart = ref MemoryMarshal.GetReference(a);
        ref float cStart = ref MemoryMarshal.GetReference(c);
        for (int column = columnStart; column < columnEnd; column += tileColumns)
        {
            int width = Math.Min(tileColumns, columnEnd - column);
            ref float bTile = ref PanelOfB(product, b, k, n, column, width, panelB);
            for (int tile = 0; tile < rowTiles; tile++)
            {
                int row = rowStart + tile * RowsPerTile;
                int height = Math.Min(RowsPerTile, rowEnd - row);
                bool packed = !direct || height < RowsPerTile;
                ref float aTile = ref packed
                    ? ref panelsA[direct ? 0 : tile * k * RowsPerTile]
                    : ref Unsafe.Add(ref aStart, row * rowStride);
                ref float cTile = ref Unsafe.Add(ref cStart, row * n + column);
                MicroKernel(
                    k,
                    ref aTile,
                    packed ? 1 : rowStride,
                    packed ? RowsPerTile : depthStride,
                    ref bTile,
                    tileColumns,
                    ref cTile,
                    n,
                    !accumulate,
                    height,
                    width
                );
            }
        }
    }

    /// <summary>
    /// Rows [rowStart, rowStart + rows) of op(A) as panels of <see cref="RowsPerTile"/> rows,
    /// the last one zero-padded: panel t holds op(A)[rowStart + 6t + i, p] at [t·k·6 + p·6 + i].
    /// </summary>
    private static void PackA(
        Product product,
        ReadOnlySpan<float> a,
        int m,
        int k,
        int rowStart,
        int rows,
        float[] panels
    )
    {
        int rowTiles = (rows + RowsPerTile - 1) / RowsPerTile;
        if (rows % RowsPerTile != 0)
        {
            panels.AsSpan((rowTiles - 1) * k * RowsPerTile, k * RowsPerTile).Clear();
        }
        // Shift the start so that row r below is op(A) row rowStart + r in either layout.
        ref float source = ref Unsafe.Add(
            ref MemoryMarshal.GetReference(a),
            product == Product.TransposedA ? rowStart : rowStart * k
        );
        ref float destination = ref panels[0];
        if (product == Product.TransposedA)
        {
            // a is stored (k, m): a panel's six rows at depth p are a[p·m + 6t .. 6t + 6), side by side.
            for (int tile = 0; tile < rowTiles; tile++)
            {
                int height = Math.Min(RowsPerTile, rows - tile * RowsPerTile);
                ref float panel = ref Unsafe.Add(ref destination, tile * k * RowsPerTile);
                ref float column = ref Unsafe.Add(ref source, tile * RowsPerTile);
                for (int p = 0; p < k; p++)
                {
                    ref float from = ref Unsafe.Add(ref column, p * m);
                    ref float to = ref Unsafe.Add(ref panel, p * RowsPerTile);
                    for (int i = 0; i < height; i++)
                    {
                        Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
                    }
                }
            }
            return;
        }
        for (int row = 0; row < rows; row++)
        {
            ref float panel = ref Unsafe.Add(
                ref destination,
                row / RowsPerTile * k * RowsPerTile + row % RowsPerTile
            );
            ref float sourceRow = ref Unsafe.Add(ref source, row * k);
            for (int p = 0; p < k; p++)
            {
                Unsafe.Add(ref panel, p * RowsPerTile) = Unsafe.Add(ref sourceRow, p);
            }
        }
    }

    /// <summary>
    /// op(B)[p, column..column+width) packed into a panel of <see cref="ColumnsPerTile"/>-wide
    /// rows, zero-padded at the right edge: packed loads stay in few cache lines and pages
    /// (reading B's rows in place was measured slower at every depth).
    /// </summary>
    private static ref float PanelOfB(
        Product product,
        ReadOnlySpan<float> b,
        int k,
        int n,
        int column,
        int width,
        float[] panel
    )
    {
        int tileColumns = ColumnsPerTile;
        if (width < tileColumns)
        {
            panel.AsSpan(0, k * tileColumns).Clear();
        }
        ref float to = ref MemoryMarshal.GetArrayDataReference(panel);
        if (product == Product.TransposedB)
        {
            // b is stored (n, k): op(B)[p, j] = b[j·k + p].
            for (int j = 0; j < width; j++)
            {
                ref float from = ref MemoryMarshal.GetReference(b.Slice((column + j) * k, k));
                ref float toColumn = ref Unsafe.Add(ref to, j);
                for (int p = 0; p < k; p++)
                {
                    Unsafe.Add(ref toColumn, p * tileColumns) = Unsafe.Add(ref from, p);
                }
            }
        }
        else if (width == tileColumns)
        {
            ref float from = ref MemoryMarshal.GetReference(b.Slice(column));
            int w = TWidth.Count;
            for (int p = 0; p < k; p++)
            {
                ref float row = ref Unsafe.Add(ref from, p * n);
                ref float toRow = ref Unsafe.Add(ref to, p * tileColumns);
                TWidth.Store(TWidth.Load(ref row), ref toRow);
                TWidth.Store(TWidth.Load(ref Unsafe.Add(ref row, w)), ref Unsafe.Add(ref toRow, w));
            }
        }
        else
        {
            for (int p = 0; p < k; p++)
            {
                b.Slice(p * n + column, width).CopyTo(panel.AsSpan(p * tileColumns, width));
            }
        }
        return ref to;
    }

    /// <summary>
    /// One tile: C[6, 2 vectors] (+)= op(A)[6, depth] · op(B)[depth, 2 vectors], of which the
    /// first <paramref name="height"/> rows and <paramref name="width"/> columns are stored
    /// (the A panel and B panel are zero-padded beyond them). op(A)[i, p] is at
    /// a[i·aRowStride + p·aDepthStride].
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(
        int depth,
        ref float a,
        nint aRowStride,
        nint aDepthStride,
        ref float b,
        nint bStride,
        ref float c,
        nint cStride,
        bool overwrite,
        int height,
        int width
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
        // Rows 0-2 from one pointer, rows 3-5 from another: two bases and one stride address all six.
        ref float aTop = ref a;
        ref float aBottom = ref Unsafe.Add(ref a, 3 * aRowStride);
        nint twoRows = 2 * aRowStride;
        ref float bRow = ref b;
        for (int p = 0; p < depth; p++)
        {
            TVector b0 = TWidth.Load(ref bRow);
            TVector b1 = TWidth.Load(ref Unsafe.Add(ref bRow, w));
            TVector a0 = TWidth.Broadcast(aTop);
            c00 = TWidth.MultiplyAdd(a0, b0, c00);
            c01 = TWidth.MultiplyAdd(a0, b1, c01);
            TVector a1 = TWidth.Broadcast(Unsafe.Add(ref aTop, aRowStride));
            c10 = TWidth.MultiplyAdd(a1, b0, c10);
            c11 = TWidth.MultiplyAdd(a1, b1, c11);
            TVector a2 = TWidth.Broadcast(Unsafe.Add(ref aTop, twoRows));
            c20 = TWidth.MultiplyAdd(a2, b0, c20);
            c21 = TWidth.MultiplyAdd(a2, b1, c21);
            TVector a3 = TWidth.Broadcast(aBottom);
            c30 = TWidth.MultiplyAdd(a3, b0, c30);
            c31 = TWidth.MultiplyAdd(a3, b1, c31);
            TVector a4 = TWidth.Broadcast(Unsafe.Add(ref aBottom, aRowStride));
            c40 = TWidth.MultiplyAdd(a4, b0, c40);
            c41 = TWidth.MultiplyAdd(a4, b1, c41);
            TVector a5 = TWidth.Broadcast(Unsafe.Add(ref aBottom, twoRows));
            c50 = TWidth.MultiplyAdd(a5, b0, c50);
            c51 = TWidth.MultiplyAdd(a5, b1, c51);
            aTop = ref Unsafe.Add(ref aTop, aDepthStride);
            aBottom = ref Unsafe.Add(ref aBottom, aDepthStride);
            bRow = ref Unsafe.Add(ref bRow, bStride);
        }
        if (height == RowsPerTile && width == 2 * w)
        {
            StoreRow(ref c, w, c00, c01, overwrite);
            StoreRow(ref Unsafe.Add(ref c, cStride), w, c10, c11, overwrite);
            StoreRow(ref Unsafe.Add(ref c, 2 * cStride), w, c20, c21, overwrite);
            StoreRow(ref Unsafe.Add(ref c, 3 * cStride), w, c30, c31, overwrite);
            StoreRow(ref Unsafe.Add(ref c, 4 * cStride), w, c40, c41, overwrite);
            StoreRow(ref Unsafe.Add(ref c, 5 * cStride), w, c50, c51, overwrite);
            return;
        }
        // A partial tile at the bottom or right edge: the whole tile goes to a buffer, and only
        // its valid rows and columns reach C. No call while the accumulators are in registers,
        // or the register allocator may keep them in memory through the loop above.
        Span<float> tile = stackalloc float[RowsPerTile * 2 * MaxLanes];
        ref float t = ref MemoryMarshal.GetReference(tile);
        int tileRow = 2 * w;
        TWidth.Store(c00, ref t);
        TWidth.Store(c01, ref Unsafe.Add(ref t, w));
        TWidth.Store(c10, ref Unsafe.Add(ref t, tileRow));
        TWidth.Store(c11, ref Unsafe.Add(ref t, tileRow + w));
        TWidth.Store(c20, ref Unsafe.Add(ref t, 2 * tileRow));
        TWidth.Store(c21, ref Unsafe.Add(ref t, 2 * tileRow + w));
        TWidth.Store(c30, ref Unsafe.Add(ref t, 3 * tileRow));
        TWidth.Store(c31, ref Unsafe.Add(ref t, 3 * tileRow + w));
        TWidth.Store(c40, ref Unsafe.Add(ref t, 4 * tileRow));
        TWidth.Store(c41, ref Unsafe.Add(ref t, 4 * tileRow + w));
        TWidth.Store(c50, ref Unsafe.Add(ref t, 5 * tileRow));
        TWidth.Store(c51, ref Unsafe.Add(ref t, 5 * tileRow + w));
        StorePartialTile(tile, tileRow, ref c, cStride, height, width, overwrite);
    }

    /// <summary>C[i, j] (+)= tile[i, j] for the first <paramref name="height"/> rows and <paramref name="width"/> columns.</summary>
    private static void StorePartialTile(
        ReadOnlySpan<float> tile,
        int tileRow,
        ref float c,
        nint cStride,
        int height,
        int width,
        bool overwrite
    )
    {
        for (int i = 0; i < height; i++)
        {
            var row = tile.Slice(i * tileRow, width);
            ref float cRow = ref Unsafe.Add(ref c, i * cStride);
            for (int j = 0; j < width; j++)
            {
                Unsafe.Add(ref cRow, j) = overwrite ? row[j] : Unsafe.Add(ref cRow, j) + row[j];
            }
        }
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

    private static float[] Buffer(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(length, 1), pinned: true);
        }
        return buffer;
    }
}
