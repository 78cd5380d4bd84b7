using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// A model file's numbers, read so that any element says false rather than throws:
/// JsonElement's TryGet… throw on an element that is not a number at all (a string, an object),
/// which a damaged file may hold anywhere.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryInt32(this JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    public static bool TryInt64(this JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    public static bool TryDouble(this JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
    }

    public static bool TrySingle(this JsonElement element, out float value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetSingle(out value);
    }
}
