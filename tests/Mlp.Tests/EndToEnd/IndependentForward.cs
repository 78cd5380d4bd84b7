using System.Globalization;
using System.Text.Json;

namespace Mlp.Tests.EndToEnd;

/// <summary>
/// A forward pass written from the `mlp-weights/1` document alone, in double precision
/// with plain loops: the independent reference that `mlp predict` is checked against.
/// </summary>
internal sealed class IndependentForward
{
    private readonly JsonElement _root;

    public IndependentForward(string weightsJson)
    {
        _root = JsonDocument.Parse(weightsJson).RootElement.Clone();
        Features = _root
            .GetProperty("features")
            .EnumerateArray()
            .Select(e => e.GetString()!)
            .ToArray();
    }

    public string[] Features { get; }

    /// <summary>The model's inputs for a CSV row given as column → text; "name=value" features are one-hot.</summary>
    public double[] Inputs(IReadOnlyDictionary<string, string> row) =>
        Features
            .Select(feature =>
            {
                int equals = feature.IndexOf('=');
                return equals < 0
                    ? double.Parse(row[feature], CultureInfo.InvariantCulture)
                    : (row[feature[..equals]] == feature[(equals + 1)..] ? 1.0 : 0.0);
            })
            .ToArray();

    public double[] Outputs(double[] x)
    {
        var scaling = _root.GetProperty("input_scaling");
        var values = (double[])x.Clone();
        if (scaling.ValueKind != JsonValueKind.Null)
        {
            var mean = Numbers(scaling.GetProperty("mean"));
            var std = Numbers(scaling.GetProperty("std"));
            var logScale = scaling.TryGetProperty("log_scale", out var scales)
                ? Numbers(scales)
                : new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                // A heavy-tailed input: log1p(x / s) from 0 up, the line x / s below.
                double s = logScale[i];
                double t =
                    s == 0 ? values[i]
                    : values[i] >= 0 ? Math.Log(1 + values[i] / s)
                    : values[i] / s;
                values[i] = (t - mean[i]) / std[i];
            }
        }
        foreach (var layer in _root.GetProperty("layers").EnumerateArray())
        {
            var weights = layer.GetProperty("weights").EnumerateArray().Select(Numbers).ToArray();
            var biases = Numbers(layer.GetProperty("biases"));
            var next = new double[weights.Length];
            for (int j = 0; j < weights.Length; j++)
            {
                double sum = biases[j];
                for (int i = 0; i < values.Length; i++)
                {
                    sum += weights[j][i] * values[i];
                }
                next[j] = sum;
            }
            values = Activate(next, layer.GetProperty("activation").GetString()!);
        }
        var target = _root.GetProperty("target_scaling");
        if (target.ValueKind != JsonValueKind.Null)
        {
            values[0] =
                values[0] * target.GetProperty("std").GetDouble()
                + target.GetProperty("mean").GetDouble();
        }
        return values;
    }

    private static double[] Activate(double[] z, string activation)
    {
        if (activation == "softmax")
        {
            double max = z.Max();
            var e = z.Select(v => Math.Exp(v - max)).ToArray();
            double sum = e.Sum();
            return e.Select(v => v / sum).ToArray();
        }
        return z.Select(v =>
                activation switch
                {
                    "relu" => Math.Max(v, 0),
                    "leaky-relu" => v > 0 ? v : 0.01 * v,
                    "tanh" => Math.Tanh(v),
                    "sigmoid" => 1 / (1 + Math.Exp(-v)),
                    "gelu" => 0.5
                        * v
                        * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))),
                    "identity" => v,
                    _ => throw new InvalidOperationException(activation),
                }
            )
            .ToArray();
    }

    private static double[] Numbers(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>
    /// Every row of <paramref name="csv"/> through this reference against the "prediction"
    /// column that `mlp predict` printed for it: within <paramref name="relative"/> of the
    /// expected value (of at least <paramref name="floor"/> in size).
    /// </summary>
    public void AssertRegressionMatches(
        string csv,
        string predicted,
        double relative,
        double floor = 0
    )
    {
        var rows = SimpleCsv.Parse(csv);
        var predictions = SimpleCsv.Parse(predicted);
        Assert.Equal(rows.Count, predictions.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            double expected = Outputs(Inputs(rows[r]))[0];
            double actual = double.Parse(
                predictions[r]["prediction"],
                CultureInfo.InvariantCulture
            );
            Assert.True(
                Math.Abs(expected - actual) <= relative * Math.Max(floor, Math.Abs(expected)),
                $"row {r}: {actual} vs {expected}"
            );
        }
    }
}

/// <summary>Minimal CSV reading for tests (no quoted separators in the generated data).</summary>
internal static class SimpleCsv
{
    public static List<Dictionary<string, string>> Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines
            .Skip(1)
            .Select(line =>
            {
                var fields = line.Split(',');
                return header
                    .Select((name, i) => (name, fields[i]))
                    .ToDictionary(p => p.name, p => p.Item2);
            })
            .ToList();
    }
}
