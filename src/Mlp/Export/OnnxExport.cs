using System.Text.Json;
using Mlp.Model;

namespace Mlp.Export;

/// <summary>
/// A model as an ONNX file (IR 7, opset 13): input `input` float [N, features] in the model's
/// feature order (one-hot columns included; NaN marks a missing value when the model imputes),
/// then imputation, standardization as Sub and Div, each layer as Gemm (transB = 1) and its
/// activation, and the head: `probabilities` [N, classes] and `label` (int64 class index) for
/// classification, `prediction` [N, 1] in the target's units for regression.
/// </summary>
internal static class OnnxExport
{
    public const long IrVersion = 7;
    public const long OpsetVersion = 13;

    public static byte[] Write(MlpModel model)
    {
        var schema = model.Schema;
        var graph = new OnnxGraphBuilder();
        string x = Inputs(graph, model, "input");
        for (int l = 0; l < model.Network.Layers.Length; l++)
        {
            var layer = model.Network.Layers[l];
            string weights = graph.Constant(
                $"layer{l + 1}.weight",
                [layer.OutputCount, layer.InputCount],
                model.Network.Weights(l)
            );
            string bias = graph.Constant(
                $"layer{l + 1}.bias",
                [layer.OutputCount],
                model.Network.Bias(l)
            );
            x = graph.Add(
                "Gemm",
                [x, weights, bias],
                attributes: OnnxMessages.IntAttribute("transB", 1)
            );
            x = OnnxActivations.Apply(graph, layer.Activation, x, l + 1);
        }
        var outputs = Head(graph, model, x);
        int features = schema.InputCount;
        var input = OnnxMessages.TensorValue(
            "input",
            OnnxMessages.Float,
            [null, features],
            "rows of the model's features in the order of the metadata's 'features' (one-hot columns as 0/1)"
        );
        var onnxGraph = OnnxMessages.Graph(
            "mlp",
            graph.Nodes,
            graph.Initializers,
            [input],
            outputs
        );
        return OnnxMessages
            .Model(
                IrVersion,
                OpsetVersion,
                ToolVersion.Current,
                $"mlp {schema.Task.Name()} model of '{schema.TargetName}'",
                onnxGraph,
                Metadata(schema)
            )
            .ToArray();
    }

    /// <summary>
    /// Imputation of NaN inputs (when the model has fill values), the missing indicators, the
    /// log transform of heavy-tailed inputs, and standardization.
    /// </summary>
    private static string Inputs(OnnxGraphBuilder graph, MlpModel model, string x)
    {
        long[] width = [model.Schema.InputCount];
        if (model.Schema.Impute is double[] impute)
        {
            string missing = graph.Add("IsNaN", [x]);
            var indicators = Indicators(graph, model.Schema, missing);
            string fill = graph.Constant("input.fill", width, ToFloats(impute));
            x = graph.Add("Where", [missing, fill, x]);
            if (indicators is var (values, keep))
            {
                x = graph.Add("Add", [graph.Add("Mul", [x, keep]), values]);
            }
        }
        if (model.InputScaling is Standardization scaling)
        {
            if (scaling.LogScale is { } logScale)
            {
                x = LogTransformed(graph, x, logScale);
            }
            string mean = graph.Constant("input.mean", width, ToFloats(scaling.Mean));
            string std = graph.Constant("input.std", width, ToFloats(scaling.Std));
            x = graph.Add("Div", [graph.Add("Sub", [x, mean]), std]);
        }
        return x;
    }

    /// <summary>
    /// <see cref="LogTransform"/> on the logged inputs, in float: with u = x / s,
    /// Log(1 + Relu(u)) + Min(u, 0) is log(1 + u) for u ≥ 0 and u below; the other inputs pass
    /// through Where (so an infinity there cannot turn into NaN).
    /// </summary>
    private static string LogTransformed(OnnxGraphBuilder graph, string x, double[] logScale)
    {
        int width = logScale.Length;
        var scale = logScale.Select(s => s > 0 ? (float)s : 1f).ToArray();
        var logged = logScale.Select(s => s > 0 ? 1f : 0f).ToArray();
        string u = graph.Add("Div", [x, graph.Constant("input.log_scale", [width], scale)]);
        string positive = graph.Add(
            "Log",
            [graph.Add("Add", [graph.Add("Relu", [u]), graph.Scalar("input.one", 1f)])]
        );
        string negative = graph.Add("Min", [u, graph.Scalar("input.zero", 0f)]);
        string mask = graph.Add(
            "Greater",
            [graph.Constant("input.logged", [width], logged), graph.Scalar("input.half", 0.5f)]
        );
        return graph.Add("Where", [mask, graph.Add("Add", [positive, negative]), x]);
    }

