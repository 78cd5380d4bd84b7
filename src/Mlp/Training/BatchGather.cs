using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Training;

/// <summary>Copies chosen rows of a row-major matrix into a contiguous batch.</summary>
internal static class BatchGather
{
    /// <summary>batch[r] = matrix row rows[r], for a (rows, width) matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(
        ReadOnlySpan<float> matrix,
        int width,
        ReadOnlySpan<int> rows,
        Span<float> batch
    )
    {
        for (int r = 0; r < rows.Length; r++)
        {
            matrix.Slice(rows[r] * width, width).CopyTo(batch.Slice(r * width, width));
        }
    }

    /// <summary>batch[f, r] = matrix[rows[r], f]: the chosen rows of a (rows, width) matrix, feature-major (width, rows.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Columns(
        ReadOnlySpan<float> matrix,
        int width,
        ReadOnlySpan<int> rows,
        Span<float> batch
    )
    {
        int count = rows.Length;
        if (batch.Length < width * count)
        {
            throw new ArgumentException($"batch of {batch.Length} for {count} rows of {width}");
        }
        ref float destination = ref MemoryMarshal.GetReference(batch);
        for (int r = 0; r < count; r++)
        {
            var row = matrix.Slice(rows[r] * width, width);
            ref float column = ref Unsafe.Add(ref destination, r);
            for (int f = 0; f < row.Length; f++)
            {
                Unsafe.Add(ref column, f * count) = row[f];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Values(float[] values, ReadOnlySpan<int> rows, Span<float> batch)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            batch[r] = values[rows[r]];
        }
    }
}
