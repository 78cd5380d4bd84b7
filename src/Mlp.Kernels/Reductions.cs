using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

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
}