    /// <summary>
    /// Each missing-indicator input computed from its value's input, whatever the caller put
    /// there: IsNaN(x) as 0/1 times a matrix that copies a value's column to its indicator's;
    /// and the mask that zeros the indicator inputs before those are added. Null when the model
    /// has no indicators.
    /// </summary>
    private static (string Values, string Keep)? Indicators(
        OnnxGraphBuilder graph,
        Schema schema,
        string missing
    )
    {
        int width = schema.InputCount;
        var copy = new float[width * width];
        var keep = new float[width];
        Array.Fill(keep, 1f);
        bool any = false;
        int input = 0;
        foreach (var source in schema.Sources)
        {
            if (source.MissingIndicator && !source.IsCategorical)
            {
                copy[input * width + input + 1] = 1;
                keep[input + 1] = 0;
                any = true;
            }
            input += source.Width;
        }
        if (!any)
        {
            return null;
        }
        const long FloatType = 1;
        string flags = graph.Add(
            "Cast",
            [missing],
            null,
            OnnxMessages.IntAttribute("to", FloatType)
        );
        string matrix = graph.Constant("input.indicator", [width, width], copy);
        return (
            graph.Add("MatMul", [flags, matrix]),
            graph.Constant("input.indicator_mask", [width], keep)
        );
    }

    private static ProtoMessage[] Head(OnnxGraphBuilder graph, MlpModel model, string logits)
    {
        var schema = model.Schema;
        int classes = schema.Classes.Length;
        switch (schema.Task)
        {
            case TaskKind.Binary:
                string positive = graph.Add("Sigmoid", [logits]);
                string negative = graph.Add("Sub", [graph.Scalar("one", 1f), positive]);
                graph.Add(
                    "Concat",
                    [negative, positive],
                    "probabilities",
                    OnnxMessages.IntAttribute("axis", 1)
                );
                // Ties (p = 0.5 exactly) go to the positive class, as mlp predict's p >= 0.5.
                Label(graph, OnnxMessages.IntAttribute("select_last_index", 1));
                return ClassOutputs(classes);
            case TaskKind.Multiclass:
                graph.Add(
                    "Softmax",
                    [logits],
                    "probabilities",
                    OnnxMessages.IntAttribute("axis", 1)
                );
                Label(graph);
                return ClassOutputs(classes);
            default:
                if (model.TargetScaling is Standardization target)
                {
                    string std = graph.Scalar("target.std", (float)target.Std[0]);
                    string mean = graph.Scalar("target.mean", (float)target.Mean[0]);
                    graph.Add("Add", [graph.Add("Mul", [logits, std]), mean], "prediction");
                }
                else
                {
                    graph.Add("Identity", [logits], "prediction");
                }
                return
                [
                    OnnxMessages.TensorValue(
                        "prediction",
                        OnnxMessages.Float,
                        [null, 1],
                        $"the prediction of '{schema.TargetName}' in its own units"
                    ),
                ];
        }
    }

    private static void Label(OnnxGraphBuilder graph, params ProtoMessage[] extra) =>
        graph.Add(
            "ArgMax",
            ["probabilities"],
            "label",
            [
                OnnxMessages.IntAttribute("axis", 1),
                OnnxMessages.IntAttribute("keepdims", 0),
                .. extra,
            ]
        );

    private static ProtoMessage[] ClassOutputs(int classes) =>
        [
            OnnxMessages.TensorValue(
                "probabilities",
                OnnxMessages.Float,
                [null, classes],
                "each class's probability, classes in the order of the metadata's 'classes'"
            ),
            OnnxMessages.TensorValue(
                "label",
                OnnxMessages.Int64,
                [null],
                "the index of the predicted class in the metadata's 'classes'"
            ),
        ];

    /// <summary>What a consumer needs to map the tensors: metadata_props, JSON arrays for the lists.</summary>
    private static IEnumerable<(string, string)> Metadata(Schema schema) =>
        [
            ("task", schema.Task.Name()),
            ("target", schema.TargetName),
            ("features", JsonArray(schema.FeatureNames)),
            ("classes", JsonArray(schema.Classes)),
        ];

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string value in values)
            {
                json.WriteStringValue(value);
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static float[] ToFloats(double[] values) => Array.ConvertAll(values, v => (float)v);
}
