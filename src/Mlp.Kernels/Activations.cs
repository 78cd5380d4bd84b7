using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// Bias + activation forward, and the activation's derivative times the upstream gradient.
/// Matrices are batch-major: (rows, units), row-contiguous.
/// </summary>
public static class Activations
{
    /// <summary>Slope of leaky ReLU for negative inputs (PyTorch's default).</summary>
    public const double LeakySlope = 0.01;

    /// <summary>Rows shorter than this are handled several at a time, or with a plain loop: a vector call per row costs more than it saves.</summary>
    internal const int ShortRow = 32;

    /// <summary>
    /// Adds <paramref name="bias"/> to every row of <paramref name="preActivation"/> (rows, units)
    /// in place, then writes activation(preActivation) into <paramref name="output"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasForward<T>(
        Span<T> preActivation,
        ReadOnlySpan<T> bias,
        Span<T> output,
        int units,
        Activation activation
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.BiasForward(
                FloatPath.AsFloat(preActivation),
                FloatPath.AsFloat(bias),
                FloatPath.AsFloat(output),
                units,
                activation
            );
            return;
        }
        BiasForwardScalar(preActivation, bias, output, units, activation);
    }

    /// <summary>The reference of <see cref="BiasForward"/>: one element at a time.</summary>
    public static void BiasForwardScalar<T>(
        Span<T> preActivation,
        ReadOnlySpan<T> bias,
        Span<T> output,
        int units,
        Activation activation
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = units == 0 ? 0 : preActivation.Length / units;
        for (int r = 0; r < rows; r++)
        {
            var zRow = preActivation.Slice(r * units, units);
            var aRow = output.Slice(r * units, units);
            for (int j = 0; j < units; j++)
            {
                T z = zRow[j] + bias[j];
                zRow[j] = z;
                aRow[j] = Apply(z, activation);
            }
        }
    }

    /// <summary>
    /// Turns δoutput into δpreActivation in place: gradient[i] *= activation'(preActivation[i]),
    /// using the stored output where the derivative is cheaper from it (tanh, sigmoid).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(
        ReadOnlySpan<T> preActivation,
        ReadOnlySpan<T> output,
        Span<T> gradient,
        Activation activation
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.ActivationBackward(
                FloatPath.AsFloat(preActivation),
                FloatPath.AsFloat(output),
                FloatPath.AsFloat(gradient),
                activation
            );
            return;
        }
        BackwardScalar(preActivation, output, gradient, activation);
    }

    /// <summary>The reference of <see cref="Backward"/>: one element at a time.</summary>
    public static void BackwardScalar<T>(
        ReadOnlySpan<T> preActivation,
        ReadOnlySpan<T> output,
        Span<T> gradient,
        Activation activation
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= Derivative(preActivation[i], output[i], activation);
        }
    }

    public static T Apply<T>(T z, Activation activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity:
                return z;
            case Activation.Relu:
                return z > T.Zero ? z : T.Zero;
            case Activation.LeakyRelu:
                return z > T.Zero ? z : T.CreateTruncating(LeakySlope) * z;
            case Activation.Tanh:
                return T.Tanh(z);
            case Activation.Sigmoid:
                return Sigmoid(z);
            case Activation.Gelu:
                return T.CreateTruncating(0.5) * z * (T.One + T.Tanh(GeluInner(z)));
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>d activation / dz at z, given output = activation(z).</summary>
    public static T Derivative<T>(T z, T output, Activation activation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity:
                return T.One;
            case Activation.Relu:
                return z > T.Zero ? T.One : T.Zero;
            case Activation.LeakyRelu:
                return z > T.Zero ? T.One : T.CreateTruncating(LeakySlope);
            case Activation.Tanh:
                return T.One - output * output;
            case Activation.Sigmoid:
                return output * (T.One - output);
            case Activation.Gelu:
                return GeluDerivative(z);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>1 / (1 + e^-z), without overflow for large |z|.</summary>
    public static T Sigmoid<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-z));
        }
        T e = T.Exp(z);
        return e / (T.One + e);
    }

    // GELU in its tanh form (PyTorch's approximate="tanh"): 0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³))).
    private static T GeluInner<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sqrtTwoOverPi = T.CreateTruncating(0.7978845608028654);
        return sqrtTwoOverPi * (z + T.CreateTruncating(0.044715) * z * z * z);
    }

    private static T GeluDerivative<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sqrtTwoOverPi = T.CreateTruncating(0.7978845608028654);
        T half = T.CreateTruncating(0.5);
        T t = T.Tanh(GeluInner(z));
        T innerDerivative = sqrtTwoOverPi * (T.One + T.CreateTruncating(3 * 0.044715) * z * z);
        return half * (T.One + t) + half * z * (T.One - t * t) * innerDerivative;
    }
}
