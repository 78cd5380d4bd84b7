using Mlp.Cli.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// The network as nodes and edges (as NeuralNetTools' plotnet draws it): one column of nodes per
/// layer, every weight an edge coloured by its sign (red positive, blue negative) and as wide as
/// its size relative to the largest. Layers wider than <see cref="MaxNodes"/> show their first units.
/// </summary>
internal static class NetworkChart
{
    public const int MaxNodes = 24;
    private static readonly Rgba Positive = new(178, 24, 43);
    private static readonly Rgba Negative = new(33, 102, 172);

    public static Canvas Draw(MlpModel model)
    {
        var network = model.Network;
        var schema = model.Schema;
        var counts = new[] { network.InputCount }
            .Concat(network.Layers.Select(l => l.OutputCount))
            .ToArray();
        var shown = counts.Select(c => Math.Min(c, MaxNodes)).ToArray();
        string[] inputNames = schema.FeatureNames;
        string[] outputNames =
            schema.Task == TaskKind.Multiclass ? schema.Classes : [schema.TargetName];
        // Room for the node labels beside the outer columns, and for the column captions above them.
        int leftLabels = Math.Max(
            110,
            inputNames.Take(MaxNodes).Max(n => Text.Measure(n, Axes.LabelScale).Width) + 30
        );
        int rightLabels = Math.Max(
            130,
            outputNames.Max(n => Text.Measure(n, Axes.LabelScale).Width) + 30
        );
        int columns = counts.Length;
        int height = Math.Max(400, shown.Max() * 34 + 130);
        int width = Math.Max(720, leftLabels + rightLabels + (columns - 1) * 280);
        var canvas = new Canvas(width, height, Rgba.White);
        double NodeX(int column) =>
            leftLabels + column * (width - leftLabels - rightLabels) / (double)(columns - 1);
        double NodeY(int column, int node) => 80 + (height - 130) * (node + 0.5) / shown[column];
        double largest = 0;
        foreach (float w in network.Parameters)
        {
            largest = Math.Max(largest, Math.Abs(w));
        }
        largest = largest == 0 ? 1 : largest;
        // Weak edges first, so the strong ones are drawn on top.
        var edges = new List<(double X0, double Y0, double X1, double Y1, double W)>();
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var weights = network.Weights(l);
            int inputs = network.Layers[l].InputCount;
            for (int j = 0; j < shown[l + 1]; j++)
            {
                for (int i = 0; i < shown[l]; i++)
                {
                    edges.Add(
                        (
                            NodeX(l),
                            NodeY(l, i),
                            NodeX(l + 1),
                            NodeY(l + 1, j),
                            weights[j * inputs + i]
                        )
                    );
                }
            }
        }
        foreach (var (x0, y0, x1, y1, w) in edges.OrderBy(e => Math.Abs(e.W)))
        {
            double strength = Math.Abs(w) / largest;
            var color = Rgba.Mix(Rgba.White, w >= 0 ? Positive : Negative, 0.25 + 0.75 * strength);
            canvas.Line(x0, y0, x1, y1, color, 0.5 + 5.5 * strength);
        }
        for (int column = 0; column < columns; column++)
        {
            for (int node = 0; node < shown[column]; node++)
            {
                canvas.Circle(
                    NodeX(column),
                    NodeY(column, node),
                    11,
                    new Rgba(245, 245, 245),
                    Rgba.Axis
                );
            }
            string caption =
                column == 0 ? $"inputs ({counts[0]})"
                : column == columns - 1 ? $"output ({counts[column]})"
                : $"layer {column} ({counts[column]}, {network.Layers[column - 1].Activation.Name()})";
            if (shown[column] < counts[column])
            {
                caption += $", first {shown[column]}";
            }
            Text.Draw(
                canvas,
                caption,
                NodeX(column),
                52,
                Axes.LabelScale,
                Rgba.Text,
                Align.Center,
                Align.End
            );
        }
        for (int i = 0; i < shown[0]; i++)
        {
            Text.Draw(
                canvas,
                inputNames[i],
                NodeX(0) - 18,
                NodeY(0, i),
                Axes.LabelScale,
                Rgba.Text,
                Align.End,
                Align.Center
            );
        }
        for (int k = 0; k < shown[^1]; k++)
        {
            Text.Draw(
                canvas,
                outputNames[k],
                NodeX(columns - 1) + 18,
                NodeY(columns - 1, k),
                Axes.LabelScale,
                Rgba.Text,
                Align.Start,
                Align.Center
            );
        }
        Text.Draw(
            canvas,
            "Weights: red > 0, blue < 0, line width ~ |w|",
            width / 2.0,
            16,
            Axes.LabelScale,
            Rgba.Text,
            Align.Center
        );
        return canvas;
    }
}
