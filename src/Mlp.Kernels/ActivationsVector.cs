using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mlp.Kernels;

/// <summary>
/// Vectorized float versions of <see cref="Activations"/>, written once over the vector width.
/// The bias add, the ReLU family, GELU and the derivatives are loops over <typeparamref name="TWidth"/>
/// (GELU's exponential is the width's own, accurate to a few ulp); tanh and sigmoid go through
/// TensorPrimitives, which picks its own width (the widest the CPU accelerates) whatever the variant.
/// The scalar methods in <see cref="Activations"/> are their reference.
/// </summary>
public static class ActivationsVector<TWidth, TVector>
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    private const float GeluCoefficient = 0.044715f;
    private const float SqrtTwoOverPi = 0.7978845608028654f;

    /// <summary>
    /// z += bias per row, output = activation(z). Identity, the ReLU family and GELU are fused
    /// into one pass; tanh and sigmoid add the bias, then take TensorPrimitives' vector functions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasForward(
        Span<float> preActivation,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int units,
        Activation activation
    )
    {
        var outputs = output[..preActivation.Length];
        switch (activation)
        {
            case Activation.Identity:
                AddBias<Linear>(preActivation, bias, outputs, units, 1f);
                break;
            case Activation.Relu:
                AddBias<Rectified>(preActivation, bias, outputs, units, 0f);
                break;
            case Activation.LeakyRelu:
                AddBias<Leaky>(preActivation, bias, outputs, units, (float)Activations.LeakySlope);
                break;
            case Activation.Gelu:
                AddBias<Gelu>(preActivation, bias, outputs, units, 0f);
                break;
            default:
                AddBias<Linear>(preActivation, bias, preActivation, units, 1f);
                Apply(preActivation, outputs, activation);
                break;
        }
    }

    /// <summary>What <see cref="AddBias"/> writes to the output once z has its bias.</summary>
    internal interface IBiasedOutput
    {
        static abstract TVector Of(TVector z, TVector slope);
        static abstract float Of(float z, float slope);
    }

    /// <summary>z itself (identity, or a plain bias add when output is z).</summary>
    internal readonly struct Linear : IBiasedOutput
    {
        public static TVector Of(TVector z, TVector slope) => z;

        public static float Of(float z, float slope) => z;
    }

    /// <summary>ReLU: z &gt; 0 ? z : +0 (never −0, as in the scalar reference).</summary>
    internal readonly struct Rectified : IBiasedOutput
    {
        public static TVector Of(TVector z, TVector slope) =>
            TWidth.WherePositive(z, z, TWidth.Zero);

        public static float Of(float z, float slope) => z > 0 ? z : 0f;
    }

    /// <summary>Leaky ReLU: z &gt; 0 ? z : slope · z.</summary>
    internal readonly struct Leaky : IBiasedOutput
    {
        public static TVector Of(TVector z, TVector slope) =>
            TWidth.WherePositive(z, z, TWidth.Multiply(z, slope));

        public static float Of(float z, float slope) => z > 0 ? z : slope * z;
    }

    /// <summary>
    /// z += bias row by row and output = TOutput(z), in one pass. Rows shorter than
    /// <see cref="Activations.ShortRow"/> go several at a time against the bias repeated, so they still fill vectors.
    /// </summary>
    private static void AddBias<TOutput>(
        Span<float> z,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int units,
        float slope
    )
        where TOutput : IBiasedOutput
    {
        int rows = units == 0 ? 0 : z.Length / units;
        if (units >= Activations.ShortRow)
        {
            for (int r = 0; r < rows; r++)
            {
                AddBiasRow<TOutput>(
                    z.Slice(r * units, units),
                    bias,
                    output.Slice(r * units, units),
                    slope
                );
            }
            return;
        }
        if (rows == 0)
        {
            return;
        }
        int rowsPerBlock = Math.Min(rows, Math.Max(1, Activations.ShortRow * 4 / units));
        Span<float> pattern = stackalloc float[rowsPerBlock * units];
        // The bias repeated row after row, by doubling copies (not an integer division per element).
        bias[..units].CopyTo(pattern);
        for (int filled = units; filled < pattern.Length; filled *= 2)
        {
            pattern[..Math.Min(filled, pattern.Length - filled)].CopyTo(pattern[filled..]);
        }
        for (int start = 0; start < rows; start += rowsPerBlock)
        {
            int length = Math.Min(rowsPerBlock, rows - start) * units;
            AddBiasRow<TOutput>(
                z.Slice(start * units, length),
                pattern[..length],
                output.Slice(start * units, length),
                slope
            );
        }
    }

    private static void AddBiasRow<TOutput>(
        Span<float> z,
        ReadOnlySpan<float> bias,
        Span<float> output,
        float slope
    )
        where TOutput : IBiasedOutput
    {
        ref float zs = ref MemoryMarshal.GetReference(z);
        ref float bs = ref MemoryMarshal.GetReference(bias);
        ref float outs = ref MemoryMarshal.GetReference(output);
        var slopes = TWidth.Broadcast(slope);
        int i = 0;
        for (; i <= z.Length - TWidth.Count; i += TWidth.Count)
        {
            var v = TWidth.Add(
                TWidth.Load(ref Unsafe.Add(ref zs, i)),
                TWidth.Load(ref Unsafe.Add(ref bs, i))
            );
            TWidth.Store(v, ref Unsafe.Add(ref zs, i));
            TWidth.Store(TOutput.Of(v, slopes), ref Unsafe.Add(ref outs, i));
        }
        for (; i < z.Length; i++)
        {
            float v = Unsafe.Add(ref zs, i) + Unsafe.Add(ref bs, i);
            Unsafe.Add(ref zs, i) = v;
            Unsafe.Add(ref outs, i) = TOutput.Of(v, slope);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply(ReadOnlySpan<float> z, Span<float> output, Activation activation)
    {
        if (z.IsEmpty)
        {
            return; // some TensorPrimitives operations reject empty spans
        }
        switch (activation)
        {
            case Activation.Tanh:
                TensorPrimitives.Tanh(z, output);
                break;
            default:
                TensorPrimitives.Sigmoid(z, output);
                break;
        }
    }

    /// <summary>gradient[i] *= activation'(z[i]), from the stored pre-activation and output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        ReadOnlySpan<float> preActivation,
        ReadOnlySpan<float> output,
        Span<float> gradient,
        Activation activation
    )
    {
        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.Relu:
                Kinked(preActivation, gradient, 0f);
                return;
            case Activation.LeakyRelu:
                Kinked(preActivation, gradient, (float)Activations.LeakySlope);
                return;
            case Activation.Tanh:
                Smooth<TanhDerivative>(output, gradient);
                return;
            case Activation.Sigmoid:
                Smooth<SigmoidDerivative>(output, gradient);
                return;
            default:
                GeluBackward(preActivation, gradient);
                return;
        }
    }

    /// <summary>gradient *= (z > 0 ? 1 : slope).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kinked(ReadOnlySpan<float> z, Span<float> gradient, float slope)
    {
        ref float zs = ref MemoryMarshal.GetReference(z);
        ref float gs = ref MemoryMarshal.GetReference(gradient);
        var slopes = TWidth.Broadcast(slope);
        int i = 0;
        for (; i <= gradient.Length - TWidth.Count; i += TWidth.Count)
        {
            var g = TWidth.Load(ref Unsafe.Add(ref gs, i));
            TWidth.Store(
                TWidth.WherePositive(
                    TWidth.Load(ref Unsafe.Add(ref zs, i)),
                    g,
                    TWidth.Multiply(g, slopes)
                ),
                ref Unsafe.Add(ref gs, i)
            );
        }
        for (; i < gradient.Length; i++)
        {
            Unsafe.Add(ref gs, i) *= Unsafe.Add(ref zs, i) > 0 ? 1f : slope;
        }
    }

    private interface IOutputDerivative
    {
        static abstract TVector Of(TVector output);
        static abstract float Of(float output);
    }

    private readonly struct TanhDerivative : IOutputDerivative
    {
        public static TVector Of(TVector a) => TWidth.Subtract(TWidth.One, TWidth.Multiply(a, a));

        public static float Of(float a) => 1f - a * a;
    }

    private readonly struct SigmoidDerivative : IOutputDerivative
    {
        public static TVector Of(TVector a) => TWidth.Multiply(a, TWidth.Subtract(TWidth.One, a));

        public static float Of(float a) => a * (1f - a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Smooth<TDerivative>(ReadOnlySpan<float> output, Span<float> gradient)
        where TDerivative : IOutputDerivative
    {
        ref float aRef = ref MemoryMarshal.GetReference(output);
        ref float gs = ref MemoryMarshal.GetReference(gradient);
        int i = 0;
        for (; i <= gradient.Length - TWidth.Count; i += TWidth.Count)
        {
            var a = TWidth.Load(ref Unsafe.Add(ref aRef, i));
            TWidth.Store(
                TWidth.Multiply(TWidth.Load(ref Unsafe.Add(ref gs, i)), TDerivative.Of(a)),
                ref Unsafe.Add(ref gs, i)
            );
        }
        for (; i < gradient.Length; i++)
        {
            Unsafe.Add(ref gs, i) *= TDerivative.Of(Unsafe.Add(ref aRef, i));
        }
    }

    /// <summary>
    /// GELU in its tanh form as z · σ(2u), u = √(2/π)(z + 0.044715 z³): the same function
    /// (0.5 (1 + tanh u) = σ(2u)) with one exponential and no tanh, so the bias, the
    /// activation and the store are one pass over the row.
    /// </summary>
    internal readonly struct Gelu : IBiasedOutput
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Of(TVector z, TVector slope) => TWidth.Multiply(z, Gate(z));

        public static float Of(float z, float slope) => z * Gate(z);
    }

    /// <summary>σ(2u) = 1 / (1 + e^(−2u)); e^(−2u) overflows to +∞ for very negative z, giving 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Gate(TVector z)
    {
        var inner = TWidth.MultiplyAdd(
            TWidth.Multiply(z, z),
            TWidth.Broadcast(-2 * SqrtTwoOverPi * GeluCoefficient),
            TWidth.Broadcast(-2 * SqrtTwoOverPi)
        );
        return TWidth.Divide(
            TWidth.One,
            TWidth.Add(TWidth.One, TWidth.Exp(TWidth.Multiply(inner, z)))
        );
    }

    private static float Gate(float z) =>
        1f
        / (1f + MathF.Exp((-2 * SqrtTwoOverPi * GeluCoefficient * z * z - 2 * SqrtTwoOverPi) * z));

    /// <summary>
    /// gradient *= GELU'(z) = s + z s (1 − s) · 2√(2/π)(1 + 3 · 0.044715 z²), s = σ(2u): the
    /// tanh form's derivative, 0.5 (1 + t) + 0.5 z (1 − t²) u', written with t = 2s − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GeluBackward(ReadOnlySpan<float> z, Span<float> gradient)
    {
        ref float zs = ref MemoryMarshal.GetReference(z);
        ref float gs = ref MemoryMarshal.GetReference(gradient);
        var slopeScale = TWidth.Broadcast(2 * SqrtTwoOverPi * 3 * GeluCoefficient);
        var slopeBase = TWidth.Broadcast(2 * SqrtTwoOverPi);
        int i = 0;
        for (; i <= gradient.Length - TWidth.Count; i += TWidth.Count)
        {
            var v = TWidth.Load(ref Unsafe.Add(ref zs, i));
            var gate = Gate(v);
            var innerSlope = TWidth.MultiplyAdd(TWidth.Multiply(v, v), slopeScale, slopeBase);
            var curve = TWidth.Multiply(
                TWidth.Multiply(v, TWidth.Multiply(gate, TWidth.Subtract(TWidth.One, gate))),
                innerSlope
            );
            TWidth.Store(
                TWidth.Multiply(TWidth.Load(ref Unsafe.Add(ref gs, i)), TWidth.Add(gate, curve)),
                ref Unsafe.Add(ref gs, i)
            );
        }
        for (; i < gradient.Length; i++)
        {
            float v = Unsafe.Add(ref zs, i);
            float gate = Gate(v);
            float innerSlope = 2 * SqrtTwoOverPi * (1f + 3 * GeluCoefficient * v * v);
            Unsafe.Add(ref gs, i) *= gate + v * gate * (1f - gate) * innerSlope;
        }
    }
}
