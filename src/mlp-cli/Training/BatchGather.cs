namespace Mlp.Cli.Training;

/// <summary>Copies chosen rows of columnar data into a row-major batch (rows, columns).</summary>
internal static class BatchGather
{
    public static void Rows(float[][] columns, ReadOnlySpan<int> rows, Span<float> batch)
    {
        int width = columns.Length;
        for (int c = 0; c < width; c++)
        {
            var column = columns[c];
            for (int r = 0; r < rows.Length; r++)
            {
                batch[r * width + c] = column[rows[r]];
            }
        }
    }

    public static void Values(float[] values, ReadOnlySpan<int> rows, Span<float> batch)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            batch[r] = values[rows[r]];
        }
    }
}
