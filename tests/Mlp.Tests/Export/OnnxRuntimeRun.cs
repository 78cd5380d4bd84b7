using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mlp.Tests.Export;

/// <summary>
/// An exported file run in ONNX Runtime with graph optimizations off (session creation is
/// ONNX Runtime's check of the model), on rows of a CSV encoded independently of mlp: each
/// feature name of the file's metadata is a column (its number; empty is NaN) or
/// "column=category" (1 when the cell holds the category, NaN when it is empty, else 0).
/// </summary>
internal sealed class OnnxRuntimeRun : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRuntimeRun(string path)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
        };
        _session = new InferenceSession(path, options);
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string[] List(string key) => JsonSerializer.Deserialize<string[]>(Metadata[key])!;

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>The CSV's rows as the model's input tensor (rows, features).</summary>
    public DenseTensor<float> Encode(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath).Where(line => line.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var features = List("features");
        var tensor = new DenseTensor<float>([lines.Length - 1, features.Length]);
        for (int r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (int f = 0; f < features.Length; f++)
            {
                tensor[r - 1, f] = Cell(header, cells, features[f]);
            }
        }
        return tensor;
    }

    private static float Cell(string[] header, string[] cells, string feature)
    {
        int column = Array.IndexOf(header, feature);
        if (column >= 0)
        {
            return cells[column].Length == 0
                ? float.NaN
                : float.Parse(cells[column], CultureInfo.InvariantCulture);
        }
        int equals = feature.IndexOf('=', StringComparison.Ordinal);
        string value = cells[Array.IndexOf(header, feature[..equals])];
        return value.Length == 0 ? float.NaN
            : value == feature[(equals + 1)..] ? 1
            : 0;
    }

    /// <summary>Every output of the model on <paramref name="input"/>, by name.</summary>
    public Dictionary<string, Tensor<T>> Run<T>(DenseTensor<float> input, params string[] names)
    {
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor("input", input)], names);
        return results.ToDictionary(result => result.Name, result => result.AsTensor<T>().Clone());
    }

    public void Dispose() => _session.Dispose();
}
