using System.Runtime.CompilerServices;

namespace Mlp.Cli.Training;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Values(float[] values, ReadOnlySpan<int> rows, Span<float> batch)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            batch[r] = values[rows[r]];
        }
    }
}
