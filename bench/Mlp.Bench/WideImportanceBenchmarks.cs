using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Bench;

/// <summary>
/// Issue 21's explanation targets: sampled Shapley values on breast cancer (30 features, the
/// 398 rows of a 70 % split, 100 background rows, default network), and on 2,000 columns
/// (20 rows, 20 background rows); permutation importance on 1,000 rows × 2,000 columns.
/// </summary>
[MemoryDiagnoser]
public class WideImportanceBenchmarks
{
    private ExplainData _cancer = null!;
    private double[] _cancerBackground = [];
    private ExplainData _wide = null!;
    private double[] _wideBackground = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("mlp-bench-");
        (_cancer, _cancerBackground) = Load(folder, "cancer", CancerRows(398), "64", 100);
        (_wide, _wideBackground) = Load(folder, "wide", WideCsv(1000, 2000), "64", 20);
    }

    [Benchmark]
    public object ShapBreastCancer() =>
        new ShapMethod(null, _cancerBackground, 42).Compute(_cancer);

    [Benchmark]
    public object Shap2000Columns20Rows() =>
        new ShapMethod(null, _wideBackground, 42).Compute(
            _wide.Subset([.. Enumerable.Range(0, 20)])
        );

    [Benchmark]
    public object Permutation1000x2000() => new PermutationMethod(null, 10, 42).Compute(_wide);

    private static (ExplainData Data, double[] Background) Load(
        DirectoryInfo folder,
        string name,
        string csv,
        string hidden,
        int backgroundRows
    )
    {
        string data = Path.Combine(folder.FullName, name + ".csv");
        string model = Path.Combine(folder.FullName, name + ".mlp");
        File.WriteAllText(data, csv);
        ImportanceWorkload.Train(data, model, hidden, epochs: "30");
        var loaded = ModelFileReader.Load(model);
        var rows = LabelledRows.Read(
            loaded.Schema,
            data,
            readTarget: true,
            new ReadSettings(TextWriter.Null)
        );
        var explained = new ExplainData(loaded, rows.Inputs, rows.Targets);
        return (explained, rows.Inputs[..(backgroundRows * loaded.Network.InputCount)]);
    }

    /// <summary>The first rows of the breast cancer data shipped in the tool.</summary>
    private static string CancerRows(int rows)
    {
        using var stream = typeof(CliContext).Assembly.GetManifestResourceStream(
            "breast_cancer.csv"
        )!;
        using var reader = new StreamReader(stream);
        var text = new StringBuilder(reader.ReadLine()).Append('\n');
        for (int r = 0; r < rows && reader.ReadLine() is string line; r++)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Standard normal columns; the label depends on the first five (one pair multiplied).</summary>
    private static string WideCsv(int rows, int columns)
    {
        var random = new Random(0);
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => $"c{c}")).Append(",y\n");
        var x = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                x[c] = Math.Round(Gaussian(random), 4);
                text.Append(x[c].ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            double logit =
                2 * x[0] - 1.5 * x[1] + x[2] * x[3] + 0.5 * x[4] + 0.5 * Gaussian(random);
            text.Append(logit > 0 ? 1 : 0).Append('\n');
        }
        return text.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
        * Math.Cos(2 * Math.PI * random.NextDouble());
}
