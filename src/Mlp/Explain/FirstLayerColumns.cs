using System.Numerics;
using System.Numerics.Tensors;
using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// The first layer's weights by input column (W₁ᵀ: one input's weights contiguous), for
/// explanations that change one input of a row and update its first-layer product W₁z by that
/// input's column instead of multiplying the whole layer again.
/// </summary>
internal sealed class FirstLayerColumns<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly T[] _columns; // (inputs, units)

    public FirstLayerColumns(Network<float> network)
    {
        var weights = network.Weights(0);
        int inputs = network.InputCount;
        Units = network.Layers[0].OutputCount;
        _columns = new T[inputs * Units];
        for (int j = 0; j < Units; j++)
        {
            for (int i = 0; i < inputs; i++)
            {
                _columns[i * Units + j] = T.CreateTruncating(weights[j * inputs + i]);
            }
        }
    }

    /// <summary>W₁z of each of <paramref name="rows"/> standardized rows (rows, units), in float: the products the one-column updates start from.</summary>
    public static float[] Products(Network<float> network, float[] z, int rows)
    {
        int units = network.Layers[0].OutputCount;
        var products = new float[rows * units];
        Gemm.MultiplyTransposedB<float>(
            z,
            network.Weights(0),
            products,
            rows,
            network.InputCount,
            units,
            accumulate: false
        );
        return products;
    }

    /// <summary>The first layer's width: the length of a product.</summary>
    public int Units { get; }

    /// <summary>product += W₁[:, input] · difference; false (and nothing done) when the difference is 0.</summary>
    public bool Add(int input, T difference, Span<T> product)
    {
        if (difference == T.Zero)
        {
            return false;
        }
        TensorPrimitives.MultiplyAdd<T>(
            _columns.AsSpan(input * Units, Units),
            difference,
            product,
            product
        );
        return true;
    }
}
