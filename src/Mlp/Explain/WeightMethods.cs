using Mlp.Kernels;
using Mlp.Model;

namespace Mlp.Explain;

/// <summary>
/// Methods computed from the weights alone. On a multiclass model they explain the class
/// given by --class, or without it every class: one column per class, and as the importance
/// the mean over classes of |value|.
/// </summary>
internal static class WeightMethods
{
    public static ImportanceReport Report(
        string method,
        ExplainData data,
        int? classIndex,
        Func<int, double[]> perInputForOutput
    )
    {
        var model = data.Model;
        if (model.Schema.Task != TaskKind.Multiclass || classIndex is not null)
        {
            return new ImportanceReport
            {
                Method = method,
                Features = Attributions.PerSource(data, perInputForOutput(classIndex ?? 0)),
            };
        }
        var classes = model.Schema.Classes;
        var perClass = classes
            .Select((_, k) => Attributions.PerSource(data, perInputForOutput(k)))
            .ToArray();
        var features = data
            .SourceNames.Select(
                (name, g) =>
                    new FeatureImportance(
                        name,
                        perClass.Average(columns => Math.Abs(columns[g].Importance))
                    )
                    {
                        PerClass = perClass.Select(columns => columns[g].Importance).ToArray(),
                    }
            )
            .ToArray();
        return new ImportanceReport
        {
            Method = method,
            Features = features,
            ClassNames = classes,
        };
    }
}

/// <summary>`first-layer`: Σ_j |W1[j][i]| — the crude weight sum, kept for comparison.</summary>
internal sealed class FirstLayerMethod : IImportanceMethod
{
    public string Name => "first-layer";

    public ImportanceReport Compute(ExplainData data)
    {
        var network = data.Model.Network;
        var layer = network.Layers[0];
        var weights = network.Weights(0);
        var perInput = new double[layer.InputCount];
        for (int j = 0; j < layer.OutputCount; j++)
        {
            for (int i = 0; i < layer.InputCount; i++)
            {
                perInput[i] += Math.Abs(weights[j * layer.InputCount + i]);
            }
        }
        return new ImportanceReport
        {
            Method = Name,
            Features = Attributions.PerSource(data, perInput),
        };
    }
}

/// <summary>
/// `olden`: Olden's connection weights, the signed product W1ᵀ·W2ᵀ·…·WLᵀ (inputs × outputs),
/// for any depth; the column of the explained output.
/// </summary>
internal sealed class OldenMethod(int? classIndex) : IImportanceMethod
{
    public string Name => "olden";

    public ImportanceReport Compute(ExplainData data) =>
        WeightMethods.Report(
            Name,
            data,
            classIndex,
            output => ForOutput(data.Model.Network, output)
        );

    private static double[] ForOutput(Network<float> network, int output)
    {
        // Walk back from the output: v = e_output; v ← v·W_l for l = L..1 gives row `output` of W_L·…·W_1.
        var vector = new double[network.OutputCount];
        vector[output] = 1;
        for (int l = network.Layers.Length - 1; l >= 0; l--)
        {
            var layer = network.Layers[l];
            var weights = network.Weights(l);
            var next = new double[layer.InputCount];
            for (int j = 0; j < layer.OutputCount; j++)
            {
                for (int i = 0; i < layer.InputCount; i++)
                {
                    next[i] += vector[j] * weights[j * layer.InputCount + i];
                }
            }
            vector = next;
        }
        return vector;
    }
}

/// <summary>
/// `garson`: Garson's algorithm, defined for one hidden layer:
/// r_ij = |w_ij v_j| / Σ_i |w_ij v_j|, RI_i = Σ_j r_ij / Σ_k Σ_j r_kj.
/// </summary>
internal sealed class GarsonMethod(int? classIndex) : IImportanceMethod
{
    public string Name => "garson";

    public ImportanceReport Compute(ExplainData data)
    {
        var network = data.Model.Network;
        if (network.Layers.Length != 2)
        {
            throw new InvalidSettingException(
                "Method",
                "garson",
                $"is defined for networks with one hidden layer; this model has {network.Layers.Length - 1}",
                "olden works for any depth"
            );
        }
        return WeightMethods.Report(Name, data, classIndex, output => ForOutput(network, output));
    }

    private static double[] ForOutput(Network<float> network, int output)
    {
        var hidden = network.Layers[0];
        var w = network.Weights(0); // (hidden, inputs)
        var v = network.Weights(1).Slice(output * hidden.OutputCount, hidden.OutputCount);
        var relative = new double[hidden.InputCount];
        for (int j = 0; j < hidden.OutputCount; j++)
        {
            double column = 0;
            for (int i = 0; i < hidden.InputCount; i++)
            {
                column += Math.Abs((double)w[j * hidden.InputCount + i] * v[j]);
            }
            if (column == 0)
            {
                continue;
            }
            for (int i = 0; i < hidden.InputCount; i++)
            {
                relative[i] += Math.Abs((double)w[j * hidden.InputCount + i] * v[j]) / column;
            }
        }
        double total = relative.Sum();
        return relative.Select(r => total == 0 ? 0 : r / total).ToArray();
    }
}
