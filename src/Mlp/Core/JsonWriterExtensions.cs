using System.Text.Json;

namespace Mlp;

internal static class JsonWriterExtensions
{
    public static void WriteStringArray(
        this Utf8JsonWriter json,
        string name,
        IEnumerable<string> values
    )
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    public static void WriteNumberArray(
        this Utf8JsonWriter json,
        string name,
        IEnumerable<int> values
    )
    {
        json.WriteStartArray(name);
        foreach (int value in values)
        {
            json.WriteNumberValue(value);
        }
        json.WriteEndArray();
    }
}
