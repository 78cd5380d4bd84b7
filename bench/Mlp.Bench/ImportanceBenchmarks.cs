using System.Globalization;
using BenchmarkDotNet.Attributes;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Bench;

/// <summary>
/// Issue 4's speed targets: 5,000 rows × 5 features (the influence data), a 12-unit hidden
/// layer; permutation with 10 repeats, integrated gradients with 50 steps, exact Shapley values
/// against 100 background rows. Compared with scikit-learn's permutation_importance by
/// bench/importance-sklearn.py on the same data.
/// </summary>
[MemoryDiagnoser]
public class ImportanceBenchmarks
{
    private ExplainData _data = null!;
    private double[] _background = [];

    [Params("permutation", "gradient", "integrated-gradients", "shap")]
    public string Importance { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("mlp-bench-");
        string data = Path.Combine(folder.FullName, "influence.csv");
        string model = Path.Combine(folder.FullName, "influence.mlp");
        File.WriteAllText(data, InfluenceData.Csv(5000, 42));
        ImportanceWorkload.Train(data, model);
        (_data, _background) = ImportanceWorkload.Load(data, model);
    }

    [Benchmark]
    public object Compute() =>
        new ImportanceOptions { Background = _background, Seed = 42 }
            .Create(Importance)
            .Compute(_data);
}

/// <summary>The model and data of <see cref="ImportanceBenchmarks"/>, also used by the quick `importance` mode.</summary>
internal static class ImportanceWorkload
{
    public static void Train(string data, string model, string hidden = "12", string epochs = "20")
    {
        var context = new CliContext
        {
            StandardOutput = Stream.Null,
            Out = TextWriter.Null,
            Error = TextWriter.Null,
        };
        string[] args =
        [
            "train",
            data,
            "-o",
            model,
            "--hidden",
            hidden,
            "--epochs",
            epochs,
            "--seed",
            "42",
        ];
        if (Mlp.Cli.CommandLine.Run(args, context) != 0)
        {
            throw new InvalidOperationException("training the benchmark model failed");
        }
    }

    /// <summary>All rows to explain, and the first 100 rows as the background.</summary>
    public static (ExplainData Data, double[] Background) Load(string data, string model)
    {
        var lines = File.ReadAllLines(data).Skip(1).ToArray();
        var inputs = new double[lines.Length * 5];
        var targets = new float[lines.Length];
        for (int r = 0; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (int i = 0; i < 5; i++)
            {
                inputs[r * 5 + i] = double.Parse(cells[i], CultureInfo.InvariantCulture);
            }
            targets[r] = float.Parse(cells[5], CultureInfo.InvariantCulture);
        }
        return (new ExplainData(ModelFileReader.Load(model), inputs, targets), inputs[..(100 * 5)]);
    }
}
