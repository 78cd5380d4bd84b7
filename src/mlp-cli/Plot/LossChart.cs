using Mlp.Cli.Model;

namespace Mlp.Cli.Plot;

/// <summary>Training (and validation) loss per epoch; a log scale when the losses span more than two decades.</summary>
internal static class LossChart
{
    public static Canvas Draw(IReadOnlyList<EpochRecord> history, string lossName)
    {
        var canvas = new Canvas(720, 480, Rgba.White);
        var values = history
            .Select(h => h.TrainLoss)
            .Concat(
                history
                    .Where(h => h.ValidationLoss is not null)
                    .Select(h => h.ValidationLoss!.Value)
            )
            .Where(double.IsFinite)
            .ToArray();
        double min = values.Length == 0 ? 0 : values.Min(),
            max = values.Length == 0 ? 1 : values.Max();
        bool log = min > 0 && max / min > 100;
        (double, double) yRange = log
            ? (min / 1.2, max * 1.2)
            : (Math.Min(0, min), max + (max - Math.Min(0, min)) * 0.05 + 1e-12);
        double lastEpoch = Math.Max(2, history.Count);
        var axes = new Axes(canvas, 100, 60, 690, 400, (1, lastEpoch), yRange, log);
        axes.Draw("epoch", log ? $"{lossName} (log scale)" : lossName);
        var train = Rgba.Category(0);
        var validation = Rgba.Category(1);
        canvas.Polyline(
            history.Select(h => (axes.PixelX(h.Epoch), axes.PixelY(h.TrainLoss))).ToArray(),
            train,
            2.5
        );
        var validationPoints = history
            .Where(h => h.ValidationLoss is not null)
            .Select(h => (axes.PixelX(h.Epoch), axes.PixelY(h.ValidationLoss!.Value)))
            .ToArray();
        canvas.Polyline(validationPoints, validation, 2.5);
        axes.Title($"Loss per epoch ({history.Count} epochs)");
        var legend = new List<(Rgba, string, bool)> { (train, "training", true) };
        if (validationPoints.Length > 0)
        {
            legend.Add((validation, "validation", true));
        }
        Decorations.Legend(canvas, axes.Right - 8, axes.Top + 8, legend);
        return canvas;
    }
}
