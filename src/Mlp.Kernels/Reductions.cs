using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mlp.Kernels;

public static class Reductions
{
    /// <summary>
    /// sums[j] (+)= Σ_r matrix[r, j] over a (rows, columns) matrix: a layer's bias gradient.
    /// Rows are added in increasing order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums<T>(
        ReadOnlySpan<T> matrix,
        int rows,
        int columns,
        Span<T> sums,
        bool accumulate
    )
        where T : unmanaged, INumber<T>
    {
        if (!accumulate)
        {
            sums.Slice(0, columns).Clear();
        }
        if (
            typeof(T) == typeof(float)
            && KernelSelection.Current != KernelVariant.Scalar
            && columns <= NarrowColumns
            && Vector256.IsHardwareAccelerated
        )
        {
            NarrowColumnSums(FloatPath.AsFloat(matrix), rows, columns, FloatPath.AsFloat(sums));
            return;
        }
        if (
            typeof(T) == typeof(float)
            && KernelSelection.Current != KernelVariant.Scalar
            && columns >= ActivationsVector.ShortRow
        )
        {
            // The same row-by-row order as the loop below, a vector of columns at a time.
            var floatSums = FloatPath.AsFloat(sums)[..columns];
            var floatMatrix = FloatPath.AsFloat(matrix);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(floatSums, floatMatrix.Slice(r * columns, columns), floatSums);
            }
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                sums[j] += row[j];
            }
        }
    }

    private const int NarrowColumns = 16;

    /// <summary>
    /// Column sums of a matrix at most 16 columns wide, all in two registers: each row is loaded
    /// 16 floats wide (<see cref="WideLoads"/>; the last rows come from a zero-padded copy). Rows
    /// are added in increasing order, as in the scalar loop.
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
        int safeRows = WideLoads.SafeRows(rows, columns, NarrowColumns);
        Span<float> padded = stackalloc float[2 * NarrowColumns];
        padded.Clear();
        sums[..columns].CopyTo(padded);
        ref float start = ref MemoryMarshal.GetReference(padded);
        var low = Vector256.LoadUnsafe(ref start);
        var high = Vector256.LoadUnsafe(ref start, 8);
        ref float row = ref MemoryMarshal.GetReference(matrix);
        for (int r = 0; r < safeRows; r++)
        {
            low += Vector256.LoadUnsafe(ref row, (nuint)(r * columns));
            high += Vector256.LoadUnsafe(ref row, (nuint)(r * columns + 8));
        }
        for (int r = safeRows; r < rows; r++)
        {
            var tail = padded[NarrowColumns..];
            tail.Clear();
            matrix.Slice(r * columns, columns).CopyTo(tail);
            low += Vector256.LoadUnsafe(ref start, NarrowColumns);
            high += Vector256.LoadUnsafe(ref start, NarrowColumns + 8);
        }
        low.StoreUnsafe(ref start);
        high.StoreUnsafe(ref start, 8);
        padded[..columns].CopyTo(sums);
    }
}
