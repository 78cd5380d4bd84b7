using Mlp.Cli.Model;

namespace Mlp.Cli.Explain;

/// <summary>The first layer's weights by input column: (inputs, units), W₁ᵀ, so that one input's weights are contiguous.</summary>
internal static class ColumnWeights
{
    public static T[] Of<T>(Network<float> network)
        where T : System.Numerics.INumberBase<T>
    {
        var weights = network.Weights(0);
        int inputs = network.InputCount;
        int units = network.Layers[0].OutputCount;
        var columns = new T[inputs * units];
        for (int j = 0; j < units; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                columns[i * units + j] = T.CreateTruncating(weights[j * inputs + i]);
            }
        }
        return columns;
    }
}
