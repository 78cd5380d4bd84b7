using Mlp.Cli.Plot;
using Mlp.Model;

namespace Mlp.Cli.Report;

/// <summary>Decision regions (or the predicted value) over the two most important numeric features.</summary>
internal static class RegionsSection
{
    private const int GridSize = 200;

    public static void Write(HtmlReport report, ReportData data)
    {
        var schema = data.Schema;
        var pair = TopNumericPair(data);
        bool regression = schema.Task == TaskKind.Regression;
        report.Section(
            "regions",
            regression ? "Prediction map" : "Decision regions",
            regression
                ? "The predicted value over the two most important numeric features, every other feature at its training mean, with the data's rows on top: colour bands that follow the points show what the two features explain."
                : "The class the model predicts over the two most important numeric features, every other feature at its training mean, with the data's rows on top in their true class's colour: points inside a region of another colour are rows those two features alone cannot place.",
            () =>
            {
                if (pair is not var (x, y))
                {
                    report.Note(
                        "This model has fewer than two numeric features: there is no plane to draw."
                    );
                    return;
                }
                var rows = new PlotData(data.All.Inputs, data.All.Targets);
                report.Picture(
                    BoundaryChart.Draw(data.Model, rows, x.Input, y.Input, GridSize),
                    $"{x.Name} (across) and {y.Name} (up), the two numeric features ranked highest by permutation importance; {data.All.Rows:N0} rows."
                );
            }
        );
    }

    /// <summary>The inputs of the two highest-ranked numeric source features, or null.</summary>
    private static ((string Name, int Input) X, (string Name, int Input) Y)? TopNumericPair(
        ReportData data
    )
    {
        var sources = data.Schema.Sources;
        var numeric = data.Ranking!.Where(s => !sources[s].IsCategorical)
            .Select(s => (sources[s].Name, data.All.Groups[s].Start))
            .Take(2)
            .ToArray();
        return numeric.Length == 2 ? (numeric[0], numeric[1]) : null;
    }
}
