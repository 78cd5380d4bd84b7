using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

public class ImportanceCommandTests
{
    private static (TempFolder Folder, string Data, string Model) Trained(string hidden = "12")
    {
        var folder = new TempFolder();
        string data = folder.Write("influence.csv", Generated.Influence(3000, 11));
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", data, "-o", model, "--hidden", hidden, "--epochs", "20", "--quiet")
                .ExitCode
        );
        return (folder, data, model);
    }

    [Fact]
    public void Permutation_integrated_gradients_shap_pdp_and_lime_rank_the_influences_in_their_true_order()
    {
        var (folder, data, model) = Trained();
        using (folder)
        {
            var result = CliRunner.Run(
                "importance",
                model,
                data,
                "--method",
                "all",
                "--format",
                "json",
                "--rows",
                "400",
                "--repeats",
                "5"
            );
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            var features = json.RootElement.GetProperty("features").EnumerateArray().ToArray();
            Assert.Equal(
                ["c1", "c2", "c3", "c4", "c5"],
                features.Select(f => f.GetProperty("name").GetString())
            );
            foreach (
                var method in new[] { "permutation", "integrated-gradients", "shap", "pdp", "lime" }
            )
            {
                Assert.Equal(
                    [1, 2, 3, 4, 5],
                    features.Select(f => f.GetProperty(method + "_rank").GetInt32())
                );
                double total = features.Sum(f => Math.Abs(f.GetProperty(method).GetDouble()));
                Assert.Equal(1.0, total, 9);
            }
        }
    }

    [Fact]
    public void Json_report_follows_the_contract_schema()
    {
        var (folder, data, model) = Trained();
        using (folder)
        {
            var result = CliRunner.Run(
                "importance",
                model,
                data,
                "--format",
                "json",
                "--repeats",
                "3",
                "--rows",
                "200"
            );
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Stdout);
            var root = json.RootElement;
            Assert.Equal("mlp-importance/1", root.GetProperty("format").GetString());
            Assert.Equal("permutation", root.GetProperty("method").GetString());
            Assert.Equal("accuracy", root.GetProperty("metric").GetString());
            Assert.Equal(3, root.GetProperty("repeats").GetInt32());
            Assert.Equal(200, root.GetProperty("rows").GetInt32());
            Assert.Equal(42, root.GetProperty("seed").GetInt64());
            var first = root.GetProperty("features")[0];
            foreach (var field in new[] { "name", "importance", "std", "signed_mean", "rank" })
            {
                Assert.True(first.TryGetProperty(field, out _), field);
            }
            var again = CliRunner.Run(
                "importance",
                model,
                data,
                "--format",
                "json",
                "--repeats",
                "3",
                "--rows",
                "200"
            );
            Assert.Equal(result.Stdout, again.Stdout);
        }
    }

    [Fact]
    public void Garson_refuses_a_network_with_two_hidden_layers()
    {
        var (folder, data, model) = Trained("8,8");
        using (folder)
        {
            var result = CliRunner.Run("importance", model, data, "--method", "garson");
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith(
                "mlp: error: --method garson is defined for networks with one hidden layer",
                result.Stderr
            );
        }
    }

    [Fact]
    public void Olden_on_iris_reports_every_class_and_all_runs_without_a_class()
    {
        using var folder = new TempFolder();
        string model = folder.File("iris.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run(
                    "train",
                    TestData.Iris,
                    "-o",
                    model,
                    "--hidden",
                    "8",
                    "--epochs",
                    "30",
                    "--quiet"
                )
                .ExitCode
        );
        var olden = CliRunner.Run(
            "importance",
            model,
            TestData.Iris,
            "--method",
            "olden",
            "--format",
            "json"
        );
        Assert.Equal(0, olden.ExitCode);
        using var json = JsonDocument.Parse(olden.Stdout);
        foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
        {
            var perClass = feature.GetProperty("per_class");
            Assert.Equal(
                ["setosa", "versicolor", "virginica"],
                perClass.EnumerateObject().Select(p => p.Name)
            );
            double meanAbsolute = perClass
                .EnumerateObject()
                .Average(p => Math.Abs(p.Value.GetDouble()));
            Assert.Equal(meanAbsolute, feature.GetProperty("importance").GetDouble(), 9);
        }
        var all = CliRunner.Run(
            "importance",
            model,
            TestData.Iris,
            "--method",
            "all",
            "--repeats",
            "2"
        );
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("garson", all.Stdout);
    }
}
