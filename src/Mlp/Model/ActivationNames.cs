using Mlp.Kernels;

namespace Mlp.Model;

internal static class ActivationNames
{
    public static readonly NameTable<Activation> Table = new(
        [
            Activation.Relu,
            Activation.Tanh,
            Activation.Sigmoid,
            Activation.LeakyRelu,
            Activation.Gelu,
            Activation.Identity,
        ],
        ["relu", "tanh", "sigmoid", "leaky-relu", "gelu", "identity"]
    );

    public static string[] All => Table.Names;

    public static string Name(this Activation activation) => Table.Name(activation);

    public static Activation? Parse(string name) => Table.Parse(name);

    /// <summary>The function on the logits that turns them into the model's output.</summary>
    public static string OutputActivation(TaskKind task) =>
        task switch
        {
            TaskKind.Binary => "sigmoid",
            TaskKind.Multiclass => "softmax",
            _ => "identity",
        };
}
