namespace Mlp;

/// <summary>A model's prediction for one row.</summary>
/// <param name="Value">
/// Regression: the predicted value, in the target's units. Classification: the probability of
/// <paramref name="Label"/>, the predicted class.
/// </param>
/// <param name="Label">Classification: the predicted class (the most probable one; for two classes, the second at probability 0.5 or more). Regression: null.</param>
/// <param name="Probabilities">Classification: each class's probability, in <see cref="TrainedModel.Classes"/> order. Regression: empty.</param>
public sealed record Prediction(double Value, string? Label, IReadOnlyList<double> Probabilities);
