namespace Mlp.Training;

/// <summary>
/// A run whose numbers left float's range (a learning rate too high, mostly), with where it
/// happened and the learning rate it ran at; the CLI adds what to try.
/// </summary>
internal sealed class TrainingDivergedException(string detail, float learningRate)
    : Exception($"training diverged{detail}")
{
    public float LearningRate { get; } = learningRate;
}
