using System.Text.Json;

namespace Mlp.Tests.Library;

/// <summary>
/// The library's evaluation and explanations, through its public API only: the figures the
/// commands print with the same rows, seed and options (the methods' own numbers are checked
/// against hand computations and independent code in Mlp.Tests.Explain).
/// </summary>
public class LibraryExplanationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _modelPath;
    private readonly TrainedModel _model;

    public LibraryExplanationTests()
    {
        _modelPath = _folder.File("iris.mlp");
        TrainedModel
            .Train(
                TestData.Iris,
                new TrainingOptions
                {
                    Epochs = 25,
                    Seed = 5,
                    Hidden = [10],
                }
            )
            .Save(_modelPath);
        _model = TrainedModel.Load(_modelPath);
    }

    public void Dispose() => _folder.Dispose();

    private static JsonElement Json(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    [Fact]
    public void Evaluate_gives_the_metrics_mlp_eval_prints()
    {
        var evaluation = _model.Evaluate(TestData.Iris);
        var cli = Json("eval", _modelPath, TestData.Iris, "--json");
        Assert.Equal(150, evaluation.Rows);
        var metrics = cli.GetProperty("metrics").EnumerateObject().ToArray();
        Assert.Equal(metrics.Select(m => m.Name), evaluation.Metrics.Keys);
        foreach (var metric in metrics)
        {
            Assert.Equal(metric.Value.GetDouble(), evaluation.Metrics[metric.Name]);
        }
    }

    public static TheoryData<ImportanceMethod, string> Methods() =>
        new()
        {
            { ImportanceMethod.Permutation, "permutation" },
            { ImportanceMethod.Gradient, "gradient" },
            { ImportanceMethod.InputTimesGradient, "input-x-gradient" },
            { ImportanceMethod.IntegratedGradients, "integrated-gradients" },
            { ImportanceMethod.Shap, "shap" },
            { ImportanceMethod.Garson, "garson" },
            { ImportanceMethod.Olden, "olden" },
            { ImportanceMethod.FirstLayer, "first-layer" },
            { ImportanceMethod.PartialDependence, "pdp" },
            { ImportanceMethod.Lime, "lime" },
        };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Importance_gives_the_figures_mlp_importance_prints(
        ImportanceMethod method,
        string name
    )
    {
        var options = new ExplanationOptions
        {
            Rows = 60,
            Seed = 11,
            Samples = 200,
            Background = 30,
        };
        var scores = _model.Importance(TestData.Iris, method, options);
        string[] extra = name switch
        {
            "lime" => ["--samples", "200"],
            "shap" => ["--background", "30"],
            _ => [],
        };
        var cli = Json([
            "importance",
            _modelPath,
            TestData.Iris,
            "--method",
            name,
            "--rows",
            "60",
            "--seed",
            "11",
            "--json",
            .. extra,
        ]);
        var features = cli.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(
            features.Select(f => f.GetProperty("name").GetString()),
            scores.Select(s => s.Feature)
        );
        for (int i = 0; i < features.Length; i++)
        {
            Assert.Equal(features[i].GetProperty("importance").GetDouble(), scores[i].Importance);
            var std = features[i].GetProperty("std");
            Assert.Equal(
                std.ValueKind == JsonValueKind.Null ? null : std.GetDouble(),
                scores[i].Std
            );
        }
    }

    [Fact]
    public void Partial_dependence_gives_the_curve_mlp_pdp_prints_with_its_ice_rows()
    {
        var curve = _model.PartialDependence(
            TestData.Iris,
            "petal_width_cm",
            individual: true,
            new ExplanationOptions { Class = "virginica" }
        );
        var cli = Json(
            "pdp",
            _modelPath,
            TestData.Iris,
            "--features",
            "petal_width_cm",
            "--class",
            "virginica",
            "--kind",
            "both",
            "--json"
        );
        Assert.Equal(
            cli.GetProperty("grid")[0].EnumerateArray().Select(v => v.GetDouble()),
            curve.Grid
        );
        Assert.Equal(
            cli.GetProperty("average").EnumerateArray().Select(v => v.GetDouble()),
            curve.Average
        );
        var individual = cli.GetProperty("individual").EnumerateArray().ToArray();
        Assert.Equal(individual.Length, curve.Individual!.GetLength(0));
        for (int r = 0; r < individual.Length; r += 29)
        {
            var values = individual[r].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int p = 0; p < values.Length; p++)
            {
                Assert.Equal(values[p], curve.Individual[r, p]);
            }
        }
        Assert.Null(curve.Categories);
        Assert.Throws<ArgumentException>(() => _model.PartialDependence(TestData.Iris, "petal"));
        Assert.Throws<ArgumentException>(() =>
            _model.PartialDependence(
                TestData.Iris,
                "petal_width_cm",
                options: new() { Class = "rose" }
            )
        );
    }

    [Fact]
    public void Interactions_give_the_pairs_mlp_interactions_prints_strongest_first()
    {
        var pairs = _model.Interactions(
            TestData.Iris,
            new ExplanationOptions { Rows = 80, Seed = 2 }
        );
        var cli = Json(
            "interactions",
            _modelPath,
            TestData.Iris,
            "--rows",
            "80",
            "--seed",
            "2",
            "--json"
        );
        var expected = cli.GetProperty("pairs").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, pairs.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("a").GetString(), pairs[i].First);
            Assert.Equal(expected[i].GetProperty("b").GetString(), pairs[i].Second);
            Assert.Equal(expected[i].GetProperty("value").GetDouble(), pairs[i].Strength);
            Assert.Equal(expected[i].GetProperty("size").GetDouble(), pairs[i].Size);
        }
    }

    [Fact]
    public void A_setting_an_explanation_cannot_use_is_refused_by_its_name()
    {
        var metric = Assert.Throws<InvalidSettingException>(() =>
            _model.Importance(TestData.Iris, options: new() { Metric = "r2" })
        );
        Assert.Equal((nameof(ExplanationOptions.Metric), "r2"), (metric.Setting, metric.Value));
        Assert.Contains("accuracy", metric.Detail, StringComparison.Ordinal);
        var deep = TrainedModel.Train(
            TestData.Iris,
            new TrainingOptions { Epochs = 1, Hidden = [4, 4] }
        );
        var garson = Assert.Throws<InvalidSettingException>(() =>
            deep.Importance(TestData.Iris, ImportanceMethod.Garson)
        );
        Assert.Equal(("Method", "garson"), (garson.Setting, garson.Value));
        Assert.DoesNotContain("--", garson.Message + garson.Detail, StringComparison.Ordinal);
    }
}
