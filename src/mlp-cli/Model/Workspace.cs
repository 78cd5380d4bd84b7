using System.Numerics;

namespace Mlp.Cli.Model;

/// <summary>
/// The buffers one forward/backward pass needs, sized once for a largest batch: every
/// layer's pre-activation and activation (rows, width), and two gradient buffers used in
/// turn as backpropagation walks down the layers. A pass allocates nothing.
/// </summary>
internal sealed class Workspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerShape[] _layers;
    private readonly T[][] _preActivations;
    private readonly T[][] _activations;
    private readonly T[] _gradientA;
    private readonly T[] _gradientB;

    public Workspace(Network<T> network, int capacity)
    {
        Capacity = capacity;
        _layers = network.Layers;
        _preActivations = new T[_layers.Length][];
        _activations = new T[_layers.Length][];
        for (int l = 0; l < _layers.Length; l++)
        {
            _preActivations[l] = new T[capacity * _layers[l].OutputCount];
            _activations[l] = new T[capacity * _layers[l].OutputCount];
        }
        _gradientA = new T[capacity * network.MaxWidth];
        _gradientB = new T[capacity * network.MaxWidth];
    }

    /// <summary>The largest number of rows a pass may have.</summary>
    public int Capacity { get; }

    public Span<T> PreActivation(int layer, int rows) =>
        _preActivations[layer].AsSpan(0, rows * _layers[layer].OutputCount);

    public Span<T> Activation(int layer, int rows) =>
        _activations[layer].AsSpan(0, rows * _layers[layer].OutputCount);

    /// <summary>Where the loss writes ∂loss/∂logits (rows, OutputCount) before a backward pass.</summary>
    public Span<T> OutputGradient(int rows) => _gradientA.AsSpan(0, rows * _layers[^1].OutputCount);

    /// <summary>The gradient buffer that <paramref name="current"/> is not in.</summary>
    internal Span<T> OtherGradient(Span<T> current, int length) =>
        current.Overlaps(_gradientA) ? _gradientB.AsSpan(0, length) : _gradientA.AsSpan(0, length);
}
