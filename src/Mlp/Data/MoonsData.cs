using System.Globalization;
using System.Text;

namespace Mlp.Data;

/// <summary>
/// The demo's "two moons": two interleaved half circles with Gaussian noise (0.2), as
/// scikit-learn's make_moons draws them (../shared/peers/gen_data.py moons), from mlp's own
/// seeded generator.
/// </summary>
internal static class MoonsData
{
    public static string Csv(int rows, long seed, double noise = 0.2)
    {
        var rng = Rng.For(seed, RngStream.RowSample);
        var csv = new StringBuilder("x1,x2,moon\n");
        for (int r = 0; r < rows; r++)
        {
            int moon = r % 2;
            double angle = Math.PI * rng.NextDouble();
            double x = moon == 0 ? Math.Cos(angle) : 1 - Math.Cos(angle);
            double y = moon == 0 ? Math.Sin(angle) : 0.5 - Math.Sin(angle);
            x += noise * rng.NextGaussian();
            y += noise * rng.NextGaussian();
            csv.Append(CultureInfo.InvariantCulture, $"{x:0.#####},{y:0.#####},{moon}\n");
        }
        return csv.ToString();
    }
}
