using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Cli.Plot;

/// <summary>
/// The space of a two-unit hidden layer: the rest of the network, evaluated over a grid of that
/// layer's values (before or after its activation), gives the exact decision regions in that
/// space; the data rows are placed where the layer puts them.
/// </summary>
internal static class HiddenSpace
{
    /// <summary>Outputs (as the model's output head gives them) at each point of a size × size grid over the layer's two values, row 0 at the top.</summary>
    public static float[] Outputs(
        MlpModel model,
        int layer,
        bool activated,
        (double Min, double Max) x,
        (double Min, double Max) y,
        int size
    )
    {
        var network = model.Network;
        var activation = network.Layers[layer].Activation;
        var rest = new Network<float>(network.Layers[(layer + 1)..]);
        network.Parameters.AsSpan(network.WeightOffset(layer + 1)).CopyTo(rest.Parameters);
        int rows = size * size;
        var values = new float[rows * 2];
        for (int row = 0; row < size; row++)
        {
            for (int column = 0; column < size; column++)
            {
                int i = row * size + column;
                double h1 = x.Min + (column + 0.5) / size * (x.Max - x.Min);
                double h2 = y.Max - (row + 0.5) / size * (y.Max - y.Min);
                values[i * 2] = (float)(activated ? h1 : Activations.Apply(h1, activation));
                values[i * 2 + 1] = (float)(activated ? h2 : Activations.Apply(h2, activation));
            }
        }
        var logits = rest.Forward(values, rows, new Workspace<float>(rest, rows));
        var outputs = new float[rows * rest.OutputCount];
        OutputHead.Apply(model.Schema.Task, model.TargetScaling, logits, outputs, rest.OutputCount);
        return outputs;
    }
}
