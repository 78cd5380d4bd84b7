using System.Globalization;
using Mlp.Model;
using SkiaSharp;

namespace Mlp.Cli.Plot;

/// <summary>
/// The network as nodes and edges (as NeuralNetTools' plotnet draws it), drawn with SkiaSharp:
/// one column of nodes per layer, every weight an edge coloured by its sign (red positive, blue
/// negative), as wide and as dark as its size relative to the largest, so small weights fade. A
/// layer wider than <see cref="MaxNodes"/> shows the units with the largest weights (in and out),
/// and its caption says how many of how many.
/// </summary>
internal static class NetworkChart
{
    public const int MaxNodes = 24;
    private const int MaxLabel = 22;
    private static readonly Rgba Positive = new(178, 24, 43);
    private static readonly Rgba Negative = new(33, 102, 172);
    private static readonly SKColor Ink = new(34, 34, 34);

    public static Figure Draw(MlpModel model)
    {
        var network = model.Network;
        var schema = model.Schema;
        int columns = network.Layers.Length + 1;
        var counts = new int[columns];
        counts[0] = network.InputCount;
        for (int l = 0; l < network.Layers.Length; l++)
        {
            counts[l + 1] = network.Layers[l].OutputCount;
        }
        var shown = new int[columns][];
        for (int c = 0; c < columns; c++)
        {
            shown[c] = Shown(network, c, counts[c]);
        }
        string[] inputNames = schema.FeatureNames;
        string[] outputNames =
            schema.Task == TaskKind.Multiclass ? schema.Classes : [schema.TargetName];
        var captions = Enumerable
            .Range(0, columns)
            .Select(c => Caption(model, c, counts[c], shown[c].Length))
            .ToArray();

        using var measure = new SKFont(PictureFonts.Typeface, 12);
        float CaptionHalf(int column) =>
            captions[column].Max(line => measure.MeasureText(line)) / 2 + 20;
        // Room for the node labels beside the outer columns, and for their captions above them.
        float leftLabels = Math.Max(
            30 + shown[0].Max(i => measure.MeasureText(Short(inputNames[i]))),
            CaptionHalf(0)
        );
        float rightLabels = Math.Max(
            30 + shown[^1].Max(o => measure.MeasureText(Short(outputNames[o]))),
            CaptionHalf(columns - 1)
        );
        float columnWidth = Math.Max(
            230,
            captions.Max(lines => lines.Max(line => measure.MeasureText(line))) + 40
        );
        int height = (int)Math.Max(420, shown.Max(s => s.Length) * 30 + 190);
        double largest = 0;
        foreach (float w in network.Parameters)
        {
            largest = Math.Max(largest, Math.Abs(w));
        }
        largest = largest == 0 ? 1 : largest;
        string key = string.Create(
            CultureInfo.InvariantCulture,
            $"red: positive weight, blue: negative; width and depth of colour: |weight| relative to the largest ({largest:0.###})"
        );
        int width = (int)
            Math.Max(
                leftLabels + rightLabels + (columns - 1) * columnWidth + 40,
                measure.MeasureText(key) + 40
            );
        float top = 105,
            bottom = height - 60;
        float offset = (width - (leftLabels + rightLabels + (columns - 1) * columnWidth)) / 2;
        float NodeX(int column) => leftLabels + offset + column * columnWidth;
        float NodeY(int column, int node) =>
            top + (bottom - top) * (node + 0.5f) / shown[column].Length;

        var figure = new Figure(width, height);
        figure.Add(canvas =>
        {
            using var font = new SKFont(PictureFonts.Typeface, 12);
            using var titleFont = new SKFont(PictureFonts.Typeface, 15);
            using var paint = new SKPaint
            {
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                StrokeCap = SKStrokeCap.Round,
            };
            // Weak edges first, so the strong ones are drawn on top.
            var edges = new List<(SKPoint From, SKPoint To, double Weight)>();
            for (int l = 0; l < network.Layers.Length; l++)
            {
                var weights = network.Weights(l);
                int inputs = network.Layers[l].InputCount;
                for (int j = 0; j < shown[l + 1].Length; j++)
                {
                    for (int i = 0; i < shown[l].Length; i++)
                    {
                        edges.Add(
                            (
                                new SKPoint(NodeX(l), NodeY(l, i)),
                                new SKPoint(NodeX(l + 1), NodeY(l + 1, j)),
                                weights[shown[l + 1][j] * inputs + shown[l][i]]
                            )
                        );
                    }
                }
            }
            foreach (var (from, to, weight) in edges.OrderBy(e => Math.Abs(e.Weight)))
            {
                double strength = Math.Abs(weight) / largest;
                var color = Rgba.Mix(
                    Rgba.White,
                    weight >= 0 ? Positive : Negative,
                    0.12 + 0.88 * strength
                );
                paint.Color = new SKColor(color.R, color.G, color.B);
                paint.StrokeWidth = (float)(0.4 + 5.6 * strength);
                canvas.DrawLine(from, to, paint);
            }
            using var nodeFill = new SKPaint
            {
                IsAntialias = true,
                Color = new SKColor(250, 250, 250),
            };
            using var nodeLine = new SKPaint
            {
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                StrokeWidth = 1.3f,
                Color = Ink,
            };
            using var text = new SKPaint { IsAntialias = true, Color = Ink };
            for (int c = 0; c < columns; c++)
            {
                for (int n = 0; n < shown[c].Length; n++)
                {
                    var center = new SKPoint(NodeX(c), NodeY(c, n));
                    canvas.DrawCircle(center, 8, nodeFill);
                    canvas.DrawCircle(center, 8, nodeLine);
                    if (c == 0)
                    {
                        canvas.DrawText(
                            Short(inputNames[shown[c][n]]),
                            center.X - 14,
                            center.Y + 4,
                            SKTextAlign.Right,
                            font,
                            text
                        );
                    }
                    else if (c == columns - 1)
                    {
                        canvas.DrawText(
                            Short(outputNames[shown[c][n]]),
                            center.X + 14,
                            center.Y + 4,
                            SKTextAlign.Left,
                            font,
                            text
                        );
                    }
                }
                for (int line = 0; line < captions[c].Length; line++)
                {
                    canvas.DrawText(
                        captions[c][line],
                        NodeX(c),
                        top - 38 + line * 16,
                        SKTextAlign.Center,
                        font,
                        text
                    );
                }
            }
            string widths = string.Join('-', counts);
            canvas.DrawText(
                $"Network {widths}: weights as edges",
                width / 2f,
                30,
                SKTextAlign.Center,
                titleFont,
                text
            );
            canvas.DrawText(key, width / 2f, height - 20, SKTextAlign.Center, font, text);
        });
        return figure;
    }

