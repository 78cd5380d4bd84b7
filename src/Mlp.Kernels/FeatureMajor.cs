using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp.Kernels;

/// <summary>
/// The products of a dense layer whose activations are stored feature-major, (width, rows):
/// every loop runs along the rows, so a layer a few units wide still fills whole vectors.
/// Float runs on the selected SIMD variant (<see cref="KernelSelection"/>); other types run the
/// scalar reference, which is also the vector variants' oracle.
/// </summary>
public static class FeatureMajor
{
    /// <summary>
    /// output(i, r) = start(i) + Σ_j coefficient(i, j) · input(j, r), for an (m, rows) output
    /// and a (k, rows) input. coefficient(i, j) is <c>coefficients[i·k + j]</c>, or with
    /// <paramref name="transposed"/> <c>coefficients[j·m + i]</c>; start(i) is bias[i], or 0
    /// when <paramref name="bias"/> is empty. Forward through a layer: Z = b + W·A
    /// (W is (out, in)); backward to its inputs: δA = Wᵀ·δZ (transposed, no bias). With
    /// <paramref name="activated"/> it also writes activation(output) there, in the same pass:
    /// for <see cref="Activation.Identity"/> and the ReLU family only (the smooth ones take
    /// their own pass over the output). With <paramref name="gate"/>, an (m, rows) pre-activation
    /// z of the layer below, the output is the sum times activation′(z) instead, so the backward
    /// product also goes through that layer's kink: δZ = (Wᵀ·δZ_above) ⊙ activation′(Z), for the
    /// ReLU family only (<see cref="Gates"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine<T>(
        ReadOnlySpan<T> coefficients,
        bool transposed,
        ReadOnlySpan<T> bias,
        ReadOnlySpan<T> input,
        Span<T> output,
        int m,
        int k,
        int rows,
        Activation activation = Activation.Identity,
        Span<T> activated = default,
        ReadOnlySpan<T> gate = default
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(coefficients.Length, m * k, input.Length, k * rows, output.Length, m * rows);
        if (!bias.IsEmpty && bias.Length < m)
        {
            throw new ArgumentException($"bias of {bias.Length} for {m} outputs");
        }
        if (!activated.IsEmpty && (activated.Length < m * rows || !Fuses(activation)))
        {
            throw new ArgumentException(
                $"cannot write {activation} into {activated.Length} values"
            );
        }
        if (!gate.IsEmpty && (gate.Length < m * rows || !Gates(activation) || !activated.IsEmpty))
        {
            throw new ArgumentException(
                $"cannot gate by {activation} with {gate.Length} values (and {activated.Length} to activate)"
            );
        }
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.FeatureMajorCombine(
                FloatPath.AsFloat(coefficients),
                transposed,
                FloatPath.AsFloat(bias),
                FloatPath.AsFloat(input),
                FloatPath.AsFloat(output),
                m,
                k,
                rows,
                activation,
                FloatPath.AsFloat(activated),
                FloatPath.AsFloat(gate)
            );
            return;
        }
        CombineScalar(
            coefficients,
            transposed,
            bias,
            input,
            output,
            m,
            k,
            rows,
            activation,
            activated,
            gate
        );
    }

    /// <summary>Whether <see cref="Combine"/> writes <paramref name="activation"/> in its own pass.</summary>
    public static bool Fuses(Activation activation) =>
        activation is Activation.Identity or Activation.Relu or Activation.LeakyRelu;

    /// <summary>Whether <see cref="Combine"/> takes a sum through <paramref name="activation"/>′ in its own pass.</summary>
    public static bool Gates(Activation activation) =>
        activation is Activation.Relu or Activation.LeakyRelu;

    /// <summary>
    /// weights(i, j) = Σ_r delta(i, r) · input(j, r) and bias(i) = Σ_r delta(i, r), for an
    /// (m, rows) delta and a (k, rows) input: a layer's parameter gradients, δW = δZ·Aᵀ and
    /// δb = δZ·1, overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradient<T>(
        ReadOnlySpan<T> delta,
        ReadOnlySpan<T> input,
        Span<T> weights,
        Span<T> bias,
        int m,
        int k,
        int rows
    )
        where T : unmanaged, INumber<T>
    {
        CheckLengths(delta.Length, m * rows, input.Length, k * rows, weights.Length, m * k);
        if (bias.Length < m)
        {
            throw new ArgumentException($"bias of {bias.Length} for {m} outputs");
        }
        if (FloatPath.Kernels<T>() is { } kernels)
        {
            kernels.FeatureMajorWeightGradient(
                FloatPath.AsFloat(delta),
                FloatPath.AsFloat(input),
                FloatPath.AsFloat(weights),
                FloatPath.AsFloat(bias),
                m,
                k,
                rows
            );
            return;
        }
        WeightGradientScalar(delta, input, weights, bias, m, k, rows);
    }

    /// <summary>The reference of <see cref="Combine"/>: each output from its start, adding j in increasing order.</summary>
    public static void CombineScalar<T>(
        ReadOnlySpan<T> coefficients,
        bool transposed,
        ReadOnlySpan<T> bias,
        ReadOnlySpan<T> input,
        Span<T> output,
        int m,
        int k,
        int rows,
        Activation activation = Activation.Identity,
        Span<T> activated = default,
        ReadOnlySpan<T> gate = default
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                T sum = bias.IsEmpty ? T.Zero : bias[i];
                for (int j = 0; j < k; j++)
                {
                    T coefficient = transposed ? coefficients[j * m + i] : coefficients[i * k + j];
                    sum += coefficient * input[j * rows + r];
                }
                if (!gate.IsEmpty)
                {
                    T z = gate[i * rows + r];
                    sum *= Activations.Derivative(z, z, activation);
                }
                output[i * rows + r] = sum;
                if (!activated.IsEmpty)
                {
                    activated[i * rows + r] = Activations.Apply(sum, activation);
                }
            }
        }
    }

    /// <summary>The reference of <see cref="WeightGradient"/>: each sum over the rows in increasing order.</summary>
    public static void WeightGradientScalar<T>(
        ReadOnlySpan<T> delta,
        ReadOnlySpan<T> input,
        Span<T> weights,
        Span<T> bias,
        int m,
        int k,
        int rows
    )
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            var deltaRow = delta.Slice(i * rows, rows);
            T biasSum = T.Zero;
            foreach (T d in deltaRow)
            {
                biasSum += d;
            }
            bias[i] = biasSum;
            for (int j = 0; j < k; j++)
            {
                var inputRow = input.Slice(j * rows, rows);
                T sum = T.Zero;
                for (int r = 0; r < rows; r++)
                {
                    sum += deltaRow[r] * inputRow[r];
                }
                weights[i * k + j] = sum;
            }
        }
    }

    private static void CheckLengths(int a, int aNeeded, int b, int bNeeded, int c, int cNeeded)
    {
        if (a < aNeeded || b < bNeeded || c < cNeeded)
        {
            throw new ArgumentException(
                $"feature-major buffers too short: {a} of {aNeeded}, {b} of {bNeeded}, {c} of {cNeeded}"
            );
        }
    }
}
