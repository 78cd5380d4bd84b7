using System.Globalization;
using System.Text;

namespace Mlp.Data;

/// <summary>
/// The demo's generated "influence" data: five standard-normal conditions c1..c5 whose true
/// influences on the log-odds of an event are 3, −2, 1, 0.5 and 0 (as
/// ../shared/peers/gen_data.py influence, drawn here from mlp's own seeded generator).
/// </summary>
internal static class InfluenceData
{
    public static readonly double[] TrueInfluences = [3, -2, 1, 0.5, 0];

    public static string Csv(int rows, long seed)
    {
        var rng = Rng.For(seed, RngStream.RowSample);
        var csv = new StringBuilder("c1,c2,c3,c4,c5,event\n");
        var conditions = new double[TrueInfluences.Length];
        for (int r = 0; r < rows; r++)
        {
            double logit = 0;
            for (int i = 0; i < conditions.Length; i++)
            {
                conditions[i] = rng.NextGaussian();
                logit += TrueInfluences[i] * conditions[i];
            }
            int happened = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            foreach (double value in conditions)
            {
                csv.Append(value.ToString("0.#####", CultureInfo.InvariantCulture)).Append(',');
            }
            csv.Append(happened).Append('\n');
        }
        return csv.ToString();
    }
}
