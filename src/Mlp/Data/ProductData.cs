using System.Globalization;
using System.Text;

namespace Mlp.Data;

/// <summary>
/// The demo's generated interaction data: x1 … x4 uniform on [−1, 1] and
/// y = x1·x2 + x3 + N(0, 0.05²), so x1 and x2 act only together, x3 alone and x4 not at all.
/// </summary>
internal static class ProductData
{
    public static string Csv(int rows, long seed)
    {
        var rng = Rng.For(seed, RngStream.RowSample);
        var csv = new StringBuilder("x1,x2,x3,x4,y\n");
        var x = new double[4];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = Math.Round(rng.NextDouble() * 2 - 1, 5);
                csv.Append(x[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            double y = x[0] * x[1] + x[2] + 0.05 * rng.NextGaussian();
            csv.Append(y.ToString("0.#####", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }
}
