using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mlp.Cli;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Bench;

/// <summary>
/// Issue 18's speed targets: the partial dependence of one feature over 5,000 rows × 100 grid
/// points (the influence data and model of <see cref="ImportanceBenchmarks"/>; the average
/// alone, and with every row's ICE curve kept), and the H-statistic of 10 features on 500 rows
/// (Friedman's first problem, 5 informative and 5 noise features, a 16-unit hidden layer).
/// </summary>
[MemoryDiagnoser]
public class DependenceBenchmarks
{
    private ExplainData _influence = null!;
    private ExplainData _friedman = null!;
    private PdpAxis _axis = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("mlp-bench-");
        string influence = Path.Combine(folder.FullName, "influence.csv");
        string influenceModel = Path.Combine(folder.FullName, "influence.mlp");
        File.WriteAllText(influence, Mlp.Data.InfluenceData.Csv(5000, 42));
        ImportanceWorkload.Train(influence, influenceModel);
        (_influence, _) = ImportanceWorkload.Load(influence, influenceModel);
        _axis = PdpAxis.For(_influence, 0, 100, 0.05, 0.95);

        string friedman = Path.Combine(folder.FullName, "friedman.csv");
        string friedmanModel = Path.Combine(folder.FullName, "friedman.mlp");
        var (inputs, csv) = Friedman(500, 7);
        File.WriteAllText(friedman, csv);
        ImportanceWorkload.Train(friedman, friedmanModel, hidden: "16", epochs: "50");
        _friedman = new ExplainData(ModelFileReader.Load(friedmanModel), inputs, new float[500]);
    }

    [Benchmark]
    public object PdpAverage() =>
        PartialDependence.Compute(_influence, [_axis], null, keepIndividual: false);

    [Benchmark]
    public object PdpWithIce() =>
        PartialDependence.Compute(_influence, [_axis], null, keepIndividual: true);

    [Benchmark]
    public object HStatistic10Features() => HStatistic.Compute(_friedman, null);

    /// <summary>y = 10 sin(π x1 x2) + 20 (x3 − ½)² + 10 x4 + 5 x5 + N(0, 1), x uniform on [0, 1]^10.</summary>
    private static (double[] Inputs, string Csv) Friedman(int rows, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[rows * 10];
        var csv = new StringBuilder(
            string.Join(',', Enumerable.Range(1, 10).Select(i => $"x{i}")) + ",y\n"
        );
        for (int r = 0; r < rows; r++)
        {
            var x = inputs.AsSpan(r * 10, 10);
            for (int i = 0; i < 10; i++)
            {
                x[i] = Math.Round(random.NextDouble(), 5);
            }
            double noise =
                Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
                * Math.Cos(2 * Math.PI * random.NextDouble());
            double y =
                10 * Math.Sin(Math.PI * x[0] * x[1])
                + 20 * (x[2] - 0.5) * (x[2] - 0.5)
                + 10 * x[3]
                + 5 * x[4]
                + noise;
            csv.Append(
                string.Join(',', x.ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)))
            );
            csv.Append(CultureInfo.InvariantCulture, $",{y:0.#####}\n");
        }
        return (inputs, csv.ToString());
    }
}
