using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Model;

/// <summary>
/// The buffers one forward/backward pass needs, sized once for a largest batch: every
/// layer's pre-activation and activation (rows, width), and two gradient buffers used in
/// turn as backpropagation walks down the layers. They are cut from one pinned block, each
/// starting on a 64-byte boundary (a cache line, and an aligned AVX-512 load). A pass
/// allocates nothing.
/// </summary>
internal sealed class Workspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int AlignmentBytes = 64;

    private readonly LayerShape[] _layers;
    private readonly T[] _block;
    private readonly int[] _preActivationStarts;
    private readonly int[] _activationStarts;
    private readonly int[] _droppedStarts;
    private readonly int _gradientAStart;
    private readonly int _gradientBStart;
    private readonly int _gradientLength;

    /// <param name="dropout">Whether the passes drop units: then each hidden layer also keeps its masked activation.</param>
    /// <param name="forwardOnly">
    /// No backward passes (prediction, explanations): no gradient buffers, which are as wide as
    /// the widest layer or the inputs (2,000 columns × 16,384 rows would be 262 MB).
    /// </param>
    public Workspace(
        Network<T> network,
        int capacity,
        bool dropout = false,
        bool forwardOnly = false
    )
    {
        Capacity = capacity;
        _layers = network.Layers;
        int perLine = AlignmentBytes / Unsafe.SizeOf<T>();
        int Rounded(int length) => (length + perLine - 1) / perLine * perLine;
        _gradientLength = forwardOnly ? 0 : capacity * network.MaxWidth;
        int total = 2 * Rounded(_gradientLength);
        foreach (var layer in _layers)
        {
            total += (dropout ? 3 : 2) * Rounded(capacity * layer.OutputCount);
        }
        // Pinned, so the block never moves and the alignment found here holds for its lifetime.
        _block = GC.AllocateArray<T>(total + perLine, pinned: true);
        int next = FirstAligned(_block);
        int Take(int length)
        {
            int start = next;
            next += Rounded(length);
            return start;
        }
        _preActivationStarts = new int[_layers.Length];
        _activationStarts = new int[_layers.Length];
        _droppedStarts = new int[dropout ? _layers.Length : 0];
        for (int l = 0; l < _layers.Length; l++)
        {
            _preActivationStarts[l] = Take(capacity * _layers[l].OutputCount);
            _activationStarts[l] = Take(capacity * _layers[l].OutputCount);
            if (dropout)
            {
                _droppedStarts[l] = Take(capacity * _layers[l].OutputCount);
            }
        }
        _gradientAStart = Take(_gradientLength);
        _gradientBStart = Take(_gradientLength);
    }

    /// <summary>The largest number of rows a pass may have.</summary>
    public int Capacity { get; }

    public Span<T> PreActivation(int layer, int rows) =>
        _block.AsSpan(_preActivationStarts[layer], rows * _layers[layer].OutputCount);

    public Span<T> Activation(int layer, int rows) =>
        _block.AsSpan(_activationStarts[layer], rows * _layers[layer].OutputCount);

    /// <summary>A hidden layer's activation times its dropout mask: what the next layer saw.</summary>
    public Span<T> Dropped(int layer, int rows) =>
        _block.AsSpan(_droppedStarts[layer], rows * _layers[layer].OutputCount);

    /// <summary>Where the loss writes ∂loss/∂logits (rows, OutputCount) before a backward pass.</summary>
    public Span<T> OutputGradient(int rows) =>
        _block.AsSpan(_gradientAStart, rows * _layers[^1].OutputCount);

    /// <summary>The gradient buffer that <paramref name="current"/> is not in.</summary>
    internal Span<T> OtherGradient(Span<T> current, int length) =>
        current.Overlaps(_block.AsSpan(_gradientAStart, _gradientLength))
            ? _block.AsSpan(_gradientBStart, length)
            : _block.AsSpan(_gradientAStart, length);

    /// <summary>The first index of <paramref name="block"/> whose address is a multiple of <see cref="AlignmentBytes"/>.</summary>
    private static unsafe int FirstAligned(T[] block)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(block));
        int misaligned = (int)(address % AlignmentBytes);
        return misaligned == 0 ? 0 : (AlignmentBytes - misaligned) / Unsafe.SizeOf<T>();
    }
}
