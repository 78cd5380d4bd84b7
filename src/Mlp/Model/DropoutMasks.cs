using System.Numerics;

namespace Mlp.Model;

/// <summary>
/// Inverted dropout's masks for a batch: per hidden layer and row, each unit kept (scaled by
/// 1 / (1 − p)) or dropped (0). They are drawn for the whole batch, row by row from one
/// generator per step, before the batch is cut into chunks, so they do not depend on the thread
/// count; a chunk reads its rows' slice.
/// </summary>
internal sealed class DropoutMasks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerShape[] _layers;
    private readonly T[][] _masks;
    private readonly double _rate;
    private readonly T _kept;

    public DropoutMasks(Network<T> network, int capacity, double rate)
    {
        _layers = network.Layers;
        _rate = rate;
        _kept = T.CreateTruncating(1 / (1 - rate));
        _masks = [.. _layers[..^1].Select(layer => new T[capacity * layer.OutputCount])];
    }

    /// <summary>Draws the masks of <paramref name="rows"/> rows: layer by layer, row by row, unit by unit.</summary>
    public void Draw(Rng rng, int rows)
    {
        for (int l = 0; l < _masks.Length; l++)
        {
            var mask = _masks[l].AsSpan(0, rows * _layers[l].OutputCount);
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = rng.NextDouble() < _rate ? T.Zero : _kept;
            }
        }
    }

    /// <summary>Hidden layer <paramref name="layer"/>'s mask for rows <paramref name="firstRow"/> … + <paramref name="rows"/>.</summary>
    public ReadOnlySpan<T> Layer(int layer, int firstRow, int rows)
    {
        int width = _layers[layer].OutputCount;
        return _masks[layer].AsSpan(firstRow * width, rows * width);
    }
}