    /// <summary>The nodes of a column: all, or the <see cref="MaxNodes"/> with the largest weights in and out, in their order.</summary>
    private static int[] Shown(Network<float> network, int column, int count)
    {
        if (count <= MaxNodes)
        {
            return [.. Enumerable.Range(0, count)];
        }
        var size = new double[count];
        if (column > 0)
        {
            var incoming = network.Weights(column - 1);
            int inputs = network.Layers[column - 1].InputCount;
            for (int node = 0; node < count; node++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    size[node] += Math.Abs(incoming[node * inputs + i]);
                }
            }
        }
        if (column < network.Layers.Length)
        {
            var outgoing = network.Weights(column);
            int outputs = network.Layers[column].OutputCount;
            for (int j = 0; j < outputs; j++)
            {
                for (int node = 0; node < count; node++)
                {
                    size[node] += Math.Abs(outgoing[j * count + node]);
                }
            }
        }
        return
        [
            .. Enumerable.Range(0, count).OrderByDescending(n => size[n]).Take(MaxNodes).Order(),
        ];
    }

    private static string[] Caption(MlpModel model, int column, int count, int shown)
    {
        var network = model.Network;
        string first =
            column == 0 ? $"inputs ({count})"
            : column == network.Layers.Length
                ? $"output: {ActivationNames.OutputActivation(model.Schema.Task)}"
            : $"hidden {column}: {count} {network.Layers[column - 1].Activation.Name()}";
        return shown < count
            ? [first, $"showing {shown} of {count:N0}", "(largest weights)"]
            : [first];
    }

    private static string Short(string name) =>
        name.Length <= MaxLabel ? name : name[..(MaxLabel - 1)] + "…";
}
