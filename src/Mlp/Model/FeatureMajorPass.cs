using System.Numerics;
using System.Runtime.CompilerServices;
using Mlp.Kernels;

namespace Mlp.Model;

/// <summary>
/// A forward and backward pass that keeps every matrix feature-major, (width, rows), for
/// networks whose layers are all narrow. Row-major, a 5-wide layer's product is a 5-long dot
/// product per row and its weight gradient a sum of 10 × 5 outer products, each too short to
/// fill a vector; feature-major, every product runs along the rows (<see cref="FeatureMajor"/>):
/// Z = b + W·A and δA = Wᵀ·δZ stream whole rows of A, and δW = δZ·Aᵀ, δb = δZ·1 are dot
/// products as long as the batch. The loss still sees row-major logits (one output: the same buffer).
/// </summary>
internal sealed class FeatureMajorPass<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The widest layer (or input) this pass is used for; wider ones go row-major. Measured
    /// (forward, loss and backward, AVX2, bench `layout`): feature-major is 2-2.8× faster at
    /// widths up to 16, 1.2-1.4× at 32 and 64 (20-64-32-1), even at 64-64-1, and slower beyond
    /// (100-64-1: 0.67×, 20-128-64-1: 0.79×).
    /// </summary>
    public const int MaxWidth = 64;

    /// <summary>The fewest rows per pass: below a vector's worth every product is a scalar tail (still 1.7× faster at 8 rows of 2-2-1).</summary>
    public const int MinRows = 8;

    private readonly Network<T> _network;
    private readonly Workspace<T> _workspace;
    private readonly T[] _inputs; // (inputs, rows)
    private readonly T[] _zeros; // a bias of zero: the activation alone
    private readonly T[] _rowMajorLogits; // (rows, outputs) when outputs > 1
    private readonly T[] _rowMajorGradient;

    public FeatureMajorPass(Network<T> network, Workspace<T> workspace)
    {
        _network = network;
        _workspace = workspace;
        int capacity = workspace.Capacity;
        _inputs = new T[network.InputCount * capacity];
        _zeros = new T[capacity];
        int rowMajor = network.OutputCount > 1 ? network.OutputCount * capacity : 0;
        _rowMajorLogits = new T[rowMajor];
        _rowMajorGradient = new T[rowMajor];
    }

    /// <summary>Whether a network is narrow enough for this pass.</summary>
    public static bool Fits(Network<T> network) => network.MaxWidth <= MaxWidth;

    /// <summary>Whether a network's passes of <paramref name="rows"/> rows go feature-major.</summary>
    public static bool Suits(Network<T> network, int rows) => Fits(network) && rows >= MinRows;

    /// <summary>The inputs of the next pass, (InputCount, rows), for the caller to fill.</summary>
    public Span<T> Inputs(int rows) => _inputs.AsSpan(0, _network.InputCount * rows);

    /// <summary>inputs → logits, returned row-major (rows, OutputCount).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<T> Forward(int rows)
    {
        ReadOnlySpan<T> layerInput = Inputs(rows);
        var layers = _network.Layers;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var preActivation = _workspace.PreActivation(l, rows); // (out, rows)
            var activation = _workspace.Activation(l, rows);
            bool fused = FeatureMajor.Fuses(layer.Activation);
            FeatureMajor.Combine<T>(
                _network.Weights(l),
                transposed: false,
                _network.Bias(l),
                layerInput,
                preActivation,
                layer.OutputCount,
                layer.InputCount,
                rows,
                layer.Activation,
                fused ? activation : default
            );
            if (!fused)
            {
                Activations.BiasForward<T>(
                    preActivation,
                    _zeros.AsSpan(0, rows),
                    activation,
                    rows,
                    layer.Activation
                );
            }
            layerInput = activation;
        }
        if (_network.OutputCount > 1)
        {
            Transpose(
                _workspace.Activation(layers.Length - 1, rows),
                Logits(rows),
                _network.OutputCount,
                rows
            );
        }
        return Logits(rows);
    }

    /// <summary>The last <see cref="Forward"/>'s logits, row-major (rows, OutputCount).</summary>
    public Span<T> Logits(int rows) =>
        _network.OutputCount == 1
            ? _workspace.Activation(_network.Layers.Length - 1, rows)
            : _rowMajorLogits.AsSpan(0, _network.OutputCount * rows);

    /// <summary>Where the loss writes ∂loss/∂logits, row-major (rows, OutputCount), before <see cref="Backward"/>.</summary>
    public Span<T> OutputGradient(int rows) =>
        _network.OutputCount == 1
            ? _workspace.OutputGradient(rows)
            : _rowMajorGradient.AsSpan(0, _network.OutputCount * rows);

    /// <summary>Every parameter's gradient into <paramref name="gradients"/> (overwritten, parameter-shaped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(int rows, T[] gradients)
    {
        var layers = _network.Layers;
        var delta = _workspace.OutputGradient(rows); // (out, rows) of the layer being processed
        if (_network.OutputCount > 1)
        {
            Transpose(_rowMajorGradient, delta, rows, _network.OutputCount);
        }
        bool throughActivation = false; // whether delta already holds ∂loss/∂z of layer l
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            var layer = layers[l];
            if (!throughActivation && layer.Activation != Activation.Identity)
            {
                Activations.Backward<T>(
                    _workspace.PreActivation(l, rows),
                    _workspace.Activation(l, rows),
                    delta,
                    layer.Activation
                );
            }
            ReadOnlySpan<T> layerInput = l == 0 ? Inputs(rows) : _workspace.Activation(l - 1, rows);
            FeatureMajor.WeightGradient<T>(
                delta,
                layerInput,
                _network.Weights(gradients, l),
                _network.Bias(gradients, l),
                layer.OutputCount,
                layer.InputCount,
                rows
            );
            if (l == 0)
            {
                return;
            }
            var below = layers[l - 1].Activation;
            throughActivation = FeatureMajor.Gates(below);
            var previousDelta = _workspace.OtherGradient(delta, layer.InputCount * rows); // (in, rows)
            FeatureMajor.Combine<T>(
                _network.Weights(l),
                transposed: true,
                ReadOnlySpan<T>.Empty,
                delta,
                previousDelta,
                layer.InputCount,
                layer.OutputCount,
                rows,
                throughActivation ? below : Activation.Identity,
                gate: throughActivation ? _workspace.PreActivation(l - 1, rows) : default
            );
            delta = previousDelta;
        }
    }

    /// <summary>destination (columns, rows) = source (rows, columns)ᵀ.</summary>
    private static void Transpose(
        ReadOnlySpan<T> source,
        Span<T> destination,
        int rows,
        int columns
    )
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                destination[c * rows + r] = source[r * columns + c];
            }
        }
    }
}
