using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// Writes a model in the safetensors layout: an 8-byte little-endian header length, a
/// JSON header (tensor names, dtypes, shapes, byte ranges, and `__metadata__` with
/// `format` = mlp/5 and `config`), then the raw little-endian float32 data. mlp/2 added the
/// training state (`optimizer.first`, `optimizer.second` and the config's `state`), mlp/3 the
/// config's training `history`, mlp/4 a numeric source's `missing_indicator` input, mlp/5 the
/// log transform of heavy-tailed inputs (`log_inputs`, and `log_scale` in `input_scaling`);
/// older files, without them, still load.
/// </summary>
internal static class ModelFile
{
    public const string Format = "mlp/5";

    /// <summary>The formats this version reads.</summary>
    public static readonly string[] Readable = ["mlp/1", "mlp/2", "mlp/3", "mlp/4", Format];

    public static void Write(MlpModel model, Stream stream)
    {
        var tensors = Tensors(model);
        var header = Header(model, tensors);
        int padding = (8 - header.Length % 8) % 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(header.Length + padding));
        stream.Write(length);
        stream.Write(header);
        for (int i = 0; i < padding; i++)
        {
            stream.WriteByte((byte)' ');
        }
        foreach (var (_, _, data) in tensors)
        {
            WriteLittleEndian(stream, data);
        }
    }

    /// <summary>Name, shape and data of every tensor, in file order.</summary>
    public static List<(string Name, int[] Shape, float[] Data)> Tensors(MlpModel model)
    {
        var network = model.Network;
        var tensors = new List<(string, int[], float[])>();
        for (int l = 0; l < network.Layers.Length; l++)
        {
            var layer = network.Layers[l];
            tensors.Add(
                (
                    $"layers.{l}.weight",
                    [layer.OutputCount, layer.InputCount],
                    network.Weights(l).ToArray()
                )
            );
            tensors.Add(($"layers.{l}.bias", [layer.OutputCount], network.Bias(l).ToArray()));
        }
        if (model.InputScaling is { } input)
        {
            tensors.Add(("input.mean", [input.Columns], Floats(input.Mean)));
            tensors.Add(("input.std", [input.Columns], Floats(input.Std)));
        }
        if (model.TargetScaling is { } target)
        {
            tensors.Add(("target.mean", [1], Floats(target.Mean)));
            tensors.Add(("target.std", [1], Floats(target.Std)));
        }
        if (model.State is { } state)
        {
            if (state.First.Length > 0)
            {
                tensors.Add(("optimizer.first", [state.First.Length], state.First));
            }
            if (state.Second.Length > 0)
            {
                tensors.Add(("optimizer.second", [state.Second.Length], state.Second));
            }
        }
        return tensors;
    }

    private static float[] Floats(double[] values) => [.. values.Select(v => (float)v)];

    private static byte[] Header(
        MlpModel model,
        List<(string Name, int[] Shape, float[] Data)> tensors
    )
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", Format);
            json.WriteString("config", ModelConfig.Write(model));
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, shape, data) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int size in shape)
                {
                    json.WriteNumberValue(size);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += data.Length * sizeof(float);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteLittleEndian(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var bytes = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), data[i]);
        }
        stream.Write(bytes);
    }

    internal static readonly Encoding Utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
}
