using Mlp.Kernels;

namespace Mlp.Export;

/// <summary>A layer's activation as ONNX opset-13 operators, exactly as the kernels compute it.</summary>
internal static class OnnxActivations
{
    public static string Apply(
        OnnxGraphBuilder graph,
        Activation activation,
        string x,
        int layer
    ) =>
        activation switch
        {
            Activation.Relu => graph.Add("Relu", [x]),
            Activation.Tanh => graph.Add("Tanh", [x]),
            Activation.Sigmoid => graph.Add("Sigmoid", [x]),
            Activation.LeakyRelu => graph.Add(
                "LeakyRelu",
                [x],
                attributes: OnnxMessages.FloatAttribute("alpha", (float)Activations.LeakySlope)
            ),
            Activation.Gelu => Gelu(graph, x, layer),
            _ => x,
        };

    /// <summary>
    /// GELU in its tanh form, 0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³))): opset 13 has no Gelu
    /// operator (it came in opset 20), so it is built from Mul, Add and Tanh.
    /// </summary>
    private static string Gelu(OnnxGraphBuilder graph, string z, int layer)
    {
        string cubic = graph.Scalar($"gelu{layer}.cubic", 0.044715f);
        string scale = graph.Scalar($"gelu{layer}.sqrt_2_over_pi", (float)Math.Sqrt(2 / Math.PI));
        string one = graph.Scalar($"gelu{layer}.one", 1f);
        string half = graph.Scalar($"gelu{layer}.half", 0.5f);
        string squared = graph.Add("Mul", [z, z]);
        string cubed = graph.Add("Mul", [squared, z]);
        string inner = graph.Add("Add", [z, graph.Add("Mul", [cubed, cubic])]);
        string tanh = graph.Add("Tanh", [graph.Add("Mul", [inner, scale])]);
        string gate = graph.Add("Mul", [graph.Add("Add", [tanh, one]), half]);
        return graph.Add("Mul", [z, gate]);
    }
}
