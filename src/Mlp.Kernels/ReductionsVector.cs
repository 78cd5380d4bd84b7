using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>Vectorized <see cref="Reductions"/>; <see cref="Reductions.AddColumnSumsScalar"/> is the reference.</summary>
public static class ReductionsVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>sums[j] += Σ_r matrix[r, j], rows added in increasing order as in the reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums(
        ReadOnlySpan<float> matrix,
        int rows,
        int columns,
        Span<float> sums
    )
    {
        if (columns <= 2)
        {
            // One or two columns (a small layer's bias gradient): two-vector loads would use
            // two lanes of sixteen and copy the last rows into a padded buffer; plain adds win.
            TinyColumnSums(matrix, rows, columns, sums);
            return;
        }
        if (columns <= 2 * TWidth.Count)
        {
            NarrowColumnSums(matrix, rows, columns, sums);
            return;
        }
        if (columns >= Activations.ShortRow)
        {
            // A vector of columns at a time (TensorPrimitives picks the width).
            var floatSums = sums[..columns];
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(floatSums, matrix.Slice(r * columns, columns), floatSums);
            }
            return;
        }
        Reductions.AddColumnSumsScalar(matrix, rows, columns, sums);
    }

    /// <summary>Column sums of one or two columns, rows in increasing order.</summary>
    private static void TinyColumnSums(
        ReadOnlySpan<float> matrix,
        int rows,
        int columns,
        Span<float> sums
    )
    {
        if (columns == 1)
        {
            float sum = sums[0];
            foreach (float value in matrix[..rows])
            {
                sum += value;
            }
            sums[0] = sum;
            return;
        }
        float first = sums[0],
            second = sums[1];
        var pairs = matrix[..(2 * rows)];
        for (int i = 0; i < pairs.Length; i += 2)
        {
            first += pairs[i];
            second += pairs[i + 1];
        }
        (sums[0], sums[1]) = (first, second);
    }

    /// <summary>
    /// Column sums of a matrix at most two vectors wide, all in two registers: each row is
    /// loaded two vectors wide (<see cref="WideLoads"/>; the last rows come from a zero-padded copy).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowColumnSums(
        ReadOnlySpan<float> matrix,
        int rows,
        int columns,
        Span<float> sums
    )
    {
        if (columns == 0)
        {
            return;
        }
        int w = TWidth.Count;
        int loadLength = 2 * w;
        int safeRows = WideLoads.SafeRows(rows, columns, loadLength);
        Span<float> padded = stackalloc float[2 * loadLength];
        padded.Clear();
        sums[..columns].CopyTo(padded);
        ref float start = ref MemoryMarshal.GetReference(padded);
        var low = TWidth.Load(ref start);
        var high = TWidth.Load(ref Unsafe.Add(ref start, w));
        ref float row = ref MemoryMarshal.GetReference(matrix);
        for (int r = 0; r < safeRows; r++)
        {
            low = TWidth.Add(low, TWidth.Load(ref Unsafe.Add(ref row, r * columns)));
            high = TWidth.Add(high, TWidth.Load(ref Unsafe.Add(ref row, r * columns + w)));
        }
        ref float tailStart = ref Unsafe.Add(ref start, loadLength);
        for (int r = safeRows; r < rows; r++)
        {
            var tail = padded[loadLength..];
            tail.Clear();
            matrix.Slice(r * columns, columns).CopyTo(tail);
            low = TWidth.Add(low, TWidth.Load(ref tailStart));
            high = TWidth.Add(high, TWidth.Load(ref Unsafe.Add(ref tailStart, w)));
        }
        TWidth.Store(low, ref start);
        TWidth.Store(high, ref Unsafe.Add(ref start, w));
        padded[..columns].CopyTo(sums);
    }
}
