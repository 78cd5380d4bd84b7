namespace Mlp;

/// <summary>
/// A training run whose numbers left float's range (a learning rate too high, mostly), with
/// where it happened and the learning rate it ran at.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    internal TrainingDivergedException(string detail, float learningRate)
        : base($"training diverged{detail}") => LearningRate = learningRate;

    /// <summary>The learning rate the run diverged at.</summary>
    public float LearningRate { get; }
}
