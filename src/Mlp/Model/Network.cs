using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>A dense layer's shape: weights (OutputCount, InputCount), bias (OutputCount).</summary>
internal readonly record struct LayerShape(int InputCount, int OutputCount, Activation Activation)
{
    public int WeightCount => InputCount * OutputCount;
    public int ParameterCount => WeightCount + OutputCount;
}

/// <summary>
/// A multilayer perceptron whose last layer outputs logits (identity). All parameters live
/// in one array, layer by layer: weights (out, in) row-major — PyTorch's nn.Linear layout —
/// then biases (out). The same code runs in float (training, prediction) and double
/// (the finite-difference check).
/// </summary>
internal sealed class Network<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _offsets;

    public Network(LayerShape[] layers)
    {
        Layers = layers;
        _offsets = new int[layers.Length + 1];
        for (int l = 0; l < layers.Length; l++)
        {
            _offsets[l + 1] = _offsets[l] + layers[l].ParameterCount;
        }
        Parameters = new T[_offsets[^1]];
    }

    public LayerShape[] Layers { get; }

    /// <summary>Every parameter: layer 0's weights and bias, then layer 1's, …</summary>
    public T[] Parameters { get; }

    /// <summary>
    /// The diagonal blocks of every hidden-to-hidden layer's weights, one per member of a
    /// joined ensemble (see <see cref="UseBlocks"/>), each (out / members, in / members); empty
    /// for a dense network.
    /// </summary>
    private T[][][] _blocks = [];

    public int InputCount => Layers[0].InputCount;
    public int OutputCount => Layers[^1].OutputCount;
    public int MaxWidth
    {
        get
        {
            int widest = 0;
            foreach (var layer in Layers)
            {
                widest = Math.Max(widest, Math.Max(layer.InputCount, layer.OutputCount));
            }
            return widest;
        }
    }

    /// <summary>Layers of the given widths: hidden ones with <paramref name="hiddenActivation"/>, the last one linear.</summary>
    public static Network<T> Create(
        int inputCount,
        IReadOnlyList<int> hiddenSizes,
        int outputCount,
        Activation hiddenActivation
    )
    {
        var widths = new List<int> { inputCount };
        widths.AddRange(hiddenSizes);
        widths.Add(outputCount);
        var layers = new LayerShape[widths.Count - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            bool last = l == layers.Length - 1;
            layers[l] = new LayerShape(
                widths[l],
                widths[l + 1],
                last ? Activation.Identity : hiddenActivation
            );
        }
        return new Network<T>(layers);
    }

    public int WeightOffset(int layer) => _offsets[layer];

    public int BiasOffset(int layer) => _offsets[layer] + Layers[layer].WeightCount;

    /// <summary>Weights of <paramref name="layer"/> within a parameter-shaped array (parameters or gradients).</summary>
    public Span<T> Weights(T[] parameterArray, int layer) =>
        parameterArray.AsSpan(WeightOffset(layer), Layers[layer].WeightCount);

    public Span<T> Bias(T[] parameterArray, int layer) =>
        parameterArray.AsSpan(BiasOffset(layer), Layers[layer].OutputCount);

    public Span<T> Weights(int layer) => Weights(Parameters, layer);

    /// <summary>Multiplies the last layer's weights and bias, so every logit is multiplied by <paramref name="factor"/>.</summary>
    public void ScaleOutputs(T factor)
    {
        int last = Layers.Length - 1;
        System.Numerics.Tensors.TensorPrimitives.Multiply(Weights(last), factor, Weights(last));
        System.Numerics.Tensors.TensorPrimitives.Multiply(Bias(last), factor, Bias(last));
    }

    public Span<T> Bias(int layer) => Bias(Parameters, layer);

    /// <summary>
    /// inputs (rows, InputCount) → logits (rows, OutputCount). Keeps each layer's
    /// pre-activation and activation in the workspace for <see cref="Backward"/>. With
    /// <paramref name="dropout"/> (training), each hidden layer's activation times its mask
    /// (rows from <paramref name="firstRow"/> of the masks' batch) feeds the next layer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Forward(
        ReadOnlySpan<T> inputs,
        int rows,
        Workspace<T> workspace,
        DropoutMasks<T>? dropout = null,
        int firstRow = 0
    )
    {
        Gemm.MultiplyTransposedB(
            inputs,
            Weights(0),
            workspace.PreActivation(0, rows),
            rows,
            InputCount,
            Layers[0].OutputCount,
            accumulate: false
        );
        return ForwardAfterFirstProduct(rows, workspace, dropout, firstRow);
    }

    /// <summary>
    /// As <see cref="Forward"/>, from the first layer's product W₁x (rows, out₁; no bias yet)
    /// that the caller wrote into the workspace's first pre-activation: for callers that get
    /// it cheaper than a matrix product (SHAP's orderings update it one feature at a time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> ForwardAfterFirstProduct(
        int rows,
        Workspace<T> workspace,
        DropoutMasks<T>? dropout = null,
        int firstRow = 0
    )
    {
        ReadOnlySpan<T> layerInput = default;
        for (int l = 0; l < Layers.Length; l++)
        {
            var layer = Layers[l];
            var preActivation = workspace.PreActivation(l, rows); // (rows, out)
            var activation = workspace.Activation(l, rows); // (rows, out)
            if (l > 0 && l < _blocks.Length && _blocks[l].Length > 0)
            {
                BlockProduct(layerInput, _blocks[l], preActivation, rows, layer);
            }
            else if (l > 0)
            {
                Gemm.MultiplyTransposedB(
                    layerInput,
                    Weights(l),
                    preActivation,
                    rows,
                    layer.InputCount,
                    layer.OutputCount,
                    accumulate: false
                );
            }
            Activations.BiasForward(
                preActivation,
                Bias(l),
                activation,
                layer.OutputCount,
                layer.Activation
            );
            layerInput = activation;
            if (dropout is not null && l < Layers.Length - 1)
            {
                var dropped = workspace.Dropped(l, rows);
                TensorPrimitives.Multiply(activation, dropout.Layer(l, firstRow, rows), dropped);
                layerInput = dropped;
            }
        }
        return workspace.Activation(Layers.Length - 1, rows);
    }

    /// <summary>
    /// From now on the forward pass multiplies each hidden-to-hidden layer by its
    /// <paramref name="members"/> diagonal blocks alone (a joined ensemble's: a member's
    /// units see only its own), 1/members of the dense product's work, when every weight
    /// outside the blocks is zero; returns whether they are. The blocks are copies: for a
    /// network whose parameters are final.
    /// </summary>
    public bool UseBlocks(int members)
    {
        if (members < 2 || Layers.Length < 3)
        {
            return false;
        }
        var blocks = new T[Layers.Length - 1][][];
        blocks[0] = [];
        for (int l = 1; l < Layers.Length - 1; l++)
        {
            var (inputs, outputs) = (Layers[l].InputCount, Layers[l].OutputCount);
            if (inputs % members != 0 || outputs % members != 0)
            {
                return false;
            }
            var (blockInputs, blockOutputs) = (inputs / members, outputs / members);
            var weights = Weights(l);
            for (int o = 0; o < outputs; o++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    if (o / blockOutputs != i / blockInputs && weights[o * inputs + i] != T.Zero)
                    {
                        return false;
                    }
                }
            }
            blocks[l] = new T[members][];
            for (int k = 0; k < members; k++)
            {
                var block = blocks[l][k] = new T[blockOutputs * blockInputs];
                for (int o = 0; o < blockOutputs; o++)
                {
                    weights
                        .Slice((k * blockOutputs + o) * inputs + k * blockInputs, blockInputs)
                        .CopyTo(block.AsSpan(o * blockInputs, blockInputs));
                }
            }
        }
        _blocks = blocks;
        return true;
    }

    /// <summary>
    /// preActivation = input · Wᵀ for a block-diagonal W: each block's columns of the input
    /// gathered, multiplied by the block, and scattered into its columns of the result.
    /// </summary>
    private static void BlockProduct(
        ReadOnlySpan<T> input,
        T[][] blocks,
        Span<T> preActivation,
        int rows,
        LayerShape layer
    )
    {
        int blockInputs = layer.InputCount / blocks.Length;
        int blockOutputs = layer.OutputCount / blocks.Length;
        var gathered = ArrayPool<T>.Shared.Rent(rows * blockInputs);
        var product = ArrayPool<T>.Shared.Rent(rows * blockOutputs);
        try
        {
            for (int k = 0; k < blocks.Length; k++)
            {
                for (int r = 0; r < rows; r++)
                {
                    input
                        .Slice(r * layer.InputCount + k * blockInputs, blockInputs)
                        .CopyTo(gathered.AsSpan(r * blockInputs, blockInputs));
                }
                Gemm.MultiplyTransposedB<T>(
                    gathered.AsSpan(0, rows * blockInputs),
                    blocks[k],
                    product.AsSpan(0, rows * blockOutputs),
                    rows,
                    blockInputs,
                    blockOutputs,
                    accumulate: false
                );
                for (int r = 0; r < rows; r++)
                {
                    product
                        .AsSpan(r * blockOutputs, blockOutputs)
                        .CopyTo(
                            preActivation.Slice(
                                r * layer.OutputCount + k * blockOutputs,
                                blockOutputs
                            )
                        );
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(gathered);
            ArrayPool<T>.Shared.Return(product);
        }
    }

    /// <summary>
    /// Backpropagates ∂loss/∂logits, which the caller wrote into
    /// <see cref="Workspace{T}.OutputGradient"/>, through the layers of the last
    /// <see cref="Forward"/>: writes every parameter's gradient into
    /// <paramref name="gradients"/> (overwritten, parameter-shaped) and returns
    /// ∂loss/∂inputs (rows, InputCount) when <paramref name="inputGradient"/> is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Backward(
        ReadOnlySpan<T> inputs,
        int rows,
        Workspace<T> workspace,
        T[] gradients,
        bool inputGradient,
        DropoutMasks<T>? dropout = null,
        int firstRow = 0
    )
    {
        var delta = workspace.OutputGradient(rows); // (rows, out) of the layer being processed
        for (int l = Layers.Length - 1; l >= 0; l--)
        {
            var layer = Layers[l];
            if (dropout is not null && l < Layers.Length - 1)
            {
                // From ∂loss/∂(the masked activation) to ∂loss/∂(the activation).
                TensorPrimitives.Multiply(delta, dropout.Layer(l, firstRow, rows), delta);
            }
            if (layer.Activation != Activation.Identity)
            {
                Activations.Backward(
                    workspace.PreActivation(l, rows),
                    workspace.Activation(l, rows),
                    delta,
                    layer.Activation
                );
            }
            ReadOnlySpan<T> layerInput =
                l == 0 ? inputs
                : dropout is not null ? workspace.Dropped(l - 1, rows)
                : workspace.Activation(l - 1, rows);
            Gemm.MultiplyTransposedA(
                delta,
                layerInput,
                Weights(gradients, l),
                layer.OutputCount,
                rows,
                layer.InputCount,
                accumulate: false
            );
            Reductions.ColumnSums<T>(
                delta,
                rows,
                layer.OutputCount,
                Bias(gradients, l),
                accumulate: false
            );
            if (l == 0 && !inputGradient)
            {
                return default;
            }
            var previousDelta = workspace.OtherGradient(delta, rows * layer.InputCount); // (rows, in)
            Gemm.Multiply<T>(
                delta,
                Weights(l),
                previousDelta,
                rows,
                layer.OutputCount,
                layer.InputCount,
                accumulate: false
            );
            delta = previousDelta;
        }
        return delta;
    }

    /// <summary>He initialization for the ReLU family and GELU, Glorot (Xavier) otherwise; biases zero.</summary>
    /// <summary>Draws every weight and bias, layer by layer, weights before biases.</summary>
    public void Initialize(Rng rng, Initialization init)
    {
        for (int l = 0; l < Layers.Length; l++)
        {
            var layer = Layers[l];
            var weights = Weights(l);
            var bias = Bias(l);
            if (init == Initialization.PyTorch)
            {
                double bound = 1 / Math.Sqrt(layer.InputCount);
                Uniform(weights, bound, rng);
                Uniform(bias, bound, rng);
                continue;
            }
            double std =
                init == Initialization.He
                    ? Math.Sqrt(2.0 / layer.InputCount)
                    : Math.Sqrt(2.0 / (layer.InputCount + layer.OutputCount));
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = T.CreateTruncating(rng.NextGaussian() * std);
            }
            bias.Clear();
        }
    }

    private static void Uniform(Span<T> values, double bound, Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating((2 * rng.NextDouble() - 1) * bound);
        }
    }

    /// <summary>The same network in another number type.</summary>
    public Network<TOther> Convert<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var other = new Network<TOther>(Layers);
        for (int i = 0; i < Parameters.Length; i++)
        {
            other.Parameters[i] = TOther.CreateTruncating(Parameters[i]);
        }
        return other;
    }
}
