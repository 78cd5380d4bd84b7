using System.Net;
using System.Text.Json;

namespace Mlp.Tests.Report;

/// <summary>
/// What the report, `mlp info` and predict say of a missing value is one rule: for every column
/// of models trained under every missing-value setting, the report's "a missing value
/// becomes" cell is info's text, and predict refuses an empty cell exactly where that text
/// says "refused".
/// </summary>
public sealed class GapRuleTests
{
    private const string Clean = "a,b,y\n1,x,0\n2,y,1\n3,x,0\n4,y,1\n5,x,1\n6,y,0\n";
    private const string TextGap = "a,b,y\n1,x,0\n2,,1\n3,x,0\n4,y,1\n5,x,1\n6,y,0\n";
    private const string BothGaps = "a,b,y\n1,x,0\n2,,1\n,x,0\n4,y,1\n5,x,1\n6,y,0\n";

    [Theory]
    [InlineData(Clean, "--missing error")]
    [InlineData(TextGap, "--missing error --missing-category")]
    [InlineData(BothGaps, "--missing mean")]
    [InlineData(BothGaps, "--missing median --missing-category")]
    [InlineData(BothGaps, "--missing auto")]
    public void The_report_info_and_predict_agree_on_what_a_gap_becomes(string data, string rule)
    {
        using var folder = new TempFolder();
        string path = folder.Write("d.csv", data);
        string model = folder.File("m.mlp");
        var train = CliRunner.Run([
            "train",
            path,
            "-o",
            model,
            "--epochs",
            "2",
            .. rule.Split(' '),
        ]);
        Assert.True(train.ExitCode == 0, train.Stderr);
        var features = JsonDocument
            .Parse(CliRunner.Run("info", model, "--json").Stdout)
            .RootElement.GetProperty("features");
        string page = folder.File("r.html");
        Assert.Equal(
            0,
            CliRunner.Run("report", model, path, "-o", page, "--sections", "model").ExitCode
        );
        string html = File.ReadAllText(page);
        for (int column = 0; column < 2; column++)
        {
            string name = column == 0 ? "a" : "b";
            var feature = features
                .EnumerateArray()
                .Single(f => f.GetProperty("name").GetString() == name);
            string said = feature.GetProperty("missing").GetString()!;
            Assert.Contains($"<td class=\"text\">{WebUtility.HtmlEncode(said)}</td>", html);
            var predicted = CliRunner.RunWithInput(
                $"a,b\n{(column == 0 ? ",x" : "1,")}\n",
                "predict",
                model,
                "-"
            );
            Assert.True(
                (predicted.ExitCode == 1) == said.StartsWith("refused", StringComparison.Ordinal),
                $"{rule}, {name}: says \"{said}\", predict exit {predicted.ExitCode}: {predicted.Stderr}"
            );
        }
    }
}
