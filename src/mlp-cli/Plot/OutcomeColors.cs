using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// Colours of model outcomes: for classification, the predicted class's colour, paler where the
/// model is less sure; for regression, viridis over the value range.
/// </summary>
internal sealed class OutcomeColors(TaskKind task, int outputs, double valueMin, double valueMax)
{
    /// <summary>The class a point's outputs predict (0 for regression).</summary>
    public int ClassOf(ReadOnlySpan<float> output)
    {
        if (task == TaskKind.Binary)
        {
            return output[0] >= 0.5f ? 1 : 0;
        }
        if (task == TaskKind.Regression)
        {
            return 0;
        }
        int best = 0;
        for (int k = 1; k < output.Length; k++)
        {
            if (output[k] > output[best])
            {
                best = k;
            }
        }
        return best;
    }

    /// <summary>The background colour of a region with these outputs.</summary>
    public Rgba Region(ReadOnlySpan<float> output)
    {
        if (task == TaskKind.Regression)
        {
            return ColorMaps.Viridis(Normalized(output[0]));
        }
        int predicted = ClassOf(output);
        double top =
            task == TaskKind.Binary ? Math.Max(output[0], 1 - output[0]) : output[predicted];
        int classes = task == TaskKind.Binary ? 2 : outputs;
        double certainty = Math.Clamp((top - 1.0 / classes) / (1 - 1.0 / classes), 0, 1);
        return Rgba.Mix(Rgba.White, Rgba.Category(predicted), 0.12 + 0.5 * certainty);
    }

    /// <summary>The colour of a data point with this target (class index or value).</summary>
    public Rgba Point(float target) =>
        task == TaskKind.Regression
            ? ColorMaps.Viridis(Normalized(target))
            : Rgba.Category((int)target);

    public double ValueMin => valueMin;
    public double ValueMax => valueMax;

    public double Normalized(double value) =>
        valueMax > valueMin ? (value - valueMin) / (valueMax - valueMin) : 0.5;
}
