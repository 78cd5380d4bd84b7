using Mlp.Tests.EndToEnd;

namespace Mlp.Tests.Report;

/// <summary>
/// Three reports, written once for the browser tests: binary (with a categorical feature),
/// multiclass (iris) and regression, each from a model trained with early stopping, and how
/// Chromium rendered each of them.
/// </summary>
public sealed class ReportPages : IAsyncLifetime
{
    public static readonly string[] Tasks = ["binary", "multiclass", "regression"];

    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, RenderedReport> _rendered = [];

    public RenderedReport this[string task] => _rendered[task];

    public async Task InitializeAsync()
    {
        if (Chromium.Unavailable is not null)
        {
            return;
        }
        var data = new Dictionary<string, string>
        {
            // Long names, as real data has them: labels must not run into each other.
            ["binary"] = _folder.Write(
                "binary.csv",
                Generated
                    .BinaryWithText(300, 4)
                    .Replace(
                        "x1,x2,x3,color,label",
                        "worst_concave_points,mean_fractal_dimension,texture_standard_error,tumour_colour,label"
                    )
            ),
            ["multiclass"] = TestData.Iris,
            ["regression"] = _folder.Write("regression.csv", Generated.Regression(300, 5)),
        };
        await using var browser = await Chromium.Launch();
        foreach (string task in Tasks)
        {
            string model = _folder.File($"{task}.mlp"),
                page = _folder.File($"{task}.html");
            Run(
                "train",
                data[task],
                "--hidden",
                "16",
                "--epochs",
                "60",
                "--lr",
                "0.01",
                "--validation",
                "0.2",
                "--patience",
                "5",
                "-o",
                model,
                "--quiet"
            );
            Run("report", model, data[task], "-o", page, "--quiet");
            _rendered[task] = await RenderedReport.Open(browser, page);
        }
    }

    private static void Run(params string[] args)
    {
        var run = CliRunner.Run(args);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"mlp {args[0]} failed: {run.Stderr}");
        }
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
