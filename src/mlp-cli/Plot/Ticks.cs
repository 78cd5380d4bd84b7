using System.Globalization;

namespace Mlp.Cli.Plot;

/// <summary>Axis ticks at "nice" values (1, 2 or 5 × 10^k apart) and their labels.</summary>
internal static class Ticks
{
    /// <summary>About <paramref name="count"/> ticks covering [min, max], and their spacing.</summary>
    public static (double[] Values, double Step) Linear(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return ([min], 1);
        }
        double rough = (max - min) / Math.Max(1, count);
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double step =
            (
                fraction < 1.5 ? 1
                : fraction < 3.5 ? 2
                : fraction < 7.5 ? 5
                : 10
            ) * power;
        var values = new List<double>();
        for (
            double tick = Math.Ceiling(min / step - 1e-9) * step;
            tick <= max + step * 1e-9;
            tick += step
        )
        {
            values.Add(Math.Abs(tick) < step * 1e-9 ? 0 : tick);
        }
        return (values.ToArray(), step);
    }

    /// <summary>Powers of ten within [min, max] (both positive).</summary>
    public static double[] Decades(double min, double max)
    {
        var values = new List<double>();
        for (
            int exponent = (int)Math.Ceiling(Math.Log10(min) - 1e-9);
            exponent <= Math.Floor(Math.Log10(max) + 1e-9);
            exponent++
        )
        {
            values.Add(Math.Pow(10, exponent));
        }
        return values.ToArray();
    }

    /// <summary>A tick label with as many decimals as the spacing needs.</summary>
    public static string Label(double value, double step)
    {
        if (value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-4))
        {
            return value.ToString("0.#e0", CultureInfo.InvariantCulture);
        }
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>A short label for any value (colour bars, annotations): 3 significant digits.</summary>
    public static string Short(double value) =>
        value == 0 ? "0"
        : Math.Abs(value) >= 1e4 || Math.Abs(value) < 1e-3
            ? value.ToString("0.##e0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);
}
