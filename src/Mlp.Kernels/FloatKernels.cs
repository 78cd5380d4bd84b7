namespace Mlp.Kernels;

/// <summary>
/// The float kernels of one <see cref="KernelVariant"/>. The generic entry points
/// (<see cref="Gemm"/>, <see cref="Activations"/>, <see cref="Losses"/>, <see cref="Optimizers"/>,
/// <see cref="Reductions"/>) hand float work to <see cref="KernelSelection.Kernels"/>; tests and
/// benchmarks take any variant from <see cref="KernelSelection.For"/>.
/// </summary>
public interface IFloatKernels
{
    KernelVariant Variant { get; }

    void Gemm(
        Product product,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int k,
        int n,
        bool accumulate,
        GemmPath path
    );

    void BiasForward(
        Span<float> preActivation,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int units,
        Activation activation
    );

    void ActivationBackward(
        ReadOnlySpan<float> preActivation,
        ReadOnlySpan<float> output,
        Span<float> gradient,
        Activation activation
    );

    float SigmoidCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        float scale
    );

    float SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> targets,
        Span<float> logitGradient,
        int classCount,
        float scale
    );

    float SquaredError(
        ReadOnlySpan<float> outputs,
        ReadOnlySpan<float> targets,
        Span<float> outputGradient,
        float scale
    );

    void Sgd(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, float l2);

    void Momentum(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> velocity,
        float learningRate,
        float momentum,
        float l2
    );

    void Adam(
        Span<float> parameters,
        ReadOnlySpan<float> gradients,
        Span<float> firstMoment,
        Span<float> secondMoment,
        in AdamSettings<float> settings,
        long step
    );

    /// <summary>sums[j] += Σ_r matrix[r, j] over a (rows, columns) matrix.</summary>
    void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> sums);

    /// <summary>See <see cref="FeatureMajor.Combine"/>.</summary>
    void FeatureMajorCombine(
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
    );

    /// <summary>See <see cref="FeatureMajor.WeightGradient"/>.</summary>
    void FeatureMajorWeightGradient(
        ReadOnlySpan<float> delta,
        ReadOnlySpan<float> input,
        Span<float> weights,
        Span<float> bias,
        int m,
        int k,
        int rows
    );
}
