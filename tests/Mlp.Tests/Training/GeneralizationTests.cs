using System.Globalization;
using System.Text.Json;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Kernels;
using Mlp.Model;
using Mlp.Tests.EndToEnd;
using Mlp.Training;

namespace Mlp.Tests.Training;

/// <summary>The pieces that make models generalize like PyTorch's: initialization, stratified and external validation, what early stopping watches.</summary>
public class GeneralizationTests
{
    private static Network<double> Network(Initialization init)
    {
        var network = Network<double>.Create(200, [300], 1, Activation.Relu);
        network.Initialize(new Rng(11), init);
        return network;
    }

    private static (double Mean, double Variance, double MaxAbs) Moments(
        ReadOnlySpan<double> values
    )
    {
        double mean = 0,
            max = 0;
        foreach (double v in values)
        {
            mean += v;
            max = Math.Max(max, Math.Abs(v));
        }
        mean /= values.Length;
        double variance = 0;
        foreach (double v in values)
        {
            variance += (v - mean) * (v - mean);
        }
        return (mean, variance / values.Length, max);
    }

    [Fact]
    public void Pytorch_init_draws_weights_and_biases_uniformly_within_one_over_root_fan_in()
    {
        var network = Network(Initialization.PyTorch);
        foreach (int layer in new[] { 0, 1 })
        {
            double bound = 1 / Math.Sqrt(network.Layers[layer].InputCount);
            var (_, _, max) = Moments(network.Weights(layer));
            Assert.True(max <= bound, $"layer {layer}: |w| {max} > {bound}");
            Assert.True(max > 0.95 * bound);
            var bias = Moments(network.Bias(layer));
            Assert.True(bias.MaxAbs <= bound && bias.MaxAbs > 0);
        }
        // The 60,000 weights of the first layer: U(−b, b) has mean 0 and variance b²/3.
        double b0 = 1 / Math.Sqrt(200);
        var (mean, variance, _) = Moments(network.Weights(0));
        Assert.True(Math.Abs(mean) < 0.02 * b0);
        Assert.Equal(b0 * b0 / 3, variance, b0 * b0 * 0.02);
    }

    [Theory]
    [InlineData("he")]
    [InlineData("glorot")]
    public void Normal_inits_have_their_variance_and_zero_biases(string name)
    {
        var init = TrainingSettings.ParseInit(name)!.Value;
        var network = Network(init);
        var layer = network.Layers[0];
        double expected =
            init == Initialization.He
                ? 2.0 / layer.InputCount
                : 2.0 / (layer.InputCount + layer.OutputCount);
        var (mean, variance, _) = Moments(network.Weights(0));
        Assert.True(Math.Abs(mean) < 0.02 * Math.Sqrt(expected));
        Assert.Equal(expected, variance, expected * 0.02);
        Assert.All(network.Bias(0).ToArray(), b => Assert.Equal(0, b));
    }

    private static Dataset Classes(int[] counts)
    {
        var target = counts.SelectMany((n, c) => Enumerable.Repeat((float)c, n)).ToArray();
        return new Dataset
        {
            Schema = new Schema
            {
                Sources = [new SourceFeature("x", null)],
                TargetName = "y",
                Task = counts.Length == 2 ? TaskKind.Binary : TaskKind.Multiclass,
                Classes = [.. counts.Select((_, c) => c.ToString(CultureInfo.InvariantCulture))],
                ClassesAreNumbers = true,
            },
            Columns = [new float[target.Length]],
            Origins = [0],
            Target = target,
            File = "test",
        };
    }

    [Fact]
    public void The_stratified_split_holds_out_each_class_share_and_the_plain_one_need_not()
    {
        var data = Classes([180, 15, 5]);
        var settings = new TrainingSettings { Validation = 0.2f, Seed = 3 };
        var (train, validation) = Trainer.Split(data, settings);
        int Count(int[] rows, int c) => rows.Count(r => data.Target[r] == c);
        Assert.Equal(
            [36, 3, 1],
            [Count(validation, 0), Count(validation, 1), Count(validation, 2)]
        );
        Assert.Equal(200, train.Length + validation.Length);
        Assert.Equal(train.Order(), train);
        Assert.Empty(train.Intersect(validation));
        var plain = Trainer.Split(data, settings with { Stratify = false });
        Assert.Equal(40, plain.Validation.Length);
        var again = Trainer.Split(data, settings with { Stratify = false });
        Assert.Equal(plain.Train, again.Train);
        Assert.Equal(plain.Validation, again.Validation);
    }

    [Fact]
    public void Validation_data_is_the_validation_rows_and_its_metrics_are_evals()
    {
        using var folder = new TempFolder();
        string train = folder.Write("train.csv", Generated.BinaryWithText(300, 1));
        string validation = folder.Write("val.csv", Generated.BinaryWithText(120, 2));
        string model = folder.File("m.mlp");
        var result = CliRunner.Run(
            "train",
            train,
            "--validation-data",
            validation,
            "--patience",
            "5",
            "--epochs",
            "60",
            "-o",
            model,
            "--json"
        );
        Assert.Equal(0, result.ExitCode);
        var summary = JsonDocument.Parse(result.Stdout).RootElement;
        var eval = JsonDocument
            .Parse(CliRunner.Run("eval", model, validation, "--json").Stdout)
            .RootElement.GetProperty("metrics");
        var reported = summary.GetProperty("validation_metrics");
        foreach (var name in new[] { "accuracy", "log_loss", "auc" })
        {
            Assert.Equal(
                eval.GetProperty(name).GetDouble(),
                reported.GetProperty(name).GetDouble(),
                5
            );
        }
        Assert.Equal(
            eval.GetProperty("log_loss").GetDouble(),
            summary.GetProperty("val_loss").GetDouble(),
            4
        );
    }

    [Fact]
    public void Monitoring_the_metric_keeps_the_epoch_with_the_best_validation_metric()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Generated.BinaryWithText(400, 3));
        string history = folder.File("h.csv");
        var result = CliRunner.Run(
            "train",
            data,
            "-o",
            folder.File("m.mlp"),
            "--validation",
            "0.3",
            "--patience",
            "15",
            "--monitor",
            "metric",
            "--epochs",
            "200",
            "--history",
            history,
            "--json"
        );
        Assert.Equal(0, result.ExitCode);
        int best = JsonDocument
            .Parse(result.Stdout)
            .RootElement.GetProperty("best_epoch")
            .GetInt32();
        var metrics = File.ReadAllLines(history)
            .Skip(1)
            .Select(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture))
            .ToArray();
        // The first epoch with the highest validation accuracy (later ties are not better).
        Assert.Equal(Array.IndexOf(metrics, metrics.Max()) + 1, best);
        Assert.Equal(best + 15, metrics.Length);
    }
}
