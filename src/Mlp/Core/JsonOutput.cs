using System.Text;
using System.Text.Json;
using Mlp.Metrics;

namespace Mlp;

/// <summary>Writes one JSON document (indented, UTF-8) to a text writer.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>One contract document: an object whose first field names its format ("mlp-pdp/1").</summary>
    public static void Document(TextWriter output, string format, Action<Utf8JsonWriter> fields) =>
        Write(
            output,
            json =>
            {
                json.WriteStartObject();
                json.WriteString("format", format);
                fields(json);
                json.WriteEndObject();
            }
        );

    public static void NumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>"positive_class" for a binary model: the class its probability is of.</summary>
    public static void PositiveClass(Utf8JsonWriter json, Model.Schema schema)
    {
        if (schema.PositiveClass is string positive)
        {
            json.WriteString("positive_class", positive);
        }
    }

    public static void Metrics(Utf8JsonWriter json, MetricSet metrics, string field = "metrics")
    {
        json.WriteStartObject(field);
        foreach (var (name, value) in metrics.Values)
        {
            NumberOrNull(json, name, value);
        }
        json.WriteEndObject();
    }

    /// <summary>"per_class": [{"class", "precision", "recall", "f1", "support"}, …] for a multiclass model.</summary>
    public static void PerClass(Utf8JsonWriter json, MetricSet metrics, string[] classes)
    {
        if (metrics.PerClass is not { } scores)
        {
            return;
        }
        json.WriteStartArray("per_class");
        for (int c = 0; c < scores.Length; c++)
        {
            json.WriteStartObject();
            json.WriteString("class", classes[c]);
            json.WriteNumber("precision", scores[c].Precision);
            json.WriteNumber("recall", scores[c].Recall);
            json.WriteNumber("f1", scores[c].F1);
            json.WriteNumber("support", scores[c].Support);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void Confusion(Utf8JsonWriter json, MetricSet metrics, string[] classes)
    {
        if (metrics.Confusion is not { } counts)
        {
            return;
        }
        json.WriteStartObject("confusion_matrix");
        json.WriteStringArray("classes", classes);
        json.WriteStartArray("counts");
        for (int t = 0; t < counts.GetLength(0); t++)
        {
            json.WriteStartArray();
            for (int p = 0; p < counts.GetLength(1); p++)
            {
                json.WriteNumberValue(counts[t, p]);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
