namespace Mlp.Kernels;

/// <summary>
/// Rows of a row-major matrix loaded wider than they are (a short row read as whole vectors):
/// the lanes past a row hold the next row and are never stored, and only the last rows,
/// where such a load would leave the matrix, need a zero-padded copy.
/// </summary>
internal static class WideLoads
{
    /// <summary>How many leading rows can be loaded <paramref name="loadLength"/> floats wide without leaving the (rows, rowLength) matrix.</summary>
    public static int SafeRows(int rows, int rowLength, int loadLength)
    {
        long total = (long)rows * rowLength;
        if (rowLength == 0 || total < loadLength)
        {
            return 0;
        }
        return (int)Math.Min(rows, (total - loadLength) / rowLength + 1);
    }
}
