namespace Mlp.Kernels;

/// <summary>The scalar references at float: the variant for CPUs without SIMD, and the oracle of the others.</summary>
public sealed class ScalarKernels : IFloatKernels
{
    public static ScalarKernels Instance { get; } = new();

    private ScalarKernels() { }

    public KernelVariant Variant => KernelVariant.Scalar;

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
    ) => GemmScalar.Compute(product, a, b, c, m, k, n, accumulate);

    public void BiasForward(
        Span<float> preActivation,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int units,
        Activation activation
    ) => Activations.BiasForwardScalar(preActivation, bias, output, units, activation);

    public void ActivationBackward(
        ReadOnlySpan<float> preActivation,
        ReadOnlySpan<float> output,
        Span<float> gradient,
        Activation activation
    ) => Activations.BackwardScalar(preActivation, output, gradient, activation);

    public float SigmoidCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        float scale
    ) => Losses.SigmoidCrossEntropyScalar(logits, targets, logitGradient, scale);

    public float SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        int classCount,
        float scale
    ) => Losses.SoftmaxCrossEntropyScalar(logits, targets, logitGradient, classCount, scale);

    public float SquaredError(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        Span<float> outputGradient,
        float scale
    ) => Losses.SquaredErrorScalar(outputs, targets, outputGradient, scale);

    public void Sgd(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        float learningRate,
        float l2
    ) => Optimizers.SgdScalar(parameters, gradients, learningRate, l2);

    public void Momentum(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> velocity,
        float learningRate,
        float momentum,
        float l2
    ) => Optimizers.MomentumScalar(parameters, gradients, velocity, learningRate, momentum, l2);

    public void Adam(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    ) => Optimizers.AdamScalar(parameters, gradients, firstMoment, secondMoment, settings, step);

    public void AddColumnSums(
        ReadOnlySpan<float> matrix,
        int rows,
        int columns,
        Span<float> sums
    ) => Reductions.AddColumnSumsScalar(matrix, rows, columns, sums);

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
        FeatureMajor.CombineScalar(
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
    ) => FeatureMajor.WeightGradientScalar(delta, input, weights, bias, m, k, rows);
}
