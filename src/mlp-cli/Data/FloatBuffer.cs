namespace Mlp.Cli.Data;

/// <summary>A growable float array: a column as it is read.</summary>
internal sealed class FloatBuffer
{
    private float[] _items = new float[256];

    public int Count { get; private set; }

    public void Add(float value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[Count++] = value;
    }

    public ReadOnlySpan<float> Span => _items.AsSpan(0, Count);

    /// <summary>The values in an array of exactly <see cref="Count"/> items (reusing storage when it fits).</summary>
    public float[] ToArray()
    {
        if (_items.Length != Count)
        {
            Array.Resize(ref _items, Count);
        }
        return _items;
    }
}
