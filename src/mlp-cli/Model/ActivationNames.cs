using Mlp.Kernels;

namespace Mlp.Cli.Model;

internal static class ActivationNames
{
    public static readonly string[] All =
    [
        "relu",
        "tanh",
        "sigmoid",
        "leaky-relu",
        "gelu",
        "identity",
    ];

    public static string Name(this Activation activation) =>
        activation switch
        {
            Activation.Relu => "relu",
            Activation.LeakyRelu => "leaky-relu",
            Activation.Tanh => "tanh",
            Activation.Sigmoid => "sigmoid",
            Activation.Gelu => "gelu",
            _ => "identity",
        };

    public static Activation? Parse(string name) =>
        name switch
        {
            "relu" => Activation.Relu,
            "leaky-relu" => Activation.LeakyRelu,
            "tanh" => Activation.Tanh,
            "sigmoid" => Activation.Sigmoid,
            "gelu" => Activation.Gelu,
            "identity" => Activation.Identity,
            _ => null,
        };

    /// <summary>The function on the logits that turns them into the model's output.</summary>
    public static string OutputActivation(TaskKind task) =>
        task switch
        {
            TaskKind.Binary => "sigmoid",
            TaskKind.Multiclass => "softmax",
            _ => "identity",
        };
}
