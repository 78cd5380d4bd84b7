using System.Globalization;
using Mlp.Model;
using ScottPlot;

namespace Mlp.Cli.Plot;

/// <summary>
/// Training (and validation) loss per epoch, the kept epoch marked (the best one with
/// --patience, else the last); a log scale when the losses span more than two decades.
/// </summary>
internal static class LossChart
{
    public static Figure Draw(IReadOnlyList<EpochRecord> history, string lossName, int keptEpoch)
    {
        var plot = Figure.NewPlot();
        var finite = history
            .SelectMany(h => new[] { h.TrainLoss, h.ValidationLoss ?? double.NaN })
            .Where(double.IsFinite)
            .ToArray();
        double min = finite.Length == 0 ? 0 : finite.Min(),
            max = finite.Length == 0 ? 1 : finite.Max();
        bool log = min > 0 && max / min > 100;
        double Y(double loss) => log ? Math.Log10(loss) : loss;

        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        double[] trainLosses = [.. history.Select(h => Y(h.TrainLoss))];
        var train = plot.Add.ScatterLine(epochs, trainLosses);
        train.Color = Rgba.Category(0).ToColor();
        train.LineWidth = 2;
        train.LegendText = "training";
        var validationRows = history.Where(h => h.ValidationLoss is not null).ToArray();
        if (validationRows.Length > 0)
        {
            double[] validationEpochs = [.. validationRows.Select(h => (double)h.Epoch)];
            double[] validationLosses = [.. validationRows.Select(h => Y(h.ValidationLoss!.Value))];
            var validation = plot.Add.ScatterLine(validationEpochs, validationLosses);
            validation.Color = Rgba.Category(1).ToColor();
            validation.LineWidth = 2;
            validation.LegendText = "validation";
        }
        var kept = history.First(record => record.Epoch == keptEpoch);
        var line = plot.Add.VerticalLine(keptEpoch, 1.5f, Colors.Gray, LinePattern.Dashed);
        line.LegendText =
            keptEpoch == history[^1].Epoch ? "kept (last epoch)" : "kept (best validation)";
        double keptLoss = kept.ValidationLoss ?? kept.TrainLoss;
        var marker = plot.Add.Marker(
            keptEpoch,
            Y(keptLoss),
            MarkerShape.OpenCircle,
            12,
            Colors.Black
        );
        marker.LegendText = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {keptEpoch}: {(kept.ValidationLoss is null ? "training" : "validation")} loss {keptLoss:0.####}"
        );
        if (log)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("g3", CultureInfo.InvariantCulture),
            };
        }
        plot.Title($"Loss per epoch ({history.Count} epochs)");
        plot.XLabel("epoch");
        plot.YLabel(log ? $"{lossName} (log scale)" : lossName);
        plot.ShowLegend(Edge.Right);
        return Figure.Of(plot, 900, 480);
    }
}
