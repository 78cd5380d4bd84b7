using System.CommandLine;
using Mlp.Cli.Report;
using Mlp.Data;
using Mlp.Explain;
using Mlp.Model;

namespace Mlp.Cli.Commands;

/// <summary>`mlp report MODEL DATA -o report.html`: one self-contained page that explains the model on the data.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data("Labelled CSV with the model's feature and target columns");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The HTML file to write ('-' is stdout)",
            DefaultValueFactory = _ => "report.html",
        };
        var rows = CommonOptions.Rows(
            $"Rows the explanations use: N (sampled with --seed) or all [default: all, up to {ImportanceOptions.DefaultRows} sampled; the interactions use at most {InteractionsSection.MaxRows} of them]"
        );
        var background = ExplainInputs.BackgroundOption("shap");
        var seed = CommonOptions.Seed();
        var sections = new Option<string?>("--sections")
        {
            Description =
                $"The sections to include, e.g. --sections model,metrics [default: all: {string.Join(",", ReportSections.Names)}]",
        };
        var title = new Option<string?>("--title")
        {
            Description = "The page's title [default: the model's and the data's file names]",
        };
        var quiet = CommonOptions.Quiet();
        var command = new Command(
            "report",
            "Write one self-contained HTML page that explains the model on the data: model, metrics, importance by every method, partial dependence, interactions, weights and decision regions"
        )
        {
            model,
            data,
            output,
            rows,
            background,
            seed,
            sections,
            title,
            quiet,
        };
        command.SetAction(parse =>
            ReportRun.Run(
                new ReportRequest(
                    parse.GetValue(model)!,
                    parse.GetValue(data)!,
                    parse.GetValue(output)!,
                    Sections(parse.GetValue(sections)),
                    parse.GetValue(seed)
                )
                {
                    Rows = parse.GetValue(rows),
                    Background = parse.GetValue(background)!,
                    Title = parse.GetValue(title),
                },
                parse.GetValue(quiet) ? context.AsQuiet() : context
            )
        );
        return command;
    }

    /// <summary>--sections "a,b": the named sections in page order; absent: all of them.</summary>
    private static string[] Sections(string? text)
    {
        if (text is null)
        {
            return ReportSections.Names;
        }
        var chosen = OptionParsing.List(text);
        var unknown = chosen.FirstOrDefault(name => !ReportSections.Names.Contains(name));
        if (unknown is not null || chosen.Count == 0)
        {
            throw new UsageException(
                unknown is null
                    ? "--sections names no section"
                    : $"--sections names \"{unknown}\", which is not a section of the report",
                $"the sections are: {string.Join(",", ReportSections.Names)}"
            );
        }
        return [.. ReportSections.Names.Where(chosen.Contains)];
    }
}
