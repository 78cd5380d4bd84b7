namespace Mlp.Training;

/// <summary>
/// Watches every optimizer step of a training run, for the property tests that check each step
/// against an independent reference whichever fast path ran. Spans are only valid during the call.
/// </summary>
internal interface IStepObserver
{
    /// <summary>
    /// Once, before the first step: the inputs (rows, inputs) and targets as the steps see them
    /// (standardized), each row's loss weight (class × sample weight, or null) and metric weight
    /// (its sample weight, or null), and the two row sets.
    /// </summary>
    void Start(
        float[] inputs,
        float[] target,
        float[]? lossWeights,
        float[]? metricWeights,
        int[] trainRows,
        int[] validationRows
    );

    /// <summary>Before step number <paramref name="stepsBefore"/> + 1 on <paramref name="batch"/>.</summary>
    void Before(
        ReadOnlySpan<int> batch,
        ReadOnlySpan<float> parameters,
        long stepsBefore,
        float learningRate
    );

    /// <summary>After it: the batch's summed (weighted) loss before the update, the gradient it used, the parameters after.</summary>
    void After(double loss, ReadOnlySpan<float> gradient, ReadOnlySpan<float> parameters);
}
