using System.Numerics;
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
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.AddColumnSums(
                FloatPath.AsFloat(matrix),
                rows,
                columns,
                FloatPath.AsFloat(sums)
            );
            return;
        }
        AddColumnSumsScalar(matrix, rows, columns, sums);
    }

    /// <summary>The reference of <see cref="ColumnSums"/>: sums[j] += Σ_r matrix[r, j], row by row.</summary>
    public static void AddColumnSumsScalar<T>(
        ReadOnlySpan<T> matrix,
        int rows,
        int columns,
        Span<T> sums
    )
        where T : unmanaged, INumber<T>
    {
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
