using Mlp.Cli.Report;
using Mlp.Data;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>What `mlp report` was asked, its options checked.</summary>
/// <param name="Sections">The sections to include, in page order.</param>
internal sealed record ReportRequest(
    string ModelPath,
    string DataPath,
    string OutputPath,
    string[] Sections,
    long Seed
)
{
    /// <summary>--rows as given: a count, "all", or null for the default.</summary>
    public string? Rows { get; init; }

    /// <summary>--background as given: a row count or a file.</summary>
    public string Background { get; init; } = "100";
    public string? Title { get; init; }
}

/// <summary>Reads the model and rows, builds every section, writes the page.</summary>
internal static class ReportRun
{
    public static int Run(ReportRequest request, CliContext run)
    {
        using var outputs = new OutputPlan(run);
        outputs.Input("model", request.ModelPath);
        outputs.Input("data", request.DataPath);
        outputs.Input("--background file", ExplainInputs.BackgroundFile(request.Background));
        var page = outputs.Output("-o", request.OutputPath);
        var loaded = ModelFileReader.Load(request.ModelPath);
        var progress = new WorkCounter();
        var (all, explained) = ExplainInputs.Labelled(
            loaded,
            LabelledRows.Read(loaded.Schema, request.DataPath, readTarget: true, run.Reading),
            request.Rows,
            request.Seed,
            run,
            progress
        );
        var reportData = new ReportData
        {
            Model = loaded,
            DataName = CsvSource.DisplayName(request.DataPath),
            All = all,
            Explained = explained,
            Background = ExplainInputs.BackgroundRows(
                loaded,
                all,
                request.Background,
                request.Seed,
                run
            ),
            Seed = request.Seed,
            Progress = progress,
        };
        string modelName = Path.GetFileName(request.ModelPath);
        string html = WorkProgress.Show(
            run,
            progress,
            () =>
                ReportWriter.Build(
                    reportData,
                    request.Sections,
                    request.Title ?? $"{modelName} on {Path.GetFileName(reportData.DataName)}",
                    modelName,
                    note => progress.Note($"mlp: note: {note}", run.Error)
                )
        );
        outputs.Write(page, stream => stream.Write(ModelFile.Utf8.GetBytes(html)));
        outputs.Commit();
        if (!outputs.WritesStdout)
        {
            run.Note($"wrote {request.OutputPath}");
        }
        return 0;
    }
}
