using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Model;
using Mlp.Tests.EndToEnd;
using Mlp.Tests.Model;

namespace Mlp.Tests.Report;

/// <summary>`mlp report` as a command: what the page holds, its options, and its refusals.</summary>
public partial class ReportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _data;
    private readonly string _model;

    public ReportCommandTests()
    {
        _data = _folder.Write("binary.csv", Generated.BinaryWithText(200, 8));
        _model = _folder.File("model.mlp");
        var run = CliRunner.Run(
            "train",
            _data,
            "--hidden",
            "8",
            "--epochs",
            "20",
            "--lr",
            "0.01",
            "-o",
            _model
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    public void Dispose() => _folder.Dispose();

    private string Report(params string[] options)
    {
        string path = _folder.File($"report-{Guid.NewGuid():N}.html");
        var run = CliRunner.Run(["report", _model, _data, "-o", path, .. options]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"wrote {path}", run.Stderr);
        return File.ReadAllText(path);
    }

    private static string[] SectionIds(string html) =>
        [.. SectionId().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<section id=\"([a-z]+)\">")]
    private static partial Regex SectionId();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex AnyId();

    [Fact]
    public void Sections_come_in_page_order_whatever_order_they_are_named_in()
    {
        Assert.Equal(["model", "metrics"], SectionIds(Report("--sections", "metrics,model")));
        Assert.Equal(
            ["importance", "regions"],
            SectionIds(Report("--sections", "regions,importance"))
        );
    }

    [Fact]
    public void The_page_fetches_nothing_runs_no_script_and_its_ids_are_unique()
    {
        string html = Report();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html);
        // The only URLs are the SVG namespaces' names, which are never fetched.
        var urls = Regex.Matches(html, "https?://[^\"' )]+").Select(m => m.Value).Distinct();
        Assert.All(
            urls,
            url =>
                Assert.Contains(
                    url,
                    new[] { "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink" }
                )
        );
        // Every picture's clip paths and images keep ids of their own on one page.
        var ids = AnyId().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.True(ids.Count > 20);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var references = Regex
            .Matches(html, "url\\(#([^)]+)\\)|href=\"#([^\"]+)\"")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    [Fact]
    public void The_title_is_text_not_markup()
    {
        string html = Report("--title", "<b>churn</b> & \"friends\"", "--sections", "model");
        Assert.DoesNotContain("<b>churn", html);
        Assert.Contains("<h1>&lt;b&gt;churn&lt;/b&gt; &amp; &quot;friends&quot;</h1>", html);
    }

    [Fact]
    public void The_metrics_are_those_eval_prints()
    {
        string html = Report("--sections", "metrics");
        var eval = CliRunner.Run("eval", _model, _data);
        foreach (string metric in new[] { "accuracy", "auc", "f1" })
        {
            double printed = double.Parse(
                Regex.Match(eval.Stdout, $"{metric} +([0-9.]+)").Groups[1].Value,
                CultureInfo.InvariantCulture
            );
            double shown = double.Parse(
                Regex
                    .Match(html, $"<th scope=\"row\">{metric}</th><td>([0-9.]+)</td>")
                    .Groups[1]
                    .Value,
                CultureInfo.InvariantCulture
            );
            Assert.Equal(printed, shown, 5);
        }
    }

    [Fact]
    public void The_importance_table_shows_what_importance_all_prints_for_the_same_rows_and_seed()
    {
        string html = Report("--sections", "importance", "--rows", "60", "--seed", "3");
        var run = CliRunner.Run(
            "importance",
            _model,
            _data,
            "--method",
            "all",
            "--rows",
            "60",
            "--seed",
            "3",
            "--format",
            "csv"
        );
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Trim().Split('\n');
        var header = lines[0].Split(',');
        int shap = Array.IndexOf(header, "shap");
        foreach (string line in lines.Skip(1))
        {
            var cells = line.Split(',');
            double value = double.Parse(cells[shap], CultureInfo.InvariantCulture);
            string rank = cells[shap + 1];
            Assert.Contains($"{value.ToString("F3", CultureInfo.InvariantCulture)} ({rank})", html);
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_page_byte_for_byte() =>
        Assert.Equal(Report("--seed", "5", "--rows", "80"), Report("--seed", "5", "--rows", "80"));

    [Fact]
    public void A_model_written_before_the_history_was_kept_says_so()
    {
        var model = ModelFileReader.Load(_model);
        string path = _folder.File("old.mlp");
        TestModels.WriteAsFormat(model, "mlp/2", path);
        string page = _folder.File("old.html");
        var run = CliRunner.Run("report", path, _data, "-o", page, "--sections", "model");
        Assert.Equal(0, run.ExitCode);
        string html = File.ReadAllText(page);
        Assert.Contains("does not store its training history", html);
        Assert.DoesNotContain("<svg", html);
    }

    [Fact]
    public void An_unknown_section_is_a_usage_error_naming_the_sections()
    {
        var run = CliRunner.Run(
            "report",
            _model,
            _data,
            "-o",
            _folder.File("r.html"),
            "--sections",
            "model,shapley"
        );
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"shapley\"", run.Stderr);
        Assert.Contains(
            "model,metrics,importance,dependence,interactions,weights,regions",
            run.Stderr
        );
        Assert.False(File.Exists(_folder.File("r.html")));
    }

    [Fact]
    public void A_failed_report_leaves_the_previous_page_untouched()
    {
        string page = _folder.Write("kept.html", "the previous report");
        string unlabelled = _folder.Write("unlabelled.csv", "x1,x2,x3,color\n1,2,0.1,red\n");
        var run = CliRunner.Run("report", _model, unlabelled, "-o", page);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("mlp: error:", run.Stderr);
        Assert.Equal("the previous report", File.ReadAllText(page));
        Assert.Single(Directory.GetFiles(_folder.Path, "kept*"));
    }

    [Fact]
    public void The_page_cannot_overwrite_the_model_or_the_data()
    {
        byte[] model = File.ReadAllBytes(_model);
        Assert.Equal(2, CliRunner.Run("report", _model, _data, "-o", _model).ExitCode);
        Assert.Equal(2, CliRunner.Run("report", _model, _data, "-o", _data).ExitCode);
        Assert.Equal(model, File.ReadAllBytes(_model));
    }

    [Fact]
    public void A_model_with_one_numeric_feature_has_no_plane_to_draw_and_says_so()
    {
        string data = _folder.Write(
            "one.csv",
            "x,color,y\n"
                + string.Concat(
                    Enumerable
                        .Range(0, 60)
                        .Select(i =>
                            $"{i % 7},{(i % 3 == 0 ? "red" : "blue")},{(i % 2 == 0 ? "a" : "b")}\n"
                        )
                )
        );
        string model = _folder.File("one.mlp");
        Assert.Equal(
            0,
            CliRunner.Run("train", data, "--hidden", "4", "--epochs", "3", "-o", model).ExitCode
        );
        string page = _folder.File("one.html");
        var run = CliRunner.Run("report", model, data, "-o", page, "--sections", "regions");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("fewer than two numeric features", File.ReadAllText(page));
    }

    [Fact]
    public void A_model_right_on_every_row_still_ranks_its_informative_features_first()
    {
        // Ten noise columns before six copies of the column that decides the label with a wide
        // margin: with any one copy shuffled the other five still decide, so accuracy moves for
        // no single column, and ranking by it would pick the first columns.
        var random = new Random(4);
        string header =
            string.Join(",", Enumerable.Range(0, 10).Select(i => $"n{i}"))
            + ","
            + string.Join(",", Enumerable.Range(0, 6).Select(i => $"signal_{i}"))
            + ",label\n";
        var csv = new System.Text.StringBuilder(header);
        for (int r = 0; r < 200; r++)
        {
            double signal = (r % 2 == 0 ? 1 : -1) * (1 + random.NextDouble());
            var noise = Enumerable.Range(0, 10).Select(_ => random.NextDouble() - 0.5);
            var cells = noise
                .Concat(Enumerable.Repeat(signal, 6))
                .Select(v => v.ToString("0.###", CultureInfo.InvariantCulture));
            csv.Append(string.Join(",", cells)).Append(signal > 0 ? ",yes\n" : ",no\n");
        }
        string data = _folder.Write("margin.csv", csv.ToString());
        string model = _folder.File("margin.mlp");
        string[] train =
        [
            "train",
            data,
            "--hidden",
            "8",
            "--epochs",
            "40",
            "--lr",
            "0.01",
            "-o",
            model,
        ];
        Assert.Equal(0, CliRunner.Run(train).ExitCode);
        var byAccuracy = CliRunner.Run("importance", model, data, "--format", "csv").Stdout;
        Assert.All(byAccuracy.Trim().Split('\n').Skip(1), line => Assert.Contains(",0,", line));
        string page = _folder.File("margin.html");
        var run = CliRunner.Run("report", model, data, "-o", page, "--sections", "dependence");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("<figcaption>signal_", File.ReadAllText(page));
    }
}
