using System.Runtime.CompilerServices;

namespace Mlp.Data;

/// <summary>A growable float array: a column as it is read.</summary>
internal sealed class FloatBuffer
{
    private float[] _items = new float[256];

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(float value)
    {
        if (Count == _items.Length)
        {
            Reserve(_items.Length * 2);
        }
        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<float> values)
    {
        Reserve(Count + values.Length);
        values.CopyTo(_items.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>Grows the storage to at least <paramref name="capacity"/> items (without zeroing), keeping the values.</summary>
    public void Reserve(int capacity)
    {
        if (capacity <= _items.Length)
        {
            return;
        }
        var grown = GC.AllocateUninitializedArray<float>(capacity);
        _items.AsSpan(0, Count).CopyTo(grown);
        _items = grown;
    }

    public ReadOnlySpan<float> Span => _items.AsSpan(0, Count);

    /// <summary>The values in an array of exactly <see cref="Count"/> items (reusing storage when it fits).</summary>
    public float[] ToArray()
    {
        if (_items.Length != Count)
        {
            _items = _items.AsSpan(0, Count).ToArray();
        }
        return _items;
    }
}
