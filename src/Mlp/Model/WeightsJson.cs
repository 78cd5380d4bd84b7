using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// The `mlp-weights/1` document: features, classes, scaling and every layer's weights
/// [out][in] and biases, numbers in shortest round-trip float32 form (the scaling's means and
/// standard deviations, kept in double, in shortest round-trip double form). Each weight row is one line.
/// </summary>
internal static class WeightsJson
{
    public const string Format = "mlp-weights/1";

    public static void Write(MlpModel model, Stream stream)
    {
        var schema = model.Schema;
        var network = model.Network;
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("task", schema.Task.Name());
            json.WriteStringArray("features", schema.FeatureNames);
            json.WriteString("target", schema.TargetName);
            json.WriteStringArray("classes", schema.Classes);
            WriteScaling(json, "input_scaling", model.InputScaling);
            WriteScaling(json, "target_scaling", model.TargetScaling, scalar: true);
            json.WriteStartArray("layers");
            for (int l = 0; l < network.Layers.Length; l++)
            {
                var layer = network.Layers[l];
                bool last = l == network.Layers.Length - 1;
                json.WriteStartObject();
                json.WriteNumber("in", layer.InputCount);
                json.WriteNumber("out", layer.OutputCount);
                json.WriteString(
                    "activation",
                    last ? ActivationNames.OutputActivation(schema.Task) : layer.Activation.Name()
                );
                json.WriteStartArray("weights");
                var weights = network.Weights(l);
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    json.WriteRawValue(Row(weights.Slice(j * layer.InputCount, layer.InputCount)));
                }
                json.WriteEndArray();
                json.WritePropertyName("biases");
                json.WriteRawValue(Row(network.Bias(l)));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (model.Settings.Ensemble > 1)
            {
                // Which member each hidden unit belongs to: the layers above hold them side by side.
                json.WriteStartObject("ensemble");
                json.WriteNumber("members", model.Settings.Ensemble);
                json.WriteNumberArray("hidden_per_member", model.Settings.Hidden);
                json.WriteString(
                    "layout",
                    "member k holds hidden units k·w to (k+1)·w − 1 of each hidden layer of width K·w; a later hidden layer is block-diagonal; the output layer holds each member's output weights divided by K and the mean of their biases, so the logits are the members' mean"
                );
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static string Row(ReadOnlySpan<double> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ")
                .Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    private static string Row(ReadOnlySpan<float> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ")
                .Append(values[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    /// <summary>{"mean": [...], "std": [...]} (scalars for the target), or null.</summary>
    private static void WriteScaling(
        Utf8JsonWriter json,
        string name,
        Standardization? scaling,
        bool scalar = false
    )
    {
        if (scaling is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        if (scalar)
        {
            json.WriteNumber("mean", scaling.Mean[0]);
            json.WriteNumber("std", scaling.Std[0]);
        }
        else
        {
            json.WritePropertyName("mean");
            json.WriteRawValue(Row(scaling.Mean));
            json.WritePropertyName("std");
            json.WriteRawValue(Row(scaling.Std));
            if (scaling.LogScale is { } logScale)
            {
                json.WritePropertyName("log_scale");
                json.WriteRawValue(Row(logScale));
            }
        }
        json.WriteEndObject();
    }
}
