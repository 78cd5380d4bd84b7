using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Mlp.Model;

/// <summary>
/// Reads a model file, checking the format version, every tensor's dtype, shape and byte
/// range against the config, and that every number is finite. Anything else is a one-line
/// error (exit 1), never an exception trace.
/// </summary>
internal static class ModelFileReader
{
    public delegate MlpException Fail(string message);

    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    public static MlpModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlpException(
                Directory.Exists(path) ? "the model path is a folder" : "model file not found",
                new ErrorPlace(path)
            );
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlpException($"cannot read the model: {e.Message}", new ErrorPlace(path));
        }
        return Parse(bytes, path);
    }

    public static MlpModel Parse(ReadOnlySpan<byte> bytes, string path)
    {
        Fail fail = message => new MlpException(
            $"not a valid mlp model: {message}",
            new ErrorPlace(path),
            "train one with `mlp train DATA -o model.mlp`"
        );
        if (FileKind.Of(bytes) is string kind)
        {
            throw new MlpException(
                $"{Path.GetFileName(path)} looks like {kind}, not an mlp model",
                new ErrorPlace(path),
                "the model file comes first: mlp COMMAND MODEL DATA"
            );
        }
        if (bytes.Length < 8)
        {
            throw fail("the file is too short");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw fail(
                $"the header length ({headerLength} bytes) does not fit the file ({bytes.Length} bytes): truncated or not a model"
            );
        }
        string headerText;
        try
        {
            headerText = ModelFile.Utf8.GetString(bytes.Slice(8, (int)headerLength));
        }
        catch (DecoderFallbackException)
        {
            throw fail("its header is not UTF-8 text");
        }
        var data = bytes[(8 + (int)headerLength)..];
        using var header = ModelConfig.ParseJson(headerText, fail);
        var root = header.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw fail("its header is not a JSON object");
        }
        var (format, configText) = CheckFormat(root, fail);
        var config = ModelConfig.Read(configText, fail);
        var tensors = ReadTensors(root, data, fail);
        return Assemble(config, tensors, format, fail);
    }

    private static (string Format, string Config) CheckFormat(JsonElement root, Fail fail)
    {
        if (
            !root.TryGetProperty("__metadata__", out var metadata)
            || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("format", out var format)
            || format.ValueKind != JsonValueKind.String
        )
        {
            throw fail("no mlp format in its metadata");
        }
        string version = format.GetString()!;
        if (!ModelFile.Readable.Contains(version))
        {
            throw fail(
                $"format \"{version}\" is not one this version reads ({string.Join(", ", ModelFile.Readable)})"
            );
        }
        if (
            !metadata.TryGetProperty("config", out var config)
            || config.ValueKind != JsonValueKind.String
        )
        {
            throw fail("no config in its metadata");
        }
        return (version, config.GetString()!);
    }

    private static Dictionary<string, (int[] Shape, float[] Data)> ReadTensors(
        JsonElement root,
        ReadOnlySpan<byte> data,
        Fail fail
    )
    {
        var tensors = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        long covered = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                continue;
            }
            var tensor = property.Value;
            if (
                tensor.ValueKind != JsonValueKind.Object
                || !tensor.TryGetProperty("dtype", out var dtype)
                || dtype.ValueKind != JsonValueKind.String
                || dtype.GetString() != "F32"
            )
            {
                throw fail($"tensor \"{property.Name}\" is not float32");
            }
            int[] shape = IntArray(tensor, "shape", fail);
            int[] offsets = IntArray(tensor, "data_offsets", fail);
            long count = 1;
            foreach (int size in shape)
            {
                count *= size;
            }
            if (
                offsets.Length != 2
                || offsets[0] > offsets[1]
                || offsets[1] > data.Length
                || (long)offsets[1] - offsets[0] != count * sizeof(float)
            )
            {
                throw fail(
                    $"tensor \"{property.Name}\" has a byte range that does not match its shape or the file"
                );
            }
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                float value = BinaryPrimitives.ReadSingleLittleEndian(
                    data.Slice((int)offsets[0] + i * sizeof(float))
                );
                values[i] = float.IsFinite(value)
                    ? value
                    : throw fail($"tensor \"{property.Name}\" holds a non-finite number");
            }
            covered += offsets[1] - offsets[0];
            tensors[property.Name] = (shape, values);
        }
        if (covered != data.Length)
        {
            throw fail(
                $"its tensors cover {covered} of {data.Length} data bytes: truncated or corrupt"
            );
        }
        return tensors;
    }

    private static int[] IntArray(JsonElement element, string name, Fail fail)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw fail($"a tensor lacks \"{name}\"");
        }
        // Loops rather than LINQ over JsonElement: every model load runs this, and generic LINQ
        // over another assembly's struct is compiled at start-up instead of precompiled.
        var values = new int[array.GetArrayLength()];
        int at = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[at++] = item.TryInt32(out int i) && i >= 0 ? i : throw fail($"bad \"{name}\"");
        }
        return values;
    }

    private static MlpModel Assemble(
        (
            Schema Schema,
            LayerShape[] Layers,
            TrainingSettings Settings,
            Standardization? InputScaling,
            Standardization? TargetScaling,
            TrainingState? State,
            TrainingHistory? History
        ) config,
        Dictionary<string, (int[] Shape, float[] Data)> tensors,
        string format,
        Fail fail
    )
    {
        var (schema, layers, settings, _, _, _, _) = config;
        if (
            layers.Length == 0
            || layers[0].InputCount != schema.InputCount
            || layers[^1].OutputCount != schema.OutputCount
        )
        {
            throw fail("its layers do not match its features and classes");
        }
        for (int l = 1; l < layers.Length; l++)
        {
            if (layers[l].InputCount != layers[l - 1].OutputCount)
            {
                throw fail($"layer {l} does not take layer {l - 1}'s outputs");
            }
        }
        if (schema.Impute is not null && schema.Impute.Length != schema.InputCount)
        {
            throw fail("its impute values do not match its features");
        }
        var network = new Network<float>(layers);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int l = 0; l < layers.Length; l++)
        {
            Take(
                    tensors,
                    $"layers.{l}.weight",
                    [layers[l].OutputCount, layers[l].InputCount],
                    fail,
                    expected
                )
                .CopyTo(network.Weights(l));
            Take(tensors, $"layers.{l}.bias", [layers[l].OutputCount], fail, expected)
                .CopyTo(network.Bias(l));
        }
        network.UseBlocks(settings.Ensemble);
        var input = settings.Standardize
            ? Scaling(
                config.InputScaling,
                "input_scaling",
                Take(tensors, "input.mean", [schema.InputCount], fail, expected),
                Positive(Take(tensors, "input.std", [schema.InputCount], fail, expected), fail),
                fail
            )
            : null;
        var target =
            schema.Task == TaskKind.Regression
                ? Scaling(
                    config.TargetScaling,
                    "target_scaling",
                    Take(tensors, "target.mean", [1], fail, expected),
                    Positive(Take(tensors, "target.std", [1], fail, expected), fail),
                    fail
                )
                : null;
        var state = config.State;
        if (state is not null)
        {
            int parameters = network.Parameters.Length;
            float[] Moments(string name, bool present) =>
                present ? Take(tensors, name, [parameters], fail, expected) : [];
            state = state with
            {
                First = Moments("optimizer.first", settings.Optimizer != OptimizerKind.Sgd),
                Second = Moments(
                    "optimizer.second",
                    settings.Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW
                ),
            };
        }
        var extra = tensors.Keys.FirstOrDefault(name => !expected.Contains(name));
        if (extra is not null)
        {
            throw fail($"unexpected tensor \"{extra}\"");
        }
        return new MlpModel
        {
            Schema = schema,
            Network = network,
            InputScaling = input,
            TargetScaling = target,
            Settings = settings,
            State = state,
            History = config.History,
            Format = format,
        };
    }

    private static float[] Take(
        Dictionary<string, (int[] Shape, float[] Data)> tensors,
        string name,
        int[] shape,
        Fail fail,
        HashSet<string> expected
    )
    {
        expected.Add(name);
        if (!tensors.TryGetValue(name, out var tensor))
        {
            throw fail($"tensor \"{name}\" is missing");
        }
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw fail(
                $"tensor \"{name}\" has shape [{string.Join(",", tensor.Shape)}], expected [{string.Join(",", shape)}]"
            );
        }
        return tensor.Data;
    }

    /// <summary>The config's exact scaling when it has one of the tensors' shape, else the tensors' float32 values.</summary>
    private static Standardization Scaling(
        Standardization? exact,
        string name,
        float[] mean,
        float[] std,
        Fail fail
    )
    {
        if (exact is null)
        {
            var fromTensors = new Standardization(new double[mean.Length], new double[std.Length]);
            for (int i = 0; i < mean.Length; i++)
            {
                (fromTensors.Mean[i], fromTensors.Std[i]) = (mean[i], std[i]);
            }
            return fromTensors;
        }
        if (exact.Mean.Length != mean.Length || exact.Std.Length != std.Length)
        {
            throw fail($"\"{name}\" does not match the tensors");
        }
        foreach (double s in exact.Std)
        {
            if (!(s > 0))
            {
                throw fail("a standard deviation is not positive");
            }
        }
        return exact;
    }

    private static float[] Positive(float[] std, Fail fail)
    {
        foreach (float s in std)
        {
            if (!(s > 0))
            {
                throw fail("a standard deviation is not positive");
            }
        }
        return std;
    }
}
