using System.Globalization;
using Mlp.Model;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>One trained combination of a sweep: its setting in words, its scores, the model and its losses.</summary>
internal sealed record SweepPanel(
    string Setting,
    string Scores,
    MlpModel Model,
    IReadOnlyList<EpochRecord> History
);

/// <summary>
/// A sweep side by side: one decision-region panel per combination over the same two features
/// and the same data (<c>columns</c> across), each titled with its setting and scores; or, when
/// regions do not apply, every combination's loss curve on one plot.
/// </summary>
internal static class SweepChart
{
    private const int GridSize = 150;

    public static Figure Draw(
        IReadOnlyList<SweepPanel> panels,
        int columns,
        PlotData data,
        (int X, int Y)? axes,
        string lossName
    ) => axes is (int x, int y) ? Regions(panels, columns, data, x, y) : Losses(panels, lossName);

    private static Figure Regions(
        IReadOnlyList<SweepPanel> sweep,
        int columns,
        PlotData data,
        int xInput,
        int yInput
    )
    {
        var first = sweep[0].Model;
        int width = first.Network.InputCount;
        var xRange = BoundaryChart.Range(data, xInput, width);
        var yRange = BoundaryChart.Range(data, yInput, width);
        var grids = sweep
            .Select(r =>
            {
                var grid = new DecisionGrid(r.Model, xInput, yInput, xRange, yRange, GridSize);
                grid.Evaluate();
                return grid;
            })
            .ToArray();
        var colors = BoundaryChart.Colors(first, data, grids); // one scale for every panel
        var names = first.Schema.FeatureNames;
        var xs = BoundaryChart.Column(data, xInput, width);
        var ys = BoundaryChart.Column(data, yInput, width);
        var panels = sweep
            .Select(
                (r, i) =>
                    BoundaryChart.Panel(
                        r.Model,
                        grids[i].Outputs,
                        GridSize,
                        xRange,
                        yRange,
                        xs,
                        ys,
                        data.Targets,
                        colors,
                        names[xInput],
                        names[yInput],
                        $"{r.Setting}\n{r.Scores}"
                    )
            )
            .ToArray();
        int rows = (panels.Length + columns - 1) / columns;
        int headerHeight = width > 2 ? 30 : 0;
        var figure = new Figure(
            columns * BoundaryChart.PanelWidth + BoundaryChart.SideWidth,
            headerHeight + rows * BoundaryChart.PanelHeight
        );
        if (width > 2)
        {
            figure.Add(canvas =>
                Header(canvas, figure.Width, "every other input at its training mean")
            );
        }
        for (int p = 0; p < panels.Length; p++)
        {
            // The first row's last panel has the legend in its extra room; a fixed layout keeps
            // every panel's data area the same size.
            bool side = p == Math.Min(columns, panels.Length) - 1;
            if (side)
            {
                BoundaryChart.Side(panels[p], first, colors);
            }
            panels[p]
                .Layout.Fixed(
                    new PixelPadding(60, 15 + (side ? BoundaryChart.SideWidth : 0), 45, 62)
                );
            int left = p % columns * BoundaryChart.PanelWidth;
            int right = left + BoundaryChart.PanelWidth + (side ? BoundaryChart.SideWidth : 0);
            int top = headerHeight + p / columns * BoundaryChart.PanelHeight;
            figure.Add(panels[p], new PixelRect(left, right, top + BoundaryChart.PanelHeight, top));
        }
        return figure;
    }

    private static void Header(SkiaSharp.SKCanvas canvas, int width, string text)
    {
        using var font = new SkiaSharp.SKFont(PictureFonts.Typeface, 13);
        using var paint = new SkiaSharp.SKPaint
        {
            Color = new SkiaSharp.SKColor(Rgba.Text.R, Rgba.Text.G, Rgba.Text.B),
            IsAntialias = true,
        };
        canvas.DrawText(text, width / 2f, 20, SkiaSharp.SKTextAlign.Center, font, paint);
    }

    private static Figure Losses(IReadOnlyList<SweepPanel> results, string lossName)
    {
        var plot = Figure.NewPlot();
        double min = results
                .SelectMany(r => r.History.Select(h => h.TrainLoss))
                .Where(double.IsFinite)
                .DefaultIfEmpty(1)
                .Min(),
            max = results
                .SelectMany(r => r.History.Select(h => h.TrainLoss))
                .Where(double.IsFinite)
                .DefaultIfEmpty(1)
                .Max();
        bool log = min > 0 && max / min > 100;
        double Y(double loss) => log ? Math.Log10(loss) : loss;
        for (int i = 0; i < results.Count; i++)
        {
            var history = results[i].History;
            double[] epochs = [.. history.Select(h => (double)h.Epoch)];
            var color = Rgba.Category(i).ToColor();
            double[] losses = [.. history.Select(h => Y(h.TrainLoss))];
            var train = plot.Add.ScatterLine(epochs, losses, color);
            train.LineWidth = 2;
            train.LegendText = results[i].Setting;
            var validation = history.Where(h => h.ValidationLoss is not null).ToArray();
            if (validation.Length > 0)
            {
                double[] validationEpochs = [.. validation.Select(h => (double)h.Epoch)];
                double[] validationLosses = [.. validation.Select(h => Y(h.ValidationLoss!.Value))];
                var line = plot.Add.ScatterLine(validationEpochs, validationLosses, color);
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 1.5f;
            }
        }
        if (log)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("g3", CultureInfo.InvariantCulture),
            };
        }
        bool anyValidation = results.Any(r => r.History.Any(h => h.ValidationLoss is not null));
        plot.Title(
            $"Loss per epoch, {results.Count} combinations"
                + (anyValidation ? "\nsolid: training, dashed: validation" : "")
        );
        plot.XLabel("epoch");
        plot.YLabel(log ? $"{lossName} (log scale)" : lossName);
        plot.ShowLegend(Edge.Right);
        return Figure.Of(plot, 1000, 520);
    }
}
