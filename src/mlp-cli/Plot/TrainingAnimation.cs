using System.Globalization;
using Mlp.Cli.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// `train --animate`: a frame every K epochs of the decision regions forming over two features,
/// with the data on top and the epoch, loss and metric in the title; written as a looping GIF.
/// </summary>
internal sealed class TrainingAnimation
{
    private const int GridSize = 100;
    private const int DelayHundredths = 8;
    private readonly PlotData _data;
    private readonly int _xInput;
    private readonly int _yInput;
    private readonly int _every;
    private readonly int _epochs;
    private readonly string _metric;
    private GifWriter? _gif;
    private DecisionGrid? _grid;

    public TrainingAnimation(
        PlotData data,
        int xInput,
        int yInput,
        int every,
        int epochs,
        string metric
    )
    {
        _data = data;
        _xInput = xInput;
        _yInput = yInput;
        _every = every;
        _epochs = epochs;
        _metric = metric;
    }

    /// <summary>Draws a frame for the first epoch and every K-th.</summary>
    public void OnEpoch(EpochRecord record, MlpModel model)
    {
        if (record.Epoch % _every == 0 || record.Epoch == 1)
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
            _xInput,
            _yInput,
            BoundaryChart.Range(_data, _xInput, width),
            BoundaryChart.Range(_data, _yInput, width),
            GridSize
        );
        _grid.Evaluate();
        var colors = BoundaryChart.Colors(model, _data, _grid);
        var canvas = new Canvas(
            BoundaryChart.PanelWidth,
            BoundaryChart.PanelHeight + 30,
            Rgba.White
        );
        var axes = BoundaryChart.PanelAxes(canvas, 0, _grid.XRange, _grid.YRange);
        BoundaryChart.Regions(axes, _grid, colors);
        BoundaryChart.Points(axes, _data, _xInput, _yInput, width, colors);
        var names = model.Schema.FeatureNames;
        axes.Draw(names[_xInput], names[_yInput], grid: false);
        Text.Draw(
            canvas,
            string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {record.Epoch}/{_epochs}  loss {record.TrainLoss:0.0000}  {_metric} {record.Metric:0.000}"
            ),
            canvas.Width / 2.0,
            axes.Top - 12,
            Axes.LabelScale,
            Rgba.Text,
            Align.Center,
            Align.End
        );
        _gif ??= new GifWriter(canvas.Width, canvas.Height, Palette(model.Schema));
        _gif.Add(canvas, delay);
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
