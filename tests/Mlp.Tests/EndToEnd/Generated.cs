using System.Globalization;
using System.Text;

namespace Mlp.Tests.EndToEnd;

/// <summary>Small data sets with known structure, generated with a fixed seed.</summary>
internal static class Generated
{
    /// <summary>Three numeric features, a colour category and a yes/no label from a logistic rule.</summary>
    public static string BinaryWithText(int rows, int seed)
    {
        var random = new Random(seed);
        string[] colors = ["red", "green", "blue"];
        var csv = new StringBuilder("x1,x2,x3,color,label\n");
        for (int r = 0; r < rows; r++)
        {
            double x1 = random.NextDouble() * 4 - 2,
                x2 = random.NextDouble() * 10,
                x3 = random.NextDouble() - 0.5;
            int color = random.Next(3);
            double logit =
                2 * x1
                - 0.4 * (x2 - 5)
                + (
                    color == 0 ? 1.5
                    : color == 1 ? -1
                    : 0
                );
            string label = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{x1:0.####},{x2:0.####},{x3:0.####},{colors[color]},{label}\n"
            );
        }
        return csv.ToString();
    }

    /// <summary>y = 3 x1 − 2 x2² + sin(3 x3) + small noise.</summary>
    public static string Regression(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,y\n");
        for (int r = 0; r < rows; r++)
        {
            double x1 = random.NextDouble() * 2 - 1,
                x2 = random.NextDouble() * 2 - 1,
                x3 = random.NextDouble() * 2 - 1;
            double y =
                100 + 3 * x1 - 2 * x2 * x2 + Math.Sin(3 * x3) + 0.05 * (random.NextDouble() - 0.5);
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{x1:0.#####},{x2:0.#####},{x3:0.#####},{y:0.#####}\n"
            );
        }
        return csv.ToString();
    }

    /// <summary>The CSV with every value of column <paramref name="column"/> replaced by f(value), written exactly (round-trip).</summary>
    public static string MapColumn(string csv, int column, Func<double, double> f)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var result = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            cells[column] = f(double.Parse(cells[column], CultureInfo.InvariantCulture))
                .ToString("R", CultureInfo.InvariantCulture);
            result.Append(string.Join(',', cells)).Append('\n');
        }
        return result.ToString();
    }

    public static string Xor() => "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";

    /// <summary>Five conditions with true influences 3, −2, 1, 0.5, 0 on an event (as ../shared/peers/gen_data.py influence).</summary>
    public static string Influence(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("c1,c2,c3,c4,c5,event\n");
        double Normal() =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
            * Math.Cos(2 * Math.PI * random.NextDouble());
        for (int r = 0; r < rows; r++)
        {
            var c = Enumerable.Range(0, 5).Select(_ => Normal()).ToArray();
            double logit = 3 * c[0] - 2 * c[1] + c[2] + 0.5 * c[3];
            int label = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{c[0]:0.#####},{c[1]:0.#####},{c[2]:0.#####},{c[3]:0.#####},{c[4]:0.#####},{label}\n"
            );
        }
        return csv.ToString();
    }

    /// <summary>
    /// y = x1·x2 + x3 + noise (x uniform on [−1, 1], x4 unused), or as a class: whether y &gt; 0.
    /// Only x1 and x2 interact.
    /// </summary>
    public static string Product(int rows, int seed, bool classes)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,x4,y\n");
        for (int r = 0; r < rows; r++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double y = x[0] * x[1] + x[2] + 0.05 * (random.NextDouble() - 0.5);
            string target = classes
                ? (y > 0 ? "1" : "0")
                : y.ToString("0.#####", CultureInfo.InvariantCulture);
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{x[0]:0.#####},{x[1]:0.#####},{x[2]:0.#####},{x[3]:0.#####},{target}\n"
            );
        }
        return csv.ToString();
    }

    /// <summary>
    /// Three classes by where x1 + x2 falls (below −0.5, up to 0.5, above), x3 unused, with a
    /// fifth of the labels drawn at random: a simple boundary under noisy labels.
    /// </summary>
    public static string NoisyClasses(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,y\n");
        for (int r = 0; r < rows; r++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double sum = x[0] + x[1];
            int label =
                sum < -0.5 ? 0
                : sum <= 0.5 ? 1
                : 2;
            if (random.NextDouble() < 0.2)
            {
                label = random.Next(3);
            }
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{x[0]:0.#####},{x[1]:0.#####},{x[2]:0.#####},c{label}\n"
            );
        }
        return csv.ToString();
    }
}
