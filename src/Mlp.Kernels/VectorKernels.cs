using System.Runtime.Intrinsics;

namespace Mlp.Kernels;

/// <summary>
/// The float kernels at one vector width. The matrix products, the bias + activation pass, the
/// activation derivatives, the optimizers, the column sums and the sigmoid cross-entropy are
/// written over <typeparamref name="TWidth"/>; the other losses and tanh/sigmoid/GELU go through TensorPrimitives,
/// which has one path that picks its own width (the widest the CPU accelerates). The
/// default kernels on CPUs with AVX-512 are Vector256 with large products on Vector512 tiles
/// (narrow ones inside a part of a parallel job excepted: there the narrow kernel wins).
/// </summary>
public sealed class VectorKernels<TWidth, TVector> : IFloatKernels
    where TWidth : struct, IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>Every kernel at this width.</summary>
    public static VectorKernels<TWidth, TVector> Instance { get; } = new(false);

    /// <summary>As <see cref="Instance"/>, but products large enough to be split across threads run on Vector512 tiles (<see cref="KernelSelection.WideTiles"/>).</summary>
    internal static VectorKernels<TWidth, TVector> WithVector512Tiles { get; } = new(true);

    private readonly bool _largeProductsOnVector512;

    private VectorKernels(bool largeProductsOnVector512) =>
        _largeProductsOnVector512 = largeProductsOnVector512;

    public KernelVariant Variant =>
        TWidth.Count switch
        {
            4 => KernelVariant.Vector128,
            8 => KernelVariant.Vector256,
            _ => KernelVariant.Vector512,
        };

    public void Gemm(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        GemmPath path
    )
    {
        if (
            _largeProductsOnVector512
            && path == GemmPath.Auto
            && GemmVectorized<Width512, Vector512<float>>.IsLargeTiled(m, k, n)
            && !GemmVectorized<TWidth, TVector>.NarrowFits(product, m, k, n)
        )
        {
            GemmVectorized<Width512, Vector512<float>>.Compute(
                product,
                a,
                b,
                c,
                m,
                k,
                n,
                accumulate,
                GemmPath.Tiled
            );
            return;
        }
        GemmVectorized<TWidth, TVector>.Compute(product, a, b, c, m, k, n, accumulate, path);
    }

    public void BiasForward(
        Span<float> preActivation,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int units,
        Activation activation
    ) =>
        ActivationsVector<TWidth, TVector>.BiasForward(
            preActivation,
            bias,
            output,
            units,
            activation
        );

    public void ActivationBackward(
        ReadOnlySpan<float> preActivation,
        ReadOnlySpan<float> output,
        Span<float> gradient,
        Activation activation
    ) => ActivationsVector<TWidth, TVector>.Backward(preActivation, output, gradient, activation);

    public float SigmoidCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        float scale
    ) => SigmoidCrossEntropyVector<TWidth, TVector>.Compute(logits, targets, logitGradient, scale);

    public float SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        int classCount,
        float scale
    ) => LossesVector.SoftmaxCrossEntropy(logits, targets, logitGradient, classCount, scale);

    public float SquaredError(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        Span<float> outputGradient,
        float scale
    ) => LossesVector.SquaredError(outputs, targets, outputGradient, scale);

    public void Sgd(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        float learningRate,
        float l2
    ) => OptimizersVector<TWidth, TVector>.Sgd(parameters, gradients, learningRate, l2);

    public void Momentum(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> velocity,
        float learningRate,
        float momentum,
        float l2
    ) =>
        OptimizersVector<TWidth, TVector>.Momentum(
            parameters,
            gradients,
            velocity,
            learningRate,
            momentum,
            l2
        );

    public void Adam(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    ) =>
        OptimizersVector<TWidth, TVector>.Adam(
            parameters,
            gradients,
            firstMoment,
            secondMoment,
            settings,
            step
        );

    public void AddColumnSums(
        ReadOnlySpan<float> matrix,
        int rows,
        int columns,
        Span<float> sums
    ) => ReductionsVector<TWidth, TVector>.AddColumnSums(matrix, rows, columns, sums);

    public void FeatureMajorCombine(
        ReadOnlySpan<float> coefficients,
        bool transposed,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input,
        Span<float> output,
        int m,
        int k,
        int rows,
        Activation activation,
        Span<float> activated,
        ReadOnlySpan<float> gate
    ) =>
        FeatureMajorVector<TWidth, TVector>.Combine(
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

    public void FeatureMajorWeightGradient(
        ReadOnlySpan<float> delta,
        ReadOnlySpan<float> input,
        Span<float> weights,
        Span<float> bias,
        int m,
        int k,
        int rows
    ) =>
        FeatureMajorVector<TWidth, TVector>.WeightGradient(delta, input, weights, bias, m, k, rows);
}
