using System.Globalization;
using System.Text.Json;

namespace Mlp.Tests.Model;

/// <summary>`mlp info` against the model's other faces: the weights JSON, hand-counted parameters, and what predict does with a gap.</summary>
public class InfoCommandTests
{
    private const string Data =
        "a,b,c,y\n1,x,0.5,0\n2,,0.1,1\n,y,0.3,0\n4,x,,1\n5,y,0.2,0\n6,,0.9,1\n7,x,0.4,0\n,y,0.8,1\n";

    [Fact]
    public void Info_describes_every_column_the_network_and_the_training_as_the_file_holds_them()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--epochs", "3", "--hidden", "5").ExitCode
        );
        var info = CliRunner.Run("info", model, "--json");
        Assert.True(info.ExitCode == 0, info.Stderr);
        var json = JsonDocument.Parse(info.Stdout).RootElement;
        var weights = JsonDocument.Parse(CliRunner.Run("weights", model).Stdout).RootElement;
        Assert.Equal("mlp/5", json.GetProperty("format").GetString());
        // Inputs a, a=(missing), b=x, b=y, b=(missing), c, c=(missing): 7·5 + 5 + 5·1 + 1.
        Assert.Equal(7, json.GetProperty("inputs").GetInt32());
        Assert.Equal(46, json.GetProperty("parameters").GetInt32());
        var features = json.GetProperty("features");
        Assert.Equal(
            ["a", "a=(missing)"],
            features[0].GetProperty("inputs").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Equal(
            weights.GetProperty("input_scaling").GetProperty("mean")[0].GetDouble(),
            features[0].GetProperty("mean").GetDouble()
        );
        Assert.Equal(
            "4.5, with a=(missing) set to 1",
            features[0].GetProperty("missing").GetString()
        );
        Assert.Equal("the category (missing)", features[1].GetProperty("missing").GetString());
        Assert.Equal(3, json.GetProperty("training").GetProperty("epochs").GetInt32());
        Assert.Equal(3, json.GetProperty("kept_epoch").GetInt32());
        var text = CliRunner.Run("info", model);
        Assert.Contains("format mlp/5, 46 parameters", text.Stdout);
        Assert.Contains("a gap: the category (missing)", text.Stdout);
    }

    [Theory]
    [InlineData("median")]
    [InlineData("most-frequent")]
    public void The_fill_info_states_is_the_one_predict_applies(string rule)
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "-o", model, "--epochs", "3", "--missing", rule).ExitCode
        );
        var features = JsonDocument
            .Parse(CliRunner.Run("info", model, "--json").Stdout)
            .RootElement.GetProperty("features");
        string fill = features[0].GetProperty("missing").GetString()!;
        double value = double.Parse(fill, CultureInfo.InvariantCulture);
        string Predict(string row) =>
            CliRunner.RunWithInput($"a,b,c\n{row}\n", "predict", model, "-").Stdout;
        Assert.Equal(
            Predict($"{value.ToString(CultureInfo.InvariantCulture)},x,0.5"),
            Predict(",x,0.5")
        );
        var strict = folder.File("s.mlp");
        string clean = folder.Write("clean.csv", "a,b,y\n1,x,0\n2,y,1\n3,x,0\n");
        Assert.Equal(
            0,
            CliRunner
                .Run("train", clean, "-o", strict, "--epochs", "2", "--missing", "error")
                .ExitCode
        );
        Assert.Contains("a gap: refused (--missing error)", CliRunner.Run("info", strict).Stdout);
    }

    [Fact]
    public void Info_counts_an_ensembles_members_apart_from_the_joined_network()
    {
        using var folder = new TempFolder();
        string data = folder.Write("d.csv", Data);
        string model = folder.File("m.mlp");
        Assert.Equal(
            0,
            CliRunner
                .Run(
                    "train",
                    data,
                    "-o",
                    model,
                    "--epochs",
                    "2",
                    "--hidden",
                    "4,3",
                    "--ensemble",
                    "3"
                )
                .ExitCode
        );
        var json = JsonDocument.Parse(CliRunner.Run("info", model, "--json").Stdout).RootElement;
        // A member: 7·4 + 4 + 4·3 + 3 + 3·1 + 1 = 51; joined: 7·12 + 12 + 12·9 + 9 + 9 + 1 = 223.
        Assert.Equal(51, json.GetProperty("parameters_per_member").GetInt32());
        Assert.Equal(223, json.GetProperty("parameters").GetInt32());
        Assert.Equal(3, json.GetProperty("members").GetInt32());
        Assert.Equal(1, CliRunner.Run("info", data).ExitCode);
    }
}
