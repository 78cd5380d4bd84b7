namespace Mlp.Kernels;

/// <summary>The element-wise functions a layer applies after its affine map.</summary>
public enum Activation
{
    Identity,
    Relu,
    LeakyRelu,
    Tanh,
    Sigmoid,
    Gelu,
}
