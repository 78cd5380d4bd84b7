using System.Globalization;
using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// `train --animate`: a frame every K epochs of the decision regions forming over two features
/// (the prediction with its colour bar for regression), with the data on top and the epoch,
/// loss and metric in the title; drawn with ScottPlot and SkiaSharp, encoded as a looping GIF.
/// </summary>
internal sealed class TrainingAnimation(
    PlotData data,
    int xInput,
    int yInput,
    int every,
    int epochs,
    string metric
)
{
    private const int GridSize = 100;
    private const int DelayHundredths = 8;
    private const int Width = 680;
    private const int Height = 470;
    private GifWriter? _gif;
    private DecisionGrid? _grid;
    private OutcomeColors? _colors;
    private ScottPlot.Plot? _panel;

    /// <summary>Draws a frame for the first epoch and every K-th.</summary>
    public void OnEpoch(EpochRecord record, MlpModel model)
    {
        if (record.Epoch % every == 0 || record.Epoch == 1)
        {
            Draw(record, model, DelayHundredths);
        }
    }

    /// <summary>The final frame, held for two seconds before the animation loops.</summary>
    public void Finish(EpochRecord record, MlpModel model) => Draw(record, model, 200);

    private void Draw(EpochRecord record, MlpModel model, int delay)
    {
        int width = model.Network.InputCount;
        _grid ??= new DecisionGrid(
            model,
            xInput,
            yInput,
            BoundaryChart.Range(data, xInput, width),
            BoundaryChart.Range(data, yInput, width),
            GridSize
        );
        _grid.Evaluate();
        // One colour scale for every frame (the targets' range), so frames compare.
        _colors ??= BoundaryChart.Colors(model, data);
        string title = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{epochs}   loss {record.TrainLoss:0.0000}   {metric} {record.Metric:0.000}"
        );
        if (_panel is null)
        {
            _panel = NewPanel(model, title);
        }
        else
        {
            BoundaryChart.UpdateRegions(_panel, _grid.Outputs, GridSize, _colors);
            _panel.Axes.Title.Label.Text = title;
        }
        using var frame = Figure.Of(_panel, Width, Height).Raster();
        _gif ??= new GifWriter(Width, Height, Palette(model.Schema));
        _gif.Add(frame, delay);
    }

    /// <summary>The first frame's plot: regions, points, legend or colour bar; later frames only redraw the regions.</summary>
    private ScottPlot.Plot NewPanel(MlpModel model, string title)
    {
        int width = model.Network.InputCount;
        var names = model.Schema.FeatureNames;
        var panel = BoundaryChart.Panel(
            model,
            _grid!.Outputs,
            GridSize,
            _grid.XRange,
            _grid.YRange,
            BoundaryChart.Column(data, xInput, width),
            BoundaryChart.Column(data, yInput, width),
            data.Targets,
            _colors!,
            names[xInput],
            names[yInput],
            title
        );
        if (model.Schema.Task == TaskKind.Regression)
        {
            var heatmap = panel.GetPlottables<ScottPlot.Plottables.Heatmap>().First();
            panel.Add.ColorBar(heatmap).Label = $"predicted {model.Schema.TargetName}";
        }
        else
        {
            panel.ShowLegend(ScottPlot.Edge.Right);
        }
        return panel;
    }

    public byte[] ToArray() =>
        _gif?.ToArray() ?? throw new InvalidOperationException("no frames were drawn");

    /// <summary>Greys for text and lines, and ramps from white to each class colour (or viridis).</summary>
    private static List<Rgba> Palette(Schema schema)
    {
        var palette = new List<Rgba>();
        for (int i = 0; i < 32; i++)
        {
            palette.Add(Rgba.Mix(Rgba.Black, Rgba.White, i / 31.0));
        }
        if (schema.Task == TaskKind.Regression)
        {
            for (int i = 0; i < 200; i++)
            {
                palette.Add(ColorMaps.Viridis(i / 199.0));
            }
            return palette;
        }
        int classes = Math.Min(schema.Classes.Length, Rgba.Categories.Length);
        int steps = Math.Min(32, 220 / classes);
        for (int k = 0; k < classes; k++)
        {
            for (int i = 1; i <= steps; i++)
            {
                palette.Add(Rgba.Mix(Rgba.White, Rgba.Category(k), i / (double)steps));
            }
        }
        return palette;
    }
}
